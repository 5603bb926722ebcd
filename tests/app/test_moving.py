"""Getting around: go to an address (: ctrl+l, or pasted into the search box), the next and
previous article of the list (J K), the whole list read (A), only the article (z), the open
article marked in the list, the selected link's whole address."""

from __future__ import annotations

import pytest
from rich.style import Style
from textual.widget import Widget

from tazreader.app.app import TazReaderApp
from tazreader.service import FRONT, TazPage
from tazreader.store import Store
from tests.app.conftest import (
    COLUMN,
    NEWS,
    REAL,
    list_rows,
    offline_app,
    online_app,
    open_article,
    reader_screen,
    screen_lines,
    settle,
)
from tests.factories import FIXTURE_ARTICLES, put_pages
from tests.server import FixtureServer


async def test_go_to_opens_an_article_id_a_path_and_a_taz_url(
    store: Store, server: FixtureServer
) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        await pilot.press("colon")
        await pilot.pause()
        assert any("Go to:" in line for line in screen_lines(app))
        await pilot.press(*f"!{NEWS}", "enter")
        await settle(pilot)
        assert screen.article is not None and screen.article.id == NEWS
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press(*"/Politik/!p4615/", "enter")
        await settle(pilot)
        assert screen.source == TazPage(server.url("/Politik/!p4615/"))
        await pilot.press("colon")
        await pilot.pause()
        await pilot.press(*f"https://taz.de/Kolumne-Gruenzeug/!{COLUMN}/", "enter")
        await settle(pilot)
        assert screen.article is not None and screen.article.id == COLUMN
        assert server.hits(f"/!{COLUMN}/")  # the taz.de address, read on the mirror


@pytest.mark.parametrize("size", [(80, 24), (140, 45)])
async def test_the_go_to_hint_shows_whole_in_german(
    store: Store, server: FixtureServer, german: None, size: tuple[int, int]
) -> None:
    app = online_app(store, server)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("colon")
        await pilot.pause()
        hint = app.screen.query_one("#goto-hint").region
        lines = screen_lines(app)[hint.y : hint.bottom]
        shown = " ".join(line[hint.x : hint.right].strip() for line in lines)
    assert shown == ("eine taz-Adresse, ein Pfad (/Politik/!p4615/) oder eine Artikelnummer "
                     "(!6135282)")


async def test_a_taz_address_pasted_into_the_search_box_opens_it(
    store: Store, server: FixtureServer
) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*f"https://taz.de/Streik/!{NEWS}/", "enter")
        await settle(pilot)
        assert screen.article is not None and screen.article.id == NEWS
        assert screen.source == FRONT  # not a search for the address
        assert not [m for _, m in app.messages if "is an article" in m]


async def test_j_and_k_capital_walk_the_list_while_reading(
    store: Store, server: FixtureServer
) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        await pilot.press("enter")
        await settle(pilot)
        screen.body.focus()
        assert screen.article is not None and screen.article.id == REAL
        await pilot.press("J")
        await settle(pilot)
        assert screen.article is not None and screen.article.id == COLUMN
        assert screen.article_list.highlighted_teaser is not None
        assert screen.article_list.highlighted_teaser.id == COLUMN
        assert app.focused is screen.body  # still reading
        await pilot.press("J")
        await settle(pilot)
        assert screen.article is not None and screen.article.id == NEWS
        await pilot.press("J")  # the end of the list
        await settle(pilot)
        assert screen.article is not None and screen.article.id == NEWS
        assert any("No further article" in m for _, m in app.messages)
        await pilot.press("K", "K")
        await settle(pilot)
        assert screen.article is not None and screen.article.id == REAL
        # The open article's row is marked in the list (a bar at its left edge).
        lst = screen.article_list
        assert [lst._row_strips(i, 40)[0].text[0] for i in range(3)] == ["▌", " ", " "]


async def test_capital_a_marks_the_whole_list_read(store: Store, server: FixtureServer) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        assert all("•" in row.splitlines()[0] for row in list_rows(app))
        await pilot.press("A")
        await settle(pilot)
        assert all(store.states([i])[i].read for i in (REAL, COLUMN, NEWS))
        assert not any("•" in row.splitlines()[0] for row in list_rows(app))
        assert any("3 articles marked read" in m for _, m in app.messages)


async def test_z_gives_the_article_the_whole_width_and_back(
    store: Store, server: FixtureServer
) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        await pilot.press("enter")
        await settle(pilot)
        narrow = screen.body.size.width
        await pilot.press("z")
        await settle(pilot)
        assert not screen.list_pane.display or screen.list_pane.size.width == 0
        assert screen.body.size.width >= 72 > narrow
        assert max(len(line) for line in screen.body.rendered_lines) > 60
        assert app.focused is screen.body
        await pilot.press("z")
        await settle(pilot)
        assert screen.body.size.width == narrow


async def test_the_highlighted_link_entry_shows_its_whole_address(
    store: Store, server: FixtureServer
) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n", "n")
        await pilot.pause()
        url = screen.article.links[1].url if screen.article else ""
        assert len(url) > 36  # longer than the pane is wide
        pane = screen.links.content_region
        painted = "".join(line[pane.x : pane.right].strip() for line in screen_lines(app))
        assert url in painted  # wrapped, but whole
        others = [e.url for e in screen.links.entries if e.number == 3]
        assert others and others[0] not in painted  # the others keep one cut line


async def test_at_80_columns_the_selected_links_address_comes_first_and_whole(
    store: Store,
) -> None:
    """Offline, the network text is long ("offline mode — cached from …"): the selected link
    still leads the status line, its address whole; what follows is cut."""
    put_pages(store, *FIXTURE_ARTICLES)
    app = offline_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_article(app, pilot)
        screen.body.focus()
        await pilot.press("n", "n")
        await pilot.pause()
        assert screen.article is not None
        url = screen.article.links[1].url
        row = screen_lines(app)[screen.status.region.y].strip()
    assert screen.status.text.startswith(f"[2] {url}")
    assert row.startswith(f"[2] {url}"), row
    assert row.endswith("…")  # the link's text and the network state are what is cut


def _title_style(app: TazReaderApp, widget: Widget) -> tuple[Style, Style]:
    """The painted style of ``widget``'s border title and of its top line (as on screen)."""
    strip = app.screen._compositor.render_strips()[widget.region.y]
    out: list[Style] = []
    for column in (widget.region.x + 1, widget.region.right - 2):  # title, then the line
        x = 0
        for segment in strip:
            if x <= column < x + segment.cell_length:
                out.append(segment.style or Style())
                break
            x += segment.cell_length
    assert len(out) == 2
    return out[0], out[1]


async def test_the_focused_pane_paints_its_title_and_top_line_differently(store: Store) -> None:
    """Two focus states never give the same screen: the pane with the keys has its top line
    and its title in the accent colour, the title bold."""
    put_pages(store, *FIXTURE_ARTICLES)
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_article(app, pilot)
        screen.article_list.focus()
        await pilot.pause()
        list_on, body_off = _title_style(app, screen.list_pane), _title_style(app, screen.body)
        await pilot.press("tab")
        await pilot.pause()
        assert screen.focused is screen.body
        list_off, body_on = _title_style(app, screen.list_pane), _title_style(app, screen.body)
    assert list_on[0].bold and not list_off[0].bold
    assert body_on[0].bold and not body_off[0].bold
    assert list_on[0].color != list_off[0].color and body_on[0].color != body_off[0].color
    assert list_on[1].color != list_off[1].color and body_on[1].color != body_off[1].color
    assert list_on[0].color == body_on[0].color  # the same accent for every pane
