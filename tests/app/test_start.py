"""Starting the reader: from the command line to the painted list, the header's banner, the
sample's wording, config problems and cache notices, the upkeep that re-parses after the start."""

from __future__ import annotations

import os
from pathlib import Path

from tazreader.app.screens.reader import UPKEEP_DELAY
from tazreader.app.screens.search import SearchScreen
from tazreader.config import Config
from tazreader.service import BOOKMARKS, OFFLINE
from tazreader.store import Store
from tazreader.taz.parse.article import PARSER_VERSION
from tests.app.conftest import (
    REAL,
    body_text,
    make_app,
    notifications,
    offline_app,
    online_reader,
    reader_screen,
    screen_lines,
    settle,
)
from tests.factories import put_real
from tests.server import FixtureServer
from tests.terminal import run_until_first_paint


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


# Counts the screen's layout passes until the first list is painted (the marker file exists).
COUNT_LAYOUTS = """
import atexit, os
from textual.screen import Screen
laid_out = []
real = Screen._refresh_layout
def counted(self, *args, **kwargs):
    if not os.path.exists(os.environ["TAZREADER_FIRST_PAINT_FILE"]):
        laid_out.append(type(self).__name__)
    return real(self, *args, **kwargs)
Screen._refresh_layout = counted
atexit.register(lambda: open(os.environ["LAYOUTS_FILE"], "w").write(" ".join(laid_out)))
"""


def test_the_screen_is_laid_out_twice_before_the_first_paint(tmp_path: Path) -> None:
    # Textual sends the screen its size three times at the start; each was a full layout
    # (five in all, ~10 ms of the start): now the first layout and the one for the list.
    data = tmp_path / "data"
    Store.open(data / "cache.sqlite3").close()
    env = dict(os.environ, TAZREADER_DATA_DIR=str(data), LAYOUTS_FILE=str(tmp_path / "layouts"),
               TAZREADER_CONFIG_FILE=str(tmp_path / "config.toml"))
    run = run_until_first_paint(["--offline"], env, tmp_path, prelude=COUNT_LAYOUTS)
    assert run.returncode == 0, run.output[-2000:]
    assert run.painted >= run.started
    layouts = (tmp_path / "layouts").read_text().split()
    assert 1 <= len(layouts) <= 2 and set(layouts) == {"ReaderScreen"}, layouts


async def test_config_problems_and_store_notices_are_shown(store: Store) -> None:
    cfg = Config(problems=("config file x is not valid TOML: line 3",))
    app = offline_app(store, cfg, notices=("The cache file was damaged and set aside.",))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        shown = notifications(app)
        assert "config file x is not valid TOML: line 3" in shown
        assert "The cache file was damaged and set aside." in shown


async def test_banner_shows_in_the_header(store: Store) -> None:
    from tazreader.service import Edition

    app = offline_app(store, edition=Edition(banner="Beispielausgabe — offline sample"))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "tazreader · Beispielausgabe — offline sample" in screen_lines(app)[0]


async def test_reparse_runs_after_start_and_refreshes_the_open_article(store: Store) -> None:
    put_real(store, title="Veraltet geparst")
    store._conn.execute("UPDATE articles SET parser_version = ?", (PARSER_VERSION - 1,))
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        cached = store.get_article(REAL)
        assert cached is not None and cached[0].title == "Veraltet geparst"  # not at start-up
        await pilot.pause(UPKEEP_DELAY + 0.2)  # a moment after the first paint
        await settle(pilot)
        cached = store.get_article(REAL)
        assert cached is not None and cached[0].title == "Ein bisschen Fortschritt"
        assert any("re-read by the updated parser" in m for m in notifications(app))
        # An article open while its page is re-read is shown again, new text.
        put_real(store, title="Veraltet geparst")
        store._conn.execute("UPDATE articles SET parser_version = ?", (PARSER_VERSION - 1,))
        screen = reader_screen(app)
        screen.open_article(f"https://taz.de/!{REAL}/")
        await settle(pilot)
        assert "Veraltet geparst" in body_text(app)
        screen.body.reparse_cached()
        await settle(pilot)
        assert "Veraltet geparst" not in body_text(app)
        assert "Ein bisschen Fortschritt" in body_text(app)


async def test_a_cache_notice_set_mid_session_is_shown(store: Store) -> None:
    """The store sets its notice when it finds damage mid-session (tests/store): the reader
    says it after the next use of the cache, once."""
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        assert not any("set aside" in m for m in notifications(app))
        store.notice = "The offline cache was damaged and has been set aside."
        reader_screen(app).show_list(OFFLINE)
        await settle(pilot)
        assert notifications(app).count(store.notice) == 1
        reader_screen(app).show_list(BOOKMARKS)
        await settle(pilot)
        assert notifications(app).count(store.notice) == 1  # said once


async def test_sample_wording(store: Store, server: FixtureServer) -> None:
    from tazreader.sample import EDITION

    app = make_app(online_reader(store, server.base_url), edition=EDITION)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        assert screen.status.text == "sample edition (local)"
        assert "online" not in screen_lines(app)[-2]
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert any("Search the sample:" in line for line in screen_lines(app))


async def test_a_cache_notice_from_the_start_is_shown_once(store: Store) -> None:
    store.notice = "The offline cache was damaged and has been set aside."
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.pause(0.6)
        assert notifications(app).count(store.notice) == 1

