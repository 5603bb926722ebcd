"""What the reader remembers: read marks (m), the reading position and the history, across runs."""

from __future__ import annotations

from tazreader.config import Config
from tazreader.store import Store
from tests.app.conftest import (
    REAL,
    list_rows,
    offline_app,
    online_app,
    reader_screen,
    settle,
)
from tests.server import FixtureServer


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

