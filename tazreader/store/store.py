"""The Store: one SQLite connection, guarded by a lock, behind small, quick methods.

:class:`Store` is one class put together from its parts, each in its own module:

- :mod:`~tazreader.store.core`: the connection, transactions, recovery from a damaged file;
- :mod:`~tazreader.store.budget`: statistics, eviction, ``prune`` and ``clear``;
- :mod:`~tazreader.store.cache`: raw pages, articles, listings, re-parsing;
- :mod:`~tazreader.store.revisions`: the earlier versions of articles whose text changed;
- :mod:`~tazreader.store.pictures`: the pictures of articles;
- :mod:`~tazreader.store.state`: read, position, bookmarks, history, meta;
- :mod:`~tazreader.store.search`: full-text search (the index: :mod:`~tazreader.store.fts`).
"""

from __future__ import annotations

from tazreader.store.cache import Cache
from tazreader.store.pictures import Pictures
from tazreader.store.search import Search
from tazreader.store.state import ReaderState


class Store(Cache, Pictures, ReaderState, Search):
    """The offline cache. Thread-safe; every method is quick (no network)."""
