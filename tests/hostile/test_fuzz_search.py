"""The store's search box on hostile queries, against a store holding real articles.

Whatever is typed (quotes, ``*``, NEAR, AND/OR/NOT, unbalanced parentheses, colons, unicode,
NUL, lone surrogates, 10,000 characters): Store.search never raises, the sanitised expression is
valid FTS5 (checked against a bare FTS5 table, because the store swallows SQL errors as a last
resort), every hit is a stored article with a finite rank and an inert, balanced snippet, and a
word of an article wrapped in operator noise still finds that article.
"""

from __future__ import annotations

import math
import re
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tazreader.store import Store
from tazreader.store.fts import MARK_CLOSE, MARK_OPEN, parse_query
from tazreader.taz.models import Article
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tests.hostile.checks import UNSAFE
from tests.hostile.conftest import profile

FIXTURES = Path(__file__).parent.parent / "fixtures"
PAGES = (
    "fundus_Taz_2024_10_23.html",
    "constructed_article_hostile.html",
    "constructed_article_h2_2025.html",
    "constructed_article_multi_author.html",
    "constructed_article_boxes.html",
    "constructed_article_news.html",
)
T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
_TOKENS = re.compile(r"[^\W_]+")  # a word as the FTS tokenizer sees it


def _articles() -> list[Article]:
    return [parse_article((FIXTURES / name).read_bytes()) for name in PAGES]


ARTICLES = _articles()
IDS = {a.id for a in ARTICLES}
# (article id, a word of its title or body): what a search must find
VOCABULARY = sorted(
    {
        (a.id, w)
        for a in ARTICLES
        for text in (a.title, *(getattr(b, "text", "") for b in a.blocks))
        for w in _TOKENS.findall(text)
        if len(w) >= 4 and w.isalpha()
    }
)
OPERATORS = ('"', "*", "(", ")", ":", "-", "^", "+", "NEAR", "NEAR(", "AND", "OR", "NOT", "'",
             "{", "}", "\\", ",", ".", " ", "  ", "\x00", "\ud800", "\u202e", "\x1b[2J", "NEAR/3",
             "title:", "body:", "fts", "rank", "bm25(", ";", "--", "/*", "%", "_", "\u0301", "ß",
             "ﬁ", "İ", "\u3000", "🙂")
NOISE = "\"*():-^+'{}\\,. ;/%_\u3000"  # no letters or digits: it must not change the terms

queries = st.lists(
    st.sampled_from(OPERATORS) | st.sampled_from([w for _, w in VOCABULARY]) | st.text(max_size=8),
    max_size=12,
).map("".join)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = Store.open(tmp_path_factory.mktemp("search") / "cache.sqlite3")
    for article, name in zip(ARTICLES, PAGES, strict=True):
        s.put_article(article, raw=(FIXTURES / name).read_bytes(), fetched_at=T0,
                      parser_version=PARSER_VERSION)
    yield s
    s.close()


def _raw_match(query: str) -> None:
    q = parse_query(query)
    if q.empty:
        return
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(a, b, tokenize='unicode61 "
                     "remove_diacritics 2')")
        conn.execute("INSERT INTO t VALUES ('near and or not', 'öko strasse')")
        conn.execute("SELECT * FROM t WHERE t MATCH ?", (q.match_expression(),)).fetchall()
    finally:
        conn.close()


def _check_hits(store: Store, query: str, limit: int = 50) -> list[str]:
    start = time.perf_counter()
    hits = store.search(query, limit=limit)
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0, f"search took {elapsed:.2f} s"
    assert isinstance(hits, list)
    assert len(hits) <= max(0, limit)
    for hit in hits:
        assert hit.teaser.id in IDS
        assert math.isfinite(hit.rank)
        assert UNSAFE.search(hit.snippet) is None, hit.snippet
        depth = 0
        for ch in hit.snippet:
            if ch == MARK_OPEN:
                depth += 1
            elif ch == MARK_CLOSE:
                depth -= 1
            assert depth in (0, 1), f"marks out of balance: {hit.snippet!r}"
        assert depth == 0, f"unclosed mark: {hit.snippet!r}"
        assert f"{MARK_OPEN}{MARK_CLOSE}" not in hit.snippet
    ranks = [h.rank for h in hits]
    assert ranks == sorted(ranks, reverse=True), "hits not in rank order"
    _raw_match(query)
    return [h.teaser.id for h in hits]


def test_the_store_holds_the_articles(store: Store) -> None:
    assert len(IDS) == len(PAGES)
    assert _check_hits(store, "Selbstbestimmungsgesetz")[0] == "5928990"
    assert "6666666" in _check_hits(store, "[@click=app.quit]quit[/]")


@profile(3)
@given(queries, st.integers(-3, 60))
@example('"NEAR(*', 50)
@example("((((((((((", 50)
@example("a" * 10_000, 50)
@example("ö " * 2_000, 50)
@example("title:öko OR body:x NOT y", 50)
@example("\ud800\udfff\x00", 50)
def test_any_query_is_safe(store: Store, query: str, limit: int) -> None:
    _check_hits(store, query, limit)


@profile(2)
@given(st.sampled_from(VOCABULARY), st.text(alphabet=NOISE, max_size=4),
       st.text(alphabet=NOISE, max_size=4), st.booleans())
def test_a_word_in_noise_finds_its_article(
    store: Store, entry: tuple[str, str], before: str, after: str, prefix: bool
) -> None:
    article_id, word = entry
    typed = word[: max(3, len(word) - 2)] if prefix else word  # the last term is a prefix
    assert article_id in _check_hits(store, f"{before}{typed}{after}"), (word, typed)
