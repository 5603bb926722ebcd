"""Snapshots (pytest-textual-snapshot) of the main screens at 80x24 and 140x45.

Offline, from a cache filled from the fixtures with a fixed fetch time and TZ=UTC, so the
pictures are the same on every machine. Update with ``pytest tests/app --snapshot-update``
after looking at the differences (``snapshot_report.html``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tazreader import i18n
from tazreader.app import pictures
from tazreader.app.app import TazReaderApp
from tazreader.store import Store
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tazreader.taz.parse.listing import parse_listing
from tests.app.conftest import REAL, offline_app, reader_screen, settle
from tests.pictures.helpers import bands
from tests.revisions import page
from tests.server import FIXTURES

FETCHED = datetime(2025, 12, 5, 8, 0, tzinfo=UTC)
SIZES = [(80, 24), (140, 45)]
Snap = Callable[..., bool]


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def filled(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "snap.sqlite3")
    for name in ("fundus_Taz_2024_10_23.html", "constructed_article_h2_2025.html",
                 "constructed_article_news.html", "constructed_article_boxes.html",
                 "constructed_article_multi_author.html"):
        raw = (FIXTURES / name).read_bytes()
        store.put_article(parse_article(raw), raw=raw, fetched_at=FETCHED,
                          parser_version=PARSER_VERSION)
    front = parse_listing((FIXTURES / "constructed_front.html").read_bytes(), "https://taz.de/")
    store.put_listing(front, fetched_at=FETCHED)
    store.set_meta("last_list", "front")
    yield store
    store.close()


@pytest.fixture
def revised(filled: Store) -> Store:
    """``filled``, the real article read first as version 1 of tests/revisions.py and then,
    a day later, corrected (version 2)."""
    for version, when, revise in ((1, FETCHED, False), (2, FETCHED + timedelta(days=1), True)):
        raw = page(version)
        filled.put_article(parse_article(raw), raw=raw, fetched_at=when,
                           parser_version=PARSER_VERSION, revise=revise)
    return filled


def make_app(store: Store) -> TazReaderApp:
    return offline_app(store)


def open_real(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        assert isinstance(pilot.app, TazReaderApp)
        screen = reader_screen(pilot.app)
        screen.open_article(f"https://taz.de/!{REAL}/")
        screen.article_list.focus()
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run


@pytest.fixture
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """The interface's language for this snapshot (the sample and most readers: German)."""
    chosen: str = request.param
    i18n.set_language(chosen)
    yield chosen
    i18n.set_language("en")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
@pytest.mark.parametrize("language", ["de", "en"], indirect=True)
def test_article_open(
    snap_compare: Snap, filled: Store, size: tuple[int, int], language: str
) -> None:
    assert snap_compare(make_app(filled), terminal_size=size, run_before=open_real())


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
@pytest.mark.parametrize("language", ["de", "en"], indirect=True)
def test_find_bar(snap_compare: Snap, filled: Store, size: tuple[int, int], language: str) -> None:
    keys = ("ctrl+f", *"gesetz", "enter")
    assert snap_compare(make_app(filled), terminal_size=size, run_before=open_real(*keys))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
@pytest.mark.parametrize("language", ["de", "en"], indirect=True)
def test_go_to_dialog(
    snap_compare: Snap, filled: Store, size: tuple[int, int], language: str
) -> None:
    keys = ("colon", *"!6150001")
    assert snap_compare(make_app(filled), terminal_size=size, run_before=open_real(*keys))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
def test_selected_link(snap_compare: Snap, filled: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(filled), terminal_size=size, run_before=open_real("n", "n"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
def test_comments_view(snap_compare: Snap, filled: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(filled), terminal_size=size, run_before=open_real("c"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
@pytest.mark.parametrize("language", ["de", "en"], indirect=True)
def test_diff_view(snap_compare: Snap, revised: Store, size: tuple[int, int], language: str
                   ) -> None:
    assert snap_compare(make_app(revised), terminal_size=size, run_before=open_real("v"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
def test_search_results(snap_compare: Snap, filled: Store, size: tuple[int, int]) -> None:
    async def search(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("slash", *"Fortschritt", "enter")
        await settle(pilot)

    assert snap_compare(make_app(filled), terminal_size=size, run_before=search)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
@pytest.mark.parametrize("language", ["de", "en"], indirect=True)
def test_help_screen(
    snap_compare: Snap, filled: Store, size: tuple[int, int], language: str
) -> None:
    assert snap_compare(make_app(filled), terminal_size=size, run_before=open_real("f1"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
def test_first_run(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    store = Store.open(tmp_path / "empty.sqlite3")
    try:
        assert snap_compare(make_app(store), terminal_size=size, run_before=settle)
    finally:
        store.close()


# Solid bands of colour, one set a picture (lead, first and second in the body): drawn in half
# blocks they are the same cells on every machine.
BANDS = [
    [(200, 30, 40), (250, 220, 60)],
    [(40, 160, 70), (240, 240, 240), (40, 80, 200)],
    [(120, 60, 160), (30, 30, 30)],
]


@pytest.fixture
def with_pictures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """The article with pictures in its body, its pictures cached; half blocks whatever the
    terminal the tests run in, at the default cell size."""
    monkeypatch.setenv("TERM", "xterm-256color")
    for name in ("KITTY_WINDOW_ID", "TMUX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(pictures, "cell_size", lambda: pictures.DEFAULT_CELL)
    store = Store.open(tmp_path / "pictures.sqlite3")
    raw = (FIXTURES / "constructed_drift_body_pictures.html").read_bytes()
    article = parse_article(raw)
    store.put_article(article, raw=raw, fetched_at=FETCHED, parser_version=PARSER_VERSION)
    assert len(article.pictures) == len(BANDS)
    for image, colours in zip(article.pictures, BANDS, strict=True):
        store.put_picture(image.url.replace("/1900/", "/85/"), article.id,
                          bands(colours, 120, 40, "PNG"), "image/png", FETCHED)
    front = parse_listing((FIXTURES / "constructed_front.html").read_bytes(), "https://taz.de/")
    store.put_listing(front, fetched_at=FETCHED)
    store.set_meta("last_list", "front")
    yield store
    store.close()


def test_body_picture_in_half_blocks(snap_compare: Snap, with_pictures: Store) -> None:
    """The acceptance's snapshot: a picture inside the body drawn in half blocks under its
    caption, between the paragraphs around it."""

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        assert isinstance(pilot.app, TazReaderApp)
        screen = reader_screen(pilot.app)
        screen.open_article("https://taz.de/!6150030/")
        await settle(pilot)
        body = screen.body
        caption = next(i for i, line in enumerate(body.rendered_lines)
                       if line.startswith("Bild: Pflanzaktion"))
        body.scroll_to(y=caption - 2, animate=False, immediate=True)
        await settle(pilot)

    app = offline_app(with_pictures, pictures=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run)
