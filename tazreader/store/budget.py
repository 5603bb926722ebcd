"""The size budget: statistics, eviction (automatic and ``prune``) and ``clear``."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tazreader.store.core import _recovering, _utc
from tazreader.store.index import Index

AUTO_PRUNE_EVERY = 100  # writes between two cheap budget checks
PRUNE_TARGET = 0.9  # prune down to this share of the budget, so it does not run every write


@dataclass(frozen=True, slots=True)
class StoreStats:
    path: Path
    file_bytes: int  # database file plus its WAL
    used_bytes: int  # pages in use (what the budget is measured against)
    budget_bytes: int
    pages: int
    page_bytes: int  # compressed raw HTML
    articles: int
    listings: int
    read: int
    bookmarks: int
    history: int
    oldest: datetime | None  # oldest / newest article fetch
    newest: datetime | None
    schema_version: int


class Budget(Index):
    """Keeps the file within ``budget_bytes``: read articles go first, bookmarks never."""

    def _wrote(self, n: int = 1) -> None:
        self._writes += n
        if self._writes >= AUTO_PRUNE_EVERY:
            self._writes = 0
            if self._used_bytes() > self.budget_bytes:
                self._evict(vacuum=False)

    def _used_bytes(self) -> int:
        with self._lock:
            count = self._conn.execute("PRAGMA page_count").fetchone()[0]
            free = self._conn.execute("PRAGMA freelist_count").fetchone()[0]
            size = self._conn.execute("PRAGMA page_size").fetchone()[0]
        return int((count - free) * size)

    @_recovering
    def stats(self) -> StoreStats:
        with self._lock:
            one = self._conn.execute(
                "SELECT (SELECT count(*) FROM pages), (SELECT coalesce(sum(size), 0) FROM pages),"
                " (SELECT count(*) FROM articles), (SELECT count(*) FROM listings),"
                " (SELECT count(*) FROM state WHERE read), (SELECT count(*) FROM bookmarks),"
                " (SELECT count(*) FROM history), (SELECT min(fetched_at) FROM articles),"
                " (SELECT max(fetched_at) FROM articles)"
            ).fetchone()
            used = self._used_bytes()
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        file_bytes = 0
        for p in (self.path, self.path.with_name(self.path.name + "-wal")):
            with contextlib.suppress(OSError):
                file_bytes += p.stat().st_size
        return StoreStats(
            path=self.path,
            file_bytes=file_bytes,
            used_bytes=used,
            budget_bytes=self.budget_bytes,
            pages=one[0],
            page_bytes=one[1],
            articles=one[2],
            listings=one[3],
            read=one[4],
            bookmarks=one[5],
            history=one[6],
            oldest=None if one[7] is None else _utc(one[7]),
            newest=None if one[8] is None else _utc(one[8]),
            schema_version=version,
        )

    def _delete_articles(self, conn: sqlite3.Connection, ids: list[str]) -> None:
        arr = json.dumps(ids)
        rids = [r[0] for r in conn.execute(
            "SELECT rid FROM articles WHERE id IN (SELECT value FROM json_each(?))", (arr,)
        )]
        self._unindex(conn, rids)
        conn.execute(
            "DELETE FROM pages WHERE url IN (SELECT url FROM articles "
            "WHERE id IN (SELECT value FROM json_each(?))) "
            "AND url NOT IN (SELECT a.url FROM articles a JOIN bookmarks b ON b.id = a.id)",
            (arr,),
        )
        conn.execute("DELETE FROM articles WHERE id IN (SELECT value FROM json_each(?))", (arr,))

    def _candidates(self) -> Iterator[tuple[str, str, int]]:
        """(kind, key, estimated bytes) in eviction order: read articles by when they were
        read, then pages no article owns (listing HTML …), then unread articles, oldest
        first. Bookmarked articles never appear."""
        yield from (
            ("article", r[0], r[1] + r[2])
            for r in self._read(
                "SELECT a.id, a.size, coalesce(p.size, 0) FROM articles a "
                "JOIN state s ON s.id = a.id AND s.read "
                "LEFT JOIN pages p ON p.url = a.url "
                "WHERE a.id NOT IN (SELECT id FROM bookmarks) "
                "ORDER BY coalesce(s.read_at, a.fetched_at), a.fetched_at"
            )
        )
        yield from (
            ("page", r[0], r[1] + len(r[0]) + 100)
            for r in self._read(
                "SELECT url, size FROM pages WHERE url NOT IN (SELECT url FROM articles) "
                "ORDER BY fetched_at"
            )
        )
        yield from (
            ("article", r[0], r[1] + r[2])
            for r in self._read(
                "SELECT a.id, a.size, coalesce(p.size, 0) FROM articles a "
                "LEFT JOIN state s ON s.id = a.id LEFT JOIN pages p ON p.url = a.url "
                "WHERE coalesce(s.read, 0) = 0 AND a.id NOT IN (SELECT id FROM bookmarks) "
                "ORDER BY a.fetched_at"
            )
        )

    def _evict(self, *, vacuum: bool) -> int:
        """Evict in eviction order until under PRUNE_TARGET of the budget; returns count."""
        evicted = 0
        with self._lock:
            target = int(self.budget_bytes * PRUNE_TARGET)
            for round_ in range(5):
                used = self._used_bytes()
                if used <= (self.budget_bytes if round_ == 0 else target):
                    break
                need = used - target
                articles: list[str] = []
                pages: list[str] = []
                freed = 0
                for kind, key, size in self._candidates():
                    (articles if kind == "article" else pages).append(key)
                    freed += size
                    if freed >= need:
                        break
                if not articles and not pages:
                    break
                with self._tx() as conn:
                    for start in range(0, len(articles), 500):
                        self._delete_articles(conn, articles[start : start + 500])
                    conn.execute(
                        "DELETE FROM pages WHERE url IN (SELECT value FROM json_each(?))",
                        (json.dumps(pages),),
                    )
                    _drop_unused_dicts(conn)
                    # Merge the index so deleted entries really give their space back.
                    conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
                evicted += len(articles) + len(pages)
            if vacuum:
                self._compact()
        return evicted

    def _compact(self) -> None:
        with self._lock:
            try:
                self._conn.execute("VACUUM")
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.OperationalError:
                pass  # another process is busy with the file; compaction can wait

    @_recovering
    def prune(self) -> int:
        """Evict to the budget (oldest read, then oldest unread; never bookmarks), compact.

        Returns how many articles and pages were evicted.
        """
        return self._evict(vacuum=True)

    @_recovering
    def clear(self) -> None:
        """Delete everything: cached pages, articles, listings, state, bookmarks, history."""
        with self._lock:
            with self._tx() as conn:
                conn.execute("INSERT INTO fts(fts) VALUES ('delete-all')")
                for table in ("articles", "pages", "dicts", "listings", "state", "bookmarks",
                              "history", "meta"):
                    conn.execute(f"DELETE FROM {table}")
            self._compact()


def _drop_unused_dicts(conn: sqlite3.Connection) -> None:
    """Dictionaries no page is packed against any more (ids are never reused)."""
    conn.execute(
        "DELETE FROM dicts WHERE id NOT IN (SELECT dict FROM pages WHERE dict IS NOT NULL)"
    )
