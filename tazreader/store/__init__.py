"""The SQLite cache: pages, articles, listings, read state, bookmarks, history, FTS.

No Textual here; see :class:`Store`.
"""

from tazreader.store.store import (
    DEFAULT_BUDGET_MB,
    ArticleState,
    CachedPage,
    SearchHit,
    Store,
    StoreStats,
)

__all__ = ["DEFAULT_BUDGET_MB", "ArticleState", "CachedPage", "SearchHit", "Store", "StoreStats"]
