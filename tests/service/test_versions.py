"""Every version read is kept (#13): an article served by the loopback server, then served
corrected, through sync and through the reader, into a real SQLite file. Two versions are
kept and the diff is exactly the two corrected words; a 304, the same text in other bytes and
a newer parser keep no further version."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tazreader.service import CHANGED, FRONT, Reader, sync
from tazreader.store import Store
from tazreader.taz.client import TazClient
from tazreader.taz.diffing import word_diff
from tazreader.taz.parse import article as article_parser
from tests.revisions import ARTICLE_ID, page, same_text_page
from tests.server import FixtureServer

PATH = f"/!{ARTICLE_ID}/"
ONE_TEASER = f"""<!DOCTYPE html><html><head><title>taz.de</title></head><body>
<main id="hauptinhalt"><section class="outerwrapper">
<div class="article-teaser"><a class="teaser-link" href="/Selbstbestimmungsgesetz/!{ARTICLE_ID}/">
<p class="typo-r-topline">Entwurf des Selbstbestimmungsgesetzes</p>
<p class="headline typo-r-head-medium">Ein bisschen Fortschritt</p></a></div>
</section></main></body></html>"""
# The two corrections, and nothing else.
CORRECTED = [("-", "wird“,"), ("+", "werden“,"), ("-", "dass")]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "cache.sqlite3")
    yield s
    s.close()


@pytest.fixture
async def reader(store: Store, fixture_server: FixtureServer) -> AsyncIterator[Reader]:
    async with TazClient(fixture_server.base_url, timeout=httpx.Timeout(2.0), retries=1,
                         backoff=0.01) as client:
        yield Reader(store, client, base_url=fixture_server.base_url)


def age(store: Store, url: str) -> None:
    """The cached copy is two days old: the next sync fetches it again."""
    store.touch_page(url, datetime.now(UTC) - timedelta(days=2))


def changes(reader: Reader, url: str) -> list[tuple[str, str]]:
    history = reader.versions.history(url)
    assert history is not None
    return [(p.op, p.text) for part in history.changes(history.newest) for p in part.pieces
            if p.op != "="]


def versions(reader: Reader, url: str) -> int:
    history = reader.versions.history(url)
    return 0 if history is None else history.newest


async def test_sync_keeps_the_version_before_a_correction_and_no_other(
    reader: Reader, store: Store, fixture_server: FixtureServer
) -> None:
    url = fixture_server.url(PATH)
    fixture_server.route("/", ONE_TEASER)
    fixture_server.route(PATH, page(1))
    first = await sync(reader, [FRONT], pictures=None)
    assert first.fetched == 1 and versions(reader, url) == 1
    assert reader.versions.changed(ARTICLE_ID) is None

    age(store, url)
    fixture_server.route(PATH, page(2))  # taz corrected it
    second = await sync(reader, [FRONT], pictures=None)
    assert second.fetched == 1 and versions(reader, url) == 2
    assert changes(reader, url) == CORRECTED
    text = word_diff(reader.versions.history(url).changes(2))  # type: ignore[union-attr]
    assert "anrichten [-wird“,-]{+werden“,+} schreiben" in text
    assert "mit der Begründung, [-dass-] KI mittlerweile" in text
    changed = reader.versions.changed(ARTICLE_ID)
    assert changed is not None and changed.versions == 2
    assert [t.id for t in reader.cached(CHANGED).teasers] == [ARTICLE_ID]  # type: ignore[union-attr]

    age(store, url)  # the same page: the server answers 304
    third = await sync(reader, [FRONT], pictures=None)
    assert third.unchanged_articles == 1 and versions(reader, url) == 2

    age(store, url)  # the same text in other bytes: a 200, parsed and stored, no new version
    fixture_server.route(PATH, same_text_page())
    fourth = await sync(reader, [FRONT], pictures=None)
    assert fourth.fetched == 1 and versions(reader, url) == 2
    assert changes(reader, url) == CORRECTED


async def test_a_reload_keeps_the_version_before_a_correction_and_no_other(
    reader: Reader, store: Store, fixture_server: FixtureServer
) -> None:
    url = fixture_server.url(PATH)
    fixture_server.route(PATH, page(1))
    await reader.fetch_article(url)
    fixture_server.route(PATH, page(2))
    got = await reader.fetch_article(url, refresh=True)  # r
    assert not got.from_cache and versions(reader, url) == 2
    assert changes(reader, url) == CORRECTED
    again = await reader.fetch_article(url, refresh=True)  # 304
    assert again.from_cache and versions(reader, url) == 2
    fixture_server.route(PATH, same_text_page())
    third = await reader.fetch_article(url, refresh=True)
    assert not third.from_cache and versions(reader, url) == 2
    history = reader.versions.history(ARTICLE_ID)
    assert history is not None
    old, new = history.versions
    assert old.last_seen < new.first_seen <= new.last_seen  # type: ignore[operator]
    assert old.article.title == new.article.title == "Ein bisschen Fortschritt"


async def test_a_newer_parser_keeps_no_new_version(
    reader: Reader, store: Store, fixture_server: FixtureServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = fixture_server.url(PATH)
    fixture_server.route(PATH, page(2))
    fetched = await reader.fetch_article(url)
    # What the parser before this one made of the same page (it read the title otherwise).
    older = replace(fetched.value, title="Ein bisschen Fortschritt?")
    store.put_article(older, raw=page(2), fetched_at=datetime.now(UTC),
                      parser_version=article_parser.PARSER_VERSION)
    monkeypatch.setattr(article_parser, "PARSER_VERSION", article_parser.PARSER_VERSION + 1)
    fixture_server.route(PATH, same_text_page())
    got = await reader.fetch_article(url, refresh=True)  # the page again, the newer parser
    assert got.value.title == "Ein bisschen Fortschritt" and not got.from_cache
    assert versions(reader, url) == 1
    store.put_article(older, raw=page(2), fetched_at=datetime.now(UTC),
                      parser_version=article_parser.PARSER_VERSION)
    monkeypatch.setattr(article_parser, "PARSER_VERSION", article_parser.PARSER_VERSION + 1)
    assert reader.reparse_cached() == 1  # the upkeep after start re-reads it: no version
    assert versions(reader, url) == 1 and reader.versions.changed(ARTICLE_ID) is None


def test_an_earlier_version_that_does_not_decode_is_read_again_from_its_page(
    tmp_path: Path,
) -> None:
    from tazreader.taz.parse.article import PARSER_VERSION, parse_article

    with Store.open(tmp_path / "cache.sqlite3") as store:
        for n, raw in enumerate((page(1), page(2))):
            store.put_article(parse_article(raw), raw=raw, parser_version=PARSER_VERSION,
                              fetched_at=datetime(2025, 12, 5 + n, tzinfo=UTC), revise=True)
        with store._tx() as conn:
            conn.execute("UPDATE revisions SET data = x'00ff', data_dict = NULL")
        assert store.revisions(ARTICLE_ID)[0].article is None
        history = Reader(store, offline=True).versions.history(ARTICLE_ID)
        assert history is not None and history.newest == 2
        assert history.version(1).article == parse_article(page(1))
        with store._tx() as conn:
            conn.execute("UPDATE revisions SET body = NULL")
        history = Reader(store, offline=True).versions.history(ARTICLE_ID)
        assert history is not None and history.newest == 1  # nothing left to read it from
