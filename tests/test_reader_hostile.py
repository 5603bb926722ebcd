"""The Reader against a hostile server, with a real SQLite cache in tmp_path: what a response
carried must neither reach the status line raw nor break the cache's later requests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from tazreader.service import FRONT, Reader
from tazreader.store import Store
from tazreader.taz.client import TazClient
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
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "cache.sqlite3")
    yield s
    s.close()


@pytest.fixture
async def client(fixture_server: FixtureServer) -> AsyncIterator[TazClient]:
    async with TazClient(
        fixture_server.base_url, timeout=httpx.Timeout(2.0), retries=1, backoff=0.01
    ) as c:
        yield c


@pytest.fixture
def reader(store: Store, client: TazClient, fixture_server: FixtureServer) -> Reader:
    return Reader(store, client, base_url=fixture_server.base_url)


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
