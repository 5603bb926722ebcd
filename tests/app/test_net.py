"""The app with a hostile server and links that only look like taz links: what headers carry
reaches the status line inert, and a link is judged by where a browser would go."""

from __future__ import annotations

from textual.widgets import Static

from tazreader.app.screens.confirm import ConfirmLinkScreen
from tazreader.store import Store
from tazreader.taz.models import Article, Link, PageKind, Paragraph, Segment
from tests.app.conftest import (
    notifications,
    offline_app,
    online_app,
    reader_screen,
    settle,
    spy,
)
from tests.factories import put_on_front
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


CYRILLIC = "https://t\u0430z.de/Politik/!5928990/"  # tаz.de, with a Cyrillic а


def put_tricky_links(store: Store) -> Article:
    """An article (cached, on the front page) whose links only look like taz links."""
    article = Article(
        id="6199997",
        url="https://taz.de/!6199997/",
        title="Links, die nach taz aussehen",
        blocks=(Paragraph((Segment("Erst "), Segment("eins", 1), Segment(", dann "),
                           Segment("zwei", 2), Segment(", dann "), Segment("drei", 3),
                           Segment("."))),),
        links=(
            Link("eins", CYRILLIC, PageKind.EXTERNAL),
            Link("zwei", "https://taz.de:443@evil.example/!5928990/", PageKind.ARTICLE),
            Link("drei", "https://evil.example\\@taz.de/Politik/", PageKind.TAZ),
        ),
    )
    return put_on_front(store, article)


async def test_links_that_look_like_taz_go_where_a_browser_would(store: Store) -> None:
    put_tricky_links(store)
    app = offline_app(store)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pane = reader_screen(app).links
        rows = [str(pane.get_option_at_index(i).prompt) for i in range(pane.option_count)]
        rows = [row for row in rows if row.startswith("[")]
        assert len(rows) == 3 and all("other site" in row for row in rows), rows
        assert "t\u0430z.de (xn--tz-7kc.de)" in rows[0]
        # The Cyrillic host: the dialog names it, in Unicode and in ASCII.
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmLinkScreen)
        host = str(app.screen.query_one("#host", Static).render())
        assert "t\u0430z.de" in host and "xn--tz-7kc.de" in host
        await pilot.press("n")
        await pilot.pause()
        # taz.de:443@evil.example is evil.example: asked about, not opened in the reader.
        await pilot.press("2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmLinkScreen)
        assert "evil.example" in str(app.screen.query_one("#host", Static).render())
        await pilot.press("n")
        await pilot.pause()
        # evil.example\@taz.de: a browser goes to evil.example; refused outright.
        await pilot.press("3", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmLinkScreen)
        assert any("hides where it goes" in m for m in notifications(app))
        assert spy(app).opened == []
