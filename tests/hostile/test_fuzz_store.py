"""The store takes any article model (hostile strings, NUL, markup) and gives it back unchanged,
and its search never raises over such content."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tazreader.store import Store
from tazreader.taz.models import Article
from tests.hostile.conftest import profile
from tests.hostile.test_fuzz_render import articles

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
_numbers = itertools.count(6_100_000)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = Store.open(tmp_path_factory.mktemp("store") / "cache.sqlite3")
    yield s
    s.close()


@profile(0.5)
@given(articles(), st.text(max_size=12))
def test_any_article_round_trips_and_is_searchable(
    store: Store, article: Article, query: str
) -> None:
    aid = str(next(_numbers))
    article = dataclasses.replace(article, id=aid, url=f"https://taz.de/!{aid}/")
    store.put_article(article, raw=b"<html></html>", fetched_at=T0, parser_version=1)
    got = store.get_article(aid)
    assert got is not None and got[0] == article
    for q in (article.title, query, f"{article.title} {query}"):
        for hit in store.search(q):
            assert hit.teaser.id.isdigit()
