"""The mouse: a click on a row opens it, on a link mark follows it, on a link pane entry selects it,
on the key bar presses the key."""

from __future__ import annotations

from tazreader.app.screens.search import SearchScreen
from tazreader.service import TazPage
from tazreader.store import Store
from tests.app.conftest import (
    NEWS,
    REAL,
    offline_app,
    online_app,
    reader_screen,
    screen_lines,
    settle,
)
from tests.server import FixtureServer


def find_on_screen(lines: list[str], needle: str) -> tuple[int, int]:
    """(x, y) of the first painted occurrence of ``needle``."""
    for y, line in enumerate(lines):
        x = line.find(needle)
        if x >= 0:
            return x, y
    raise AssertionError(f"{needle!r} is not on the screen")


async def test_mouse_rows_link_marks_and_link_pane(store: Store, server: FixtureServer) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        # A row: click the title of the third teaser.
        x, y = find_on_screen(screen_lines(app), "Busse bleiben im Depot")
        await pilot.click(offset=(x + 2, y))
        await settle(pilot)
        assert screen.article is not None and screen.article.id == NEWS
        # Back to the first article via its row, then click the link mark [3] in the body.
        x, y = find_on_screen(screen_lines(app), "Ein bisschen Fortschritt")
        await pilot.click(offset=(x + 2, y))
        await settle(pilot)
        assert screen.article is not None and screen.article.id == REAL
        x, y = find_on_screen(screen_lines(app), "[3]mit großer Hoffnung")
        await pilot.click(offset=(x + 1, y))
        await settle(pilot)
        assert screen.article is not None and screen.article.id == "5926716"
        # An entry of the link pane: the author page opens as a list.
        pane = screen.links.region
        lines = [line[pane.x:pane.right] for line in screen_lines(app)]
        x, y = find_on_screen(lines, "Nicole Opitz")
        await pilot.click(offset=(pane.x + x + 1, y))
        await settle(pilot)
        assert screen.source == TazPage(server.url("/Nicole-Opitz/!a52218/"))
        assert "Nicole Opitz" in str(screen.sub_title)


async def test_key_bar_click_presses_the_key(store: Store) -> None:
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        bottom = screen_lines(app)[-1]
        x = bottom.index("Search")
        await pilot.click(offset=(x, 44))
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert any("Search the offline cache:" in line for line in screen_lines(app))

