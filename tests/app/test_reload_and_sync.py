"""s syncs the open list for offline reading, r fetches the list and the article again."""

from __future__ import annotations

from tazreader.store import Store
from tests.app.conftest import (
    COLUMN,
    NEWS,
    REAL,
    body_text,
    list_rows,
    notifications,
    online_app,
    reader_screen,
    settle,
)
from tests.server import FixtureServer


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



async def test_reload_keeps_the_cursor_on_its_article(store: Store, server: FixtureServer) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        articles = reader_screen(app).article_list
        chosen = articles.highlighted_teaser
        assert chosen is not None and articles.highlighted == 2
        await pilot.press("r")
        await settle(pilot)
        again = articles.highlighted_teaser
        assert again is not None and again.id == chosen.id
        assert articles.highlighted == 2
