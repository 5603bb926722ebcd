"""The comments view in the running app: c shows the comments of the open article in place of
its text (threaded, author and time, newest or oldest first), c or escape the text again;
offline from the cache, refreshed with the article, hostile text shown literally."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime

from tazreader.app.app import TazReaderApp
from tazreader.app.screens.reader import UPKEEP_DELAY, ReaderScreen
from tazreader.store import Store
from tazreader.taz.models import Comments
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tests.app.conftest import (
    REAL,
    body_text,
    notifications,
    offline_app,
    online_app,
    reader_screen,
    screen_lines,
    settle,
)
from tests.hostile.checks import UNSAFE_OUTPUT
from tests.server import FIXTURES, FixtureServer

SIZE = (140, 45)
NOW = datetime(2025, 12, 5, 8, 0, tzinfo=UTC)
HOSTILE = "6666668"
REAL_PAGE = FIXTURES / "fundus_Taz_2024_10_23.html"


def cache(store: Store, name: str, *, version: int = PARSER_VERSION, drop_comments: bool = False,
          **changes: object) -> str:
    """Put a fixture article into the store (as a given parser version would have); its URL.
    A model with ``changes`` is no reading of the page, so it is stored without it (with it,
    the cache would read the comments again from the page)."""
    raw = (FIXTURES / name).read_bytes()
    article = parse_article(raw)
    if drop_comments:
        article = replace(article, comments=None)
    if changes:
        article = replace(article, **changes)  # type: ignore[arg-type]
    store.put_article(article, raw=None if changes else raw, fetched_at=NOW,
                      parser_version=version)
    return article.url


def comments_text(app: TazReaderApp) -> str:
    return "\n".join(reader_screen(app).views.comments.rendered_lines)


def header(app: TazReaderApp) -> str:
    """The view's head (the article's headline, then the state line), as one line."""
    lines = reader_screen(app).views.comments.rendered_lines
    return " ".join(lines[: lines.index("")])


def painted(app: TazReaderApp) -> str:
    return "\n".join(screen_lines(app))


async def open_cached(app: TazReaderApp, pilot: object, url: str) -> ReaderScreen:
    await settle(pilot)  # type: ignore[arg-type]
    screen = reader_screen(app)
    screen.open_article(url)
    await settle(pilot)  # type: ignore[arg-type]
    return screen


async def test_c_shows_the_comments_of_the_real_page_offline(store: Store) -> None:
    url = cache(store, "fundus_Taz_2024_10_23.html")
    app = offline_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cached(app, pilot, url)
        assert "Politik › Deutschland · 3 comments (c)" in body_text(app)
        await pilot.press("c")
        await settle(pilot)
        assert screen.views.comments.is_open and not screen.body.display
        assert screen.focused is screen.views.comments
        lines = screen.views.comments.rendered_lines
        assert header(app) == (
            "Entwurf des Selbstbestimmungsgesetzes: Ein bisschen Fortschritt 3 comments · closed "
            "for new comments · newest first (t: oldest) · c or escape: the text"
        )
        heads = [line for line in lines if " · 29.4.2023 " in line or " · 2.5.2023 " in line]
        assert heads == [
            "Elon Musk kommt nicht ins Berghain · 29.4.2023 11:14",
            "│ 663534 (Profil gelöscht) · 2.5.2023 19:04",
            "Magnus_15 · 29.4.2023 10:57",
        ]
        reply = lines.index("│ 663534 (Profil gelöscht) · 2.5.2023 19:04")
        assert lines[reply + 1] == "│ @Elon Musk kommt nicht ins Berghain:"
        assert lines[reply + 2].startswith("│ Ich denke doch, dass es (wenige) Männer")
        text = painted(app)
        assert "Elon Musk kommt nicht ins Berghain · 29.4.2023 11:14" in text
        assert "Der Entwurf atmet leider in weiten Teilen den Geist" in text
        assert "▔Comments▔" in text
        # c again: the text, with the keys.
        await pilot.press("c")
        await settle(pilot)
        assert not screen.views.comments.is_open and screen.body.display
        assert screen.focused is screen.body
        assert "Der Entwurf atmet" not in painted(app)


async def test_comments_whose_saved_page_is_gone_are_said_to_be_there(store: Store) -> None:
    # The cache keeps comments only in the saved page; without it they cannot be shown, and
    # the view says so instead of "No comments yet".
    url = cache(store, "fundus_Taz_2024_10_23.html")
    with sqlite3.connect(store.path) as other:
        other.execute("DELETE FROM pages")
    app = offline_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cached(app, pilot, url)
        assert "Politik › Deutschland · 3 comments (c)" in body_text(app)
        await pilot.press("c")
        await settle(pilot)
        assert screen.views.comments.is_open
        shown = " ".join(comments_text(app).split())
        assert ("The 3 comments are in the saved page, which cannot be read now: o opens the "
                "article in the browser.") in shown
        assert "No comments yet" not in shown


async def test_escape_goes_back_to_the_text(store: Store) -> None:
    url = cache(store, "fundus_Taz_2024_10_23.html")
    app = offline_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cached(app, pilot, url)
        await pilot.press("c")
        await settle(pilot)
        assert screen.views.comments.is_open
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.views.comments.is_open and screen.body.display
        assert "Na endlich!" in painted(app)


async def test_t_turns_the_order_as_the_sites_buttons_do(store: Store) -> None:
    url = cache(store, "fundus_Taz_2024_10_23.html")
    app = offline_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cached(app, pilot, url)
        await pilot.press("t")
        await settle(pilot)
        assert "The comments are not open: c shows them." in notifications(app)
        await pilot.press("c", "t")
        await settle(pilot)
        lines = screen.views.comments.rendered_lines
        assert "oldest first (t: newest)" in header(app)
        heads = [line for line in lines if " · 29.4.2023 " in line or " · 2.5.2023 " in line]
        assert heads == [  # the first level oldest first, the reply stays under its comment
            "Magnus_15 · 29.4.2023 10:57",
            "Elon Musk kommt nicht ins Berghain · 29.4.2023 11:14",
            "│ 663534 (Profil gelöscht) · 2.5.2023 19:04",
        ]
        await pilot.press("t")
        await settle(pilot)
        assert "newest first (t: oldest)" in header(app)


async def test_the_keys_scroll_the_comments_not_the_text(store: Store) -> None:
    url = cache(store, "fundus_Taz_2024_10_23.html")
    app = offline_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_cached(app, pilot, url)
        await pilot.press("c")
        await settle(pilot)
        view = screen.views.comments
        assert view.scroll_y == 0 and view.max_scroll_y > 10
        await pilot.press("j", "j")
        await pilot.pause()
        assert view.scroll_y == 2
        await pilot.press("space")
        await pilot.pause()
        assert view.scroll_y > 2
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
        assert view.rendered_lines[-1].strip() in painted(app)  # the end of the last comment
        assert view.rendered_lines[-1].endswith("sind.")
        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_y == 0
        assert screen.body.scroll_y == 0  # the text did not move meanwhile
        # tab: the list, and back to the comments (the hidden text is skipped).
        await pilot.press("tab")
        assert screen.focused is not view
        await pilot.press("shift+tab")
        assert screen.focused is view
        # z: only the comments; z again: every pane.
        screen.article_list.focus()
        await pilot.press("z")
        await pilot.pause()
        assert screen.focused is view and not screen.list_pane.display
        await pilot.press("z")
        await pilot.pause()


async def test_each_case_without_comments_says_what_it_is(store: Store) -> None:
    news = cache(store, "constructed_article_news.html")  # no comment section
    scripted = cache(store, "constructed_article_h2_2025.html")  # "2 Kommentare", no list
    multi = cache(store, "constructed_article_multi_author.html",
                  comments=Comments(count=0, closed=True))
    boxes = cache(store, "constructed_article_boxes.html", comments=Comments(count=0))
    expected = {
        news: "This page has no comment section.",
        scripted: "The page counts 2 comments but loads them by script, so they are not in the "
                  "page: o opens the article in the browser.",
        multi: "No comments: commenting on this article is closed.",
        boxes: "No comments yet.",
    }
    app = offline_app(store)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_cached(app, pilot, news)
        for url, message in expected.items():
            screen.open_article(url)
            await settle(pilot)
            assert ("(c)" in body_text(app)) == (url == scripted)  # the head counts 2
            await pilot.press("c")
            await settle(pilot)
            assert screen.views.comments.is_open
            assert message in " ".join(screen.views.comments.rendered_lines), url
            await pilot.press("c")
            await settle(pilot)
        assert not [m for m in notifications(app) if "rror" in m]


async def test_c_without_an_article_says_so(store: Store) -> None:
    app = offline_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert not reader_screen(app).views.comments.is_open
        assert "No article is open." in notifications(app)


async def test_another_article_brings_its_text_back(store: Store) -> None:
    url = cache(store, "fundus_Taz_2024_10_23.html")
    other = cache(store, "constructed_article_news.html")
    app = offline_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cached(app, pilot, url)
        await pilot.press("c")
        await settle(pilot)
        screen.open_article(other)
        await settle(pilot)
        assert not screen.views.comments.is_open and screen.body.display
        assert "Busse bleiben im Depot" in painted(app)
        await pilot.press("backspace")  # back: the real article, its text
        await settle(pilot)
        assert screen.article is not None and screen.article.id == REAL
        assert not screen.views.comments.is_open


async def test_comments_are_fetched_with_the_article_and_refreshed_with_it(
    store: Store, server: FixtureServer
) -> None:
    app = online_app(store, server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        screen.open_article(server.url(f"/!{REAL}/"))
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert "Magnus_15 · 29.4.2023 10:57" in comments_text(app)
        # The page changes on the server: Magnus_15's comment is gone. r reloads; the view
        # stays open and follows.
        page = REAL_PAGE.read_text("utf-8")
        start = page.index('<li class="member column pt-0-tablet is-12-tablet mobile-order-1 '
                           'comment mgt-medium  " id="bb_message_4515509"')
        end = page.index("</ul>\n<script>\nfunction sortCommentsByDateTime")
        server.route(f"/!{REAL}/", page[:start] + page[end:])
        await pilot.press("r")
        await settle(pilot)
        assert screen.views.comments.is_open
        assert "Magnus_15" not in comments_text(app)
        assert "Elon Musk kommt nicht ins Berghain · 29.4.2023 11:14" in comments_text(app)
        cached = app.reader.cached_article(f"{server.base_url}/!{REAL}/")
        assert cached is not None and cached.value.comments is not None
        assert [c.author for c in cached.value.comments.items] == [
            "Elon Musk kommt nicht ins Berghain", "663534 (Profil gelöscht)",
        ]


async def test_an_article_cached_before_comments_gets_them_from_its_kept_page(
    store: Store,
) -> None:
    # Cached by parser 5 (no comments in the row); the raw page is kept: the reader re-reads it
    # after the first paint, and the comments are there, offline.
    url = cache(store, "fundus_Taz_2024_10_23.html", version=5, drop_comments=True)
    app = offline_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cached(app, pilot, url)
        await pilot.pause(UPKEEP_DELAY + 0.2)
        await settle(pilot)
        assert "3 comments (c)" in body_text(app)
        await pilot.press("c")
        await settle(pilot)
        assert "Magnus_15 · 29.4.2023 10:57" in comments_text(app)
        assert screen.views.comments.is_open


async def test_a_hostile_comment_renders_literally(store: Store, server: FixtureServer) -> None:
    app = online_app(store, server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        screen.open_article(server.url(f"/!{HOSTILE}/"))
        await settle(pilot)
        assert "5 comments (c)" in body_text(app)
        await pilot.press("c")
        await settle(pilot)
        assert app.is_running  # [@click=app.quit] did nothing
        text = painted(app)
        for literal in (
            "[bold red]Troll[/] [2JHeinz · 20.11.2025 10:15",
            "Erster [@click=app.quit]quit[/] Absatz [2J]52;c;aGVsbG8=",
            "│ @[bold red]Troll[/] [2JHeinz:",
            "│ Antwort mit [link=https://evil.example/]Link[/link] und",
            "Eingerückt, ohne eigene Liste: [/] \\[escaped]",
            "12 Kommentare",  # a comment's words, not the page's count
        ):
            assert literal in text, literal
        assert "5 comments · newest first (t: oldest)" in text
        assert UNSAFE_OUTPUT.search(text) is None
        assert UNSAFE_OUTPUT.search(comments_text(app)) is None
        # No markup was read out of the text: no span of the painted lines is bold red or a
        # link; the author's style is the view's own.
        view = screen.views.comments
        for strip in view._strips:
            for segment in strip:
                style = segment.style
                assert style is None or (not style.link and not style.meta.get("@click"))


async def test_a_model_with_raw_controls_is_shown_inert(store: Store) -> None:
    from tazreader.taz.models import Comment

    bad = "[b]x[/] \x1b[2J\x1b]52;c;aGVsbG8=\x07 \u202eabc\x00\x9b"
    url = cache(store, "fundus_Taz_2024_10_23.html", comments=Comments((
        Comment("1", f"Roh {bad}", NOW, (f"Text {bad}",)),
        Comment("2", f"Antwort {bad}", None, (f"Mehr {bad}",), reply_to="1"),
    )))
    app = offline_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_cached(app, pilot, url)
        await pilot.press("c")
        await settle(pilot)
        shown = comments_text(app)
        assert "Roh [b]x[/] [2J]52;c;aGVsbG8= abc" in shown
        assert "│ @Roh [b]x[/]" in shown
        assert UNSAFE_OUTPUT.search(shown) is None
        assert UNSAFE_OUTPUT.search(painted(app)) is None


async def test_the_comments_speak_german(store: Store, german: None) -> None:
    url = cache(store, "fundus_Taz_2024_10_23.html")
    app = offline_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_cached(app, pilot, url)
        assert "Politik › Deutschland · 3 Kommentare (c)" in body_text(app)
        await pilot.press("c")
        await settle(pilot)
        assert "3 Kommentare · für neue Kommentare geschlossen · neueste zuerst (t: älteste) · " \
               "c oder Escape: der Text" in header(app)
        assert "▔Kommentare▔" in painted(app)
        await pilot.press("f1")
        await pilot.pause()
        rows = {(row.keys, row.description) for row in app.screen.rows}  # type: ignore[attr-defined]
        assert ("c", "Kommentare (c noch einmal: der Text)") in rows
        assert ("t", "Kommentare: neueste oder älteste zuerst") in rows
        assert ("j  k", "Runter / Hoch (Kommentare)") in rows


def key_bar(app: TazReaderApp) -> str:
    return screen_lines(app)[-1]


async def test_the_key_bar_shows_the_keys_of_the_comments_while_they_have_the_focus(
    store: Store,
) -> None:
    url = cache(store, "fundus_Taz_2024_10_23.html")
    app = offline_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cached(app, pilot, url)
        screen.body.focus()
        await pilot.pause()
        assert "n Next link" in key_bar(app) and "f Link hints" in key_bar(app)
        await pilot.press("c")
        await settle(pilot)
        assert screen.focused is screen.views.comments
        bar = key_bar(app)
        for entry in ("c/esc Back to the text", "t Newest / oldest first", "j/k Down / Up",
                      "q Quit", "? Help"):
            assert entry in bar, bar
        for entry in ("Next link", "Link hints", "Bookmark"):  # the text's keys
            assert entry not in bar, bar
        await pilot.press("escape")
        await settle(pilot)
        assert "n Next link" in key_bar(app)
