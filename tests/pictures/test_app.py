"""Pictures in the running app: drawn under the caption after the text, at the width the pane
needs, never a crash or a stuck spinner for what is no picture."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tazreader.app import pictures
from tazreader.config import Config
from tazreader.store import Store
from tazreader.taz.pictures import sized_url
from tests.app.conftest import REAL, body_text, online_app, reader_screen, settle
from tests.pictures.helpers import RED, jpeg, png, png_bomb, truncated_jpeg
from tests.server import FixtureServer

BLOCK = "▀"


def serve_picture(server: FixtureServer, body: bytes, ctype: str = "image/jpeg") -> None:
    server.fault("/picture/*", body=body, content_type=ctype)


def picture_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip() and set(line.strip()) == {BLOCK}]


async def test_the_lead_picture_is_drawn_under_its_caption_at_the_width_it_needs(
    store: Store, server: FixtureServer
) -> None:
    serve_picture(server, jpeg(600, 400))
    app = online_app(store, server, pictures=True)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        body = reader_screen(app).body
        lines = body.rendered_lines
        drawn = picture_lines(lines)
        assert len(drawn) >= 10, "\n".join(lines[:30])
        caption = next(i for i, line in enumerate(lines) if line.startswith("Bild:"))
        assert caption < drawn[0] < next(i for i, line in enumerate(lines)
                                          if line.startswith("Na endlich!"))
        # The smallest width taz serves that fills the text with half blocks (one pixel a
        # column), for the text as it is laid out beside the link pane: 58 columns, so 70
        # pixels (taz serves 55, 70, 73, 85 …: the next ones are for a wider text).
        assert body.text_width == 58
        (request,) = server.hits("/picture/*")
        assert request.path == (
            "/picture/6236752/70/Buschmann-Paus-Transsexuelle-Selbstbestimmungsrecht-1.jpeg"
        )
        # Top half red, bottom half blue: the colours of the cells say so.
        strip = body._strips[drawn[1]]
        colours = {seg.style.color.triplet for seg in strip if seg.style and seg.style.color
                   and seg.text == BLOCK}
        assert any(abs(c.red - RED[0]) < 40 and c.blue < 90 for c in colours if c)
        bottom = body._strips[drawn[-1]]
        assert any(seg.style and seg.style.bgcolor and seg.style.bgcolor.triplet
                   and seg.style.bgcolor.triplet.blue > 150 for seg in bottom
                   if seg.text == BLOCK)


@pytest.mark.parametrize(
    ("body", "ctype"),
    [
        (truncated_jpeg(), "image/jpeg"),
        (png_bomb(), "image/png"),
        (b"\xff\xd8\xff" + b"<html>keine Bilddaten</html>" * 20, "image/jpeg"),
    ],
    ids=["truncated", "png-bomb", "not-an-image"],
)
async def test_what_is_no_good_picture_says_so_and_the_article_stays(
    store: Store, server: FixtureServer, body: bytes, ctype: str
) -> None:
    serve_picture(server, body, ctype)
    app = online_app(store, server, pictures=True)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        started = time.monotonic()
        await pilot.press("enter")
        await settle(pilot)
        assert time.monotonic() - started < 5
        text = body_text(app)
        assert "(picture not available:" in text
        assert "Na endlich!" in text and BLOCK not in text
        assert not reader_screen(app).body.loading
        assert app.is_running


def test_a_picture_bomb_is_refused_before_it_is_unpacked() -> None:
    started = time.monotonic()
    with pytest.raises(pictures.PictureError, match="too large"):
        pictures.decode(png_bomb())
    assert time.monotonic() - started < 1


async def test_images_off_asks_for_no_picture(store: Store, server: FixtureServer) -> None:
    serve_picture(server, png())
    app = online_app(store, server, Config(base_url=server.base_url, images="off"))
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Bild: Marco Buschmann" in body_text(app)
        assert BLOCK not in body_text(app)
    assert server.hits("/picture/*") == []


def test_the_width_asked_for_fills_the_pane_at_the_cell_size() -> None:
    url = "https://taz.de/picture/6236752/1900/a.jpeg"
    assert sized_url(url, 80) == "https://taz.de/picture/6236752/85/a.jpeg"
    assert sized_url(url, pictures.pixels_wanted(72, "tgp", (9, 18))) == (
        "https://taz.de/picture/6236752/665/a.jpeg"  # 648 pixels: the next width up
    )
    assert sized_url(url, 5000).endswith("/1900/a.jpeg")
    assert sized_url("https://taz.de/other/a.jpeg", 80) == (
        "https://taz.de/other/a.jpeg")
    assert pictures.protocol({"TERM": "xterm-kitty"}) == "tgp"
    assert pictures.protocol({"TERM": "xterm-256color"}) == "halfcell"
    assert pictures.protocol({"TERM": "tmux-256color", "KITTY_WINDOW_ID": "1"}) == "halfcell"


async def test_a_picture_seen_online_is_there_offline(store: Store, server: FixtureServer) -> None:
    serve_picture(server, jpeg(600, 400))
    app = online_app(store, server, pictures=True)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert picture_lines(reader_screen(app).body.rendered_lines)
    server.stop()
    from tests.app.conftest import offline_app

    again = offline_app(store, Config(base_url=server.base_url), pictures=True)
    async with again.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        reader_screen(again).open_article(server.url(f"/!{REAL}/"))
        await settle(pilot)
        assert len(picture_lines(reader_screen(again).body.rendered_lines)) >= 10


def test_sync_keeps_the_pictures_and_no_images_keeps_none(
    tmp_path: Path, fixture_server: FixtureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tazreader.__main__ import main

    fixture_server.any_article = True
    serve_picture(fixture_server, jpeg(300, 200))
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(tmp_path / "without"))
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))
    assert main(["--base-url", fixture_server.base_url, "--no-images", "sync", "-q"]) == 0
    assert fixture_server.hits("/picture/*") == []
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(tmp_path / "with"))
    assert main(["--base-url", fixture_server.base_url, "sync", "-q"]) == 0
    asked = fixture_server.hits("/picture/*")
    assert asked and all("/85/" in r.path for r in asked)  # half blocks, 80 columns
    with Store.open(tmp_path / "with" / "cache.sqlite3") as s:
        assert s.stats().pictures == len(asked)


def test_the_narrow_width_taz_serves_is_drawn_in_its_shape_not_its_pixel_rows() -> None:
    """Half blocks ask for a picture one pixel a column (85 wide for 80 columns): drawn at
    its shape (3:2 -> 24 rows at most), never as a band as high as its pixels allow (3 rows)."""
    image = pictures.decode(jpeg(85, 57))
    drawn = pictures.draw(image, 80, "halfcell", pictures.DEFAULT_CELL)
    assert len(drawn.lines) == pictures.MAX_ROWS  # 80 × 57/85 × ½ = 27 rows: narrowed to fit
    assert len(drawn.lines[0].plain) == round(80 * pictures.MAX_ROWS / 27)
    wide = pictures.draw(pictures.decode(jpeg(120, 30)), 60, "halfcell", pictures.DEFAULT_CELL)
    assert (len(wide.lines), len(wide.lines[0].plain)) == (8, 60)  # 60 × 30/120 × ½ = 7.5
