"""The size budget: statistics, eviction (automatic and ``prune``) and ``clear``."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tazreader.store import db
from tazreader.store.core import _recovering, _utc
from tazreader.store.index import Index, forget_terms

AUTO_PRUNE_EVERY = 100  # writes between two cheap budget checks
PRUNE_TARGET = 0.9  # prune down to this share of the budget, so it does not run every write
PRUNE_BATCH = 500  # items evicted in one transaction
# What an article's earlier versions take (they are evicted with it).
_REVISION_BYTES = "(SELECT coalesce(sum(r.size), 0) FROM revisions r WHERE r.article_id = a.id)"


@dataclass(frozen=True, slots=True)
class StoreStats:
    """What the cache file holds and how much of its budget it uses."""

    path: Path
    file_bytes: int  # database file plus its WAL
    used_bytes: int  # pages in use beyond the empty file's (what the budget is measured by)
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
    pictures: int = 0
    picture_bytes: int = 0
    changed: int = 0  # articles with earlier versions kept
    revisions: int = 0  # the earlier versions
    revision_bytes: int = 0


class Budget(Index):
    """Keeps the file within ``budget_bytes``: read articles go first, bookmarks never."""

    def _wrote(self, n: int = 1) -> None:
        self._writes += n
        if self._writes >= AUTO_PRUNE_EVERY:
            self._writes = 0
            if self._used_bytes() > self.budget_bytes:
                self._evict(vacuum=False)

    def _used_bytes(self) -> int:
        """Bytes of pages in use beyond the empty file's: every table and index has its root
        page even when empty (~30 of them), which no eviction can give back."""
        with self._lock:
            count = self._conn.execute("PRAGMA page_count").fetchone()[0]
            free = self._conn.execute("PRAGMA freelist_count").fetchone()[0]
            size = self._conn.execute("PRAGMA page_size").fetchone()[0]
            roots = self._conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE rootpage > 0"
            ).fetchone()[0]
        return int(max(0, count - free - roots - 1) * size)  # - 1: the schema's own page

    @_recovering
    def stats(self) -> StoreStats:
        with self._lock:
            one = self._conn.execute(
                "SELECT (SELECT count(*) FROM pages), (SELECT coalesce(sum(size), 0) FROM pages),"
                " (SELECT count(*) FROM articles), (SELECT count(*) FROM listings),"
                " (SELECT count(*) FROM state WHERE read), (SELECT count(*) FROM bookmarks),"
                " (SELECT count(*) FROM history), (SELECT min(fetched_at) FROM articles),"
                " (SELECT max(fetched_at) FROM articles), (SELECT count(*) FROM pictures),"
                " (SELECT coalesce(sum(size), 0) FROM pictures),"
                " (SELECT count(DISTINCT article_id) FROM revisions),"
                " (SELECT count(*) FROM revisions), (SELECT coalesce(sum(size), 0) FROM revisions)"
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
            pictures=one[9],
            picture_bytes=one[10],
            changed=one[11],
            revisions=one[12],
            revision_bytes=one[13],
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
        for table in ("pictures", "revisions"):  # a bookmark's are kept
            conn.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT value FROM "
                         "json_each(?)) AND article_id NOT IN (SELECT id FROM bookmarks)", (arr,))

    def _candidates(self) -> Iterator[tuple[str, str, int]]:
        """(kind, key, estimated bytes) in eviction order: pictures first (the text stays
        readable without them), oldest first; then read articles by when they were read, then
        pages no article owns (listing HTML …), then unread articles, oldest first. An
        article's size counts its page and its earlier versions (they go with it).
        Bookmarked articles, and their pictures and earlier versions, never appear."""
        yield from (
            ("picture", str(r[0]), r[1])
            for r in self._read(
                "SELECT rowid, size FROM pictures "
                "WHERE article_id NOT IN (SELECT id FROM bookmarks) ORDER BY fetched_at"
            )
        )
        yield from (
            ("article", r[0], r[1] + r[2] + r[3])
            for r in self._read(
                f"SELECT a.id, a.size, coalesce(p.size, 0), {_REVISION_BYTES} FROM articles a "
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
            ("article", r[0], r[1] + r[2] + r[3])
            for r in self._read(
                f"SELECT a.id, a.size, coalesce(p.size, 0), {_REVISION_BYTES} FROM articles a "
                "LEFT JOIN state s ON s.id = a.id LEFT JOIN pages p ON p.url = a.url "
                "WHERE coalesce(s.read, 0) = 0 AND a.id NOT IN (SELECT id FROM bookmarks) "
                "ORDER BY a.fetched_at"
            )
        )

    def _evict(
        self, *, vacuum: bool, progress: Callable[[int], None] | None = None
    ) -> int:
        """Evict in eviction order until under PRUNE_TARGET of the budget; returns count.

        In transactions of PRUNE_BATCH items, the store's lock let go in between: a prune
        killed halfway leaves a consistent cache (what it evicted so far), and other writes
        of this process get their turn.
        """
        evicted = 0
        target = int(self.budget_bytes * PRUNE_TARGET)
        # Of an evicted item's estimated bytes, the share that comes free at once (the rest:
        # room left in pages shared with rows that stay, index entries merged away later);
        # learnt from each round, so that the next does not evict more than needed.
        share = 1.0
        for round_ in range(5):
            used = self._used_bytes()
            # A further round only for more than 1 % of the budget: each has its full merge.
            if used <= (self.budget_bytes if round_ == 0 else target + self.budget_bytes // 100):
                break
            need = (used - target) / share
            victims: list[tuple[str, str]] = []
            freed = 0  # estimated
            for kind, key, size in self._candidates():
                victims.append((kind, key))
                freed += size
                if freed >= need:
                    break
            if not victims:
                break
            for start in range(0, len(victims), PRUNE_BATCH):
                batch = victims[start : start + PRUNE_BATCH]
                with self._tx() as conn:
                    self._delete_articles(conn, [k for kind, k in batch if kind == "article"])
                    conn.execute(
                        "DELETE FROM pages WHERE url IN (SELECT value FROM json_each(?))",
                        (json.dumps([k for kind, k in batch if kind == "page"]),),
                    )
                    conn.execute(
                        "DELETE FROM pictures WHERE rowid IN (SELECT value FROM json_each(?))",
                        (json.dumps([int(k) for kind, k in batch if kind == "picture"]),),
                    )
                    _drop_unused_dicts(conn)
                    # Some merging, so that deleted entries give their space back; bounded
                    # (an 'optimize' rewrites the whole index).
                    conn.execute("INSERT INTO fts(fts, rank) VALUES ('merge', 64)")
                evicted += len(batch)
                if progress is not None:
                    progress(evicted)
            # One full merge, so that the evicted entries of the index really give their
            # space back (until then each is there twice, with its deletion) and the next
            # round is judged by what is left (its own transaction: killed, it is not done).
            with self._tx() as conn:
                conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
            if used - self._used_bytes() < freed // 2:
                # Most of the space is in pages the evicted rows shared with others (evicted
                # by when they were read, they are scattered): only a VACUUM gives it back,
                # and without one every further round would evict for nothing. With this
                # version's small pages an evicted row frees whole pages and this is rare;
                # a file with 64 KB pages (before schema 5) is laid out anew here.
                self._compact(full=True)
            share = min(1.0, max(0.25, (used - self._used_bytes()) / max(1, freed)))
        if vacuum:
            self._compact()
        return evicted

    def _compact(self, *, full: bool = False) -> None:
        """Give the freed space back to the file system. A file made by this version
        (auto_vacuum incremental) only truncates its free pages unless ``full``; an older one
        is VACUUMed."""
        with self._lock:
            if self._relayout():
                return
            try:
                if not full and self._conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2:
                    # (executescript: execute() stops after the first page it frees)
                    self._conn.executescript("PRAGMA incremental_vacuum;")
                else:
                    self._conn.execute("VACUUM")
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.OperationalError:
                pass  # another process is busy with the file; compaction can wait

    def _relayout(self) -> bool:
        """A file made with another page size (64 KB before schema 5, SQLite's default before
        schema 2) or without incremental auto-vacuum gets this version's layout (db.PAGE_SIZE,
        incremental auto-vacuum) in a VACUUM, once, at its first compaction. That needs the
        file to itself (out of WAL mode for a moment); with another connection open it waits
        for a later prune. True if done."""
        conn = self._conn
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        if size == db.PAGE_SIZE and conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2:
            return False
        with self._rlock:
            self._rconn.close()
            try:
                mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
                if str(mode).lower() != "delete":
                    return False
                try:
                    conn.execute(f"PRAGMA page_size = {db.PAGE_SIZE}")
                    conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
                    conn.execute("VACUUM")
                finally:
                    conn.execute("PRAGMA journal_mode = WAL")
                return True
            except sqlite3.OperationalError:
                return False
            finally:
                self._rconn = db.connect_reader(self.path)

    @_recovering
    def prune(self, progress: Callable[[int], None] | None = None) -> int:
        """Evict to the budget (oldest read, then oldest unread; never bookmarks), compact.

        Returns how many articles and pages were evicted; ``progress`` is told the count so
        far after each batch.
        """
        return self._evict(vacuum=True, progress=progress)

    @_recovering
    def clear(self) -> None:
        """Delete everything: cached pages, articles and their earlier versions, listings, state,
        bookmarks, history."""
        with self._lock:
            with self._tx() as conn:
                conn.execute("INSERT INTO fts(fts) VALUES ('delete-all')")
                for table in ("articles", "pages", "pictures", "revisions", "dicts",
                              "listings", "state", "bookmarks", "history", "meta"):
                    conn.execute(f"DELETE FROM {table}")
                forget_terms(conn)
            self._compact()


def _drop_unused_dicts(conn: sqlite3.Connection) -> None:
    """Dictionaries no page, article or revision is packed against any more (ids are never
    reused)."""
    conn.execute(
        "DELETE FROM dicts WHERE kind = 0 AND id NOT IN "
        "(SELECT dict FROM pages WHERE dict IS NOT NULL) AND id NOT IN "
        "(SELECT dict FROM revisions WHERE dict IS NOT NULL)"
    )
    conn.execute(
        "DELETE FROM dicts WHERE kind = 1 AND id NOT IN "
        "(SELECT dict FROM articles WHERE dict IS NOT NULL) AND id NOT IN "
        "(SELECT data_dict FROM revisions WHERE data_dict IS NOT NULL)"
    )
