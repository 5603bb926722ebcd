"""The Reader (cache first) against the loopback fixture server and a real SQLite file."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tazreader.service import Fetched, Reader, SyncEvent, local_time, sync
from tazreader.store import Store
from tazreader.taz.client import TazClient
from tazreader.taz.errors import ParseError
from tazreader.taz.models import Article
from tests.server import FixtureServer

ARTICLE = "/!5928990/"
TITLE = "Ein bisschen Fortschritt"
FRONT = Path(__file__).parents[1] / "fixtures" / "constructed_front.html"
needs_front = pytest.mark.skipif(not FRONT.exists(), reason="constructed_front.html not there yet")


def age(store: Store, url: str, by: timedelta) -> datetime:
    """Make the cached copy of ``url`` look ``by`` old; returns its new fetched_at."""
    when = datetime.now(UTC) - by
    store.touch_page(url, when)
    return when


async def test_article_is_fetched_stored_then_served_from_cache(
    reader: Reader, store: Store, fixture_server: FixtureServer
) -> None:
    url = fixture_server.url(ARTICLE)
    assert reader.cached_article(url) is None
    first = await reader.fetch_article(url)
    assert not first.from_cache and not first.stale and first.problem is None
    assert first.value.title == TITLE
    assert first.value.url == url
    hit = store.get_article(url)
    assert hit is not None and hit[0].title == TITLE
    page = store.get_page(url)
    assert page is not None and page.etag and page.body.startswith(b"<!DOCTYPE")
    again = await reader.fetch_article(fixture_server.url("/Some-Slug/!5928990/"))
    assert again.from_cache and not again.stale
    assert again.value == first.value
    assert len(fixture_server.hits()) == 1  # the fresh copy needed no request
    cached = reader.cached_article(url)
    assert cached is not None and cached.value == first.value and not cached.stale


async def test_stale_article_is_revalidated_with_304(
    reader: Reader, store: Store, fixture_server: FixtureServer
) -> None:
    url = fixture_server.url(ARTICLE)
    first = await reader.fetch_article(url)
    old = age(store, url, timedelta(days=2))
    stale = reader.cached_article(url)
    assert stale is not None and stale.stale and stale.fetched_at == old
    again = await reader.fetch_article(url)
    request = fixture_server.hits()[-1]
    assert request.headers["if-none-match"] == first_etag(store, url)
    assert again.from_cache and not again.stale
    assert again.value == first.value
    renewed = reader.cached_article(url)
    assert renewed is not None and not renewed.stale
    assert renewed.fetched_at > old + timedelta(days=1)


def first_etag(store: Store, url: str) -> str | None:
    page = store.get_page(url)
    return None if page is None else page.etag


async def test_refresh_forces_a_conditional_request(
    reader: Reader, fixture_server: FixtureServer
) -> None:
    url = fixture_server.url(ARTICLE)
    await reader.fetch_article(url)
    again = await reader.fetch_article(url, refresh=True)
    assert len(fixture_server.hits()) == 2
    assert "if-none-match" in fixture_server.hits()[-1].headers
    assert again.from_cache  # 304: the cached copy, renewed


async def test_offline_returns_the_stale_copy_with_a_problem(
    reader: Reader, store: Store, fixture_server: FixtureServer
) -> None:
    url = fixture_server.url(ARTICLE)
    first = await reader.fetch_article(url)
    old = age(store, url, timedelta(days=3))
    fixture_server.stop()
    got = await reader.fetch_article(url)
    assert got.from_cache and got.stale
    assert got.value == first.value
    assert got.problem == f"offline — cached copy from {local_time(old)}"
    assert re.fullmatch(r"offline — cached copy from \d\d\.\d\d\.(\d{4})? \d\d:\d\d", got.problem)
    hit = store.get_article(url)
    assert hit is not None and hit[1] == old  # nothing renewed, nothing lost


async def test_offline_without_a_copy_raises(
    reader: Reader, fixture_server: FixtureServer
) -> None:
    fixture_server.stop()
    with pytest.raises(Reader.Offline) as raised:
        await reader.fetch_article(fixture_server.url(ARTICLE))
    assert isinstance(raised.value.__cause__, TazClient.Offline)


async def test_failed_fetch_keeps_the_previous_copy(
    reader: Reader, store: Store, fixture_server: FixtureServer
) -> None:
    url = fixture_server.url(ARTICLE)
    first = await reader.fetch_article(url)
    old = age(store, url, timedelta(days=2))
    before = store.get_page(url)
    fixture_server.fault(ARTICLE, cut=True)
    got = await reader.fetch_article(url)
    assert got.value == first.value and got.stale
    assert got.problem is not None and "broke off" in got.problem
    assert got.problem.endswith(f"(cached copy from {local_time(old)})")
    assert store.get_page(url) == before
    hit = store.get_article(url)
    assert hit is not None and hit[1] == old


async def test_an_unasked_for_304_then_a_failure_keeps_the_previous_copy(
    reader: Reader, store: Store, fixture_server: FixtureServer
) -> None:
    url = fixture_server.url(ARTICLE)
    first = await reader.fetch_article(url)
    old = age(store, url, timedelta(days=2))
    with sqlite3.connect(store.path) as other:  # the raw page was evicted: no validators
        other.execute("DELETE FROM pages")
    fixture_server.fault(ARTICLE, status=500)
    fixture_server.fault(ARTICLE, status=304, times=1)  # newest first: 304, then 500s
    got = await reader.fetch_article(url)
    assert "if-none-match" not in fixture_server.hits()[-1].headers
    assert got.stale
    # Without its page the article keeps all but the comments, which were kept in the page:
    # it says how many there were.
    assert first.value.comments is not None and got.value.comments is not None
    assert got.value.comments.in_page == len(first.value.comments.items) == 3
    assert replace(got.value, comments=None) == replace(first.value, comments=None)
    assert got.problem is not None and got.problem.endswith(f"(cached copy from {local_time(old)})")


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ({"cut": True}, TazClient.ServerError),
        ({"garbage": True}, TazClient.NotTaz),
        ({"status": 500}, TazClient.ServerError),
        ({"status": 404}, TazClient.NotFound),
    ],
)
async def test_failed_fetch_caches_nothing(
    reader: Reader,
    store: Store,
    fixture_server: FixtureServer,
    fault: dict[str, object],
    error: type[Exception],
) -> None:
    url = fixture_server.url(ARTICLE)
    fixture_server.fault(ARTICLE, **fault)
    with pytest.raises(Reader.Error) as raised:
        await reader.fetch_article(url)
    assert isinstance(raised.value.__cause__, error)
    assert str(raised.value) == str(raised.value.__cause__)
    assert store.get_page(url) is None
    assert store.get_article(url) is None
    assert store.stats().articles == 0


async def test_a_page_that_is_not_an_article_is_a_parse_error_and_not_stored(
    reader: Reader, store: Store, fixture_server: FixtureServer
) -> None:
    fixture_server.route("/!4000000/", "<html><head><title>Hallo</title></head><body>"
                         "<p>Nichts</p></body></html>")
    with pytest.raises(Reader.Error) as raised:
        await reader.fetch_article(fixture_server.url("/!4000000/"))
    assert isinstance(raised.value.__cause__, ParseError)
    assert store.get_page(fixture_server.url("/!4000000/")) is None
    assert store.stats().articles == 0


async def test_offline_mode_never_touches_the_network(
    store: Store, client: TazClient, fixture_server: FixtureServer
) -> None:
    online = Reader(store, client, base_url=fixture_server.base_url)
    url = fixture_server.url(ARTICLE)
    await online.fetch_article(url)
    age(store, url, timedelta(days=5))
    requests = len(fixture_server.hits())
    offline = Reader(store, client, base_url=fixture_server.base_url, offline=True)
    got = await offline.fetch_article(url, refresh=True)
    assert got.from_cache and got.stale and got.value.title == TITLE
    with pytest.raises(Reader.Offline):
        await offline.fetch_article(fixture_server.url("/!4000000/"))
    with pytest.raises(Reader.Offline):
        await offline.listing(fixture_server.url("/"))
    with pytest.raises(Reader.Offline):
        await sync(offline, [fixture_server.url("/")])
    no_client = Reader(store, None, base_url=fixture_server.base_url)
    assert (await no_client.fetch_article(url)).value.title == TITLE
    assert len(fixture_server.hits()) == requests


async def test_search_offline_uses_the_cache(
    reader: Reader, store: Store, fixture_server: FixtureServer
) -> None:
    await reader.fetch_article(fixture_server.url(ARTICLE))
    offline = Reader(store, None, base_url=fixture_server.base_url)
    got = await offline.search("Selbstbestimmungsgesetz")
    assert got.value.kind == "search"
    assert [t.title for t in got.value.teasers] == [TITLE]
    assert got.value.url == fixture_server.url("/!s=Selbstbestimmungsgesetz/")
    assert (await offline.search("Quantenchromodynamik")).value.teasers == ()


async def test_search_online_falls_back_to_the_cache_when_offline(
    reader: Reader, fixture_server: FixtureServer
) -> None:
    await reader.fetch_article(fixture_server.url(ARTICLE))
    fixture_server.stop()
    got = await reader.search("Selbstbestimmungsgesetz")
    assert [t.title for t in got.value.teasers] == [TITLE]
    assert got.problem == "offline — results from the offline cache"
    fixture_server.start()
    fixture_server.fault("/!s=*", status=503)
    got = await reader.search("Selbstbestimmungsgesetz")
    assert [t.title for t in got.value.teasers] == [TITLE]
    assert got.problem is not None and "HTTP 503" in got.problem


async def test_the_article_is_rebased_on_the_mirror(
    reader: Reader, fixture_server: FixtureServer
) -> None:
    got = await reader.fetch_article("https://taz.de/Entwurf-des-Selbstbestimmungsgesetzes/!5928990/")
    assert got.value.url == fixture_server.url(ARTICLE)
    assert all(not a.url or a.url.startswith(fixture_server.base_url) for a in got.value.authors)
    assert fixture_server.hits()[0].path == ARTICLE


def test_fetched_is_generic_and_frozen() -> None:
    now = datetime.now(UTC)
    f: Fetched[Article] = Fetched(Article("1", "u", "t"), now, True, False)
    with pytest.raises(AttributeError):
        f.stale = True  # type: ignore[misc]


# --- lists and sync (need the constructed listing fixtures) -----------------------------


@needs_front
async def test_front_listing_is_cached_and_revalidated(
    reader: Reader, store: Store, fixture_server: FixtureServer
) -> None:
    url = fixture_server.url("/")
    first = await reader.listing(url)
    assert first.value.kind == "front" and first.value.teasers
    assert not first.from_cache
    cached = reader.cached_listing(url)
    assert cached is not None and cached.value == first.value and not cached.stale
    assert (await reader.listing(url)).from_cache
    assert len(fixture_server.hits()) == 1
    old = age(store, url, timedelta(minutes=6))
    stale = reader.cached_listing(url)
    assert stale is not None and stale.stale and stale.fetched_at == old
    again = await reader.listing(url)
    assert "if-none-match" in fixture_server.hits()[-1].headers
    assert again.from_cache and not again.stale and again.value == first.value
    fixture_server.stop()
    age(store, url, timedelta(minutes=6))
    offline = await reader.listing(url)
    assert offline.problem is not None and offline.problem.startswith("offline — cached copy")


@needs_front
async def test_sync_fetches_listed_articles_then_is_incremental(
    reader: Reader, store: Store, fixture_server: FixtureServer
) -> None:
    fixture_server.any_article = True
    front = fixture_server.url("/")
    listing = await reader.listing(front)
    ids = [t.id for t in listing.value.teasers if "!" in t.url]
    assert len(ids) >= 3
    broken = ids[1]
    fixture_server.fault(f"*!{broken}/", status=404)
    events: list[SyncEvent] = []
    report = await sync(reader, [front], on_progress=events.append)
    unique = list(dict.fromkeys(ids))
    assert report.lists == 1
    assert report.fetched == len(unique) - 1
    assert [u for u, _ in report.failed] == [fixture_server.url(f"/!{broken}/")]
    assert "does not exist" in report.failed[0][1]
    assert report.unchanged == 1  # the front page answered 304
    assert store.cached_ids(unique) == set(unique) - {broken}
    article_events = [e for e in events if e.kind == "article"]
    assert len(article_events) == len(unique)
    assert article_events[-1].done == article_events[-1].total == len(unique)
    fixture_server.clear_faults()
    before = len(fixture_server.pages())
    pictures = len(fixture_server.hits("/picture/*"))
    shown = {a: len(got[0].pictures) for a in unique if (got := store.get_article(a))}
    assert pictures == sum(shown.values()) > 0  # and each article's pictures
    leads = sum(1 for a in unique if (got := store.get_article(a)) and got[0].image)
    assert pictures > leads  # a picture in a body is fetched too
    again = await sync(reader, [front])
    assert again.fetched == 1 and again.cached == len(unique) - 1 and again.failed == []
    assert len(fixture_server.pages()) - before == 2  # the list (304) + the missing article
    got = store.get_article(broken)
    assert got is not None
    assert len(fixture_server.hits("/picture/*")) - pictures == len(got[0].pictures)


@needs_front
async def test_sync_articles_cap_and_concurrency(
    store: Store, fixture_server: FixtureServer
) -> None:
    fixture_server.any_article = True
    fixture_server.fault("*!*", delay=0.05)
    async with TazClient(fixture_server.base_url, max_concurrency=2, backoff=0.01) as c:
        reader = Reader(store, c, base_url=fixture_server.base_url)
        report = await sync(reader, [fixture_server.url("/")], articles=3)
    assert report.fetched == 3 and report.planned == 3
    assert fixture_server.max_in_flight <= 2


async def test_sync_reports_a_failed_list(
    reader: Reader, fixture_server: FixtureServer
) -> None:
    fixture_server.stop()
    report = await sync(reader, [fixture_server.url("/Politik/!p4615/")])
    assert report.lists == 0 and report.fetched == 0
    assert len(report.failed) == 1 and "Could not connect" in report.failed[0][1]


@needs_front
@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/Politik/!p4615/", "section"),
        ("/Transgender/!t5523976/", "tag"),
        ("/Nicole-Opitz/!a52218/", "author"),
        ("/!p4608;rss/", "feed"),
        ("/Politik/!p4615;rss/", "feed"),
    ],
)
async def test_listing_kinds_by_url(
    reader: Reader, store: Store, fixture_server: FixtureServer, path: str, kind: str
) -> None:
    got = await reader.listing(fixture_server.url(path))
    assert got.value.kind == kind
    assert got.value.url == fixture_server.url(path)
    assert got.value.teasers
    assert all(t.url.startswith(fixture_server.base_url + "/") for t in got.value.teasers)
    hit = store.get_listing(fixture_server.url(path))
    assert hit is not None and hit[0] == got.value


@needs_front
async def test_search_online_uses_taz_search(
    reader: Reader, fixture_server: FixtureServer
) -> None:
    got = await reader.search("Klima")
    assert got.value.kind == "search" and got.value.total == 347
    assert len(got.value.teasers) == 20
    assert fixture_server.hits()[0].path == "/!s=Klima/"
    none = await reader.search("Quantenbäckerei")
    assert none.value.teasers == () and none.value.total == 0
    page2 = await reader.search("Klima", page=2)
    assert fixture_server.hits()[-1].target == "/!s=Klima/?search_page=0"
    assert page2.value.kind == "search"


@needs_front
async def test_a_listing_that_fails_to_parse_keeps_the_old_copy(
    reader: Reader, store: Store, fixture_server: FixtureServer
) -> None:
    url = fixture_server.url("/")
    first = await reader.listing(url)
    old = age(store, url, timedelta(hours=1))
    fixture_server.route("/", "<html><body><p>Wartungsarbeiten</p></body></html>")
    got = await reader.listing(url)
    assert got.value == first.value and got.stale
    assert got.problem is not None and "could not be read" in got.problem
    hit = store.get_listing(url)
    assert hit is not None and hit[1] == old


def test_reparse_cached_rereads_old_parser_output_without_network(tmp_path: Path) -> None:
    """A page cached by an older parser is re-parsed from its kept raw HTML."""
    from dataclasses import replace

    from tazreader.taz.parse.article import PARSER_VERSION, parse_article

    raw = (Path(__file__).parents[1] / "fixtures" / "fundus_Taz_2024_10_23.html").read_bytes()
    fresh = parse_article(raw)
    stale = replace(fresh, title="old parse", links=())
    with Store.open(tmp_path / "c.sqlite3") as store:
        store.put_article(
            stale, raw=raw, etag=None, last_modified=None,
            fetched_at=datetime.now(UTC), parser_version=PARSER_VERSION - 1,
        )
        reader = Reader(store, None)
        assert reader.reparse_cached() == 1
        hit = store.get_article(fresh.url)
        assert hit is not None and hit[0] == fresh
        assert reader.reparse_cached() == 0, "nothing stale is left"
