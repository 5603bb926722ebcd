"""The Reader against a hostile server, with a real SQLite cache in tmp_path: what a response
carried must neither reach the status line raw nor break the cache's later requests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tazreader.service import FRONT, Reader, ReaderError
from tazreader.store import Store
from tazreader.taz.client import TazClient
from tazreader.taz.parse.article import PARSER_VERSION
from tests.hostile.checks import UNSAFE
from tests.server import FixtureServer

ARTICLE = "/!5928990/"
HOSTILE_TYPE = "text/x\x1b[8m\x1b[6n\x1bc"


def hostile_type(server: FixtureServer, path: str) -> None:
    """``path`` answers 200 (even to a conditional request) with a terminal-steering type."""
    page = server.content(path)
    assert page is not None
    server.fault(path, body=page.body, content_type=HOSTILE_TYPE)


@pytest.fixture
async def client(fixture_server: FixtureServer) -> AsyncIterator[TazClient]:
    """As the package's (tests/service/conftest.py), with a 2 s timeout: no hostile answer
    here may fail for being slow on a busy machine."""
    async with TazClient(
        fixture_server.base_url, timeout=httpx.Timeout(2.0), retries=1, backoff=0.01
    ) as c:
        yield c


async def test_the_status_line_problem_quotes_a_header_inert(
    reader: Reader, fixture_server: FixtureServer
) -> None:
    await reader.fetch(FRONT)  # cached, so a failed refresh comes back as a "problem"
    hostile_type(fixture_server, "/")
    page = await reader.fetch(FRONT, refresh=True)
    assert page.problem is not None and "is not a web page" in page.problem
    assert UNSAFE.search(page.problem) is None, page.problem
    fixture_server.clear_faults()
    await reader.fetch_article(fixture_server.url(ARTICLE))
    hostile_type(fixture_server, ARTICLE)
    got = await reader.fetch_article(fixture_server.url(ARTICLE), refresh=True)
    assert got.problem is not None and UNSAFE.search(got.problem) is None, got.problem


# --- validators ------------------------------------------------------------------------

BAD_ETAG = '"caf\xe9"'  # not ASCII: httpx cannot send it back
BAD_DATE = "Mon, 03 M\xe4r 2025 08:00:00 GMT"


async def test_validators_that_cannot_be_sent_back_are_not_kept(
    reader: Reader, store: Store, fixture_server: FixtureServer
) -> None:
    page = fixture_server.content(ARTICLE)
    assert page is not None
    fixture_server.route(ARTICLE, page.body, headers={"ETag": BAD_ETAG,
                                                      "Last-Modified": BAD_DATE})
    url = fixture_server.url(ARTICLE)
    await reader.fetch_article(url)
    cached = store.get_page(url)
    assert cached is not None and (cached.etag, cached.last_modified) == (None, None)
    again, outcome = await reader.load_article(url, refresh=True)  # no UnicodeEncodeError
    assert outcome == "fetched" and again.problem is None
    sent = fixture_server.hits(ARTICLE)[-1].headers
    assert "if-none-match" not in sent and "if-modified-since" not in sent


@pytest.mark.parametrize(
    ("etag", "last_modified", "sent"),
    [
        (BAD_ETAG, BAD_DATE, set()),  # neither is sent: the page is fetched whole
        (BAD_ETAG, "Wed, 23 Oct 2024 08:00:00 GMT", {"if-modified-since"}),  # the good one is
        ('"ok"\r\nX-Evil: 1', "yesterday", set()),  # not an entity tag, not an HTTP date
    ],
)
async def test_a_cache_holding_a_bad_validator_heals_itself(
    reader: Reader, store: Store, fixture_server: FixtureServer, tmp_path: Path,
    etag: str, last_modified: str, sent: set[str],
) -> None:
    url = fixture_server.url(ARTICLE)
    await reader.fetch_article(url)
    article = store.get_article(url)
    page = store.get_page(url)
    assert article is not None and page is not None
    # As an older tazreader stored it, from a server that sent these validators:
    store.put_article(article[0], raw=page.body, etag=etag, last_modified=last_modified,
                      fetched_at=page.fetched_at, parser_version=PARSER_VERSION)
    store.close()
    with Store.open(tmp_path / "cache.sqlite3") as reopened:  # from the file, as a new run
        async with TazClient(fixture_server.base_url, retries=0) as client:
            fresh = Reader(reopened, client, base_url=fixture_server.base_url)
            got, outcome = await fresh.load_article(url, refresh=True)
            assert got.problem is None
            assert outcome == ("unchanged" if sent else "fetched")
        request = fixture_server.hits(ARTICLE)[-1].headers
        assert {"if-none-match", "if-modified-since"} & set(request) == sent
        healed = reopened.get_page(url)
        assert healed is not None
        if not sent:  # the next good response replaced the bad validators
            assert healed.etag is not None
            assert healed.etag.startswith('"') and healed.etag.isascii()
            assert healed.last_modified == fixture_server.last_modified


async def test_a_304_without_a_copy_to_keep_says_so(
    reader: Reader, fixture_server: FixtureServer
) -> None:
    fixture_server.fault(ARTICLE, status=304)
    with pytest.raises(ReaderError) as info:
        await reader.fetch_article(fixture_server.url(ARTICLE))
    assert "304" in str(info.value) and "Not Modified" in str(info.value)
    assert len(fixture_server.hits(ARTICLE)) == 1
