"""Helpers for the Pilot tests: a real Store in tmp_path, a real Reader on the fixture server."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from textual.pilot import Pilot
from textual.worker import WorkerState

from tazreader.app.app import TazReaderApp
from tazreader.app.screens.reader import ReaderScreen
from tazreader.config import Config
from tazreader.service import Reader, Session
from tazreader.store import Store
from tazreader.taz.client import TazClient
from tests.server import FixtureServer

# A small front page in the new-design teaser markup (FACTS §4), built here so that the app
# tests know exactly which articles the list holds: the real article and two constructed ones.
FRONT_PAGE = """<!DOCTYPE html><html><head><title>taz.de</title></head><body>
<main id="hauptinhalt"><section class="outerwrapper">
<div class="article-teaser"><a class="teaser-link" href="/Selbstbestimmungsgesetz/!5928990/">
<p class="typo-r-topline">Entwurf des Selbstbestimmungsgesetzes</p>
<p class="headline typo-r-head-medium">Ein bisschen Fortschritt</p></a>
<div class="typo-r-subline">Das alte Transsexuellengesetz ist bald Geschichte.</div></div>
<div class="article-teaser"><a class="teaser-link" href="/Kolumne/!6150001/">
<p class="typo-r-topline">Kolumne Grünzeug</p>
<p class="headline typo-r-head-medium">Hoffnung ist grün</p></a>
<div class="typo-r-subline">Eine Kolumne über Gärten.</div></div>
<div class="article-teaser"><a class="teaser-link" href="/Streik/!6150004/">
<p class="typo-r-topline">Streik im Nahverkehr</p>
<p class="headline typo-r-head-medium">Busse bleiben im Depot</p></a>
<div class="typo-r-subline">Ein Bericht.</div></div>
</section></main></body></html>"""

REAL = "5928990"
COLUMN = "6150001"  # constructed: link 2 goes to another site
NEWS = "6150004"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cache.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = Store.open(db_path)
    yield s
    s.close()


@pytest.fixture
def server(fixture_server: FixtureServer) -> FixtureServer:
    fixture_server.any_article = True
    fixture_server.route("/", FRONT_PAGE)
    return fixture_server


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep config, data and exports of every app test inside tmp_path."""
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TAZREADER_EXPORT_DIR", str(tmp_path / "export"))
    monkeypatch.delenv("TAZREADER_BASE_URL", raising=False)
    monkeypatch.delenv("TAZREADER_FIRST_PAINT_FILE", raising=False)


def online_reader(store: Store, base: str) -> Reader:
    """A reader on ``base`` (the fixture server) with quick timeouts, its client built on
    first use as in the real app."""

    def client() -> TazClient:
        return TazClient(base, timeout=httpx.Timeout(2.0), retries=1, backoff=0.01)

    return Reader(store, base_url=base, client_factory=client)


def make_app(
    reader: Reader, config: Config | None = None, *, pictures: bool = False, **session: Any
) -> TazReaderApp:
    """The reader app on ``reader``; the config is not saved unless ``save_config=True``;
    pictures only when a test asks for them (they are requests of their own)."""
    session.setdefault("save_config", False)
    cfg = config or Config(base_url=reader.base_url)
    if not pictures:
        cfg = replace(cfg, images="off")
    app = TazReaderApp(Session(reader, cfg, **session))
    app.open_in_browser = BrowserSpy()
    return app


def online_app(
    store: Store, server: FixtureServer, config: Config | None = None, *, pictures: bool = False
) -> TazReaderApp:
    base = server.base_url
    return make_app(online_reader(store, base), config or Config(base_url=base),
                    pictures=pictures)


def offline_app(store: Store, config: Config | None = None, **session: Any) -> TazReaderApp:
    cfg = config or Config()
    return make_app(Reader(store, base_url=cfg.base_url, offline=True), cfg, **session)


class BrowserSpy:
    """Stands in for ``webbrowser.open``: records what would have been opened."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    def __call__(self, url: str) -> bool:
        self.opened.append(url)
        return True


def spy(app: TazReaderApp) -> BrowserSpy:
    opener = app.open_in_browser
    assert isinstance(opener, BrowserSpy)
    return opener


async def settle(pilot: Pilot[None]) -> None:
    """Let queued callbacks start their workers, wait for every worker, repaint.

    The reader starts much of its work with ``call_after_refresh`` (the list load after the
    first paint, the dates of cached rows after a list is shown). Such a callback runs when
    the screen next refreshes, which a busy machine can put off past ``pilot.pause()``; so
    "no worker running" counts only after a refresh has run the callbacks queued before it.
    """
    await pilot.pause()
    for _ in range(5):
        await asyncio.wait_for(pilot.app.screen.wait_for_refresh(), timeout=10)
        active = [w for w in pilot.app.workers
                  if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]
        if not active:
            break
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def reader_screen(app: TazReaderApp) -> ReaderScreen:
    for screen in app.screen_stack:
        if isinstance(screen, ReaderScreen):
            return screen
    raise AssertionError("no reader screen")


async def open_article(
    app: TazReaderApp, pilot: Pilot[None], url: str = f"https://taz.de/!{REAL}/"
) -> ReaderScreen:
    """Once the reader has started, the article at ``url`` (the real one by default) opened
    and settled; the reader screen."""
    await settle(pilot)
    screen = reader_screen(app)
    screen.open_article(url)
    await settle(pilot)
    return screen


def list_rows(app: TazReaderApp) -> list[str]:
    """The article list as the user sees it: each row's text."""
    lst = reader_screen(app).article_list
    return [lst.row_text(i) for i in range(lst.option_count)]


def body_text(app: TazReaderApp) -> str:
    return "\n".join(reader_screen(app).body.rendered_lines)


def notifications(app: TazReaderApp) -> list[str]:
    return [message for _, message in app.messages]


def url_of(server: FixtureServer, article_id: str) -> str:
    return server.url(f"/!{article_id}/")


OpenApp = Callable[..., TazReaderApp]


def screen_lines(app: TazReaderApp) -> list[str]:
    """Every line of the terminal as painted (the compositor's output: what the user sees)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]
