"""What the reader keeps about its reader: read marks, bookmarks, positions, history, and the
few settings of a session (the last list, the back/forward stacks).

A small facade over the store, so that the app never touches SQLite: every failure of the
cache file comes out as a :class:`~tazreader.service.errors.ReaderError`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from tazreader.service.errors import as_reader_error, is_reader_failure
from tazreader.service.sources import LocalName, Source, source_from_json
from tazreader.store import ArticleState, Store
from tazreader.taz.models import Article, Teaser

NAV_KEY = "nav"
LAST_LIST_KEY = "last_list"


class ReaderState:
    """Read / bookmark / position / history of articles, and the session's own settings."""

    def __init__(self, store: Store, on_notice: Callable[[], None] | None = None) -> None:
        self._store = store
        self._after = on_notice or (lambda: None)

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except Exception as exc:
            if not is_reader_failure(exc):
                raise
            raise as_reader_error(exc) from exc
        finally:
            self._after()

    # -- marks -----------------------------------------------------------------------------

    def states(self, ids: Iterable[str]) -> dict[str, ArticleState]:
        """Read / bookmarked / cached of each id (the list's marks)."""
        with self._guard():
            return dict(self._store.states(ids))

    def cached_ids(self, ids: Iterable[str]) -> set[str]:
        with self._guard():
            return self._store.cached_ids(ids)

    def heads(self, ids: Iterable[str]) -> dict[str, Teaser]:
        """The cached articles among ``ids`` as list entries (their dates and authors)."""
        with self._guard():
            return self._store.heads(ids)

    def toggle_bookmark(self, teaser: Teaser) -> bool:
        """Bookmark ``teaser``, or take its bookmark away; True if it is bookmarked now."""
        with self._guard():
            state = self._store.states([teaser.id]).get(teaser.id)
            if state is not None and state.bookmarked:
                self._store.remove_bookmark(teaser.id)
                return False
            self._store.add_bookmark(teaser)
            return True

    def toggle_read(self, article_id: str) -> bool:
        """Mark read or unread; True if it is read now."""
        with self._guard():
            state = self._store.states([article_id]).get(article_id)
            read = not (state is not None and state.read)
            self._store.set_read(article_id, read)
            return read

    def mark_read(self, ids: Iterable[str]) -> int:
        """Mark every article of ``ids`` read; how many were unread."""
        with self._guard():
            wanted = list(dict.fromkeys(ids))
            states = self._store.states(wanted)
            unread = [i for i in wanted if not (states.get(i) and states[i].read)]
            for article_id in unread:
                self._store.set_read(article_id, True)
            return len(unread)

    def opened(self, article: Article) -> None:
        """An article was opened: it goes into the history and counts as read."""
        with self._guard():
            self._store.add_history(article.teaser_entry())
            self._store.set_read(article.id, True)

    def position(self, article_id: str) -> float | None:
        with self._guard():
            return self._store.get_position(article_id)

    def save_position(self, article_id: str, position: float) -> None:
        with self._guard():
            self._store.set_position(article_id, position)

    # -- local lists -----------------------------------------------------------------------

    def local_list(self, name: LocalName) -> list[Teaser]:
        with self._guard():
            if name == "bookmarks":
                return self._store.bookmarks()
            if name == "history":
                return self._store.history()
            return self._store.offline_articles()

    # -- the session's settings ------------------------------------------------------------

    def last_list(self) -> Source | None:
        with self._guard():
            return source_from_json(self._store.get_meta(LAST_LIST_KEY))

    def save_last_list(self, source: Source) -> None:
        with self._guard():
            self._store.set_meta(LAST_LIST_KEY, source.to_json())

    def navigation(self) -> Any:
        """The JSON form of the back/forward stacks (see ``app.navigation``)."""
        with self._guard():
            return self._store.get_meta(NAV_KEY)

    def save_navigation(self, data: Any) -> None:
        with self._guard():
            self._store.set_meta(NAV_KEY, data)
