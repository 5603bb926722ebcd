"""What is cached: raw pages, articles (with their search entries) and listings;
re-parsing cached pages with a newer parser."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from tazreader.store.core import (
    _comments_left_in_page,
    _comments_read_again,
    _decode_article,
    _epoch,
    _ids_json,
    _json,
    _published_epoch,
    _recovering,
    _teaser,
    _utc,
)
from tazreader.store.fts import article_text, fts_columns
from tazreader.store.pack import ZLIB, Damaged
from tazreader.store.revisions import Revisions
from tazreader.taz.models import (
    Article,
    Listing,
    Teaser,
    article_to_dict,
    listing_from_dict,
    listing_to_dict,
    teaser_to_dict,
)
from tazreader.taz.urls import ARTICLE_ID

_ARTICLE_ID = re.compile(rf"!=?({ARTICLE_ID})(?:/|$)")
REPARSE_BATCH = 50  # pages parsed between two (short) write transactions
COMMENTS_KEPT = 8  # articles whose comments, read again from their pages, are kept


def _parser_version(stored: int) -> int:
    from tazreader.taz.parse.article import PARSER_VERSION

    return max(int(stored), PARSER_VERSION)


@dataclass(frozen=True, slots=True)
class CachedPage:
    """A raw page as fetched, with its validators and when."""

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


class Cache(Revisions):
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
        old = conn.execute("SELECT dict FROM pages WHERE url = ?", (url,)).fetchone()
        packed, codec, did = self._packer.pack(conn, body, old[0] if old else None)
        conn.execute(
            "INSERT INTO pages(url, body, etag, last_modified, content_type, fetched_at, size, "
            "codec, dict) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
            "body=excluded.body, etag=excluded.etag, last_modified=excluded.last_modified, "
            "content_type=excluded.content_type, fetched_at=excluded.fetched_at, "
            "size=excluded.size, codec=excluded.codec, dict=excluded.dict",
            (url, packed, etag, last_modified, content_type, _epoch(fetched_at), len(packed),
             codec, did),
        )

    def _unpack(self, blob: bytes, codec: int, did: int | None) -> bytes | None:
        try:
            with self._rlock:
                return self._packer.unpack(self._rconn, blob, codec, did)
        except Damaged:
            return None

    @_recovering
    def get_page(self, url: str) -> CachedPage | None:
        rows = self._read(
            "SELECT url, body, etag, last_modified, fetched_at, content_type, codec, dict "
            "FROM pages WHERE url = ?",
            (url,),
        )
        if not rows:
            return None
        u, body, etag, lm, fetched, ctype, codec, did = rows[0]
        raw = self._unpack(body, codec, did)
        if raw is None:
            return None
        return CachedPage(u, raw, etag, lm, _utc(fetched), ctype)

    def repack(self, limit: int | None = None) -> int:
        """Pages still packed as schema 1 had them (zlib) are packed again with zstd and a
        dictionary, in batches; returns how many. A body that does not unpack is dropped
        (its article stays; it cannot be re-parsed without the network)."""
        done = 0
        if not self._read("SELECT 1 FROM pages WHERE codec = ? LIMIT 1", (ZLIB,)):
            return 0  # the usual case: a look, no write lock
        while limit is None or done < limit:
            batch = 200 if limit is None else min(200, limit - done)
            with self._tx() as conn:
                rows = conn.execute(
                    "SELECT url, body FROM pages WHERE codec = ? LIMIT ?", (ZLIB, batch)
                ).fetchall()
                if not rows:
                    break
                for url, blob in rows:
                    try:
                        raw = self._packer.unpack(conn, blob, ZLIB, None)
                    except Damaged:
                        conn.execute("DELETE FROM pages WHERE url = ?", (url,))
                        continue
                    packed, codec, did = self._packer.pack(conn, raw)
                    conn.execute(
                        "UPDATE pages SET body = ?, size = ?, codec = ?, dict = ? WHERE url = ?",
                        (packed, len(packed), codec, did, url),
                    )
                    done += 1
        return done

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
        self, conn: sqlite3.Connection, article: Article, fetched_at: datetime,
        parser_version: int, since: float | None = None, page_kept: bool = True,
    ) -> None:
        """``since``: when this text was first seen, if it is new; None keeps the row's (a new
        row: ``fetched_at``). ``page_kept``: ``article`` was read from the raw page stored for
        its URL, so its comments are left there (:func:`_comments_left_in_page`)."""
        kept = _comments_left_in_page(article) if page_kept else article
        data = _json(article_to_dict(kept))
        teaser = _json(teaser_to_dict(article.teaser_entry()))
        body = article_text(article)
        columns = fts_columns(article, body)
        packed, _, did = self._jpacker.pack(conn, data.encode("utf-8"))
        text = self._jpacker.plain(body.encode("utf-8"))
        size = len(packed) + len(teaser) + len(text) + sum(len(c) for c in columns) // 2 + 200
        old = conn.execute("SELECT rid FROM articles WHERE id = ?", (article.id,)).fetchone()
        if old is not None and self._unindex(conn, [old[0]]):
            # Its old entry could not be taken out: the article gets a new row id.
            conn.execute("DELETE FROM articles WHERE rid = ?", (old[0],))
            old = None
        rid = old[0] if old is not None else self._next_rid(conn)
        conn.execute(
            "INSERT INTO articles(rid, id, url, data, dict, teaser, body, parser_version, "
            "fetched_at, published, size, indexed, since) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, coalesce(?, ?)) "
            "ON CONFLICT(id) DO UPDATE SET url=excluded.url, data=excluded.data, "
            "dict=excluded.dict, teaser=excluded.teaser, body=excluded.body, "
            "parser_version=excluded.parser_version, fetched_at=excluded.fetched_at, "
            "published=excluded.published, size=excluded.size, indexed=0, "
            "since=coalesce(?, articles.since)",
            (
                rid,
                article.id,
                article.url,
                packed,
                did,
                teaser,
                text,
                parser_version,
                _epoch(fetched_at),
                _published_epoch(article.published),
                size,
                since,
                _epoch(fetched_at),
                since,
            ),
        )
        self._index(conn, rid, columns)

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
        revise: bool = False,
    ) -> bool:
        """Store the article, its raw page and its search entry in one transaction.

        ``revise`` (a page fetched again): if the article's text is not the text kept, the
        version kept is kept as a revision (:mod:`tazreader.store.revisions`). True if one was.
        """
        with self._lock:
            with self._tx() as conn:
                since = self._revise(conn, article, fetched_at, parser_version) if revise else None
                if raw is not None:
                    self._put_page(
                        conn, article.url, raw, etag, last_modified, fetched_at, "text/html"
                    )
                self._put_article(conn, article, fetched_at, parser_version, since,
                                  page_kept=raw is not None)
            self._wrote()
        return since is not None

    def _article_row(self, url_or_id: str, columns: str) -> tuple[Any, ...] | None:
        rows = self._read(f"SELECT {columns} FROM articles WHERE url = ?", (url_or_id,))
        if not rows:
            aid = _id_of(url_or_id)
            if aid is None:
                return None
            rows = self._read(f"SELECT {columns} FROM articles WHERE id = ?", (aid,))
        return rows[0] if rows else None

    @_recovering
    def get_article(
        self, url_or_id: str, *, comments: bool = True
    ) -> tuple[Article, datetime] | None:
        """The cached article and when it was fetched. A row that does not decode is re-parsed
        from its raw page, or dropped (a notice says which); None then if it is gone.
        ``comments``: read the readers' comments again from the saved page (~2 ms; without,
        ``Comments.in_page`` says how many there are)."""
        row = self._article_row(url_or_id, "rid, data, dict, fetched_at")
        if row is None:
            return None
        rid, data, did, fetched = row
        article = _decode_article(self._read_text(data, did))
        if article is None:
            with self._tx() as conn:
                article = self._mend_row(conn, rid)
        if article is None:
            return None
        if comments:
            article = self._with_comments(article, fetched)
        return article, _utc(fetched)

    def _with_comments(self, article: Article, fetched: float) -> Article:
        c = article.comments
        if c is None or not c.in_page or c.items:
            return article
        key = (article.url, fetched)
        with self._comments_lock:
            known = self._comments_read.get(key)
        if known is not None:
            return replace(article, comments=known)
        page = self.get_page(article.url)
        article = _comments_read_again(article, None if page is None else page.body)
        if article.comments is not None and article.comments.items:
            with self._comments_lock:
                self._comments_read[key] = article.comments
                while len(self._comments_read) > COMMENTS_KEPT:
                    self._comments_read.popitem(last=False)
        return article

    def _mend(self, conn: sqlite3.Connection, rid: int) -> None:
        self._mend_row(conn, rid)

    def _mend_row(self, conn: sqlite3.Connection, rid: int) -> Article | None:
        """The article row ``rid`` does not decode: parse it again from its raw page if that
        is kept, else drop it; the user is told either way."""
        from tazreader.i18n import _

        row = conn.execute(
            "SELECT id, url, fetched_at, parser_version, data, dict FROM articles WHERE rid = ?",
            (rid,),
        ).fetchone()
        if row is None:
            return None
        aid, url, fetched, version, data, did = row
        article = _decode_article(self._text(conn, data, did))
        if article is not None:
            return article  # mended meanwhile (another thread or process)
        article = self._reparse_page(conn, url)
        self._unindex(conn, [rid])  # an entry it cannot take out is left to the floor
        conn.execute("DELETE FROM articles WHERE rid = ?", (rid,))
        if article is not None and article.id == aid:
            self._put_article(conn, article, _utc(fetched), _parser_version(version))
            self.say(_("A damaged cached article (!{id}) was read again from its saved page.")
                     .format(id=aid))
            return article
        self.say(_("A damaged cached article (!{id}) was dropped; it is fetched again when "
                   "opened.").format(id=aid))
        return None

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
    def reparse_stale(
        self, parser_version: int, parse: Callable[[bytes, str], Article], *,
        url: str | None = None,
    ) -> int:
        """Re-parse cached raw pages of articles parsed by an older parser (``url``: only that
        article's); no network.

        Returns how many articles were re-parsed. A page the new parser cannot handle keeps
        its old parse.
        """
        only = "" if url is None else " AND a.url = ?"
        rows = self._read(
            "SELECT a.id, a.url, a.fetched_at FROM articles a JOIN pages p ON p.url = a.url "
            f"WHERE a.parser_version < ?{only} ORDER BY a.rid DESC",
            (parser_version,) if url is None else (parser_version, url),
        )
        done = 0
        for start in range(0, len(rows), REPARSE_BATCH):
            parsed: list[tuple[str, Article, float]] = []
            for old_id, url, fetched in rows[start : start + REPARSE_BATCH]:
                page = self.get_page(url)
                if page is None:
                    continue
                try:
                    parsed.append((old_id, parse(page.body, url), fetched))
                except Exception:  # one bad page must not stop the others
                    continue
            # Parsed outside the write lock; written in one short transaction a batch.
            with self._tx() as conn:
                for old_id, article, fetched in parsed:
                    if article.id != old_id:
                        self._delete_articles(conn, [old_id])
                    self._put_article(conn, article, _utc(fetched), parser_version)
            done += len(parsed)
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
        try:
            listing = listing_from_dict(json.loads(rows[0][0]))
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            listing = None
        if listing is None:
            from tazreader.i18n import _

            with self._tx() as conn:  # fetched again when next shown
                conn.execute("DELETE FROM listings WHERE url = ?", (url,))
            self.say(_("A damaged cached list was dropped: {url}").format(url=url))
            return None
        return listing, _utc(rows[0][1])
