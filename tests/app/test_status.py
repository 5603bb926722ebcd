"""What the status line and the empty screens say: true of the load that made it, of the host
tried and of what the offline cache holds; escape stops a load; where the reader starts."""

from __future__ import annotations

from pathlib import Path

from tazreader.config import Config
from tazreader.service import BOOKMARKS, FRONT, HISTORY, OFFLINE, Search, TazPage
from tazreader.store import Store
from tests.app.conftest import (
    body_text,
    list_rows,
    notifications,
    offline_app,
    online_app,
    reader_screen,
    screen_lines,
    settle,
)
from tests.factories import REAL_PAGE, put_pages
from tests.server import FixtureServer


async def test_a_message_belongs_to_the_load_that_made_it(
    store: Store, server: FixtureServer
) -> None:
    server.fault("/!s=*", status=404)
    server.fault("/Politik/!p4615/", status=500)
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        screen.show_list(Search("Klima"))
        await settle(pilot)
        assert "error" in screen.status.text or "not exist" in screen.status.text
        for local in (BOOKMARKS, HISTORY):
            screen.show_list(local)
            await settle(pilot)
            assert screen.status.text == "", local  # the search's 404 is not theirs
        screen.show_list(TazPage(server.url("/Politik/!p4615/")))
        await settle(pilot)
        assert screen.status.text.startswith("error")
        screen.show_list(OFFLINE)
        await settle(pilot)
        assert "error" not in screen.status.text


async def test_without_network_the_screen_says_what_is_offline_and_shows_it(
    store: Store, server: FixtureServer
) -> None:
    put_pages(store, REAL_PAGE, "constructed_article_news.html")
    server.stop()
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        text = body_text(app).replace("\n", " ")
        assert "Nothing" not in text  # there is something: it says how much, and shows it
        assert "the 2 articles readable offline are listed" in text
        assert f"{server.base_url.split('//', 1)[1]} cannot be reached" in text
        rows = list_rows(app)
        assert len(rows) == 2 and any("Ein bisschen Fortschritt" in r for r in rows)
        assert "Offline articles (2)" in str(screen.sub_title)
        await pilot.press("enter")  # and they can be read
        await settle(pilot)
        assert screen.article is not None


async def test_offline_mode_shows_what_is_readable_when_the_list_was_never_loaded(
    store: Store,
) -> None:
    put_pages(store, REAL_PAGE, "constructed_article_news.html")
    app = offline_app(store, Config(start_list="Politik"))
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        text = body_text(app).replace("\n", " ")
        assert "Politik is not in the offline cache, and the reader is in offline mode" in text
        assert "the 2 articles readable offline are listed" in text
        assert len(list_rows(app)) == 2


async def test_escape_cancels_a_load_that_never_ends(store: Store, server: FixtureServer) -> None:
    server.fault("/", delay=30)  # a server that never answers
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause(0.3)
        screen = reader_screen(app)
        assert "loading Front page" in screen.status.text
        await pilot.press("escape")
        await pilot.pause()
        assert "loading" not in screen.status.text
        assert any("cancelled" in m for _, m in app.messages)
        assert not [w for w in app.workers if w.is_running and w.group == "list"]


async def test_start_list_is_honoured_on_every_start_and_last_is_the_default(
    store: Store, tmp_path: Path
) -> None:
    store.set_meta("last_list", BOOKMARKS.to_json())
    app = offline_app(store, Config(start_list="offline"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert reader_screen(app).source == OFFLINE  # not the last list
    app = offline_app(store, Config(start_list="offline"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert reader_screen(app).source == OFFLINE  # again, on the second start
    app = offline_app(store)  # the default: "last"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert reader_screen(app).source == OFFLINE
    store.set_meta("last_list", None)
    app = offline_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert reader_screen(app).source == FRONT
    assert Config().start_list == "last"


async def test_the_empty_lists_say_all_of_what_to_do_at_80_columns(store: Store) -> None:
    app = offline_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        screen.show_list(BOOKMARKS)
        await settle(pilot)
        pane = screen.article_list.content_region
        painted = " ".join(line[pane.x : pane.right].strip() for line in screen_lines(app))
        assert "B bookmarks the open article." in " ".join(painted.split())
        assert "…" not in painted


async def test_status_drops_a_load_the_reader_moved_away_from(
    store: Store, server: FixtureServer
) -> None:
    server.fault("/", delay=1.0)  # longer than the test needs: the load is still running
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = reader_screen(app)
        for _ in range(100):  # the network side is built in a thread first: wait for it
            await pilot.pause(0.02)
            if "loading Front page …" in screen.status.text:
                break
        assert "loading Front page …" in screen.status.text
        screen.show_list(BOOKMARKS)
        await settle(pilot)
        assert "Front page" not in screen.status.text
        assert "Bookmarks" in screen_lines(app)[0]


async def test_status_line_paints_what_its_text_says(store: Store) -> None:
    """The parts are joined the same way on screen as in ``text``: no leading gap."""
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        status = reader_screen(app).status
        status.set_network("")
        status.set_pending("link 3 — enter follows, escape cancels")
        await pilot.pause()
        assert screen_lines(app)[-2] == f" {status.text}".ljust(140)
        status.set_network("offline mode")
        status.set_progress("syncing 1/3")
        await pilot.pause()
        # The link first: a narrow line cuts the end.
        assert status.text == "link 3 — enter follows, escape cancels   offline mode   syncing 1/3"
        assert screen_lines(app)[-2] == f" {status.text}".ljust(140)



async def test_the_text_pane_does_not_keep_what_the_list_before_had_to_say(
    store: Store, server: FixtureServer
) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        pick = body_text(app)
        assert "Pick an article" in pick
        screen.show_list(BOOKMARKS)
        await settle(pilot)
        assert "No bookmarks yet" in body_text(app)
        screen.show_list(FRONT)  # cached: its rows are there at once
        await settle(pilot)
        assert list_rows(app)
        assert body_text(app) == pick


async def test_a_reload_that_kept_the_cached_copy_does_not_say_reloaded(
    store: Store, server: FixtureServer
) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        server.fault("/", status=500)
        await pilot.press("r")
        await settle(pilot)
        said = notifications(app)
        assert not any(m.startswith("Reloaded") for m in said), said
        assert "Not reloaded: Front page" in said
        assert list_rows(app)  # the cached list stayed
