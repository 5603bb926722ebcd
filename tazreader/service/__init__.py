"""The reader's one way to the network and the cache (cache first), with no Textual.

Used by the app and by the commands; see :class:`Reader`. Importing it loads neither httpx
nor the parsers: they come when the network or a page first needs them.
"""

import importlib
from typing import TYPE_CHECKING, Any

from tazreader.service.errors import (
    CacheError,
    NotFoundError,
    OfflineError,
    ReaderError,
    UnreadableError,
)
from tazreader.service.reader import Reader
from tazreader.service.results import Fetched, ListPage, Outcome, local_time
from tazreader.service.session import TAZ, Edition, Session, close_session, open_session
from tazreader.service.sources import (
    BOOKMARKS,
    CHANGED,
    FRONT,
    HISTORY,
    OFFLINE,
    FrontPage,
    LocalList,
    Search,
    Source,
    TazPage,
    all_sources,
    source_for_start,
    source_for_url,
    source_from_json,
)
from tazreader.store import ArticleState

if TYPE_CHECKING:
    from tazreader.service.syncing import SyncEvent, SyncReport, sync
    from tazreader.service.versions import Changed, History, Version, Versions

# Imported when first asked for: the reader's start-up does without them.
_LATER = {
    "SyncEvent": "syncing", "SyncReport": "syncing", "sync": "syncing",
    "Changed": "versions", "History": "versions", "Version": "versions", "Versions": "versions",
}


def __getattr__(name: str) -> Any:
    """``sync`` and its results (:mod:`tazreader.service.syncing`), the versions of an article
    (:mod:`tazreader.service.versions`), from their modules when first used."""
    if name in _LATER:
        module = importlib.import_module(f"tazreader.service.{_LATER[name]}")
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "BOOKMARKS",
    "CHANGED",
    "FRONT",
    "HISTORY",
    "OFFLINE",
    "TAZ",
    "ArticleState",
    "CacheError",
    "Changed",
    "Edition",
    "Fetched",
    "FrontPage",
    "History",
    "ListPage",
    "LocalList",
    "NotFoundError",
    "OfflineError",
    "Outcome",
    "Reader",
    "ReaderError",
    "Search",
    "Session",
    "Source",
    "SyncEvent",
    "SyncReport",
    "TazPage",
    "UnreadableError",
    "Version",
    "Versions",
    "all_sources",
    "close_session",
    "local_time",
    "open_session",
    "source_for_start",
    "source_for_url",
    "source_from_json",
    "sync",
]
