"""The SQLite cache: pages, articles (and their earlier versions), listings, read state,
bookmarks, history, FTS.

No Textual here; see :class:`Store`.
"""

from tazreader.store.budget import StoreStats
from tazreader.store.cache import CachedPage
from tazreader.store.core import DEFAULT_BUDGET_MB, Busy
from tazreader.store.revisions import MAX_REVISIONS, Changes, KeptRevision
from tazreader.store.search import SearchHit
from tazreader.store.state import ArticleState
from tazreader.store.store import Store

__all__ = [
    "DEFAULT_BUDGET_MB",
    "MAX_REVISIONS",
    "ArticleState",
    "Busy",
    "CachedPage",
    "Changes",
    "KeptRevision",
    "SearchHit",
    "Store",
    "StoreStats",
]
