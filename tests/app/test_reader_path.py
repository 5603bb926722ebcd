"""A reader's path through the app, against the loopback fixture server, then offline."""

from __future__ import annotations

from pathlib import Path

from tazreader.config import Config
from tazreader.service import FRONT
from tazreader.store import Store
from tests.app.conftest import (
    COLUMN,
    REAL,
    body_text,
    list_rows,
    notifications,
    offline_app,
    online_app,
    reader_screen,
    settle,
    spy,
)
from tests.server import FixtureServer


async def test_front_page_article_links_back_external_bookmark_then_offline(
    store: Store, server: FixtureServer, db_path: Path
) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        rows = list_rows(app)
        assert len(rows) == 3
        assert "Ein bisschen Fortschritt" in rows[0] and "Hoffnung ist grün" in rows[1]
        assert screen.status.text.startswith("online")

        # Open the first article.
        await pilot.press("enter")
        await settle(pilot)
        text = body_text(app)
        assert "Ein bisschen Fortschritt" in text
        assert "Na endlich! [1]Es gibt einen Referentenentwurf" in text.replace("\n", " ")
        assert "Ein bisschen Fortschritt" in str(app.screen.sub_title)
        assert [e.number for e in screen.links.entries if e.number] == [1, 2, 3, 4, 5]
        assert len(store.history()) == 1

        # Page down and back (space, b), select link 2 with n, scroll a few lines (j).
        await pilot.press("space")
        assert screen.body.scroll_y > 0
        await pilot.press("b")
        assert screen.body.scroll_y == 0
        await pilot.press("n", "n")
        assert screen.body.selected_link == 2
        assert app.focused is screen.body
        await pilot.press("j", "j", "j")
        entry = screen.links.highlighted_entry
        assert entry is not None and entry.number == 2
        line = screen.body.line_of_link(2)
        assert line is not None
        top = int(screen.body.scroll_y)
        assert top <= line < top + screen.body.scrollable_content_region.height
        # The address first and whole, then the link's text (then the network state).
        assert screen.status.text.startswith(
            f"[2] {server.url('/Transrechte-in-Deutschland/!5903898/')}"
            " — Bislang gilt das Transsexuellengesetz (TSG)"
        )
        position = screen.body.scroll_y
        assert position > 0

        # Follow it: a taz article opens inside the reader and history grows.
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article is not None and screen.article.id == "5903898"
        assert [t.id for t in store.history()] == ["5903898", REAL]
        assert screen.body.scroll_y == 0

        # Back: the same article at the same position.
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.article is not None and screen.article.id == REAL
        assert screen.body.scroll_y == position
        # ... and forward again.
        await pilot.press("alt+right")
        await settle(pilot)
        assert screen.article is not None and screen.article.id == "5903898"
        await pilot.press("alt+left")
        await settle(pilot)
        assert screen.article is not None and screen.article.id == REAL

        # Another article, whose link 2 goes to another site: asked first, then the browser.
        await pilot.press("shift+tab")
        focused: object = app.focused
        assert focused is screen.article_list
        await pilot.press("down", "enter")
        await settle(pilot)
        assert screen.article is not None and screen.article.id == COLUMN
        await pilot.press("2", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmLinkScreen"
        assert spy(app).opened == []
        await pilot.press("y")
        await pilot.pause()
        assert spy(app).opened == ["https://www.example.org/offener-brief"]

        # Bookmark it: the row shows the mark, the store has it.
        await pilot.press("B")
        await pilot.pause()
        assert [t.id for t in store.bookmarks()] == [COLUMN]
        assert "★" in list_rows(app)[1]
        assert any("Bookmarked" in m for m in notifications(app))

    # The network goes away; the reader starts again offline and reads the bookmark.
    server.stop()
    again = Store.open(db_path)
    try:
        app2 = offline_app(again, Config(base_url=server.base_url))
        async with app2.run_test(size=(140, 45)) as pilot:
            await settle(pilot)
            screen = reader_screen(app2)
            assert "offline" in screen.status.text
            assert len(list_rows(app2)) == 3  # the front page from the cache
            await pilot.press("S")
            await pilot.pause()
            await pilot.press(*"Bookm", "enter")
            await settle(pilot)
            rows = list_rows(app2)
            assert len(rows) == 1 and "Hoffnung ist grün" in rows[0]
            await pilot.press("enter")
            await settle(pilot)
            assert screen.article is not None and screen.article.id == COLUMN
            assert "Hoffnung ist grün" in body_text(app2)
            assert not [m for m in notifications(app2) if "error" in m.lower()]
            # History survived the restart: back leads to the article read before.
            await pilot.press("backspace")
            await settle(pilot)
            assert screen.source == FRONT
    finally:
        again.close()
