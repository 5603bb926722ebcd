"""Opening the SQLite file: pragmas, schema migrations, and setting broken files aside.

The file is ours when ``PRAGMA application_id`` carries :data:`APPLICATION_ID`; its schema
version is ``PRAGMA user_version``. Garbage, somebody else's database, or a database written
by a *newer* tazreader is never modified: it is renamed to ``<name>.corrupt-<timestamp>``
(with its ``-wal``/``-shm`` companions) and a fresh file takes its place.
"""

from __future__ import annotations

import random
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tazreader.i18n import _

APPLICATION_ID = 0x54415A52  # "TAZR"
BUSY_TIMEOUT_MS = 5000
SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26

# Each entry migrates from version i to i + 1; never edit a released entry, append.
# Comments are stripped naively: no "--" inside string literals.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE pages (
        url           TEXT PRIMARY KEY,
        body          BLOB NOT NULL,              -- zlib-compressed raw bytes
        etag          TEXT,
        last_modified TEXT,
        content_type  TEXT NOT NULL DEFAULT 'text/html',
        fetched_at    REAL NOT NULL,              -- epoch seconds, UTC
        size          INTEGER NOT NULL            -- compressed bytes
    );
    CREATE INDEX pages_fetched ON pages(fetched_at);

    CREATE TABLE articles (
        rid            INTEGER PRIMARY KEY,       -- rowid of the fts row
        id             TEXT NOT NULL UNIQUE,
        url            TEXT NOT NULL,
        parser_version INTEGER NOT NULL,
        fetched_at     REAL NOT NULL,
        published      REAL,
        size           INTEGER NOT NULL,          -- estimated bytes incl. index
        -- big columns last: a search reads teaser and body without walking past data
        teaser         TEXT NOT NULL,             -- JSON of models.teaser_to_dict
        body           TEXT NOT NULL,             -- plain text, for snippets
        data           TEXT NOT NULL              -- JSON of models.article_to_dict
    );
    CREATE INDEX articles_url ON articles(url);
    CREATE INDEX articles_fetched ON articles(fetched_at);
    CREATE INDEX articles_newest ON articles(coalesce(published, fetched_at));
    CREATE INDEX articles_parser ON articles(parser_version);

    CREATE VIRTUAL TABLE fts USING fts5(
        title, kicker, teaser, body, authors, tags,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
    );

    CREATE TABLE listings (
        url        TEXT PRIMARY KEY,
        data       TEXT NOT NULL,                 -- JSON of models.listing_to_dict
        fetched_at REAL NOT NULL
    );

    CREATE TABLE state (
        id       TEXT PRIMARY KEY,
        read     INTEGER NOT NULL DEFAULT 0,
        read_at  REAL,
        position REAL
    );

    CREATE TABLE bookmarks (
        id       TEXT PRIMARY KEY,
        teaser   TEXT NOT NULL,
        added_at REAL NOT NULL
    );
    CREATE INDEX bookmarks_added ON bookmarks(added_at);

    CREATE TABLE history (
        id        TEXT PRIMARY KEY,
        teaser    TEXT NOT NULL,
        opened_at REAL NOT NULL
    );
    CREATE INDEX history_opened ON history(opened_at);

    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL                       -- JSON
    );
    """,
    # 2: pages and article JSON packed with zstd against a dictionary made of a stored one
    # (store/pack.py); the index keeps no copy of the text (half its size), and each article
    # says whether it is in the index: old rows are put in after start, in batches
    # (Index.index_pending); terms lists the words, for the completions of a prefix.
    # No prefix indexes (they were more than half of the index): a prefix stands for its
    # completions in terms (store/search.py). detail=column would shrink it too, but bm25
    # then scores every contentless hit 0.
    """
    ALTER TABLE pages ADD COLUMN codec INTEGER NOT NULL DEFAULT 0;  -- 0 zlib, 1 zstd
    ALTER TABLE pages ADD COLUMN dict INTEGER;                    -- dicts.id, or none
    CREATE INDEX pages_zlib ON pages(url) WHERE codec = 0;        -- still to repack
    CREATE INDEX pages_dict ON pages(dict) WHERE dict IS NOT NULL;
    CREATE TABLE dicts (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: readers cache them
        kind       INTEGER NOT NULL,              -- 0 raw pages, 1 article JSON
        data       BLOB NOT NULL,                 -- a stored value, zstd without dictionary
        size       INTEGER NOT NULL,              -- its bytes unpacked
        created_at REAL NOT NULL
    );

    -- data: TEXT is JSON as schema 1 kept it; a BLOB is that JSON as a zstd frame against
    -- dicts.id = dict (kind 1). body: TEXT, or a BLOB, the text as a zstd frame.
    ALTER TABLE articles ADD COLUMN dict INTEGER;
    CREATE INDEX articles_dict ON articles(dict) WHERE dict IS NOT NULL;
    ALTER TABLE articles ADD COLUMN indexed INTEGER NOT NULL DEFAULT 0;  -- 1: in fts
    CREATE INDEX articles_unindexed ON articles(rid) WHERE indexed = 0;
    CREATE TABLE terms (term TEXT PRIMARY KEY) WITHOUT ROWID;  -- words the index has had

    DROP TABLE fts;
    CREATE VIRTUAL TABLE fts USING fts5(
        title, kicker, teaser, body, authors, tags,
        content = '',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    """,
    # 3: the pictures of articles, as served (already compressed: kept as they came), one row
    # a size; they go with their article and before any text when the budget is short.
    """
    CREATE TABLE pictures (
        article_id   TEXT NOT NULL,
        url          TEXT NOT NULL,               -- /picture/<id>/<width>/<name>
        width        INTEGER NOT NULL,            -- the width asked for (0: unknown)
        body         BLOB NOT NULL,
        content_type TEXT NOT NULL,
        fetched_at   REAL NOT NULL,
        size         INTEGER NOT NULL,
        PRIMARY KEY (article_id, url)             -- two articles may show one picture
    );
    CREATE INDEX pictures_size ON pictures(article_id, width);
    """,
    # 4: earlier versions of an article whose text changed when it was fetched again (taz
    # corrects its pieces, often silently; store/revisions.py): the raw page as the pages
    # table held it (the packed blob copied, against its dictionary) and the parse, packed as
    # an article's; when that text was first and last seen. articles.since: when the text
    # now kept was first seen (NULL: cached before schema 4, not known).
    """
    ALTER TABLE articles ADD COLUMN since REAL;
    CREATE TABLE revisions (
        id             INTEGER PRIMARY KEY,
        article_id     TEXT NOT NULL,
        url            TEXT NOT NULL,             -- the page it was read from
        body           BLOB,                      -- the raw page (NULL: none was kept)
        codec          INTEGER NOT NULL DEFAULT 1,  -- as pages.codec
        dict           INTEGER,                   -- dicts.id (kind 0), or none
        data           BLOB NOT NULL,             -- article JSON, a zstd frame
        data_dict      INTEGER,                   -- dicts.id (kind 1), or none
        parser_version INTEGER NOT NULL,          -- the parser that made data
        first_seen     REAL NOT NULL,
        last_seen      REAL NOT NULL,
        size           INTEGER NOT NULL
    );
    CREATE INDEX revisions_article ON revisions(article_id, last_seen);
    CREATE INDEX revisions_dict ON revisions(dict) WHERE dict IS NOT NULL;
    CREATE INDEX revisions_data_dict ON revisions(data_dict) WHERE data_dict IS NOT NULL;
    """,
    # 5: compound matching (store/search.py): the words of terms longer than a searchable
    # part (fts.MIN_PART letters) in a trigram index, so that "strasse" finds the words it
    # is part of ("hauptstrasse"). Over the vocabulary, not the text: the index of the text
    # keeps its size. A trigger keeps it in step with terms (INSERT OR IGNORE fires it only
    # for new words); detail=none: it is searched with LIKE, which checks the words found.
    """
    CREATE VIRTUAL TABLE grams USING fts5(
        term, tokenize = 'trigram', detail = none, columnsize = 0
    );
    CREATE TRIGGER terms_grams AFTER INSERT ON terms WHEN length(new.term) > 4
    BEGIN INSERT INTO grams(term) VALUES (new.term); END;
    INSERT INTO grams(term) SELECT term FROM terms WHERE length(term) > 4;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

# The index as migration 2 creates it; a damaged index is dropped and made again from this.
FTS_SCHEMA = """CREATE VIRTUAL TABLE {name} USING fts5(
    title, kicker, teaser, body, authors, tags,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2'
)"""

# The vocabulary's trigram index as migration 5 creates it (made again with the index).
GRAMS_SCHEMA = """CREATE VIRTUAL TABLE {name} USING fts5(
    term, tokenize = 'trigram', detail = none, columnsize = 0
)"""

OUR_TABLES = frozenset(
    {"pages", "articles", "fts", "listings", "state", "bookmarks", "history", "meta", "dicts",
     "terms", "pictures", "revisions", "grams"}
)
# A new file's page size. 4 KB: a packed page (~5.5 KB) takes 1.5 KB of a leaf and one full
# overflow page, an article row (~3.5 KB) most of a leaf, so an evicted article frees whole
# pages, which the incremental vacuum gives back at once. With 64 KB pages (before schema 5)
# a dozen rows shared a page, evicted ones left holes in it, and every prune needed a VACUUM
# of the whole file (at 50,000 articles most of a 10 s prune). bench/README.md: the sizes.
PAGE_SIZE = 4096
WAL_CHECKPOINT_PAGES = 4 * 2**20 // PAGE_SIZE  # 4 MB of WAL


class Unusable(Exception):
    """The file cannot be used as our cache; ``reason`` says why, for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Opened:
    """An opened cache file, what to tell the reader about it, and whether its index works."""

    conn: sqlite3.Connection
    notice: str | None
    index_ok: bool = True  # False: the full-text index is damaged and must be rebuilt


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        str(path),
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,  # autocommit; transactions are explicit BEGIN IMMEDIATE
        check_same_thread=False,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


READ_TIMEOUT_MS = 1000  # a WAL reader waits only in rare moments (a WAL reset), never on writers


def connect_reader(path: Path) -> sqlite3.Connection:
    """A second connection to a file already set up, for reads only."""
    conn = sqlite3.connect(
        str(path), timeout=READ_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {READ_TIMEOUT_MS}")
    conn.execute("PRAGMA query_only = ON")
    return conn


def _setup(conn: sqlite3.Connection) -> bool:
    """Check the file is ours (or empty), switch to WAL and bring the schema up to date.
    Returns False when only the full-text index is damaged."""
    try:
        # One read transaction: a consistent snapshot. Read one by one, another process that
        # creates the file at the same moment could commit its schema between the reads, and
        # "no application id, but tables" would look like another program's database.
        conn.execute("BEGIN")
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
                )
            }
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        if not _damaged(exc):
            raise  # e.g. locked by another program: an error, not a reason to set it aside
        raise Unusable(_("not a readable SQLite database ({why})").format(why=exc)) from exc
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables):
        raise Unusable(_("it is a database of some other program"))
    if version > SCHEMA_VERSION:
        raise Unusable(
            _("it was written by a newer tazreader (schema {version}, this one knows "
              "{known})").format(version=version, known=SCHEMA_VERSION)
        )
    try:
        if version == 0 and not tables:
            # Only possible before the first table exists (and before WAL): rows of 5-10 KB
            # would each take a 4 KB page and an overflow page, a third of it empty.
            conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            # A prune gives freed pages back by truncating the file, without a VACUUM that
            # rewrites all of it.
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
        mode = _switch_to_wal(conn)
        if str(mode).lower() != "wal":
            raise Unusable(_("cannot switch it to WAL mode (journal mode {mode})").format(
                mode=mode))
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn)
        # A cheap look at the structure: a damaged file usually fails here already.
        conn.execute("SELECT count(*) FROM meta").fetchone()
    except sqlite3.DatabaseError as exc:
        if not _damaged(exc):
            raise  # busy, locked, read-only, disk full …: never set a good file aside for that
        raise Unusable(_("the database is damaged ({why})").format(why=exc)) from exc
    try:
        conn.execute("SELECT rowid FROM fts LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        if not _damaged(exc):
            raise
        return False  # only the index: it is rebuilt from the articles, the file is kept
    return True


def _switch_to_wal(conn: sqlite3.Connection) -> str:
    """``PRAGMA journal_mode = WAL``, retried: when several processes create the file at
    once, SQLite answers "locked" at once instead of waiting for the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0])
            if mode.lower() != "wal":
                mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            return mode
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.005, 0.03))


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return is_corrupt(exc) or "vtable constructor failed" in text or "no such table" in text


def _migrate(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version >= SCHEMA_VERSION and conn.execute("PRAGMA application_id").fetchone()[0]:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-read inside the write lock: another process may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise Unusable(
                _("it was written by a newer tazreader (schema {version}, this one knows "
                  "{known})").format(version=version, known=SCHEMA_VERSION)
            )
        for step in range(version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[step]):
                conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would COMMIT on its own)."""
    text = "\n".join(line.split("--", 1)[0] for line in script.splitlines())
    out: list[str] = []
    current = ""
    for ch in text:
        current += ch
        if ch == ";" and sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out


def aside_path(path: Path, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    return candidate


def move_aside(path: Path) -> Path:
    """Rename the file and its WAL/SHM companions; the companions follow the new name."""
    target = aside_path(path)
    path.replace(target)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.replace(target.with_name(target.name + suffix))
    return target


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite at all before SQLite touches it (and its WAL)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return
    if head and head != SQLITE_MAGIC:
        raise Unusable(_("it is not an SQLite database"))


def open_database(path: Path) -> Opened:
    """Open (creating or repairing) the cache file at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        _check_header(path)
        conn, index_ok = _connect_ready(path)
        return Opened(conn, None, index_ok)
    except Unusable as problem:
        return replace_unusable(path, problem.reason)


def replace_unusable(path: Path, reason: str) -> Opened:
    """Move the (closed) file at ``path`` aside and open a fresh one in its place."""
    target = move_aside(path)
    notice = _(
        "The offline cache {path} could not be used: {why}. It was moved aside to {name} and "
        "a fresh, empty cache was created."
    ).format(path=path, why=reason, name=target.name)
    conn, index_ok = _connect_ready(path)
    return Opened(conn, notice, index_ok)


def _connect_ready(path: Path) -> tuple[sqlite3.Connection, bool]:
    """A connection whose file is ours and up to date (see :func:`_setup`), and whether its
    index is sound; never leaked."""
    conn = connect(path)
    try:
        index_ok = _setup(conn)
    except BaseException:
        conn.close()
        raise
    return conn, index_ok


def is_corrupt(exc: sqlite3.Error) -> bool:
    """SQLITE_CORRUPT (also in FTS) or SQLITE_NOTADB: the file is damaged, not just busy."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text
