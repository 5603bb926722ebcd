"""The reader's own state: read, reading position, bookmarks, history, per-id states,
the offline list, and small settings (meta)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tazreader.store.core import StoreCore, _json, _now, _recovering
from tazreader.taz.models import Teaser, teaser_from_dict, teaser_to_dict

HISTORY_KEEP = 2000


@dataclass(frozen=True, slots=True)
class ArticleState:
    read: bool = False
    bookmarked: bool = False
    cached: bool = False


class ReaderState(StoreCore):
    """What the reader did: small rows, kept when articles are evicted."""

    @_recovering
    def set_read(self, article_id: str, read: bool = True) -> None:
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO state(id, read, read_at) VALUES (?, ?, ?) ON CONFLICT(id) "
                "DO UPDATE SET read=excluded.read, read_at=excluded.read_at",
                (article_id, int(read), _now() if read else None),
            )

    @_recovering
    def set_position(self, article_id: str, position: float) -> None:
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO state(id, position) VALUES (?, ?) ON CONFLICT(id) "
                "DO UPDATE SET position=excluded.position",
                (article_id, float(position)),
            )

    @_recovering
    def get_position(self, article_id: str) -> float | None:
        rows = self._read("SELECT position FROM state WHERE id = ?", (article_id,))
        return None if not rows or rows[0][0] is None else float(rows[0][0])

    @_recovering
    def add_bookmark(self, teaser: Teaser) -> None:
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO bookmarks(id, teaser, added_at) VALUES (?, ?, ?) ON CONFLICT(id) "
                "DO UPDATE SET teaser=excluded.teaser",
                (teaser.id, _json(teaser_to_dict(teaser)), _now()),
            )

    @_recovering
    def remove_bookmark(self, article_id: str) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM bookmarks WHERE id = ?", (article_id,))

    @_recovering
    def bookmarks(self) -> list[Teaser]:
        rows = self._read("SELECT teaser FROM bookmarks ORDER BY added_at DESC, rowid DESC")
        return [teaser_from_dict(json.loads(r[0])) for r in rows]

    @_recovering
    def add_history(self, teaser: Teaser) -> None:
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO history(id, teaser, opened_at) VALUES (?, ?, ?) ON CONFLICT(id) "
                "DO UPDATE SET teaser=excluded.teaser, opened_at=excluded.opened_at",
                (teaser.id, _json(teaser_to_dict(teaser)), _now()),
            )
            conn.execute(
                "DELETE FROM history WHERE id NOT IN "
                "(SELECT id FROM history ORDER BY opened_at DESC LIMIT ?)",
                (HISTORY_KEEP,),
            )

    @_recovering
    def history(self, limit: int = 500) -> list[Teaser]:
        rows = self._read(
            "SELECT teaser FROM history ORDER BY opened_at DESC, rowid DESC LIMIT ?",
            (max(0, limit),),
        )
        return [teaser_from_dict(json.loads(r[0])) for r in rows]

    @_recovering
    def states(self, ids: Iterable[str]) -> dict[str, ArticleState]:
        """Read / bookmarked / cached for each id asked about (all False if unknown)."""
        wanted = list(dict.fromkeys(str(i) for i in ids))
        if not wanted:
            return {}
        rows = self._read(
            "WITH w(id) AS (SELECT value FROM json_each(?)) "
            "SELECT w.id, coalesce(s.read, 0), b.id IS NOT NULL, a.id IS NOT NULL FROM w "
            "LEFT JOIN state s ON s.id = w.id LEFT JOIN bookmarks b ON b.id = w.id "
            "LEFT JOIN articles a ON a.id = w.id",
            (json.dumps(wanted),),
        )
        return {r[0]: ArticleState(bool(r[1]), bool(r[2]), bool(r[3])) for r in rows}

    @_recovering
    def offline_articles(self, limit: int = 1000) -> list[Teaser]:
        rows = self._read(
            "SELECT teaser FROM articles ORDER BY coalesce(published, fetched_at) DESC LIMIT ?",
            (max(0, limit),),
        )
        return [teaser_from_dict(json.loads(r[0])) for r in rows]

    # --- meta ---------------------------------------------------------------------------

    @_recovering
    def get_meta(self, key: str) -> Any:
        rows = self._read("SELECT value FROM meta WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else None

    @_recovering
    def set_meta(self, key: str, value: Any) -> None:
        text = _json(value)  # raises TypeError before touching the database
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, text),
            )
