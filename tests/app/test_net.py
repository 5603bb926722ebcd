"""The app with a hostile server: what headers carry reaches the status line inert."""

from __future__ import annotations

from tazreader.store import Store
from tests.app.conftest import notifications, online_app, reader_screen, settle
from tests.hostile.checks import UNSAFE
from tests.server import FixtureServer

HOSTILE_TYPE = "text/x\x1b[8m\x1b[6n\x1bc"


async def test_a_hostile_content_type_reaches_the_status_line_inert(
    store: Store, server: FixtureServer
) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        page = server.content("/")
        assert page is not None
        server.fault("/", body=page.body, content_type=HOSTILE_TYPE)
        await pilot.press("r")
        await settle(pilot)
        status = reader_screen(app).status.text
        assert "is not a web page (text/x[8m[6nc)" in status
        assert UNSAFE.search(status) is None, status
        assert all(UNSAFE.search(m) is None for m in notifications(app))
