"""What the reader keeps about its reader: read marks, bookmarks, positions, history, and the
few settings of a session (the last list, the back/forward stacks).

A small facade over the store, so that the app never touches SQLite: every failure of the
cache file comes out as a :class:`~tazreader.service.errors.ReaderError`.

Reads are synchronous and quick (the store reads on a connection of its own, which in WAL mode
never waits for a writer). Writes never make the caller wait either: they go through a
:class:`~tazreader.service.writer.Writer`, which writes at once when the file is free and
otherwise queues and retries in the background. Until a queued write is made, what it changes
is kept here and laid over what the store answers, so the app sees its own changes at once.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
from collections.abc import Callable, Iterable
from typing import Any

from tazreader.service.errors import reader_errors
from tazreader.service.sources import LocalName, Source, source_from_json
from tazreader.service.writer import Job, Writer
from tazreader.store import ArticleState, Store
from tazreader.taz.models import Article, Teaser

NAV_KEY = "nav"
LAST_LIST_KEY = "last_list"
CLOSE_WAIT = 10.0  # seconds a close waits for writes queued behind another process's lock

Key = tuple[str, str]  # (what, article id or meta key)


class ReaderState:
    """Read / bookmark / position / history of articles, and the session's own settings."""

    def __init__(self, store: Store, on_notice: Callable[[], None] | None = None) -> None:
        self._store = store
        self._after = on_notice or (lambda: None)
        self._writer = Writer(store, self._delayed)
        self._pending: dict[Key, tuple[int, Any]] = {}  # written soon: (seq, value)
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        store.before_close(self._store_closing)
        self.lost = 0  # writes that could not be made before close (reported by close)

    def _guard(self) -> contextlib.AbstractContextManager[None]:
        return reader_errors(self._after)

    # -- writing ---------------------------------------------------------------------------

    def _write(self, key: Key, value: Any, apply: Callable[[Store], None]) -> None:
        if key[0] == "meta":
            json.dumps(value)  # not JSON: a TypeError now, for the caller, not in the writer
        with self._lock:
            seq = next(self._seq)
            self._pending[key] = (seq, value)

        def done(written: int) -> None:
            with self._lock:
                if self._pending.get(key, (0, None))[0] == written:
                    del self._pending[key]

        self._writer.submit(Job(seq, apply, done))
        self._after()

    def _delayed(self, waiting: int) -> None:
        from tazreader.i18n import ngettext

        self._store.say(ngettext(
            "The offline cache is locked by another program; {n} change waits and is saved "
            "as soon as it is free.",
            "The offline cache is locked by another program; {n} changes wait and are saved "
            "as soon as it is free.",
            waiting,
        ).format(n=waiting))

    @property
    def unsaved(self) -> int:
        """Writes queued and not made yet."""
        return self._writer.pending

    def flush(self, timeout: float | None = None) -> bool:
        """Wait (at most ``timeout`` seconds, default :data:`CLOSE_WAIT`) until every queued
        write is made."""
        return self._writer.flush(CLOSE_WAIT if timeout is None else timeout)

    def close(self, timeout: float | None = None) -> int:
        """Make the queued writes (waiting at most ``timeout`` seconds for a locked file);
        returns, and keeps in :attr:`lost`, how many could not be made."""
        self.lost += self._writer.close(CLOSE_WAIT if timeout is None else timeout)
        return self.lost

    def _store_closing(self) -> None:
        self.close()

    def _overlay(self, what: str, key: str) -> tuple[bool, Any]:
        with self._lock:
            hit = self._pending.get((what, key))
        return (False, None) if hit is None else (True, hit[1])

    def _pending_of(self, what: str) -> list[tuple[int, str, Any]]:
        with self._lock:
            return sorted(((seq, k[1], v) for k, (seq, v) in self._pending.items()
                           if k[0] == what), reverse=True)

    # -- marks -----------------------------------------------------------------------------

    def states(self, ids: Iterable[str]) -> dict[str, ArticleState]:
        """Read / bookmarked / cached of each id (the list's marks)."""
        with self._guard():
            found = dict(self._store.states(ids))
        for aid, state in found.items():
            known, read = self._overlay("read", aid)
            if known:
                state = ArticleState(bool(read), state.bookmarked, state.cached)
            known, teaser = self._overlay("bookmark", aid)
            if known:
                state = ArticleState(state.read, teaser is not None, state.cached)
            found[aid] = state
        return found

    def cached_ids(self, ids: Iterable[str]) -> set[str]:
        with self._guard():
            return self._store.cached_ids(ids)

    def heads(self, ids: Iterable[str]) -> dict[str, Teaser]:
        """The cached articles among ``ids`` as list entries (their dates and authors)."""
        with self._guard():
            return self._store.heads(ids)

    def toggle_bookmark(self, teaser: Teaser) -> bool:
        """Bookmark ``teaser``, or take its bookmark away; True if it is bookmarked now."""
        state = self.states([teaser.id]).get(teaser.id)
        marked = not (state is not None and state.bookmarked)
        if marked:
            self._write(("bookmark", teaser.id), teaser, lambda s: s.add_bookmark(teaser))
        else:
            self._write(("bookmark", teaser.id), None, lambda s: s.remove_bookmark(teaser.id))
        return marked

    def toggle_read(self, article_id: str) -> bool:
        """Mark read or unread; True if it is read now."""
        state = self.states([article_id]).get(article_id)
        read = not (state is not None and state.read)
        self._write(("read", article_id), read, lambda s: s.set_read(article_id, read))
        return read

    def mark_read(self, ids: Iterable[str]) -> int:
        """Mark every article of ``ids`` read; how many were unread."""
        wanted = list(dict.fromkeys(ids))
        states = self.states(wanted)
        unread = [i for i in wanted if not (states.get(i) and states[i].read)]
        for article_id in unread:
            self._write(("read", article_id), True, _mark_read(article_id))
        return len(unread)

    def opened(self, article: Article) -> None:
        """An article was opened: it goes into the history and counts as read."""
        teaser = article.teaser_entry()
        self._write(("history", article.id), teaser, lambda s: s.add_history(teaser))
        self._write(("read", article.id), True, lambda s: s.set_read(article.id, True))

    def position(self, article_id: str) -> float | None:
        known, value = self._overlay("position", article_id)
        if known:
            return float(value)
        with self._guard():
            return self._store.get_position(article_id)

    def save_position(self, article_id: str, position: float) -> None:
        where = float(position)
        self._write(("position", article_id), where,
                    lambda s: s.set_position(article_id, where))

    # -- local lists -----------------------------------------------------------------------

    def local_list(self, name: LocalName) -> list[Teaser]:
        with self._guard():
            if name == "bookmarks":
                return self._laid_over(self._store.bookmarks(), "bookmark")
            if name == "history":
                return self._laid_over(self._store.history(), "history")
            if name == "changed":
                return self._store.changed_articles()
            return self._store.offline_articles()

    def _laid_over(self, stored: list[Teaser], what: str) -> list[Teaser]:
        """``stored`` with the queued changes: added entries first (newest first), removed
        ones left out."""
        pending = self._pending_of(what)
        if not pending:
            return stored
        changed = {aid for _, aid, _ in pending}
        added = [teaser for _, _, teaser in pending if teaser is not None]
        return added + [t for t in stored if t.id not in changed]

    # -- the session's settings ------------------------------------------------------------

    def _meta(self, key: str) -> Any:
        known, value = self._overlay("meta", key)
        if known:
            return value
        with self._guard():
            return self._store.get_meta(key)

    def last_list(self) -> Source | None:
        return source_from_json(self._meta(LAST_LIST_KEY))

    def save_last_list(self, source: Source) -> None:
        data = source.to_json()
        self._write(("meta", LAST_LIST_KEY), data, lambda s: s.set_meta(LAST_LIST_KEY, data))

    def navigation(self) -> Any:
        """The JSON form of the back/forward stacks (see ``app.navigation``)."""
        return self._meta(NAV_KEY)

    def save_navigation(self, data: Any) -> None:
        self._write(("meta", NAV_KEY), data, lambda s: s.set_meta(NAV_KEY, data))


def _mark_read(article_id: str) -> Callable[[Store], None]:
    def apply(store: Store) -> None:
        store.set_read(article_id, True)

    return apply
