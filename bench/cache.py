"""Benchmark the offline cache: a 10,000-article store built from the real fixture article.

    python bench/cache.py [--articles 10000] [--sync 200] [--keep DIR] [--check]

Reports: build time, open time, listing a section (get_listing of a 200-teaser list plus
states() for its ids), FTS query p50/p95 over a set of German queries, database size, peak RSS,
and a sync of 200 articles from a loopback server (tests/server.py FixtureServer, articles
served from the fixture with their id replaced, listed in one RSS feed) through
tazreader.service.Reader.sync. Targets: listing <= 20 ms, FTS p95 <= 20 ms, sync <= 10 s.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tazreader.store import Store  # noqa: E402
from tazreader.taz.models import Article, Listing, Paragraph, Segment, Teaser  # noqa: E402
from tazreader.taz.parse.article import PARSER_VERSION, parse_article  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "fundus_Taz_2024_10_23.html"
FIXTURE_ID = "5928990"
FIRST_ID = 6_000_000

TARGET_LISTING_MS = 20.0
TARGET_FTS_P95_MS = 20.0
TARGET_SYNC_S = 10.0

_EXTRA = (
    "Öko Ökologie Straße Straßenbahn Müll Bürger Grüne Übergang Wärmepumpe Gemüse Süden "
    "Klimaschutz Bundestag Haushalt Gaza Ukraine Wahlkampf Rente Mieten Bahnstreik Fußball "
    "Kohleausstieg Heizungsgesetz Migration Asyl Polizei Gericht Kita Schule Universität "
    "Krankenhaus Pflege Landwirtschaft Verkehrswende Fahrrad Autobahn Windkraft Solar "
    "Demokratie Rechtsextremismus Gewerkschaft Tarif Inflation Europa Berlin Hamburg Leipzig"
)
EXTRA_WORDS = _EXTRA.split()

QUERIES = (
    "klimaschutz", "oko", "Öko", "strasse", "strassenbahn", "grune", "Selbstbestimmungsgesetz",
    "fdp", "feminismus", "bundestag haushalt", "wahl", "ukraine", "uber", "gesetz", "der",
    "nicole opitz", "trans", "müll bürger", "\"NEAR(\" *", "fortschritt entwurf", "kita",
    "schwerpunkt", "verkehrswende fahrrad", "zzzznotthere",
)


def ms(seconds: float) -> float:
    return seconds * 1000.0


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    out: list[float] = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def variant(base: Article, n: int, rng: random.Random, vocab: list[str]) -> Article:
    """The fixture article with a new id, a varied title and reshuffled, re-worded body."""
    aid = str(FIRST_ID + n)
    paragraphs = [b for b in base.blocks if isinstance(b, Paragraph)]
    rng.shuffle(paragraphs)
    blocks = []
    for p in paragraphs[: rng.randint(3, len(paragraphs))]:
        words = p.text.split()
        for _ in range(max(1, len(words) // 8)):
            words[rng.randrange(len(words))] = rng.choice(vocab)
        blocks.append(Paragraph((Segment(" ".join(words)),)))
    title = " ".join(rng.choice(vocab) for _ in range(rng.randint(2, 6)))
    return dataclasses.replace(
        base,
        id=aid,
        url=f"https://taz.de/!{aid}/",
        title=title,
        kicker=" ".join(rng.choice(vocab) for _ in range(2)),
        teaser=" ".join(rng.choice(vocab) for _ in range(14)),
        published=(base.published or datetime(2024, 10, 23, tzinfo=UTC))
        + timedelta(minutes=37 * n),
        blocks=tuple(blocks),
    )


def build(path: Path, count: int, raw: bytes, base: Article) -> tuple[float, list[Teaser]]:
    rng = random.Random(1)
    vocab = [w.strip(".,:;!?()\"'„“–") for w in raw_words(base)] + EXTRA_WORDS * 20
    vocab = [w for w in vocab if w]
    fetched = datetime(2026, 11, 1, tzinfo=UTC)
    teasers: list[Teaser] = []
    t0 = time.perf_counter()
    with Store.open(path, budget_mb=5000) as store:
        for n in range(count):
            art = variant(base, n, rng, vocab)
            page = raw.replace(FIXTURE_ID.encode(), art.id.encode())
            store.put_article(art, raw=page, etag=f'"{n}"', fetched_at=fetched + timedelta(
                seconds=n), parser_version=PARSER_VERSION)
            if n % 3 == 0:
                store.set_read(art.id)
            if n % 97 == 0:
                store.add_bookmark(art.teaser_entry())
            if len(teasers) < 200 and n % 7 == 0:
                teasers.append(art.teaser_entry())
            if n and n % 1000 == 0:
                print(f"  … {n} articles", flush=True)
        store.put_listing(
            Listing("section", "https://taz.de/Politik/!p4615/", "Politik", tuple(teasers)),
            fetched_at=fetched,
        )
    return time.perf_counter() - t0, teasers


def raw_words(article: Article) -> list[str]:
    text = " ".join(b.text for b in article.blocks if isinstance(b, Paragraph))
    return text.split()


def feed_xml(base_url: str, ids: list[str]) -> str:
    items = "".join(
        f"<item><title><![CDATA[Bench: Artikel {i}]]></title>"
        f"<link>{base_url}/!{i}/</link><guid>{base_url}/!{i}/</guid>"
        f"<description>Teaser {i}</description>"
        f"<pubDate>23 Oct 2024 10:{k % 60:02d}:00 +0200</pubDate></item>"
        for k, i in enumerate(ids)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>taz.de</title><link>{base_url}/</link><description>bench</description>"
        f"{items}</channel></rss>"
    )


def bench_sync(path: Path, count: int) -> tuple[float, str]:
    """Sync ``count`` articles listed in one feed from a FixtureServer on 127.0.0.1."""
    from tazreader.service import Reader
    from tazreader.taz.client import TazClient
    from tazreader.taz.urls import feed_url
    from tests.server import FixtureServer

    ids = [str(8_000_000 + n) for n in range(count)]
    with FixtureServer() as srv:
        srv.any_article = True
        url = feed_url(base=srv.base_url)
        srv.route(url[len(srv.base_url):], feed_xml(srv.base_url, ids),
                  content_type="application/rss+xml; charset=utf-8")

        async def go() -> Any:
            async with TazClient(srv.base_url) as client:
                with Store.open(path) as store:
                    reader = Reader(store, client, base_url=srv.base_url)
                    return await reader.sync([url])

        t = time.perf_counter()
        report = asyncio.run(go())
        elapsed = time.perf_counter() - t
    return elapsed, (
        f"fetched {report.fetched}, unchanged {report.unchanged}, "
        f"failed {len(report.failed)}, lists {report.lists}"
        + (f" (first failure: {report.failed[0]})" if report.failed else "")
    )


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--sync", type=int, default=200, help="articles in the sync part (0: skip)")
    ap.add_argument("--keep", type=Path, help="build in DIR and keep the database")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args()

    raw = FIXTURE.read_bytes()
    base = parse_article(raw, f"https://taz.de/!{FIXTURE_ID}/")
    with tempfile.TemporaryDirectory(prefix="tazreader-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "cache.sqlite3"
        for p in [*folder.glob("cache.sqlite3*"), *folder.glob("sync.sqlite3*")]:
            p.unlink()  # a kept sync.sqlite3 would make the sync part fetch nothing
        print(f"building {args.articles} articles in {path} …", flush=True)
        build_s, teasers = build(path, args.articles, raw, base)

        t = time.perf_counter()
        store = Store.open(path)
        open_ms = ms(time.perf_counter() - t)
        ids = [tz.id for tz in teasers]

        def list_section() -> None:
            got = store.get_listing("https://taz.de/Politik/!p4615/")
            assert got is not None and len(got[0].teasers) == len(teasers)
            store.states(t.id for t in got[0].teasers)

        list_section()  # warm
        listing = [ms(x) for x in timed(list_section, 50)]
        assert len(store.states(ids)) == len(ids)

        fts: list[float] = []
        hits: dict[str, int] = {}
        for q in QUERIES:
            hits[q] = len(store.search(q, limit=50))  # warm
        for _ in range(5):
            for q in QUERIES:
                t = time.perf_counter()
                store.search(q, limit=50)
                fts.append(ms(time.perf_counter() - t))
        st = store.stats()
        store.close()

        sync_s, sync_note = (float("nan"), "skipped") if not args.sync else bench_sync(
            folder / "sync.sqlite3", args.sync)
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        listing_p50, listing_p95 = statistics.median(listing), pct(listing, 95)
        fts_p50, fts_p95 = pct(fts, 50), pct(fts, 95)
        print()
        print(f"articles              {st.articles} ({st.pages} raw pages, "
              f"{st.page_bytes / 2**20:.0f} MB compressed)")
        per = ms(build_s) / max(1, args.articles)
        print(f"build                 {build_s:.1f} s ({per:.2f} ms/article)")
        print(f"open                  {open_ms:.1f} ms")
        print(f"list a section        p50 {listing_p50:.2f} ms, p95 {listing_p95:.2f} ms "
              f"(200 teasers + states)  target <= {TARGET_LISTING_MS:.0f} ms: "
              f"{verdict(listing_p95 <= TARGET_LISTING_MS)}")
        print(f"FTS query             p50 {fts_p50:.2f} ms, p95 {fts_p95:.2f} ms, "
              f"max {max(fts):.2f} ms over {len(fts)} queries  "
              f"target p95 <= {TARGET_FTS_P95_MS:.0f} ms: {verdict(fts_p95 <= TARGET_FTS_P95_MS)}")
        slow = sorted(QUERIES, key=lambda q: -hits[q])[:3]
        print(f"                      most hits: {', '.join(f'{q!r}={hits[q]}' for q in slow)}")
        print(f"database size         {st.file_bytes / 2**20:.1f} MB on disk "
              f"({st.used_bytes / 2**20:.1f} MB in use)")
        print(f"peak RSS              {rss_mb:.0f} MB")
        if args.sync:
            print(f"sync {args.sync} articles     {sync_s:.2f} s  ({sync_note})  "
                  f"target <= {TARGET_SYNC_S:.0f} s: {verdict(sync_s <= TARGET_SYNC_S)}")
        ok = (listing_p95 <= TARGET_LISTING_MS and fts_p95 <= TARGET_FTS_P95_MS
              and (not args.sync or sync_s <= TARGET_SYNC_S))
        print("all targets met" if ok else "some targets NOT met")
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
