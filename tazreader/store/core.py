"""The core of the Store: one SQLite connection, guarded by a lock; opening and closing,
transactions, and recovery from a file that turns out to be damaged mid-session.

The other parts (:mod:`budget`, :mod:`cache`, :mod:`state`, :mod:`search`) add their
methods on top of :class:`StoreCore`; :class:`tazreader.store.Store` combines them.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, Self, TypeVar

from tazreader.store import db
from tazreader.store.pack import ARTICLES, ZSTD, Damaged, Packer
from tazreader.taz.models import (
    Article,
    Comments,
    Teaser,
    article_from_dict,
    teaser_from_dict,
)

DEFAULT_BUDGET_MB = 500


def _epoch(value: datetime) -> float:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)  # naive datetimes are taken as UTC
    return value.timestamp()


def _utc(value: float) -> datetime:
    return datetime.fromtimestamp(value, UTC)


def _now() -> float:
    return datetime.now(UTC).timestamp()


def _published_epoch(value: datetime | date | None) -> float | None:
    if isinstance(value, datetime):
        return _epoch(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC).timestamp()
    return None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _ids_json(ids: Iterable[str]) -> str:
    return json.dumps([str(i) for i in ids])


def _decode_article(data: str | None) -> Article | None:
    """The stored JSON as an article, or None if it does not decode (a damaged row)."""
    if data is None:
        return None
    try:
        d = json.loads(data)
        return article_from_dict(d) if isinstance(d, dict) else None
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def _comments_left_in_page(article: Article) -> Article:
    """``article`` as it is stored beside its raw page: the readers' comments are text the page
    holds already, so only their state and number are kept (``Comments.in_page``) and
    :meth:`tazreader.store.cache.Cache.get_article` reads them again from the page (~1 ms).
    That is ~1.2 KB an article less (issue #14)."""
    c = article.comments
    if c is None or not c.items:
        return article
    return replace(article, comments=replace(c, items=(), in_page=len(c.items)))


def _comments_read_again(article: Article, raw: bytes | None) -> Article:
    """``article`` with the comments left in its saved page ``raw`` read again (see
    :func:`_comments_left_in_page`); as it is if there are none to read, or if the page is gone
    (None) or cannot be read: then ``in_page`` stays and says so."""
    c = article.comments
    if c is None or not c.in_page or c.items or raw is None:
        return article
    from tazreader.taz.errors import ParseError
    from tazreader.taz.parse.article import parse_comments

    try:
        found = parse_comments(raw)
    except ParseError:
        return article
    return article if found is None or not found.items else replace(article, comments=found)


def _teaser(text: str | bytes, article_id: str | None) -> Teaser | None:
    """A ``teaser`` column -> the teaser of article ``article_id``, or None if it is damaged
    (not JSON, not a teaser, fields of the wrong type, or another article's; ``None``: any
    article's)."""
    try:
        data = json.loads(text)
        teaser = teaser_from_dict(data) if isinstance(data, dict) else None
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    if teaser is None or (article_id is not None and teaser.id != article_id):
        return None
    texts = (teaser.url, teaser.title, teaser.kicker, teaser.teaser)
    if not all(isinstance(t, str) for t in texts) or not isinstance(teaser.image, str | None):
        return None
    if not all(isinstance(a.name, str) and isinstance(a.url, str | None) for a in teaser.authors):
        return None
    return teaser


class Busy(Exception):
    """A write in :meth:`StoreCore.no_wait` found the file (or this store) busy; it did
    nothing."""


P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S", bound="StoreCore")


def _recovering(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """If the file turns out to be damaged mid-session, set it aside, start a fresh one and
    run the call again: the reader keeps working (with an empty cache) instead of failing."""

    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        generation = self._generation
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if not db.is_corrupt(exc):
                raise
            self._recover(exc, generation)
        return method(self, *args, **kwargs)

    functools.update_wrapper(wrapper, method)
    return wrapper


class StoreCore:
    """The connection and its lock; every part of the Store works through these."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path, *, budget_mb: int, notice: str | None
    ) -> None:
        self._conn = conn  # writes (and the reads inside a write), under _lock
        self._lock = threading.RLock()
        # Reads have a connection of their own: in WAL mode they never wait for a writer,
        # ours (a long prune, a re-parse) or another process's.
        self._rconn = db.connect_reader(path)
        self._rlock = threading.RLock()
        self._packer = Packer()  # raw pages
        self._jpacker = Packer(ARTICLES)  # article JSON and text
        self._nowait = threading.local()
        self._closing: list[Callable[[], None]] = []  # run first thing in close()
        self.path = path
        self.notice = notice
        self.budget_bytes = max(1, budget_mb) * 1024 * 1024
        self._writes = 0
        self._generation = 0  # bumped when a damaged file is replaced mid-session
        # Comments read again from saved pages (Cache._with_comments), by URL and fetch time:
        # opening an article reads it twice (the screen, then its worker), a few stay.
        self._comments_read: OrderedDict[tuple[str, float], Comments] = OrderedDict()
        self._comments_lock = threading.Lock()

    @classmethod
    def open(cls, path: Path | None = None, *, budget_mb: int = DEFAULT_BUDGET_MB) -> Self:
        if path is None:
            from tazreader import paths

            path = paths.database_file()
        path = Path(path)
        opened = db.open_database(path)
        store = cls(opened.conn, path, budget_mb=budget_mb, notice=opened.notice)
        if not opened.index_ok:
            store._repair_index()
        return store

    def before_close(self, hook: Callable[[], None]) -> None:
        """Run ``hook`` when the store is closed, before it closes (e.g. to finish writes)."""
        self._closing.append(hook)

    def close(self) -> None:
        hooks, self._closing = self._closing, []
        for hook in hooks:
            hook()
        with self._lock, self._rlock:
            with contextlib.suppress(sqlite3.Error):
                # Only when nobody is writing: closing must not wait on a lock.
                self._conn.execute("PRAGMA busy_timeout = 0")
                self._conn.execute("PRAGMA optimize")
            self._rconn.close()
            self._conn.close()

    def say(self, text: str) -> None:
        """Something the user should hear about the cache (a repair); see ``notice``."""
        self.notice = text

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def no_wait(self) -> Iterator[None]:
        """Writes in this block (in this thread) do not wait: when another process holds the
        write lock, or another thread of this one is writing, they raise :class:`Busy` at
        once, having done nothing."""
        before = getattr(self._nowait, "on", False)
        self._nowait.on = True
        try:
            yield
        finally:
            self._nowait.on = before

    def _begin(self, conn: sqlite3.Connection) -> None:
        if not getattr(self._nowait, "on", False):
            conn.execute("BEGIN IMMEDIATE")
            return
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if "locked" in text or "busy" in text:
                raise Busy(str(exc)) from exc
            raise
        finally:
            conn.execute(f"PRAGMA busy_timeout = {db.BUSY_TIMEOUT_MS}")

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One logical write: BEGIN IMMEDIATE … COMMIT, rolled back on any error."""
        if getattr(self._nowait, "on", False):
            if not self._lock.acquire(blocking=False):
                raise Busy("another thread is writing")
        else:
            self._lock.acquire()
        try:
            conn = self._conn
            self._begin(conn)
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                self._packer.reset()  # it may know a dictionary that was rolled back
                self._jpacker.reset()
                raise
        finally:
            self._lock.release()

    def _recover(self, exc: sqlite3.Error, generation: int) -> None:
        with self._lock, self._rlock:
            if generation != self._generation:
                return  # another thread has already replaced the file
            self._generation += 1
            if self._repair(exc):
                return
            with contextlib.suppress(sqlite3.Error):
                self._rconn.close()
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            opened = db.replace_unusable(self.path, f"the database is damaged ({exc})")
            self._conn = opened.conn
            self._rconn = db.connect_reader(self.path)
            self._packer.reset()
            self._jpacker.reset()
            self.notice = opened.notice
            self._writes = 0

    def _repair(self, exc: sqlite3.Error) -> bool:
        """Mend the damage behind ``exc`` in place if it can be (see :mod:`index`)."""
        return False

    def _repair_index(self) -> bool:
        """Rebuild a damaged full-text index in place (see :mod:`index`)."""
        return False

    def _text(self, conn: sqlite3.Connection, value: Any, did: int | None = None) -> str | None:
        """An article's ``data`` or ``body`` column as text: TEXT as it is, a BLOB unpacked
        (against dictionary ``did``); None if it does not unpack."""
        if isinstance(value, str):
            return value
        if not isinstance(value, bytes):
            return None
        try:
            return self._jpacker.unpack(conn, value, ZSTD, did).decode("utf-8")
        except (Damaged, UnicodeDecodeError):
            return None

    def _read_text(self, value: Any, did: int | None = None) -> str | None:
        """:meth:`_text` outside a write (on the read connection)."""
        if isinstance(value, str):
            return value
        with self._rlock:
            return self._text(self._rconn, value, did)

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._rlock:
            return self._rconn.execute(sql, tuple(params)).fetchall()
