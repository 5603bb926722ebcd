"""Earlier versions of articles in a real SQLite file: kept when the text changes (not for a
newer parser's reading, not for links or comments), at most ten, within the budget, with their
article, and a bookmark's through a prune."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from tazreader.store import MAX_REVISIONS, Store, db
from tazreader.taz.models import Comments, Link, PageKind, Tag
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tests.factories import T0, make_article
from tests.revisions import OLD_DESIGN, page

T1, T2, T3 = (T0 + timedelta(hours=h) for h in (1, 2, 3))


def put(store: Store, raw: bytes, when: datetime) -> bool:
    """``raw`` fetched (again) at ``when``, as the reader stores it; True if a revision was
    kept."""
    article = parse_article(raw, "https://taz.de/!5928990/")
    return store.put_article(article, raw=raw, fetched_at=when, parser_version=PARSER_VERSION,
                             revise=True)


def test_a_new_text_keeps_the_version_before_with_when_it_was_seen(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.sqlite3") as s:
        assert put(s, page(1), T0) is False  # a new article is no revision
        assert s.changes("5928990") is None
        s.touch_page("https://taz.de/!5928990/", T1)  # a 304: the same page, seen again
        assert s.changes("5928990") is None
        assert put(s, page(2), T2) is True
        changes = s.changes("5928990")
        assert changes is not None and changes.revisions == 1 and changes.since == T2
        (kept,) = s.revisions("5928990")
        assert kept.first_seen == T0 and kept.last_seen == T1
        assert kept.article == parse_article(page(1), "https://taz.de/!5928990/")
        assert s.revision_page(kept.id) == page(1)
        current = s.get_article("5928990")
        assert current is not None and current[0] == parse_article(page(2))
        # The same text again (other bytes around it) is no new version; the time stays.
        assert put(s, page(2).replace(b"</body>", b"<!-- x --></body>"), T3) is False
        again = s.changes("5928990")
        assert again is not None and again.revisions == 1 and again.since == T2
        assert [r.id for r in s.revisions("5928990")] == [kept.id]
        assert s.changed_articles()[0].id == "5928990"
        assert s.stats().changed == 1 and s.stats().revisions == 1


def test_links_tags_and_comments_are_no_new_version(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.sqlite3") as s:
        article = make_article(1)
        s.put_article(article, fetched_at=T0, parser_version=1)
        other = replace(article, links=(Link("x", "https://example.org/", PageKind.EXTERNAL),),
                        tags=(Tag("Neu"),), comments=Comments(count=7))
        assert s.put_article(other, fetched_at=T1, parser_version=1, revise=True) is False
        assert s.changes(article.id) is None
        assert s.put_article(replace(other, teaser="Ein neuer Vorspann."), fetched_at=T2,
                             parser_version=1, revise=True) is True
        (kept,) = s.revisions(article.id)
        assert kept.article == other and not kept.has_page
        assert s.revision_page(kept.id) is None


def test_a_newer_parsers_reading_of_the_same_page_is_no_new_version(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.sqlite3") as s:
        # What an older parser made of version 1: a title this one does not read there.
        older = replace(parse_article(page(1)), title="Wie ein alter Parser es las")
        s.put_article(older, raw=page(1), fetched_at=T0, parser_version=PARSER_VERSION - 1)
        assert put(s, page(1), T1) is False
        assert s.changes("5928990") is None
        # A real change after such a bump: the kept page is read again by this parser.
        s.put_article(older, raw=page(1), fetched_at=T1, parser_version=PARSER_VERSION - 1)
        assert put(s, page(2), T2) is True
        (kept,) = s.revisions("5928990")
        assert kept.article == parse_article(page(1)) and kept.parser_version == PARSER_VERSION
        # Without a page to read again, an older parser's version cannot be told apart.
        s.put_article(older, fetched_at=T2, parser_version=PARSER_VERSION - 1)
        with s._tx() as conn:
            conn.execute("DELETE FROM pages")
        assert s.put_article(parse_article(page(1)), fetched_at=T3,
                             parser_version=PARSER_VERSION, revise=True) is False


def test_a_re_parse_of_the_cache_keeps_no_revision(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.sqlite3") as s:
        older = replace(parse_article(page(1)), title="Wie ein alter Parser es las")
        s.put_article(older, raw=page(1), fetched_at=T0, parser_version=PARSER_VERSION - 1)
        assert s.reparse_stale(PARSER_VERSION, lambda body, url: parse_article(body, url)) == 1
        assert s.changes("5928990") is None
        got = s.get_article("5928990")
        assert got is not None and got[0].title == "Ein bisschen Fortschritt"


def test_at_most_ten_revisions_are_kept_the_oldest_go(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.sqlite3") as s:
        article = make_article(1)
        for n in range(MAX_REVISIONS + 3):
            s.put_article(replace(article, title=f"Fassung {n}"),
                          fetched_at=T0 + timedelta(minutes=n), parser_version=1, revise=True)
        kept = s.revisions(article.id)
        assert len(kept) == MAX_REVISIONS
        assert [r.article.title for r in kept if r.article] == [
            f"Fassung {n}" for n in range(MAX_REVISIONS + 1, 1, -1)]
        changes = s.changes(article.id)
        assert changes is not None and changes.revisions == MAX_REVISIONS
        assert changes.since == T0 + timedelta(minutes=MAX_REVISIONS + 2)


def test_a_prune_keeps_a_bookmarks_versions_and_drops_the_others_with_their_article(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.sqlite3"
    with Store.open(path, budget_mb=1) as s:
        # The bookmark: first read in the old design (a dictionary of its own), then corrected
        # in the new one: its revision's page is packed against a dictionary no page uses.
        put(s, page(1, OLD_DESIGN), T0)
        put(s, page(2), T1)
        s.add_bookmark(parse_article(page(2)).teaser_entry())
        s.set_read("5928990")
        other = make_article(1)
        s.put_article(other, raw=os.urandom(30_000), fetched_at=T0, parser_version=1)
        s.put_article(replace(other, title="Korrigiert"), raw=os.urandom(30_000), fetched_at=T1,
                      parser_version=1, revise=True)
        s.set_read(other.id)
        for n in range(2, 60):
            filler = make_article(n)
            s.put_article(filler, raw=os.urandom(30_000), fetched_at=T0, parser_version=1)
            s.set_read(filler.id)
        assert s.stats().changed == 2
        assert s.stats().used_bytes > s.budget_bytes
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("SELECT count(*) FROM revisions WHERE article_id = '5928990' "
                                "AND dict NOT IN (SELECT dict FROM pages WHERE dict IS NOT NULL)"
                                ).fetchone() == (1,)
        finally:
            conn.close()
        s.prune()
        assert s.stats().used_bytes <= s.budget_bytes
        assert s.get_article(other.id) is None and s.revisions(other.id) == []
    with Store.open(path, budget_mb=1) as s:  # (a store keeps the dictionaries it has read)
        (kept,) = s.revisions("5928990")
        assert s.revision_page(kept.id) == page(1, OLD_DESIGN)  # its dictionary is still there
        assert s.stats().changed == 1 and s.changed_articles()[0].id == "5928990"
        s.clear()
        assert s.revisions("5928990") == [] and s.stats().revisions == 0


def test_an_evicted_articles_size_counts_its_versions(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.sqlite3") as s:
        article = make_article(1)
        s.put_article(article, raw=os.urandom(10_000), fetched_at=T0, parser_version=1)
        s.set_read(article.id)
        before = dict((k, n) for _, k, n in s._candidates())[article.id]
        s.put_article(replace(article, title="Neu"), raw=os.urandom(10_000), fetched_at=T1,
                      parser_version=1, revise=True)
        after = dict((k, n) for _, k, n in s._candidates())[article.id]
        assert after >= before + 10_000  # the kept page of the earlier version


def test_a_cache_of_schema_3_gets_the_table_and_its_articles_a_first_version(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.sqlite3"
    with Store.open(path) as s:
        put(s, page(1), T0)
    conn = sqlite3.connect(path, isolation_level=None)  # back to what schema 3 had
    conn.execute("DROP TABLE revisions")
    conn.execute("ALTER TABLE articles DROP COLUMN since")
    conn.execute("DROP TRIGGER terms_grams")  # (schema 5)
    conn.execute("DROP TABLE grams")
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    with Store.open(path) as s:
        assert s.notice is None and s.stats().schema_version == db.SCHEMA_VERSION
        assert s.changes("5928990") is None
        assert put(s, page(2), T2) is True
        (kept,) = s.revisions("5928990")
        # When version 1 was first seen is not known: the last time it was seen stands in.
        assert kept.first_seen == kept.last_seen == T0
        changes = s.changes("5928990")
        assert changes is not None and changes.since == T2
