"""Search results: the hit count in the header, and the "more" row that loads the next page.

Page 2 (and a last page) are built here from the constructed page-1 fixture
(``constructed_search_klima.html``): the same markup, other article ids, the count line of
that page. The fixture server serves page 1 for every ``!s=Klima`` query, so these pages are
routed explicitly at their ``?search_page=N`` address.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from textual.pilot import Pilot

from tazreader.app.app import TazReaderApp
from tazreader.app.screens.reader import ReaderScreen
from tazreader.app.widgets.list_pane import MORE_TEXT
from tazreader.i18n import _
from tazreader.store import Store
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tazreader.taz.parse.listing import parse_listing
from tests.app.conftest import (
    list_rows,
    notifications,
    offline_app,
    online_app,
    reader_screen,
    settle,
)
from tests.server import FIXTURES, FixtureServer

PAGE_1 = (FIXTURES / "constructed_search_klima.html").read_text(encoding="utf-8")
PAGE_2_PATH = "/!s=Klima/?search_page=0"
PAGE_3_PATH = "/!s=Klima/?search_page=1"
PAGINATION = re.compile(r'<nav class="pagination.*?</nav>', re.S)
COUNT_1 = "Suchergebnis 1 bis 20 von 347"


def first_hit_id() -> str:
    return parse_listing(PAGE_1, "https://taz.de/!s=Klima/").teasers[0].id


def other_page(count: str, *, keep: str = "", last: bool = False) -> str:
    """Page 1 with every article id moved (…!6140961 -> !8140961, !1204377 -> !7204377),
    except ``keep`` (a hit that taz lists again on the next page), and ``count`` as its
    count line; ``last``: without the pagination (no further page)."""

    def move(m: re.Match[str]) -> str:
        if m.group(1) + m.group(2) == keep:
            return m.group(0)
        return "!" + {"6": "8", "1": "7"}[m.group(1)] + m.group(2)

    body = re.sub(r"!([16])(\d{6})", move, PAGE_1).replace(COUNT_1, count)
    assert body != PAGE_1 and count in body
    return without_pagination(body) if last else body


def without_pagination(body: str) -> str:
    stripped = PAGINATION.sub("", body)
    assert stripped != body
    return stripped


async def search(app: TazReaderApp, pilot: Pilot[None], query: str = "Klima") -> ReaderScreen:
    await settle(pilot)
    await pilot.press("slash")
    await pilot.pause()
    await pilot.press(*query, "enter")
    await settle(pilot)
    return reader_screen(app)


def ids(screen: ReaderScreen) -> list[str]:
    return [t.id for t in screen.article_list.teasers]


async def test_the_header_counts_the_hits_and_the_list_ends_in_a_more_row(
    store: Store, server: FixtureServer, german: None
) -> None:
    """In German, as the reader sees it in a German locale."""
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await search(app, pilot)
        lst = screen.article_list
        assert "Suche: Klima — 347 Treffer" in screen.top_bar.text
        assert "347 Treffer" in str(screen.sub_title)
        assert len(list_rows(app)) == 20  # the articles; the more row is no article
        assert lst.row_count == 21
        assert lst.row_text(20) == _(MORE_TEXT)
        assert screen.list_pane.next_url == server.url(PAGE_2_PATH)
        assert not server.hits(PAGE_2_PATH)  # nothing is loaded before it is asked for


async def test_enter_on_the_more_row_appends_page_2_and_keeps_the_cursor(
    store: Store, server: FixtureServer, german: None
) -> None:
    server.route(PAGE_2_PATH, other_page("Suchergebnis 21 bis 40 von 347"))
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await search(app, pilot)
        lst = screen.article_list
        page_1 = ids(screen)
        await pilot.press("G")  # the last row: the more row
        assert lst.on_more_row and lst.highlighted_teaser is None
        await pilot.press("enter")
        await settle(pilot)
        assert server.hits(PAGE_2_PATH)
        assert screen.article is None  # no article was opened
        assert len(lst.teasers) == 40
        assert ids(screen)[:20] == page_1
        assert all(i.startswith(("7", "8")) for i in ids(screen)[20:])
        # the cursor stays on its row, which is now the first hit of page 2
        assert lst.highlighted == 20
        assert lst.highlighted_teaser is not None and lst.highlighted_teaser.id == ids(screen)[20]
        # page 2 has a page 3: the more row is at the end again
        assert lst.row_count == 41 and lst.row_text(40) == _(MORE_TEXT)
        assert screen.list_pane.next_url == server.url(PAGE_3_PATH)
        assert "347 Treffer" in screen.top_bar.text


async def test_the_more_row_goes_after_the_last_page_and_repeated_hits_are_not_doubled(
    store: Store, server: FixtureServer
) -> None:
    again = first_hit_id()
    server.route(PAGE_2_PATH, other_page("Suchergebnis 21 bis 40 von 40", keep=again, last=True))
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await search(app, pilot)
        lst = screen.article_list
        await pilot.press("G", "enter")
        await settle(pilot)
        assert server.hits(PAGE_2_PATH)
        assert ids(screen).count(again) == 1
        assert len(lst.teasers) == 39 == len(set(ids(screen)))
        assert screen.list_pane.next_url is None
        assert not lst.has_more_row and lst.row_count == 39
        assert all(_(MORE_TEXT) not in row for row in list_rows(app))
        hits = len(server.hits(PAGE_2_PATH))
        await pilot.press("G", "enter")  # the last row is an article now: it opens
        await settle(pilot)
        assert len(server.hits(PAGE_2_PATH)) == hits
        assert screen.article is not None and screen.article.id == ids(screen)[-1]


async def test_a_click_on_the_more_row_loads_the_next_page(
    store: Store, server: FixtureServer
) -> None:
    server.route(PAGE_2_PATH, other_page("Suchergebnis 21 bis 40 von 347"))
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await search(app, pilot)
        lst = screen.article_list
        lst.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        y = 20 * lst.row_height - int(lst.scroll_y) + 1
        assert 0 <= y < lst.size.height
        assert await pilot.click(lst, offset=(5, y))
        await settle(pilot)
        assert server.hits(PAGE_2_PATH)
        assert len(lst.teasers) == 40
        assert screen.article is None


async def test_a_failing_next_page_is_a_notification_and_the_row_stays(
    store: Store, server: FixtureServer
) -> None:
    server.fault(PAGE_2_PATH, status=500)
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await search(app, pilot)
        lst = screen.article_list
        await pilot.press("G", "enter")
        await settle(pilot)
        assert server.hits(PAGE_2_PATH)
        assert any("further results" in m for m in notifications(app))
        assert len(lst.teasers) == 20
        assert lst.row_text(20) == _(MORE_TEXT)  # it can be tried again
        assert app.is_running


async def test_offline_search_counts_its_hits_and_has_no_more_row(
    store: Store, german: None
) -> None:
    now = datetime.now(UTC)
    for name in ("fundus_Taz_2024_10_23.html", "constructed_article_h2_2025.html",
                 "constructed_article_news.html"):
        raw = (FIXTURES / name).read_bytes()
        store.put_article(parse_article(raw), raw=raw, fetched_at=now,
                          parser_version=PARSER_VERSION)
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await search(app, pilot, "Buschmann")
        lst = screen.article_list
        assert len(lst.teasers) == 1
        assert "Suche: Buschmann — 1 Treffer im Offline-Cache" in screen.top_bar.text
        assert screen.list_pane.next_url is None
        assert not lst.has_more_row and lst.row_count == 1
