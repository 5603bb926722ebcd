"""Pictures inside the body (issue #12): each drawn under its caption at its place in the text,
one after the other once the text is on the screen, cache-first (offline: any cached size of
that picture, never another picture of the article), "picture not available" for one that
fails while the text and the other pictures stay; synced with the article."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from tazreader.app.widgets.article_body import ArticleBody
from tazreader.config import Config
from tazreader.service import Reader
from tazreader.service.syncing import sync
from tazreader.store import Store
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tests.app.conftest import (
    body_text,
    offline_app,
    online_app,
    online_reader,
    reader_screen,
    settle,
)
from tests.factories import T0
from tests.pictures.helpers import bands, jpeg, truncated_jpeg
from tests.pictures.test_app import BLOCK, picture_lines
from tests.server import FIXTURES, FixtureServer

ARTICLE = "6150030"  # constructed_drift_body_pictures.html
LEAD, FIRST, SECOND = "8300030", "8300031", "8300032"
COLOURS = {LEAD: (230, 30, 30), FIRST: (30, 200, 40), SECOND: (30, 40, 230)}
CAPTIONS = {
    LEAD: "Bild: Der junge Wald am Neuköllner Schifffahrtskanal (Foto: Jana Roth/taz)",
    FIRST: "Bild: Pflanzaktion im März: jeder Baum hat eine Patin (Foto: Jana Roth/taz)",
    SECOND: "Bild: Die Flächen, die der Bezirk begrünen will",
}
NEXT = {LEAD: "Wo vor zehn", FIRST: "Im Sommer ist", SECOND: "Am Abend sitzen"}  # text after


def serve_each(server: FixtureServer) -> None:
    """Each picture in its own colour, so that a picture drawn at its place is known as its."""
    for picture, colour in COLOURS.items():
        server.fault(f"/picture/{picture}/*", body=bands([colour]), content_type="image/jpeg")


def colours_of(body: ArticleBody, lines: list[int]) -> set[tuple[int, int, int]]:
    found = set()
    for i in lines:
        for seg in body._strips[i]:
            if seg.text == BLOCK and seg.style and seg.style.color and seg.style.color.triplet:
                c = seg.style.color.triplet
                found.add((c.red, c.green, c.blue))
    return found


def near(colours: set[tuple[int, int, int]], want: tuple[int, int, int]) -> bool:
    return bool(colours) and all(
        all(abs(a - b) < 40 for a, b in zip(c, want, strict=True)) for c in colours)


def under_caption(lines: list[str], picture: str) -> int:
    """The line under the picture's caption (wrapped at the pane's width) and a blank line."""
    words = " ".join(lines).split()
    assert " ".join(CAPTIONS[picture].split()) in " ".join(words)
    start = next(i for i, line in enumerate(lines)
                 if line and CAPTIONS[picture].startswith(line.strip()))
    return lines.index("", start) + 1


def assert_drawn_at_their_places(body: ArticleBody) -> None:
    lines = body.rendered_lines
    drawn = picture_lines(lines)
    for picture in CAPTIONS:
        at = under_caption(lines, picture)
        after = next(i for i, line in enumerate(lines) if line.startswith(NEXT[picture]))
        here = [i for i in drawn if at <= i < after]
        assert len(here) >= 8, (picture, "\n".join(lines))
        assert here[0] == at and here == list(range(at, at + len(here)))
        assert near(colours_of(body, here), COLOURS[picture]), (picture, colours_of(body, here))


async def test_each_body_picture_is_drawn_under_its_caption_in_order(
    store: Store, server: FixtureServer
) -> None:
    serve_each(server)
    app = online_app(store, server, pictures=True)
    async with app.run_test(size=(140, 60)) as pilot:
        await settle(pilot)
        reader_screen(app).open_article(server.url(f"/!{ARTICLE}/"))
        await settle(pilot)
        body = reader_screen(app).body
        assert_drawn_at_their_places(body)
        text_width = body.text_width
    # One after the other, in reading order, each at a width taz serves that fills the text
    # (half blocks: a pixel a column) and no wider than the widest text needs (80 columns).
    asked = [r.path.split("/")[2:4] for r in server.hits("/picture/*")]
    assert [picture for picture, _ in asked] == [LEAD, FIRST, SECOND]
    widths = {int(width) for _, width in asked}
    assert len(widths) == 1 and text_width <= widths.pop() <= 85, (asked, text_width)


async def test_body_pictures_seen_online_are_there_offline(
    store: Store, server: FixtureServer
) -> None:
    serve_each(server)
    app = online_app(store, server, pictures=True)
    async with app.run_test(size=(140, 60)) as pilot:
        await settle(pilot)
        reader_screen(app).open_article(server.url(f"/!{ARTICLE}/"))
        await settle(pilot)
    server.stop()
    again = offline_app(store, Config(base_url=server.base_url), pictures=True)
    async with again.run_test(size=(140, 60)) as pilot:
        await settle(pilot)
        reader_screen(again).open_article(server.url(f"/!{ARTICLE}/"))
        await settle(pilot)
        assert_drawn_at_their_places(reader_screen(again).body)


async def test_offline_a_body_picture_never_cached_is_never_another_one(
    tmp_path: Path, server: FixtureServer
) -> None:
    raw = (FIXTURES / "constructed_drift_body_pictures.html").read_bytes()
    article = parse_article(raw, server.url(f"/!{ARTICLE}/"), server.base_url)
    with Store.open(tmp_path / "c.sqlite3") as s:
        s.put_article(article, raw=raw, fetched_at=T0, parser_version=PARSER_VERSION)
        lead = article.pictures[0].url.replace("/1900/", "/85/")
        s.put_picture(lead, article.id, bands([COLOURS[LEAD]]), "image/jpeg", T0)
        reader = Reader(s, base_url=server.base_url, offline=True)
        assert await reader.picture(article.id, article.pictures[0].url) == bands(
            [COLOURS[LEAD]])  # any cached size of the lead picture
        try:
            await reader.picture(article.id, article.pictures[1].url.replace("/1900/", "/85/"))
        except Reader.Offline:
            pass
        else:
            raise AssertionError("the lead picture was given for a body picture")
        app = offline_app(s, Config(base_url=server.base_url), pictures=True)
        async with app.run_test(size=(140, 60)) as pilot:
            await settle(pilot)
            reader_screen(app).open_article(server.url(f"/!{ARTICLE}/"))
            await settle(pilot)
            lines = reader_screen(app).body.rendered_lines
            assert len(picture_lines(lines)) >= 8  # the lead picture only …
            assert lines[under_caption(lines, FIRST)].startswith(NEXT[FIRST])
            assert lines[under_caption(lines, SECOND)].startswith(NEXT[SECOND])
            assert "picture not available" not in "\n".join(lines)  # … the captions say the rest


async def test_a_body_picture_that_fails_says_so_and_the_rest_stays(
    store: Store, server: FixtureServer
) -> None:
    serve_each(server)
    server.fault(f"/picture/{FIRST}/*", body=truncated_jpeg(), content_type="image/jpeg")
    app = online_app(store, server, pictures=True)
    async with app.run_test(size=(140, 60)) as pilot:
        await settle(pilot)
        reader_screen(app).open_article(server.url(f"/!{ARTICLE}/"))
        await settle(pilot)
        body = reader_screen(app).body
        lines = body.rendered_lines
        first = under_caption(lines, FIRST)
        assert lines[first].startswith("(picture not available:")
        assert lines[first + 2].startswith(NEXT[FIRST])
        second = under_caption(lines, SECOND)
        assert near(colours_of(body, [second + 1]), COLOURS[SECOND])
        assert "Am Abend sitzen die Pflanzerinnen noch lange am Wasser." in lines
        assert not body.loading and app.is_running


async def test_images_off_shows_the_body_captions_only(
    store: Store, server: FixtureServer
) -> None:
    serve_each(server)
    app = online_app(store, server, Config(base_url=server.base_url, images="off"))
    async with app.run_test(size=(140, 60)) as pilot:
        await settle(pilot)
        reader_screen(app).open_article(server.url(f"/!{ARTICLE}/"))
        await settle(pilot)
        lines = reader_screen(app).body.rendered_lines
        for picture in CAPTIONS:
            assert lines[under_caption(lines, picture)].startswith(NEXT[picture])
        assert BLOCK not in body_text(app)
    assert server.hits("/picture/*") == []


async def test_resizing_draws_every_picture_again_for_the_new_width_from_memory(
    store: Store, server: FixtureServer
) -> None:
    serve_each(server)
    app = online_app(store, server, pictures=True)
    async with app.run_test(size=(140, 60)) as pilot:
        await settle(pilot)
        reader_screen(app).open_article(server.url(f"/!{ARTICLE}/"))
        await settle(pilot)
        body = reader_screen(app).body
        wide = body.text_width
        asked = len(server.hits("/picture/*"))
        await pilot.resize_terminal(120, 60)
        await settle(pilot)
        assert body.text_width < wide
        lines = body.rendered_lines
        drawn = picture_lines(lines)
        assert drawn and all(len(lines[i].strip()) <= body.text_width for i in drawn)
        assert max(len(lines[i].strip()) for i in drawn) > body.text_width - 5
        assert_drawn_at_their_places(body)
        assert len(server.hits("/picture/*")) == asked  # from memory, not fetched again


async def test_a_picture_arriving_above_keeps_the_reading_position(
    store: Store, server: FixtureServer
) -> None:
    app = online_app(store, server)  # images off: the test draws the picture itself
    async with app.run_test(size=(140, 10)) as pilot:
        await settle(pilot)
        reader_screen(app).open_article(server.url(f"/!{ARTICLE}/"))
        await settle(pilot)
        body = reader_screen(app).body
        lines = body.rendered_lines
        target = next(i for i, line in enumerate(lines) if line.startswith(NEXT[FIRST]))
        body.scroll_to(y=target, animate=False, immediate=True)  # read past the first picture
        await pilot.pause()
        assert int(body.scroll_y) == target
        assert body.article is not None
        url = next(i.url for i in body.article.pictures if FIRST in i.url)
        body.set_picture(url, [Text("▀" * 20)] * 6)
        await pilot.pause()
        assert int(body.scroll_y) == target + 7  # the picture and a blank line above
        assert body.rendered_lines[int(body.scroll_y)].startswith(NEXT[FIRST])


async def test_sync_keeps_the_body_pictures_and_no_pictures_keeps_none(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    front = ('<html><body><main><section class="outerwrapper"><div class="article-teaser">'
             f'<a class="teaser-link" href="/Stadtgruen/!{ARTICLE}/">'
             '<p class="headline typo-r-head-medium">Ein Wald am Kanal</p></a></div>'
             '</section></main></body></html>')
    fixture_server.route("/", front)
    fixture_server.fault("/picture/*", body=jpeg(300, 200), content_type="image/jpeg")
    with Store.open(tmp_path / "none.sqlite3") as s:
        report = await sync(online_reader(s, fixture_server.base_url),
                            [fixture_server.url("/")], pictures=None)
        assert report.fetched == 1 and report.pictures == 0
    assert fixture_server.hits("/picture/*") == []
    with Store.open(tmp_path / "with.sqlite3") as s:
        report = await sync(online_reader(s, fixture_server.base_url),
                            [fixture_server.url("/")], pictures=80)
        assert report.pictures == 3 and s.stats().pictures == 3
    assert sorted(r.path.split("/")[2:4] for r in fixture_server.hits("/picture/*")) == [
        [LEAD, "85"], [FIRST, "85"], [SECOND, "85"]]
