"""Shared pytest fixtures. Keep this small and generic; others may add fixtures here."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tazreader import i18n
from tests.server import FixtureServer, serve


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The tests read the English interface unless they ask for German (``german``)."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def german() -> Iterator[None]:
    """The German interface, for this test."""
    i18n.set_language("de")
    yield
    i18n.set_language("en")


@pytest.fixture
def fixture_server() -> Iterator[FixtureServer]:
    """A real HTTP server on 127.0.0.1 playing taz.de from tests/fixtures (see tests/server.py)."""
    yield from serve()
