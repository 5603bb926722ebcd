"""Raw pages packed with zstd against a dictionary; a schema-1 (zlib) cache migrated."""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path

from tazreader.store import Store, db
from tazreader.store.fts import article_text, fts_columns
from tazreader.taz.models import Article, article_to_dict, teaser_to_dict
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tests.factories import T0

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGES = {
    "5928990": (FIXTURES / "fundus_Taz_2024_10_23.html").read_bytes(),
    "5928991": (FIXTURES / "fundus_Taz_2023_04_28.html").read_bytes(),
}


def _pages(count: int) -> list[tuple[str, bytes]]:
    """``count`` pages of the two real designs, each with its own id and some own words."""
    out = []
    for n in range(count):
        template_id = "5928990" if n % 3 else "5928991"
        raw = PAGES[template_id]
        real_id = parse_article(raw).id
        aid = str(6_100_000 + n)
        page = raw.replace(real_id.encode(), aid.encode()).replace(
            b"</title>", f" Ausgabe {n} vom {n % 28 + 1}. Tag</title>".encode(), 1
        )
        out.append((aid, page))
    return out


def test_pages_of_one_design_are_stored_a_fraction_of_their_zlib_size(tmp_path: Path) -> None:
    pages = _pages(30)
    with Store.open(tmp_path / "c.sqlite3") as s:
        for aid, page in pages:
            article = parse_article(page, f"https://taz.de/!{aid}/")
            s.put_article(article, raw=page, fetched_at=T0, parser_version=PARSER_VERSION)
        for aid, page in pages:
            got = s.get_page(f"https://taz.de/!{aid}/")
            assert got is not None and got.body == page
        conn = sqlite3.connect(s.path)
        stored = conn.execute("SELECT sum(size) FROM pages").fetchone()[0]
        dicts = conn.execute(
            "SELECT count(*), sum(length(data)) FROM dicts WHERE kind = 0"
        ).fetchone()
        conn.close()
    zlib_size = sum(len(zlib.compress(p, 6)) for _, p in pages)
    assert dicts[0] == 2  # one dictionary per design
    assert stored + dicts[1] < zlib_size / 5


def _schema_1_cache(path: Path, pages: list[tuple[str, bytes]]) -> dict[str, Article]:
    """A cache as tazreader wrote it before schema 2: zlib pages, an index with content."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    for statement in db._statements(db.MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    articles = {}
    for aid, page in pages:
        url = f"https://taz.de/!{aid}/"
        article = parse_article(page, url)
        articles[aid] = article
        packed = zlib.compress(page, 6)
        conn.execute(
            "INSERT INTO pages(url, body, fetched_at, size) VALUES (?, ?, ?, ?)",
            (url, packed, T0.timestamp(), len(packed)),
        )
        body = article_text(article)
        (rid,) = conn.execute(
            "INSERT INTO articles(id, url, data, teaser, body, parser_version, fetched_at, "
            "published, size) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 1000) RETURNING rid",
            (aid, url, json.dumps(article_to_dict(article)),
             json.dumps(teaser_to_dict(article.teaser_entry())), body, PARSER_VERSION,
             T0.timestamp()),
        ).fetchone()
        conn.execute(
            "INSERT INTO fts(rowid, title, kicker, teaser, body, authors, tags) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (rid, *fts_columns(article, body)),
        )
    conn.execute("INSERT INTO bookmarks(id, teaser, added_at) VALUES (?, ?, 1)",
                 (pages[0][0], json.dumps(teaser_to_dict(articles[pages[0][0]].teaser_entry()))))
    conn.execute("COMMIT")
    conn.close()
    return articles


def test_a_zlib_cache_is_migrated_and_every_stored_page_parses_again(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    pages = _pages(12)
    articles = _schema_1_cache(path, pages)
    with Store.open(path) as s:
        assert s.notice is None
        assert s.stats().schema_version == db.SCHEMA_VERSION
        assert s.bookmarks() == [articles[pages[0][0]].teaser_entry()]
        for aid, page in pages:  # old rows read as they are
            got = s.get_page(f"https://taz.de/!{aid}/")
            assert got is not None and got.body == page
        assert s.index_pending() == len(pages)
        assert s.repack() == len(pages)
        assert {h.teaser.id for h in s.search("referentenentwurf")} == {
            aid for aid, _ in pages if articles[aid].title == articles["6100001"].title
        }
        s.prune()  # compacts
        for aid, page in pages:
            url = f"https://taz.de/!{aid}/"
            got = s.get_page(url)
            assert got is not None and got.body == page
            stored = s.get_article(aid)
            assert stored is not None and parse_article(got.body, url) == stored[0]
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM pages WHERE codec = 0").fetchone() == (0,)
    packed = conn.execute("SELECT sum(size) FROM pages").fetchone()[0] + conn.execute(
        "SELECT sum(length(data)) FROM dicts").fetchone()[0]
    # the prune gave the old file this version's layout
    assert conn.execute("PRAGMA page_size").fetchone()[0] == db.PAGE_SIZE
    assert conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert packed < sum(len(zlib.compress(p, 6)) for _, p in pages) * 0.4
