"""The service tests' parts: a real cache file, a real client to the loopback fixture server,
and the Reader over both."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from tazreader.service import Reader
from tazreader.store import Store
from tazreader.taz.client import TazClient
from tests.server import FixtureServer


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "cache.sqlite3")
    yield s
    s.close()


@pytest.fixture
async def client(fixture_server: FixtureServer) -> AsyncIterator[TazClient]:
    """A client that gives up soon (0.5 s, one retry): the faults are the server's."""
    async with TazClient(
        fixture_server.base_url, timeout=httpx.Timeout(0.5), retries=1, backoff=0.01
    ) as c:
        yield c


@pytest.fixture
def reader(store: Store, client: TazClient, fixture_server: FixtureServer) -> Reader:
    return Reader(store, client, base_url=fixture_server.base_url)
