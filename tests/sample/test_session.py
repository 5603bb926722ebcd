"""A sample session: its own temporary cache, its local site, the normal reader path."""

from __future__ import annotations

import re
import socket
import sqlite3
from pathlib import Path

import httpx
import pytest

from tazreader.sample import PAGES, TEMP_PREFIX, SampleSession, open_sample
from tazreader.sample.client import NO_SEARCH, NOT_IN_SAMPLE
from tazreader.sample.site import LocalSite
from tazreader.service import Reader, sync
from tazreader.store import Store
from tazreader.taz.client import TazClient
from tazreader.taz.models import Paragraph
from tazreader.taz.parse.listing import parse_listing
from tazreader.taz.textedition import render_text
from tazreader.taz.urls import front_url
from tests.sample.helpers import SAMPLE_ARTICLES
from tests.server import FIXTURES


def refused(base_url: str) -> bool:
    host, port = base_url.removeprefix("http://").split(":")
    with socket.socket() as s:
        return s.connect_ex((host, int(port))) != 0


def test_open_sample_makes_a_temp_dir_and_removes_it(_isolated: Path) -> None:
    with open_sample() as session:
        data_dir = session.data_dir
        assert data_dir.parent == _isolated and data_dir.name.startswith(TEMP_PREFIX)
        assert session.store.path.parent == data_dir and session.store.path.exists()
        assert httpx.get(session.base_url + "/").status_code == 200
        base = session.base_url
    assert not data_dir.exists()
    assert list(_isolated.iterdir()) == []
    assert refused(base)
    with pytest.raises(sqlite3.ProgrammingError):
        session.store.get_meta("x")


def test_a_failing_start_leaves_no_temp_dir(
    _isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(self: LocalSite) -> LocalSite:
        raise OSError("no port")

    opened: list[Store] = []
    real_open = Store.open

    def open_store(path: Path) -> Store:
        opened.append(real_open(path))
        return opened[-1]

    monkeypatch.setattr(LocalSite, "start", boom)
    monkeypatch.setattr(Store, "open", open_store)
    with pytest.raises(OSError, match="no port"):
        open_sample()
    assert list(_isolated.iterdir()) == []
    (store,) = opened
    with pytest.raises(sqlite3.ProgrammingError):  # its connection was closed, not leaked
        store.get_meta("x")


def test_the_site_serves_the_packaged_articles() -> None:
    site = LocalSite(PAGES)
    assert site.article_ids() == SAMPLE_ARTICLES


async def test_prefill_caches_the_front_pages_readable_articles(sample: SampleSession) -> None:
    front = front_url(sample.base_url)
    cached = sample.store.get_listing(front)
    assert cached is not None
    expected = parse_listing((PAGES / "constructed_front.html").read_bytes(), front,
                             sample.base_url)
    assert [t.id for t in cached[0].teasers] == [t.id for t in expected.teasers]
    assert {t.id for t in sample.store.offline_articles()} == SAMPLE_ARTICLES
    # The front page lists more than the sample holds: those are teasers only.
    assert len(expected.teasers) > len(SAMPLE_ARTICLES)
    reader, client = sample.reader()
    try:
        report = await sync(reader, [front])  # again: conditional requests, 304s
    finally:
        await client.aclose()
    assert report.unchanged == 1  # the front page
    assert report.fetched == 0 and report.cached == len(SAMPLE_ARTICLES)
    assert report.failed and all(why == NOT_IN_SAMPLE for _, why in report.failed)


async def test_every_sample_article_renders(sample: SampleSession) -> None:
    reader, client = sample.reader()
    try:
        for aid in sorted(SAMPLE_ARTICLES):
            fetched = await reader.fetch_article(f"{sample.base_url}/!{aid}/")
            article = fetched.value
            assert article.id == aid
            text = render_text(article)
            assert article.title in text.replace("\n", " ")
            paragraphs = [b for b in article.blocks if isinstance(b, Paragraph)]
            assert paragraphs, aid
            flowing = " ".join(re.sub(r"\[\d+\]\[|\]", "", text).split())  # no link marks
            for para in paragraphs:
                assert " ".join(para.text.split()) in flowing, (aid, para.text)
    finally:
        await client.aclose()


async def test_the_real_article_renders_as_its_golden_text_edition(
    sample: SampleSession,
) -> None:
    cached = sample.store.get_article(f"{sample.base_url}/!5928990/")
    assert cached is not None
    text = render_text(cached[0]).replace(sample.base_url, "https://taz.de")
    assert text == (FIXTURES / "expected_5928990.txt").read_text(encoding="utf-8")


async def test_sample_articles_link_to_each_other(sample: SampleSession) -> None:
    cached = sample.store.get_article(f"{sample.base_url}/!6150002/")
    assert cached is not None
    targets = [link.url for link in cached[0].links]
    assert f"{sample.base_url}/Kleingaerten-in-Bremen/!6150003/" in targets
    assert sample.store.get_article(f"{sample.base_url}/!6150003/") is not None


async def test_a_teaser_outside_the_sample_says_so(sample: SampleSession) -> None:
    reader, client = sample.reader()
    try:
        with pytest.raises(Reader.NotFound) as caught:
            await reader.fetch_article(f"{sample.base_url}/!5937342/")
    finally:
        await client.aclose()
    assert isinstance(caught.value.__cause__, TazClient.NotFound)
    assert str(caught.value) == NOT_IN_SAMPLE
    assert "sample edition" in str(caught.value)


async def test_search_searches_the_sample_cache_and_says_so(sample: SampleSession) -> None:
    reader, client = sample.reader()
    try:
        fetched = await reader.search("Gärten")
    finally:
        await client.aclose()
    assert fetched.problem == f"{NO_SEARCH} (results from the offline cache)"
    ids = [t.id for t in fetched.value.teasers]
    assert ids and set(ids) <= SAMPLE_ARTICLES
    assert "6150001" in ids  # "Der Streit um die Gärten"
    assert fetched.value.from_cache_index


async def test_the_sample_says_what_it_lacks_in_german(sample: SampleSession, german: None) -> None:
    reader, client = sample.reader()
    try:
        with pytest.raises(Reader.NotFound) as caught:
            await reader.fetch_article(f"{sample.base_url}/!5937342/")
        fetched = await reader.search("Gärten")
    finally:
        await client.aclose()
    assert str(caught.value).startswith("Dieser Artikel ist nicht in der Beispielausgabe")
    assert fetched.problem == (
        "Die Beispielausgabe hat keine taz.de-Suche (Ergebnisse aus dem Offline-Cache)"
    )
    assert fetched.value.title == "Suche im Offline-Archiv: Gärten"


async def test_the_offline_search_is_titled_in_english_too(sample: SampleSession) -> None:
    reader, client = sample.reader()
    try:
        fetched = await reader.search("Gärten")
    finally:
        await client.aclose()
    assert fetched.value.title == "Search of the offline archive: Gärten"
