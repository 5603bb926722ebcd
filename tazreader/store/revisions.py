"""Earlier versions of articles. taz corrects its pieces after publication, often silently; a
reader with a cache is the one tool that can show what changed.

When an article is fetched again (``put_article(..., revise=True)``) and its text — kicker,
title, teaser, caption, body (:func:`tazreader.taz.diffing.same_text`; not its links, tags or
comments) — is not the text kept, the version kept becomes a revision: its raw page (the
packed blob copied as the pages table held it) and its parse, with when that text was first
and last seen. A newer parser's reading of the same page is no new version: when the version
kept was read by another parser, its kept page is read again by this one before the two are
compared; without a readable page the two count as the same.

At most :data:`MAX_REVISIONS` an article, the oldest go first. They count in the size budget
and go with their article, but a bookmarked article keeps them (:mod:`tazreader.store.budget`).
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from tazreader.store.budget import Budget
from tazreader.store.core import (
    _comments_read_again,
    _decode_article,
    _epoch,
    _json,
    _recovering,
    _teaser,
    _utc,
)
from tazreader.store.pack import ZSTD, Damaged
from tazreader.taz.models import Article, Teaser, article_to_dict

MAX_REVISIONS = 10  # earlier versions kept an article


@dataclass(frozen=True, slots=True)
class KeptRevision:
    """An earlier version of an article, as the cache keeps it."""

    id: int
    article: Article | None  # None: the stored parse does not decode (read its page again)
    parser_version: int  # the parser that read it
    first_seen: datetime
    last_seen: datetime
    has_page: bool


@dataclass(frozen=True, slots=True)
class Changes:
    """That an article's text changed: how many earlier versions are kept, and since when the
    text kept now is the text (None: not known, cached before schema 4)."""

    revisions: int
    since: datetime | None


class Revisions(Budget):
    """Keeps the earlier versions of articles, and reads them back."""

    def _reparse_page(self, conn: sqlite3.Connection, url: str) -> Article | None:
        """The raw page kept for ``url``, as this version's parser reads it (None: no page,
        or none it can read)."""
        row = conn.execute(
            "SELECT body, codec, dict FROM pages WHERE url = ?", (url,)
        ).fetchone()
        return None if row is None else self._parse(conn, url, *row)

    def _parse(
        self, conn: sqlite3.Connection, url: str, blob: bytes, codec: int, did: int | None
    ) -> Article | None:
        try:
            raw = self._packer.unpack(conn, blob, codec, did)
        except Damaged:
            return None
        from tazreader.taz.errors import ParseError
        from tazreader.taz.parse.article import parse_article

        parts = urlsplit(url)
        try:
            return parse_article(raw, url, f"{parts.scheme}://{parts.netloc}")
        except (ParseError, ValueError):
            return None

    def _revise(
        self, conn: sqlite3.Connection, article: Article, fetched_at: datetime,
        parser_version: int,
    ) -> float | None:
        """``article`` is about to replace the version kept: keep that as a revision when its
        text differs. Returns when the text of the new row was first seen — now, when it
        changed; None when the row's own time stays (the same text, or a new article)."""
        row = conn.execute(
            "SELECT url, data, dict, parser_version, fetched_at, since FROM articles "
            "WHERE id = ?",
            (article.id,),
        ).fetchone()
        if row is None:
            return None
        url, data, did, version, last_seen, since = row
        old = _decode_article(self._text(conn, data, did)) if version == parser_version else None
        if old is None:
            old = self._reparse_page(conn, url)
        from tazreader.taz.diffing import same_text  # loaded when an article comes again

        if old is None or old.id != article.id or same_text(old, article):
            return None
        page = conn.execute("SELECT body, codec, dict FROM pages WHERE url = ?", (url,)).fetchone()
        body, codec, page_dict = page if page is not None else (None, ZSTD, None)
        if body is not None:
            # A revision is rare (a correction): its parse keeps the comments the row had left
            # in the page, so that it reads the same without its page.
            with contextlib.suppress(Damaged):
                old = _comments_read_again(old, self._packer.unpack(conn, body, codec, page_dict))
        packed, _, data_dict = self._jpacker.pack(conn, _json(article_to_dict(old)).encode())
        size = len(packed) + (len(body) if body is not None else 0) + len(url) + 100
        conn.execute(
            "INSERT INTO revisions(article_id, url, body, codec, dict, data, data_dict, "
            "parser_version, first_seen, last_seen, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, url, body, codec, page_dict, packed, data_dict, parser_version,
             last_seen if since is None else since, last_seen, size),
        )
        conn.execute(
            "DELETE FROM revisions WHERE article_id = ? AND id NOT IN (SELECT id FROM revisions "
            "WHERE article_id = ? ORDER BY last_seen DESC, id DESC LIMIT ?)",
            (article.id, article.id, MAX_REVISIONS),
        )
        return _epoch(fetched_at)

    @_recovering
    def changes(self, article_id: str) -> Changes | None:
        """How often the article's text changed (None: never, as far as the cache knows)."""
        rows = self._read(
            "SELECT count(*), max(last_seen), (SELECT since FROM articles WHERE id = ?) "
            "FROM revisions WHERE article_id = ?",
            (article_id, article_id),
        )
        count, last, since = rows[0]
        if not count:
            return None
        when = since if since is not None else last
        return Changes(int(count), None if when is None else _utc(when))

    @_recovering
    def revisions(self, article_id: str) -> list[KeptRevision]:
        """The earlier versions of the article, the newest first."""
        rows = self._read(
            "SELECT id, data, data_dict, parser_version, first_seen, last_seen, "
            "body IS NOT NULL FROM revisions WHERE article_id = ? "
            "ORDER BY last_seen DESC, id DESC",
            (article_id,),
        )
        return [
            KeptRevision(rid, _decode_article(self._read_text(data, did)), version,
                         _utc(first), _utc(last), bool(page))
            for rid, data, did, version, first, last, page in rows
        ]

    @_recovering
    def revision_page(self, revision_id: int) -> bytes | None:
        """The raw page of a revision (None: none kept, or it does not unpack)."""
        rows = self._read(
            "SELECT body, codec, dict FROM revisions WHERE id = ? AND body IS NOT NULL",
            (revision_id,),
        )
        if not rows:
            return None
        try:
            with self._rlock:
                return self._packer.unpack(self._rconn, *rows[0])
        except Damaged:
            return None

    @_recovering
    def changed_articles(self, limit: int = 1000) -> list[Teaser]:
        """The cached articles whose text changed, the latest change first."""
        rows = self._read(
            "SELECT id, teaser FROM articles WHERE id IN (SELECT article_id FROM revisions) "
            "ORDER BY coalesce(since, fetched_at) DESC LIMIT ?",
            (max(0, limit),),
        )
        return [t for aid, text in rows if (t := _teaser(text, aid)) is not None]
