"""The reader app on the sample edition, built the way ``tazreader --sample`` builds it."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from tazreader import paths
from tazreader.app.run import sample_app
from tazreader.app.widgets.article_list import CACHED_MARK
from tazreader.config import Config
from tazreader.sample import BANNER, PAGES, SampleSession, open_sample
from tazreader.sample.client import NO_SEARCH
from tazreader.store import Store
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tazreader.taz.parse.listing import parse_listing
from tazreader.taz.urls import front_url
from tests.app.conftest import (
    body_text,
    list_rows,
    notifications,
    reader_screen,
    screen_lines,
    settle,
)
from tests.sample.helpers import SAMPLE_ARTICLES, snapshot
from tests.server import FIXTURES

SIZE = (140, 45)


async def test_the_sample_opens_on_its_front_page_under_the_banner(
    sample: SampleSession,
) -> None:
    front = parse_listing((PAGES / "constructed_front.html").read_bytes(),
                          front_url(sample.base_url), sample.base_url)
    app = sample_app(sample, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert f"tazreader · {BANNER}" in screen_lines(app)[0]
        rows = list_rows(app)
        assert len(rows) == len(front.teasers)
        for row, teaser in zip(rows, front.teasers, strict=True):
            assert teaser.title in row
            assert (CACHED_MARK in row.split("\n")[0]) == (teaser.id in SAMPLE_ARTICLES)
        assert reader_screen(app).status.text.startswith("sample edition (local)")
        assert not [m for m in notifications(app) if "rror" in m]


async def test_reading_two_articles_and_following_a_link_between_them(
    sample: SampleSession,
) -> None:
    app = sample_app(sample, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        screen.article_list.highlight_id("5928990")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article is not None and screen.article.id == "5928990"
        assert "Na endlich!" in body_text(app)
        screen.article_list.focus()
        screen.article_list.highlight_id("6150002")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article is not None and screen.article.id == "6150002"
        assert "Schatten schaffen" in body_text(app)
        # [2] is "Bäume pflanzen", a link to another article of the sample.
        assert screen.article.links[1].text == "Bäume pflanzen"
        await pilot.press("2", "enter")
        await settle(pilot)
        assert screen.article.id == "6150003"
        assert "Kleingärten in Zahlen" in body_text(app)
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.article.id == "6150002"


async def test_the_sample_shows_the_comments_of_its_real_article(sample: SampleSession) -> None:
    app = sample_app(sample, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        screen.article_list.highlight_id("5928990")
        await pilot.press("enter")
        await settle(pilot)
        assert "3 comments (c)" in body_text(app)
        await pilot.press("c")
        await settle(pilot)
        shown = screen.views.comments.rendered_lines
        assert "Elon Musk kommt nicht ins Berghain · 29.4.2023 11:14" in shown
        assert "│ 663534 (Profil gelöscht) · 2.5.2023 19:04" in shown
        assert "Magnus_15 · 29.4.2023 10:57" in shown
        await pilot.press("c")
        await settle(pilot)
        screen.article_list.focus()
        screen.article_list.highlight_id("6150001")  # counts 2 comments it does not carry
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert "The page counts 2 comments but loads them by script" in " ".join(
            screen.views.comments.rendered_lines)


async def test_a_teaser_the_sample_does_not_hold_says_so(sample: SampleSession) -> None:
    app = sample_app(sample, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        screen.article_list.highlight_id("5937342")  # on the front page, not in the sample
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article is None
        assert "not in the sample edition" in body_text(app)
        assert any("not in the sample edition" in m for m in notifications(app))


async def test_search_lists_the_sample_articles_and_says_where_they_come_from(
    sample: SampleSession,
) -> None:
    app = sample_app(sample, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"Gärten", "enter")
        await settle(pilot)
        screen = reader_screen(app)
        assert {t.id for t in screen.article_list.teasers} >= {"6150001"}
        assert {t.id for t in screen.article_list.teasers} <= SAMPLE_ARTICLES
        assert NO_SEARCH in screen.status.text
        assert "offline cache" in screen.status.text


async def test_the_users_cache_and_config_are_untouched(_isolated: Path) -> None:
    raw = (FIXTURES / "constructed_article_news.html").read_bytes()
    article = parse_article(raw)
    with Store.open(paths.database_file()) as store:
        store.put_article(article, raw=raw, fetched_at=datetime.now(UTC),
                          parser_version=PARSER_VERSION)
    data = paths.data_dir()
    before = snapshot(data)
    assert "cache.sqlite3" in before
    with open_sample() as session:
        await session.prefill()
        temp_dir = session.data_dir
        app = sample_app(session, Config(theme="textual-dark"))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "B")  # read and bookmark an article
            await settle(pilot)
            app.theme = "nord"  # a theme change is saved in a normal run
            await settle(pilot)
        assert session.store.bookmarks()
    assert snapshot(data) == before
    assert not paths.config_file().exists()
    assert not temp_dir.exists()
    assert os.listdir(_isolated) == []


async def test_a_first_run_without_network_offers_the_sample(tmp_path: Path) -> None:
    from tazreader.app.app import TazReaderApp
    from tazreader.sample.site import LocalSite
    from tazreader.service import Reader, Session
    from tazreader.taz.client import TazClient

    site = LocalSite(PAGES).start()
    site.stop()  # a port nobody answers on: "taz.de cannot be reached"
    base = site.base_url
    with Store.open(tmp_path / "empty.sqlite3") as store:

        def factory() -> TazClient:
            return TazClient(base, retries=0, backoff=0.01)

        app = TazReaderApp(Session(Reader(store, base_url=base, client_factory=factory),
                                   Config(base_url=base), save_config=False))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert reader_screen(app).status.text.startswith("offline")
            assert "tazreader --sample" in body_text(app)
