"""The reader's own state: read, reading position, bookmarks, history, per-id states,
the offline list, and small settings (meta)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tazreader.store.core import StoreCore, _json, _now, _recovering, _teaser
from tazreader.taz.models import Teaser, teaser_to_dict

HISTORY_KEEP = 2000


def _stub(article_id: str) -> Teaser:
    """What a damaged bookmark or history row still says: the article's id."""
    from tazreader.i18n import _

    return Teaser(article_id, f"https://taz.de/!{article_id}/",
                  _("Article {id} (damaged entry)").format(id=article_id))


@dataclass(frozen=True, slots=True)
class ArticleState:
    """Whether an article was read, is bookmarked, is cached."""

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
        rows = self._read(
            "SELECT b.id, b.teaser, a.teaser FROM bookmarks b LEFT JOIN articles a ON a.id = b.id "
            "ORDER BY b.added_at DESC, b.rowid DESC"
        )
        return self._entries(rows)

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
            "SELECT h.id, h.teaser, a.teaser FROM history h LEFT JOIN articles a ON a.id = h.id "
            "ORDER BY h.opened_at DESC, h.rowid DESC LIMIT ?",
            (max(0, limit),),
        )
        return self._entries(rows)

    def _entries(self, rows: list[tuple[Any, ...]]) -> list[Teaser]:
        """Bookmark or history rows (id, own teaser, the cached article's teaser) -> teasers.
        A damaged row is made again from its cached article, or from its id alone (it is
        then fetched when opened): a bookmark is never lost to one bad byte."""
        out: list[Teaser] = []
        mended = 0
        for aid, own, cached in rows:
            teaser = _teaser(own, aid)
            if teaser is None:
                mended += 1
                teaser = (_teaser(cached, aid) if cached is not None else None) or _stub(aid)
            out.append(teaser)
        if mended:
            from tazreader.i18n import ngettext

            self.say(ngettext("{n} damaged entry of bookmarks or history was restored.",
                              "{n} damaged entries of bookmarks or history were restored.",
                              mended).format(n=mended))
        return out

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
            "SELECT id, teaser FROM articles ORDER BY coalesce(published, fetched_at) DESC "
            "LIMIT ?",
            (max(0, limit),),
        )
        # A damaged row is left out here; opening it (get_article) mends or drops it.
        return [t for aid, text in rows if (t := _teaser(text, aid)) is not None]

    # --- meta ---------------------------------------------------------------------------

    @_recovering
    def get_meta(self, key: str) -> Any:
        rows = self._read("SELECT value FROM meta WHERE key = ?", (key,))
        if not rows:
            return None
        try:
            return json.loads(rows[0][0])
        except (ValueError, TypeError, RecursionError):
            return None  # a damaged setting is as good as none; the next save replaces it

    @_recovering
    def set_meta(self, key: str, value: Any) -> None:
        text = _json(value)  # raises TypeError before touching the database
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, text),
            )
