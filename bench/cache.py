"""Benchmark the offline cache: a store of N articles (10,000 by default; run it at 50,000 too)
built from the real 2024 page, each article parsed from its own varied copy of that page.

    python bench/cache.py [--articles 10000] [--sync 200] [--keep DIR] [--no-prune] [--check]

Reports: build time, open time, listing a section (get_listing of a 200-teaser list plus
states() for its ids), FTS query p50/p95 over 24 German queries (broad, folded, prefixed,
multi-word, hostile), the database size an article, a re-parse of sampled stored pages, a
prune of a copy 10 % over its budget (what the budget check does) and one to half its size,
peak RSS, and a sync of 200 articles from a loopback server
(tests/server.py FixtureServer) through tazreader.service.syncing. Targets: listing
<= 20 ms, FTS p50 <= 8 ms and p95 <= 20 ms, <= 12 KB an article, every sampled page parses
to its stored article, prune (10 % over) <= 10 s, sync <= 10 s.
With --keep DIR the store is built once and reused by later runs with the same --articles.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import random
import re
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
from tazreader.taz.models import Article, Listing, Paragraph, Teaser  # noqa: E402
from tazreader.taz.parse.article import PARSER_VERSION, parse_article  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "fundus_Taz_2024_10_23.html"
FIXTURE_ID = "5928990"
FIRST_ID = 6_000_000
REWORD = 0.4  # share of the words of a page's text replaced (see fair_page, bench/README.md)

TARGET_LISTING_MS = 20.0
TARGET_FTS_P95_MS = 20.0
TARGET_FTS_P50_MS = 8.0
TARGET_KB_PER_ARTICLE = 12.0
TARGET_PRUNE_S = 10.0  # "in seconds"
TARGET_SYNC_S = 10.0
REPARSED = 200  # stored pages parsed again and compared with their stored article

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


_SCRIPT = re.compile(r"(?is)<(script|style)\b.*?</\1>")
_TEXT = re.compile(r">([^<>]+)<")
_WORD = re.compile(r"[^\W\d_]{2,}")  # a word of letters; punctuation and numbers stay
_OTHER_ID = re.compile(r"!(\d{7})")


def fair_page(raw: bytes, aid: str, rng: random.Random, vocab: list[str]) -> bytes:
    """The real 2024 page as another day's page of the same design: its id replaced, every
    other article id in it (the teasers around it) new, and REWORD of the words of every
    text node outside scripts replaced from the vocabulary: the article itself, and the
    teaser lists, headings and boxes around it, as they differ from day to day."""
    page = raw.decode("utf-8").replace(FIXTURE_ID, aid)
    page = _OTHER_ID.sub(
        lambda m: m.group(0) if m.group(1) == aid
        else f"!{rng.randrange(4_000_000, 7_000_000)}",
        page,
    )

    def reword(m: re.Match[str]) -> str:
        text = _WORD.sub(
            lambda w: rng.choice(vocab) if rng.random() < REWORD else w.group(0), m.group(1)
        )
        return ">" + text + "<"

    out: list[str] = []
    pos = 0
    for script in _SCRIPT.finditer(page):
        out.append(_TEXT.sub(reword, page[pos : script.start()]))
        out.append(script.group(0))
        pos = script.end()
    out.append(_TEXT.sub(reword, page[pos:]))
    return "".join(out).encode("utf-8")


def build(path: Path, count: int, raw: bytes, base: Article) -> tuple[float, list[Teaser]]:
    """``count`` articles, each parsed from its own :func:`fair_page` and stored with it, as
    a sync stores them."""
    rng = random.Random(1)
    vocab = [w.strip(".,:;!?()\"'„“–") for w in raw_words(base)] + EXTRA_WORDS * 20
    words = [w for w in vocab if w]
    fetched = datetime(2026, 11, 1, tzinfo=UTC)
    teasers: list[Teaser] = []
    t0 = time.perf_counter()
    with Store.open(path, budget_mb=50_000) as store:
        for n in range(count):
            aid = str(FIRST_ID + n)
            url = f"https://taz.de/!{aid}/"
            page = fair_page(raw, aid, rng, words)
            art = dataclasses.replace(
                parse_article(page, url),
                published=(base.published or datetime(2024, 10, 23, tzinfo=UTC))
                + timedelta(minutes=37 * n),
            )
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


def kept(path: Path, count: int) -> list[Teaser] | None:
    """The section list of a store built before with ``--keep`` for ``count`` articles."""
    marker = path.with_name("built")
    if not path.exists() or not marker.exists() or marker.read_text().split()[0] != str(count):
        return None
    with Store.open(path) as store:
        got = store.get_listing("https://taz.de/Politik/!p4615/")
        if got is None or store.stats().articles != count:
            return None
        return list(got[0].teasers)


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
    from tazreader.service import sync as run_sync
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
                    return await run_sync(reader, [url])

        t = time.perf_counter()
        report = asyncio.run(go())
        elapsed = time.perf_counter() - t
    return elapsed, (
        f"fetched {report.fetched}, unchanged {report.unchanged}, "
        f"failed {len(report.failed)}, lists {report.lists}"
        + (f" (first failure: {report.failed[0]})" if report.failed else "")
    )


def bench_prune(path: Path, folder: Path, share: float) -> tuple[float, str]:
    """``cache prune`` on a copy of the store, with a budget of ``share`` of what it holds."""
    import shutil

    copy = folder / "prune.sqlite3"
    for p in folder.glob("prune.sqlite3*"):
        p.unlink()
    shutil.copyfile(path, copy)
    with Store.open(copy) as store:
        budget = max(1, int(store.stats().used_bytes / 2**20 * share))
    with Store.open(copy, budget_mb=budget) as store:
        t = time.perf_counter()
        evicted = store.prune()
        elapsed = time.perf_counter() - t
        left = store.stats().articles
    for p in folder.glob("prune.sqlite3*"):
        p.unlink()
    return elapsed, f"budget {budget} MB: {evicted} evicted, {left} left"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--sync", type=int, default=200, help="articles in the sync part (0: skip)")
    ap.add_argument("--keep", type=Path,
                    help="build in DIR and keep the database; reused when run again")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--no-prune", dest="prune", action="store_false",
                    help="skip the prune of a copy")
    args = ap.parse_args()

    raw = FIXTURE.read_bytes()
    base = parse_article(raw, f"https://taz.de/!{FIXTURE_ID}/")
    with tempfile.TemporaryDirectory(prefix="tazreader-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "cache.sqlite3"
        for p in folder.glob("sync.sqlite3*"):
            p.unlink()  # a kept sync.sqlite3 would make the sync part fetch nothing
        teasers = kept(path, args.articles) if args.keep else None
        if teasers is None:
            for p in folder.glob("cache.sqlite3*"):
                p.unlink()
            print(f"building {args.articles} articles in {path} …", flush=True)
            build_s, teasers = build(path, args.articles, raw, base)
            (folder / "built").write_text(f"{args.articles} {build_s:.1f}\n", encoding="utf-8")
        else:
            build_s = float((folder / "built").read_text(encoding="utf-8").split()[1])
            print(f"reusing the {args.articles} articles in {path}", flush=True)

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
        # Raw pages kept and re-parseable: a sample of stored pages parsed again.
        sample = random.Random(2).sample(ids, min(REPARSED, len(ids)))
        same = 0
        for aid in sample:
            page = store.get_page(f"https://taz.de/!{aid}/")
            got = store.get_article(aid)
            if page is not None and got is not None:
                again = parse_article(page.body, page.url)
                same += again == dataclasses.replace(got[0], published=again.published)
        store.close()
        file_bytes = sum(p.stat().st_size for p in folder.glob("cache.sqlite3*"))
        prune_s, prune_note = (bench_prune(path, folder, 0.9) if args.prune
                               else (float("nan"), ""))
        half_s, half_note = (bench_prune(path, folder, 0.5) if args.prune
                             else (float("nan"), ""))

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
        fts_ok = fts_p95 <= TARGET_FTS_P95_MS and fts_p50 <= TARGET_FTS_P50_MS
        print(f"FTS query             p50 {fts_p50:.2f} ms, p95 {fts_p95:.2f} ms, "
              f"max {max(fts):.2f} ms over {len(fts)} queries  "
              f"target p50 <= {TARGET_FTS_P50_MS:.0f} ms, p95 <= {TARGET_FTS_P95_MS:.0f} ms: "
              f"{verdict(fts_ok)}")
        slow = sorted(QUERIES, key=lambda q: -hits[q])[:3]
        print(f"                      most hits: {', '.join(f'{q!r}={hits[q]}' for q in slow)}")
        kb = file_bytes / 1024 / max(1, st.articles)
        print(f"database size         {file_bytes / 2**20:.1f} MB on disk, {kb:.1f} KB an "
              f"article  target <= {TARGET_KB_PER_ARTICLE:.0f} KB: "
              f"{verdict(kb <= TARGET_KB_PER_ARTICLE)}")
        print(f"                      raw pages {st.page_bytes / st.pages / 1024:.1f} KB each "
              f"packed; {same} of {len(sample)} sampled pages parse again to their article")
        if args.prune:
            print(f"prune, 10 % over      {prune_s:.1f} s ({prune_note})  "
                  f"target <= {TARGET_PRUNE_S:.0f} s: {verdict(prune_s <= TARGET_PRUNE_S)}")
            print(f"prune to half         {half_s:.1f} s ({half_note})  for reference")
        print(f"peak RSS              {rss_mb:.0f} MB")
        if args.sync:
            print(f"sync {args.sync} articles     {sync_s:.2f} s  ({sync_note})  "
                  f"target <= {TARGET_SYNC_S:.0f} s: {verdict(sync_s <= TARGET_SYNC_S)}")
        ok = (listing_p95 <= TARGET_LISTING_MS and fts_ok and kb <= TARGET_KB_PER_ARTICLE
              and same == len(sample)
              and (not args.prune or prune_s <= TARGET_PRUNE_S)
              and (not args.sync or sync_s <= TARGET_SYNC_S))
        print("all targets met" if ok else "some targets NOT met")
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
