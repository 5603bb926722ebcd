"""Shared pytest fixtures. Keep this small and generic; others may add fixtures here."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.server import FixtureServer, serve


@pytest.fixture
def fixture_server() -> Iterator[FixtureServer]:
    """A real HTTP server on 127.0.0.1 playing taz.de from tests/fixtures (see tests/server.py)."""
    yield from serve()
