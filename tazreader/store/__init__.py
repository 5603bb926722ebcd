"""The SQLite cache: pages, articles, listings, read state, bookmarks, history, FTS.

No Textual here; see :class:`Store`.
"""

from tazreader.store.store import ArticleState, CachedPage, SearchHit, Store, StoreStats

__all__ = ["ArticleState", "CachedPage", "SearchHit", "Store", "StoreStats"]
