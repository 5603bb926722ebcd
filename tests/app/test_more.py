"""Mouse, sync, read marks, reading positions across runs, reload, the command line."""

from __future__ import annotations

import os
from pathlib import Path

from tazreader.config import Config
from tazreader.service import TazPage
from tazreader.store import Store
from tests.app.conftest import (
    COLUMN,
    NEWS,
    REAL,
    body_text,
    list_rows,
    notifications,
    offline_app,
    online_app,
    reader_screen,
    screen_lines,
    settle,
)
from tests.server import FixtureServer
from tests.terminal import run_until_first_paint


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


async def test_sync_the_current_list_for_offline_reading(
    store: Store, server: FixtureServer
) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        assert all("↓" not in row.split("\n")[0] for row in list_rows(app))
        await pilot.press("s")
        await settle(pilot)
        assert all("↓" in row.split("\n")[0] for row in list_rows(app))
        assert "Synced: 3 new articles offline" in notifications(app)
        assert reader_screen(app).status.progress == ""
        await pilot.press("s")  # again: nothing new, and it says how much is there
        await settle(pilot)
        assert notifications(app)[-1] == "Synced: nothing new (3 already offline)"
    assert store.cached_ids([REAL, COLUMN, NEWS]) == {REAL, COLUMN, NEWS}


async def test_m_toggles_read_and_the_mark_follows(store: Store, server: FixtureServer) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        assert list_rows(app)[0].startswith("•")
        await pilot.press("enter")
        await settle(pilot)
        assert not list_rows(app)[0].startswith("•")  # opened: read
        await pilot.press("m")
        assert list_rows(app)[0].startswith("•")
        assert not store.states([REAL])[REAL].read
        await pilot.press("m")
        assert store.states([REAL])[REAL].read


async def test_reading_position_and_history_survive_a_restart(
    store: Store, server: FixtureServer
) -> None:
    cfg = Config(base_url=server.base_url)
    app = online_app(store, server, cfg)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = reader_screen(app)
        screen.body.focus()
        await pilot.press("space")
        position = screen.body.scroll_y
        assert position > 0
        await pilot.press("3", "enter")
        await settle(pilot)
    assert store.get_position(REAL) == position
    app2 = offline_app(store, cfg)
    async with app2.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app2)
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.article is not None and screen.article.id == REAL
        assert screen.body.scroll_y == position
        # Opening it again from the list restores the remembered position too.
        await pilot.press("alt+right")
        await settle(pilot)
        screen.open_article(server.url(f"/!{REAL}/"))
        await settle(pilot)
        assert screen.body.scroll_y == position


async def test_reload_fetches_again(store: Store, server: FixtureServer) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        before = len(server.hits(f"*!{REAL}/"))
        front_before = len(server.hits("/"))
        await pilot.press("r")
        await settle(pilot)
        assert len(server.hits(f"*!{REAL}/")) == before + 1
        assert len(server.hits("/")) == front_before + 1
        assert "Ein bisschen Fortschritt" in body_text(app)
        assert "Reloaded: Front page" in notifications(app)  # a quick reload is confirmed


def test_command_line_starts_the_reader_and_paints_the_list(tmp_path: Path) -> None:
    """``tazreader --offline`` in a real pseudo-terminal paints its first list, then exits."""
    data = tmp_path / "data"
    store = Store.open(data / "cache.sqlite3")
    store.close()
    env = dict(
        os.environ,
        TAZREADER_DATA_DIR=str(data),
        TAZREADER_CONFIG_FILE=str(tmp_path / "config.toml"),
    )
    run = run_until_first_paint(["--offline"], env, tmp_path)
    assert run.returncode == 0, run.output[-2000:]
    assert run.painted >= run.started
    assert b"tazreader" in run.output


async def test_config_problems_and_store_notices_are_shown(store: Store) -> None:
    cfg = Config(problems=("config file x is not valid TOML: line 3",))
    app = offline_app(store, cfg, notices=("The cache file was damaged and set aside.",))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        shown = notifications(app)
        assert "config file x is not valid TOML: line 3" in shown
        assert "The cache file was damaged and set aside." in shown


async def test_brackets_and_shift_n_walk_the_links(store: Store, server: FixtureServer) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = reader_screen(app)
        await pilot.press("right_square_bracket")
        assert screen.body.selected_link == 1
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.body.selected_link == 3
        await pilot.press("left_square_bracket")
        assert screen.body.selected_link == 2
        await pilot.press("N", "N")
        assert screen.body.selected_link == 5  # wraps around
        await pilot.press("escape")
        assert screen.body.selected_link is None


async def test_banner_shows_in_the_header(store: Store) -> None:
    from tazreader.service import Edition

    app = offline_app(store, edition=Edition(banner="Beispielausgabe — offline sample"))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "tazreader · Beispielausgabe — offline sample" in screen_lines(app)[0]


async def test_constructed_front_page_and_a_section_from_the_fixture_server(
    store: Store, fixture_server: FixtureServer
) -> None:
    """The fixture server's own front page and Politik section, as the parser reads them."""
    from tazreader.taz.parse.listing import parse_listing
    from tests.server import FIXTURES

    front = parse_listing((FIXTURES / "constructed_front.html").read_bytes(),
                          fixture_server.url("/"), fixture_server.base_url)
    politik = parse_listing((FIXTURES / "constructed_section_politik.html").read_bytes(),
                            fixture_server.url("/Politik/!p4615/"), fixture_server.base_url)
    app = online_app(store, fixture_server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        rows = list_rows(app)
        assert len(rows) == len(front.teasers) > 10
        for row, teaser in zip(rows, front.teasers, strict=True):
            assert teaser.title in row
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(*"Politik", "enter")
        await settle(pilot)
        rows = list_rows(app)
        assert len(rows) == len(politik.teasers) > 3
        assert politik.teasers[0].title in rows[0]
        assert "Politik" in str(reader_screen(app).sub_title)
