"""The Store: one SQLite connection, guarded by a lock, behind small, quick methods."""

from __future__ import annotations

import contextlib
import functools
import json
import re
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar
from urllib.parse import urlsplit

from tazreader.store import db
from tazreader.store.fts import (
    FTS_WEIGHTS,
    Query,
    article_text,
    fts_columns,
    parse_query,
    snippet,
)
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

DEFAULT_BUDGET_MB = 500
AUTO_PRUNE_EVERY = 100  # writes between two cheap budget checks
PRUNE_TARGET = 0.9  # prune down to this share of the budget, so it does not run every write
HISTORY_KEEP = 2000

_ARTICLE_ID = re.compile(rf"!=?({ARTICLE_ID})(?:/|$)")


@dataclass(frozen=True, slots=True)
class CachedPage:
    url: str
    body: bytes
    etag: str | None
    last_modified: str | None
    fetched_at: datetime  # aware UTC
    content_type: str = "text/html"


@dataclass(frozen=True, slots=True)
class SearchHit:
    teaser: Teaser
    snippet: str  # original text, hits marked «…»
    rank: float  # higher is better (negated bm25)


@dataclass(frozen=True, slots=True)
class ArticleState:
    read: bool = False
    bookmarked: bool = False
    cached: bool = False


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


P = ParamSpec("P")
R = TypeVar("R")


def _recovering(method: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """If the file turns out to be damaged mid-session, set it aside, start a fresh one and
    run the call again: the reader keeps working (with an empty cache) instead of failing."""

    def wrapper(self: Store, /, *args: P.args, **kwargs: P.kwargs) -> R:
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


class Store:
    """The offline cache. Thread-safe; every method is quick (no network)."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path, *, budget_mb: int, notice: str | None
    ) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.notice = notice
        self.budget_bytes = max(1, budget_mb) * 1024 * 1024
        self._writes = 0
        self._generation = 0  # bumped when a damaged file is replaced mid-session

    @classmethod
    def open(cls, path: Path | None = None, *, budget_mb: int = DEFAULT_BUDGET_MB) -> Store:
        if path is None:
            from tazreader import paths

            path = paths.database_file()
        path = Path(path)
        opened = db.open_database(path)
        return cls(opened.conn, path, budget_mb=budget_mb, notice=opened.notice)

    def close(self) -> None:
        with self._lock:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("PRAGMA optimize")
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One logical write: BEGIN IMMEDIATE … COMMIT, rolled back on any error."""
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _recover(self, exc: sqlite3.Error, generation: int) -> None:
        with self._lock:
            if generation != self._generation:
                return  # another thread has already replaced the file
            self._generation += 1
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            opened = db.replace_unusable(self.path, f"the database is damaged ({exc})")
            self._conn = opened.conn
            self.notice = opened.notice
            self._writes = 0

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, tuple(params)).fetchall()

    def _wrote(self, n: int = 1) -> None:
        self._writes += n
        if self._writes >= AUTO_PRUNE_EVERY:
            self._writes = 0
            if self._used_bytes() > self.budget_bytes:
                self._evict(vacuum=False)

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

    # --- read state, position, bookmarks, history ---------------------------------------

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

    # --- full text ----------------------------------------------------------------------

    @_recovering
    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over cached articles; any string is a valid query."""
        q = parse_query(query)
        if q.empty or limit <= 0:
            return []
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        try:
            rows = self._read(
                # rank first, then read only the winners' rows
                "SELECT a.teaser, a.body, r FROM (SELECT rowid AS hit, "
                f"bm25(fts, {weights}) AS r FROM fts WHERE fts MATCH ? ORDER BY r LIMIT ?) "
                "JOIN articles a ON a.rid = hit ORDER BY r",
                (q.match_expression(), limit),
            )
        except sqlite3.OperationalError:
            # The sanitiser should make this impossible; a search never breaks the reader.
            return []
        return [self._hit(q, teaser, body, rank) for teaser, body, rank in rows]

    @staticmethod
    def _hit(q: Query, teaser_json: str, body: str, rank: float) -> SearchHit:
        teaser = teaser_from_dict(json.loads(teaser_json))
        authors = ", ".join(a.name for a in teaser.authors)
        text = snippet([body, teaser.teaser, teaser.title, teaser.kicker, authors], q)
        return SearchHit(teaser, text, -float(rank))

    # --- size, pruning ------------------------------------------------------------------

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
        conn.execute(
            "DELETE FROM fts WHERE rowid IN (SELECT rid FROM articles "
            "WHERE id IN (SELECT value FROM json_each(?)))",
            (arr,),
        )
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
                for table in ("fts", "articles", "pages", "listings", "state", "bookmarks",
                              "history", "meta"):
                    conn.execute(f"DELETE FROM {table}")
            self._compact()
