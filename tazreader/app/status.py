"""What the status line says about the network while a list is shown, loaded, or fails."""

from __future__ import annotations

from tazreader.service import Edition, ListPage, LocalList, Reader, ReaderError, Search, Source
from tazreader.taz.dates import stamp


def _offline_mode(page: ListPage | None) -> str:
    if page is not None and page.fetched_at is not None:
        return f"offline mode — cached from {stamp(page.fetched_at)}"
    return "offline mode"


def shown(reader: Reader, edition: Edition, source: Source, page: ListPage | None) -> str | None:
    """When a list is put on the screen from the cache; None leaves the line as it is (a
    load is on its way and will say how it went)."""
    if isinstance(source, LocalList):
        if reader.offline:
            return "offline mode"
        return edition.connected if edition.local else None
    if reader.offline:
        return _offline_mode(page)
    return None


def loaded(reader: Reader, edition: Edition, page: ListPage) -> str:
    """When a list arrived."""
    if page.problem:
        return page.problem
    if reader.offline:
        if isinstance(page.source, Search):
            return "offline mode — results from the offline cache"
        return _offline_mode(page)
    if edition.local:
        return edition.connected
    if page.from_cache and page.fetched_at is not None:
        return f"{edition.connected} — cached from {stamp(page.fetched_at)}"
    return edition.connected


def failed(reader: Reader, page: ListPage | None, error: ReaderError) -> str:
    """When a list could not be loaded; ``page`` is the copy still shown, if any."""
    state = "offline" if isinstance(error, reader.Offline) else "error"
    if page is not None and page.fetched_at is not None:
        return f"{state} — cached from {stamp(page.fetched_at)}"
    return state
