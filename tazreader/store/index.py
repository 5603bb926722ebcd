"""The full-text index's upkeep: entries in and out, filling it in batches, and rebuilding it
from the articles table when it is damaged (the rest of the cache is not touched for that).

The index keeps no copy of the text (``content=''``): an entry is taken out with FTS5's
``'delete'`` command and the very values it was made of, which :func:`fts.row_columns`
recomputes from the article's stored row. ``articles.indexed`` says whether a row is in the
index; rows written before schema 2, or before a rebuild, are put in by :meth:`index_pending`.

An article row that does not decode cannot be taken out of the index exactly; its entries are
left behind under its row id, so that id is never handed out again (``meta.rid_floor``).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Sequence

from tazreader.store import db
from tazreader.store.core import StoreCore, _json
from tazreader.store.fts import row_columns, words

INDEX_BATCH = 500  # articles per transaction when filling the index
RID_FLOOR_KEY = "rid_floor"


class Index(StoreCore):
    """Puts articles into the full-text index and takes them out again."""

    def _index(self, conn: sqlite3.Connection, rid: int, columns: Sequence[str]) -> None:
        conn.execute(
            "INSERT INTO fts(rowid, title, kicker, teaser, body, authors, tags) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (rid, *columns),
        )
        conn.execute("UPDATE articles SET indexed = 1 WHERE rid = ?", (rid,))
        conn.execute(
            "INSERT OR IGNORE INTO terms(term) SELECT value FROM json_each(?)",
            (json.dumps(sorted(words(columns))),),
        )

    def _row_columns(
        self, conn: sqlite3.Connection, data: object, body: object, did: int | None
    ) -> tuple[str, ...] | None:
        text, plain = self._text(conn, data, did), self._text(conn, body)
        return None if text is None or plain is None else row_columns(text, plain)

    def _unindex(self, conn: sqlite3.Connection, rids: list[int]) -> list[int]:
        """Take the rows ``rids`` out of the index; returns those that could not be (their
        stored row does not decode): their ids must not be used again."""
        lost: list[int] = []
        for start in range(0, len(rids), 500):
            rows = conn.execute(
                "SELECT rid, data, body, dict FROM articles WHERE indexed = 1 AND rid IN "
                "(SELECT value FROM json_each(?))",
                (json.dumps(rids[start : start + 500]),),
            ).fetchall()
            for rid, data, body, did in rows:
                columns = self._row_columns(conn, data, body, did)
                if columns is None:
                    lost.append(rid)
                    continue
                conn.execute(
                    "INSERT INTO fts(fts, rowid, title, kicker, teaser, body, authors, tags) "
                    "VALUES ('delete', ?, ?, ?, ?, ?, ?, ?)",
                    (rid, *columns),
                )
        if lost:
            floor = max(lost)
            conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                "value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
                (RID_FLOOR_KEY, _json(floor)),
            )
        return lost

    def _next_rid(self, conn: sqlite3.Connection) -> int:
        row = conn.execute(
            "SELECT max(coalesce((SELECT max(rid) FROM articles), 0), "
            "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?), 0)) + 1",
            (RID_FLOOR_KEY,),
        ).fetchone()
        return int(row[0])

    def _mend(self, conn: sqlite3.Connection, rid: int) -> None:
        """A row that does not decode: kept out of the index (the cache repairs it)."""
        conn.execute("UPDATE articles SET indexed = -1 WHERE rid = ?", (rid,))

    def index_pending(self, limit: int | None = None) -> int:
        """Put articles that are not in the index yet into it, newest first, in batches of
        :data:`INDEX_BATCH` (each its own transaction: readers and writers go on in between).
        Returns how many were put in; a row that does not decode is left for its repair."""
        done = 0
        if not self._read("SELECT 1 FROM articles WHERE indexed = 0 LIMIT 1"):
            return 0  # the usual case: a look, no write lock
        while limit is None or done < limit:
            batch = INDEX_BATCH if limit is None else min(INDEX_BATCH, limit - done)
            with self._tx() as conn:
                rows = conn.execute(
                    "SELECT rid, data, body, dict FROM articles WHERE indexed = 0 "
                    "ORDER BY rid DESC LIMIT ?",
                    (batch,),
                ).fetchall()
                if not rows:
                    break
                for rid, data, body, did in rows:
                    columns = self._row_columns(conn, data, body, did)
                    if columns is None:
                        self._mend(conn, rid)
                        continue
                    self._index(conn, rid, columns)
                    done += 1
        return done

    def _rebuild_index(self) -> int:
        """A fresh, empty index; every article is put in again (see :meth:`index_pending`)."""
        with self._tx() as conn:
            _remake(conn, "fts", db.FTS_SCHEMA)
            conn.execute("UPDATE articles SET indexed = 0 WHERE indexed != 0")
            forget_terms(conn)
            conn.execute("DELETE FROM meta WHERE key = ?", (RID_FLOOR_KEY,))
        return self.index_pending()

    def _index_damaged(self) -> bool:
        """True when the full-text index or the vocabulary's fails its integrity check."""
        try:
            with self._lock:
                for table in ("fts", "grams"):
                    self._conn.execute(
                        f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 0)"
                    )
        except sqlite3.DatabaseError as exc:
            return db.is_corrupt(exc) or "vtable constructor failed" in str(exc).lower()
        return False

    def _repair(self, exc: sqlite3.Error) -> bool:
        return self._index_damaged() and self._repair_index()

    def _repair_index(self) -> bool:
        with self._lock:
            if self._conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
            return self._rebuild_and_say()

    def _rebuild_and_say(self) -> bool:
        try:
            count = self._rebuild_index()
        except sqlite3.DatabaseError:
            return False  # the damage goes deeper than the index: the file is set aside
        from tazreader.i18n import _

        self.say(
            _("The offline cache's search index was damaged; it was rebuilt from the {count} "
              "cached articles. Bookmarks, history and articles are kept.").format(count=count)
        )
        return True


def forget_terms(conn: sqlite3.Connection) -> None:
    """Empty the vocabulary and its trigram index (made anew: emptying it row by row would
    take every word out of it one at a time)."""
    conn.execute("DELETE FROM terms")
    _remake(conn, "grams", db.GRAMS_SCHEMA)


def _remake(conn: sqlite3.Connection, table: str, schema: str) -> None:
    """Drop the FTS5 table ``table`` (damaged or not) and create it empty from ``schema``."""
    try:
        conn.execute("SAVEPOINT drop_index")
        conn.execute(f"DROP TABLE IF EXISTS {table}")
        conn.execute("RELEASE drop_index")
    except sqlite3.DatabaseError:
        # FTS5 cannot even open the broken table to drop it: give it the blocks of an
        # empty index first, then it can.
        conn.execute("ROLLBACK TO drop_index")
        conn.execute("RELEASE drop_index")
        _empty_shadow_tables(conn, table, schema)
        conn.execute(f"DROP TABLE {table}")
    conn.execute(schema.format(name=f"main.{table}"))


def _empty_shadow_tables(conn: sqlite3.Connection, table: str, schema: str) -> None:
    """Overwrite the shadow tables of ``table`` with those of a fresh, empty one."""
    conn.execute(schema.format(name=f"temp.{table}_fresh"))
    try:
        for part in ("data", "config"):
            conn.execute(f"DELETE FROM main.{table}_{part}")
            conn.execute(
                f"INSERT INTO main.{table}_{part} SELECT * FROM temp.{table}_fresh_{part}"
            )
        for part in ("idx", "docsize", "content"):
            if conn.execute(
                "SELECT 1 FROM main.sqlite_master WHERE name = ?", (f"{table}_{part}",)
            ).fetchone():
                conn.execute(f"DELETE FROM main.{table}_{part}")
    finally:
        conn.execute(f"DROP TABLE temp.{table}_fresh")
