"""What is cached: raw pages, articles (with their search entries) and listings;
re-parsing cached pages with a newer parser."""

from __future__ import annotations

import json
import re
import sqlite3
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from tazreader.store.budget import Budget
from tazreader.store.core import _epoch, _ids_json, _json, _published_epoch, _recovering, _utc
from tazreader.store.fts import article_text, fts_columns
from tazreader.taz.models import (
    Article,
    Listing,
    Teaser,
    article_from_dict,
    article_to_dict,
    listing_from_dict,
    listing_to_dict,
    teaser_from_dict,
    teaser_to_dict,
)
from tazreader.taz.urls import ARTICLE_ID

_ARTICLE_ID = re.compile(rf"!=?({ARTICLE_ID})(?:/|$)")


@dataclass(frozen=True, slots=True)
class CachedPage:
    url: str
    body: bytes
    etag: str | None
    last_modified: str | None
    fetched_at: datetime  # aware UTC
    content_type: str = "text/html"


def _id_of(url_or_id: str) -> str | None:
    """``"5928990"``, ``"!5928990"`` or any article URL (taz.de or a mirror) -> the id."""
    s = url_or_id.strip()
    if s.lstrip("!=").isdigit():
        return s.lstrip("!=")
    try:
        path = urlsplit(s).path
    except ValueError:
        return None
    m = _ARTICLE_ID.search(path)
    return m.group(1) if m else None


def _teaser(text: str | bytes, article_id: str) -> Teaser | None:
    """A ``teaser`` column -> the teaser of article ``article_id``, or None if it is damaged
    (not JSON, not a teaser, fields of the wrong type, or another article's)."""
    try:
        data = json.loads(text)
        teaser = teaser_from_dict(data) if isinstance(data, dict) else None
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    if teaser is None or teaser.id != article_id:
        return None
    texts = (teaser.url, teaser.title, teaser.kicker, teaser.teaser)
    if not all(isinstance(t, str) for t in texts) or not isinstance(teaser.image, str | None):
        return None
    if not all(isinstance(a.name, str) and isinstance(a.url, str | None) for a in teaser.authors):
        return None
    return teaser


class Cache(Budget):
    """Pages, articles and listings; every write counts towards the budget check."""

    # --- raw pages ----------------------------------------------------------------------

    def _put_page(
        self,
        conn: sqlite3.Connection,
        url: str,
        body: bytes,
        etag: str | None,
        last_modified: str | None,
        fetched_at: datetime,
        content_type: str,
    ) -> None:
        packed = zlib.compress(bytes(body), 6)
        conn.execute(
            "INSERT INTO pages(url, body, etag, last_modified, content_type, fetched_at, size) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET body=excluded.body, "
            "etag=excluded.etag, last_modified=excluded.last_modified, "
            "content_type=excluded.content_type, fetched_at=excluded.fetched_at, "
            "size=excluded.size",
            (url, packed, etag, last_modified, content_type, _epoch(fetched_at), len(packed)),
        )

    @_recovering
    def get_page(self, url: str) -> CachedPage | None:
        rows = self._read(
            "SELECT url, body, etag, last_modified, fetched_at, content_type FROM pages "
            "WHERE url = ?",
            (url,),
        )
        if not rows:
            return None
        u, body, etag, lm, fetched, ctype = rows[0]
        try:
            raw = zlib.decompress(body)
        except zlib.error:
            return None
        return CachedPage(u, raw, etag, lm, _utc(fetched), ctype)

    @_recovering
    def touch_page(self, url: str, fetched_at: datetime) -> None:
        """A 304: the cached page (and the article or listing made from it) is fresh again."""
        t = _epoch(fetched_at)
        with self._tx() as conn:
            conn.execute("UPDATE pages SET fetched_at = ? WHERE url = ?", (t, url))
            conn.execute("UPDATE articles SET fetched_at = ? WHERE url = ?", (t, url))
            conn.execute("UPDATE listings SET fetched_at = ? WHERE url = ?", (t, url))

    # --- articles -----------------------------------------------------------------------

    def _put_article(
        self, conn: sqlite3.Connection, article: Article, fetched_at: datetime, parser_version: int
    ) -> None:
        data = _json(article_to_dict(article))
        teaser = _json(teaser_to_dict(article.teaser_entry()))
        body = article_text(article)
        columns = fts_columns(article, body)
        size = len(data) + len(teaser) + len(body) + 2 * sum(len(c) for c in columns) + 200
        conn.execute("DELETE FROM fts WHERE rowid IN (SELECT rid FROM articles WHERE id = ?)",
                     (article.id,))
        (rid,) = conn.execute(
            "INSERT INTO articles(id, url, data, teaser, body, parser_version, fetched_at, "
            "published, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET url=excluded.url, data=excluded.data, "
            "teaser=excluded.teaser, body=excluded.body, "
            "parser_version=excluded.parser_version, fetched_at=excluded.fetched_at, "
            "published=excluded.published, size=excluded.size RETURNING rid",
            (
                article.id,
                article.url,
                data,
                teaser,
                body,
                parser_version,
                _epoch(fetched_at),
                _published_epoch(article.published),
                size,
            ),
        ).fetchone()
        conn.execute(
            "INSERT INTO fts(rowid, title, kicker, teaser, body, authors, tags) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (rid, *columns),
        )

    @_recovering
    def put_article(
        self,
        article: Article,
        *,
        raw: bytes | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        fetched_at: datetime,
        parser_version: int,
    ) -> None:
        """Store the article, its raw page and its search entry in one transaction."""
        with self._lock:
            with self._tx() as conn:
                if raw is not None:
                    self._put_page(
                        conn, article.url, raw, etag, last_modified, fetched_at, "text/html"
                    )
                self._put_article(conn, article, fetched_at, parser_version)
            self._wrote()

    def _article_row(self, url_or_id: str, columns: str) -> tuple[Any, ...] | None:
        rows = self._read(f"SELECT {columns} FROM articles WHERE url = ?", (url_or_id,))
        if not rows:
            aid = _id_of(url_or_id)
            if aid is None:
                return None
            rows = self._read(f"SELECT {columns} FROM articles WHERE id = ?", (aid,))
        return rows[0] if rows else None

    @_recovering
    def get_article(self, url_or_id: str) -> tuple[Article, datetime] | None:
        row = self._article_row(url_or_id, "data, fetched_at")
        if row is None:
            return None
        return article_from_dict(json.loads(row[0])), _utc(row[1])

    @_recovering
    def cached_ids(self, ids: Iterable[str]) -> set[str]:
        rows = self._read(
            "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))",
            (_ids_json(ids),),
        )
        return {r[0] for r in rows}

    @_recovering
    def heads(self, ids: Iterable[str]) -> dict[str, Teaser]:
        """The teaser of each cached article among ``ids`` (date, authors …), in the order
        asked: read from the small ``teaser`` column, the article itself is not decoded.

        Ids not cached are left out, and so is a row whose teaser cannot be read.
        """
        wanted = list(dict.fromkeys(str(i) for i in ids))
        if not wanted:
            return {}
        rows = self._read(
            "SELECT id, teaser FROM articles WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(wanted),),
        )
        found = dict(rows)
        heads: dict[str, Teaser] = {}
        for aid in wanted:
            teaser = _teaser(found[aid], aid) if aid in found else None
            if teaser is not None:
                heads[aid] = teaser
        return heads

    @_recovering
    def reparse_stale(self, parser_version: int, parse: Callable[[bytes, str], Article]) -> int:
        """Re-parse cached raw pages of articles parsed by an older parser; no network.

        Returns how many articles were re-parsed. A page the new parser cannot handle keeps
        its old parse.
        """
        rows = self._read(
            "SELECT a.id, a.url, a.fetched_at FROM articles a JOIN pages p ON p.url = a.url "
            "WHERE a.parser_version < ? ORDER BY a.rid",
            (parser_version,),
        )
        done = 0
        for old_id, url, fetched in rows:
            page = self.get_page(url)
            if page is None:
                continue
            try:
                article = parse(page.body, url)
            except Exception:  # one bad page must not stop the others
                continue
            with self._tx() as conn:
                if article.id != old_id:
                    self._delete_articles(conn, [old_id])
                self._put_article(conn, article, _utc(fetched), parser_version)
            done += 1
        return done

    # --- listings -----------------------------------------------------------------------

    @_recovering
    def put_listing(
        self,
        listing: Listing,
        *,
        raw: bytes | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        content_type: str = "text/html",
        fetched_at: datetime,
    ) -> None:
        """Store the listing and (given ``raw``) its raw page in one transaction."""
        with self._lock:
            with self._tx() as conn:
                if raw is not None:
                    self._put_page(
                        conn, listing.url, raw, etag, last_modified, fetched_at, content_type
                    )
                conn.execute(
                    "INSERT INTO listings(url, data, fetched_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(url) DO UPDATE SET data=excluded.data, "
                    "fetched_at=excluded.fetched_at",
                    (listing.url, _json(listing_to_dict(listing)), _epoch(fetched_at)),
                )
            self._wrote()

    @_recovering
    def get_listing(self, url: str) -> tuple[Listing, datetime] | None:
        rows = self._read("SELECT data, fetched_at FROM listings WHERE url = ?", (url,))
        if not rows:
            return None
        return listing_from_dict(json.loads(rows[0][0])), _utc(rows[0][1])
