"""What the Reader answers with: a value and where it came from; a list as the app shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Literal, TypeVar

from tazreader.service.sources import Source
from tazreader.taz.dates import stamp
from tazreader.taz.models import Teaser

T = TypeVar("T")

Outcome = Literal["fetched", "unchanged", "cached", "failed"]


@dataclass(frozen=True)
class Fetched(Generic[T]):
    """A value and where it came from; ``problem`` is a sentence for the status line."""

    value: T
    fetched_at: datetime  # when the copy was fetched (aware UTC)
    from_cache: bool
    stale: bool  # older than its freshness window
    problem: str | None = None  # e.g. "offline — cached copy from 26.11. 14:03"


@dataclass(frozen=True)
class ListPage:
    """A list as the list pane shows it: whatever its source, a title and teasers."""

    source: Source
    title: str  # "Startseite", "Politik › Deutschland", "Suche: Klima — 347 Treffer"
    teasers: tuple[Teaser, ...]
    fetched_at: datetime | None = None  # None for the reader's own lists
    from_cache: bool = True
    stale: bool = False
    problem: str | None = None
    next_url: str | None = None  # a search's further page
    url: str | None = None  # the page's own URL (a further page starts from it)


def local_time(when: datetime) -> str:
    """``26.11. 14:03`` on taz's clock (``26.11.2025 14:03`` if not this year)."""
    return stamp(when)
