"""The readers' comments are kept once: in the saved page, not again in the stored parse
(issue #14: ~1.2 KB an article). The cache reads them again from the page when it gives an
article out; without a readable page it says how many there were."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from tazreader.store import Store
from tazreader.taz.comments import comments_text
from tazreader.taz.models import Comment, Comments
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tests.factories import REAL_PAGE, T0

URL = "https://taz.de/!5928990/"
FIXTURES = Path(__file__).parent.parent / "fixtures"
REAL = (FIXTURES / REAL_PAGE).read_bytes()
HOSTILE = (FIXTURES / "constructed_article_comments_hostile.html").read_bytes()


def stored_json(store: Store, article_id: str) -> str:
    """The parse as the row holds it (unpacked)."""
    (data, did), = sqlite3.connect(store.path).execute(
        "SELECT data, dict FROM articles WHERE id = ?", (article_id,)
    ).fetchall()
    text = store._read_text(data, did)
    assert text is not None
    return text


def test_a_stored_parse_keeps_the_count_and_reads_the_comments_from_the_page(
    tmp_path: Path,
) -> None:
    for raw in (REAL, HOSTILE):
        article = parse_article(raw)
        assert article.comments is not None and article.comments.items
        with Store.open(tmp_path / "c.sqlite3") as store:
            store.put_article(article, raw=raw, fetched_at=T0, parser_version=PARSER_VERSION)
            kept = stored_json(store, article.id)
            first = article.comments.items[0]
            assert first.paragraphs[0][:40] not in kept and first.author not in kept
            assert f'"in_page":{len(article.comments.items)}' in kept
            got = store.get_article(article.url)
            assert got is not None and got[0] == article  # nothing lost, nothing made up


def test_the_row_is_smaller_by_the_comments(tmp_path: Path) -> None:
    article = parse_article(REAL)
    with Store.open(tmp_path / "a.sqlite3") as a, Store.open(tmp_path / "b.sqlite3") as b:
        a.put_article(article, raw=REAL, fetched_at=T0, parser_version=PARSER_VERSION)
        b.put_article(article, fetched_at=T0, parser_version=PARSER_VERSION)  # no page kept
        assert len(stored_json(b, article.id)) - len(stored_json(a, article.id)) > 1500
        # Without a page to read them from, the parse keeps them itself.
        got = b.get_article(URL)
        assert got is not None and got[0] == article


def test_without_its_page_the_article_says_how_many_comments_it_had(tmp_path: Path) -> None:
    article = parse_article(REAL)
    with Store.open(tmp_path / "c.sqlite3") as store:
        store.put_article(article, raw=REAL, fetched_at=T0, parser_version=PARSER_VERSION)
        with sqlite3.connect(store.path) as other:
            other.execute("DELETE FROM pages")
        got = store.get_article(URL)
        assert got is not None
        assert got[0] == replace(article, comments=Comments((), 3, closed=True, in_page=3))
        assert comments_text(got[0], width=200).splitlines()[2] == (
            "Die 3 Kommentare stehen in der gespeicherten Seite, die sich nicht mehr lesen lässt."
        )


def test_a_page_that_no_longer_reads_keeps_the_count(tmp_path: Path) -> None:
    article = parse_article(REAL)
    with Store.open(tmp_path / "c.sqlite3") as store:
        store.put_article(article, raw=REAL, fetched_at=T0, parser_version=PARSER_VERSION)
        # The page's body replaced by one that is no page (a careless disk, a foreign writer).
        with store._tx() as conn:
            store._put_page(conn, URL, b"\x00\x01 binary", None, None, T0, "text/html")
        got = store.get_article(URL)
        assert got is not None and got[0].comments is not None
        assert got[0].comments.in_page == 3 and got[0].comments.items == ()


def test_reparsing_after_a_parser_change_leaves_them_in_the_page(tmp_path: Path) -> None:
    article = parse_article(REAL)
    old = replace(article, comments=Comments((Comment("1", "Alt", None, ("alt",)),)))
    with Store.open(tmp_path / "c.sqlite3") as store:
        store.put_article(old, raw=REAL, fetched_at=T0, parser_version=PARSER_VERSION - 1)
        assert store.reparse_stale(PARSER_VERSION, lambda raw, url: parse_article(raw, url)) == 1
        assert '"in_page":3' in stored_json(store, article.id)
        got = store.get_article(URL)
        assert got is not None and got[0] == article


def test_a_look_without_comments_leaves_them_in_the_page(tmp_path: Path) -> None:
    article = parse_article(REAL)
    with Store.open(tmp_path / "c.sqlite3") as store:
        store.put_article(article, raw=REAL, fetched_at=T0, parser_version=PARSER_VERSION)
        got = store.get_article(URL, comments=False)
        assert got is not None and got[0].comments is not None
        assert (got[0].comments.items, got[0].comments.in_page) == ((), 3)


def test_comments_read_again_are_kept_for_the_next_read_of_the_same_copy(tmp_path: Path) -> None:
    article = parse_article(REAL)
    with Store.open(tmp_path / "c.sqlite3") as store:
        store.put_article(article, raw=REAL, fetched_at=T0, parser_version=PARSER_VERSION)
        first = store.get_article(URL)
        with sqlite3.connect(store.path) as other:
            other.execute("DELETE FROM pages")  # the page is not read again
        again = store.get_article(URL)
        assert first is not None and again is not None and again[0] == first[0] == article
        # A copy fetched anew is another copy: its comments come from its own page.
        store.put_article(article, raw=REAL, fetched_at=T0 + timedelta(hours=1),
                          parser_version=PARSER_VERSION)
        with sqlite3.connect(store.path) as other:
            other.execute("DELETE FROM pages")
        newer = store.get_article(URL)
        assert newer is not None and newer[0].comments is not None
        assert (newer[0].comments.items, newer[0].comments.in_page) == ((), 3)
