"""What changed, in the running app (#13): the article head says that the text changed; v shows
the version shown against the one before, word by word (removed struck through in the error
colour, added in the success colour); n N ] [ go from change to change, < > to older and newer
versions; v or escape bring the text back. Offline from a real cache file, and online through
a reload from the loopback server that serves the article corrected."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.style import Style
from textual.color import Color
from textual.pilot import Pilot

from tazreader.app.app import TazReaderApp
from tazreader.app.screens.help import HelpScreen
from tazreader.app.screens.reader import ReaderScreen
from tazreader.config import Config
from tazreader.service import CHANGED
from tazreader.store import Store
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tests.app.conftest import (
    REAL,
    body_text,
    list_rows,
    notifications,
    offline_app,
    online_app,
    open_article,
    reader_screen,
    screen_lines,
    settle,
)
from tests.revisions import page
from tests.server import FixtureServer

SIZE = (140, 45)
URL = f"https://taz.de/!{REAL}/"
SEEN = [datetime(2025, 12, 5, 8, 0, tzinfo=UTC), datetime(2025, 12, 6, 8, 14, tzinfo=UTC),
        datetime(2025, 12, 7, 10, 0, tzinfo=UTC)]


def keep(store: Store, *versions: int) -> None:
    """The article fetched once per version (the versions of tests/revisions.py; 3: version
    2 with a third sentence corrected), as the reader stores what it fetches."""
    for version, when in zip(versions, SEEN, strict=False):
        raw = page(min(version, 2))
        if version == 3:
            raw = raw.replace(b"Sonderklausel beim Hausrecht",
                              b"Eine Sonderklausel beim Hausrecht")
        store.put_article(parse_article(raw), raw=raw, fetched_at=when,
                          parser_version=PARSER_VERSION, revise=True)


async def open_real(app: TazReaderApp, pilot: Pilot[None], url: str = URL) -> ReaderScreen:
    return await open_article(app, pilot, url)


def head(app: TazReaderApp) -> str:
    """The article head (sections, comments, changes) as one line, however it is wrapped."""
    lines = body_text(app).splitlines()
    kicker = reader_screen(app).body.article.kicker  # type: ignore[union-attr]
    return " ".join(lines[: lines.index(kicker)])


def diff_text(screen: ReaderScreen) -> str:
    return "\n".join(screen.views.diff.rendered_lines)


def styles_of(screen: ReaderScreen, word: str) -> list[Style]:
    """The styles the diff view paints ``word`` with where it is (part of) a change."""
    return [seg.style for strip in screen.views.diff._strips for seg in strip
            if seg.text.strip() == word and seg.style is not None
            and seg.style.meta.get("change") is not None]


def in_view(app: TazReaderApp, word: str) -> bool:
    """The line of the diff view where ``word`` is a change is painted on the screen."""
    diff = reader_screen(app).views.diff
    line = next(i for i, strip in enumerate(diff._strips) for seg in strip
                if seg.text.strip() == word and seg.style and seg.style.meta.get("change")
                is not None)
    return diff.rendered_lines[line].strip() in "\n".join(screen_lines(app))


def colour(app: TazReaderApp, variable: str) -> Color:
    return Color.parse(app.get_css_variables()[variable])


async def test_v_shows_exactly_the_two_corrections_and_steps_through_them(store: Store) -> None:
    keep(store, 1, 2)
    app = offline_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_real(app, pilot)
        assert head(app) == ("Politik › Deutschland · 3 comments (c) · changed: 2 versions, "
                             "last 6.12.2025 09:14 (v)")
        await pilot.press("v")
        await settle(pilot)
        diff = screen.views.diff
        assert diff.is_open and not screen.body.display and screen.focused is diff
        assert diff.state == ("Version 2 of 2 (seen 6.12.2025 09:14) against version 1 (seen "
                            "5.12.2025 09:00) · change 1 of 2")
        text = " ".join(diff_text(screen).split())
        assert "anrichten wird“, werden“, schreiben die Verfasser:innen" in text
        assert "mit der Begründung, dass KI mittlerweile" in text
        assert "Na endlich! Es gibt einen Referentenentwurf" in text  # the text around it
        # Removed: struck through, error colour; added: success colour; nothing else marked.
        removed, added, gone = (styles_of(screen, w) for w in ("wird“,", "werden“,", "dass"))
        assert removed and added and gone
        assert all(s.strike for s in removed + gone) and not any(s.strike for s in added)
        error, success = colour(app, "text-error"), colour(app, "text-success")
        assert {Color.from_rich_color(s.color) for s in removed + gone} == {error}
        assert {Color.from_rich_color(s.color) for s in added} == {success}
        marked = {seg.text.strip() for strip in diff._strips for seg in strip
                  if seg.style is not None and seg.style.meta.get("change") is not None}
        assert marked == {"wird“,", "werden“,", "dass"}
        assert in_view(app, "wird“,")  # scrolled to the first change
        # n N ] [: from change to change, round the article.
        await pilot.press("n")
        assert diff.current == 1 and diff.state.endswith("change 2 of 2")
        assert in_view(app, "dass")
        await pilot.press("n")
        assert diff.current == 0
        await pilot.press("N")
        assert diff.current == 1
        await pilot.press("left_square_bracket")
        assert diff.current == 0
        await pilot.press("right_square_bracket")
        assert diff.current == 1
        # < >: there is no older pair of versions, and this is the newest.
        await pilot.press("less_than_sign", "greater_than_sign")
        assert notifications(app)[-2:] == ["No older version is kept.",
                                           "This is the newest version."]
        assert screen.body.selected_link is None  # n moved through changes, not links
        await pilot.press("v")
        await settle(pilot)
        assert not diff.is_open and screen.body.display and screen.focused is screen.body
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not diff.is_open and screen.body.display


async def test_older_and_newer_versions(store: Store) -> None:
    keep(store, 1, 2, 3)
    app = offline_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_real(app, pilot)
        assert head(app).endswith(" · changed: 3 versions, last 7.12.2025 11:00 (v)")
        await pilot.press("v")
        await settle(pilot)
        diff = screen.views.diff
        assert diff.state == (
            "Version 3 of 3 (seen 7.12.2025 11:00) against version 2 (seen 6.12.2025 09:14) · "
            "change 1 of 1")
        assert styles_of(screen, "Eine") and not styles_of(screen, "werden“,")
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert diff.state.startswith("Version 2 of 3 (seen 6.12.2025 09:14) "
                                                 "against version 1 (seen 5.12.2025 09:00)")
        assert diff.state.endswith("change 1 of 2")
        assert styles_of(screen, "werden“,") and not styles_of(screen, "Eine")
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert diff.state.startswith("Version 3 of 3")


async def test_one_view_at_a_time_and_another_article_brings_the_text_back(
    store: Store,
) -> None:
    keep(store, 1, 2)
    raw = page(1).replace(REAL.encode(), b"6150009")  # another article, never changed
    other = parse_article(raw)
    store.put_article(other, raw=raw, fetched_at=SEEN[0], parser_version=PARSER_VERSION)
    app = offline_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_real(app, pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert screen.views.comments.is_open and not screen.views.diff.is_open
        assert not screen.body.display
        await pilot.press("v")
        await settle(pilot)
        assert screen.views.diff.is_open and not screen.views.comments.is_open
        screen.open_article(other.url)
        await settle(pilot)
        assert not screen.views.diff.is_open and screen.body.display
        assert "changed:" not in body_text(app)
        await pilot.press("v")
        await settle(pilot)
        assert not screen.views.diff.is_open
        assert notifications(app)[-1] == ("This article has not changed since it was first "
                                          "read: one version is kept.")


async def test_a_reload_brings_the_correction_and_v_shows_it(
    store: Store, server: FixtureServer
) -> None:
    server.route(f"/!{REAL}/", page(1))
    app = online_app(store, server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_real(app, pilot, server.url(f"/!{REAL}/"))
        assert "changed:" not in body_text(app)
        server.route(f"/!{REAL}/", page(2))  # taz corrected it meanwhile
        await pilot.press("r")
        await settle(pilot)
        assert " · changed: 2 versions, last " in head(app)
        await pilot.press("v")
        await settle(pilot)
        assert styles_of(screen, "werden“,") and styles_of(screen, "dass")
        # Corrected again while the changes are shown: they are compared anew, in place.
        server.route(f"/!{REAL}/", page(2).replace(b"Sonderklausel beim",
                                                   b"Die Sonderklausel beim"))
        await pilot.press("r")
        await settle(pilot)
        assert screen.views.diff.is_open
        assert screen.views.diff.state.startswith("Version 3 of 3")
        assert styles_of(screen, "Die") and not styles_of(screen, "werden“,")
        await pilot.press("r")  # the same page again: a 304, no new version
        await settle(pilot)
        assert screen.views.diff.state.startswith("Version 3 of 3")


async def test_the_changed_list(store: Store) -> None:
    app = offline_app(store, Config(start_list="changed"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert reader_screen(app).source == CHANGED
        assert "No article has changed since it was read." in body_text(app)
    keep(store, 1, 2)
    app = offline_app(store, Config(start_list="changed"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = list_rows(app)
        assert len(rows) == 1 and "Ein bisschen Fortschritt" in rows[0]
        assert "Changed" in str(app.screen.sub_title)


async def test_german(store: Store, german: None) -> None:
    keep(store, 1, 2)
    app = offline_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_real(app, pilot)
        assert head(app).endswith(" · geändert: 2 Fassungen, zuletzt 6.12.2025 09:14 (v)")
        await pilot.press("v")
        await settle(pilot)
        assert screen.views.diff.state == (
            "Fassung 2 von 2 (gesehen 6.12.2025 09:14) gegen Fassung 1 (gesehen 5.12.2025 09:00)"
            " · Änderung 1 von 2")


async def test_help_and_the_keymap(store: Store) -> None:
    # The README's example: n stays next_link's, and the changes view's n is not a clash.
    app = offline_app(store, Config(keymap={"next_link": "n,ctrl+n", "diff.older": "comma"}))
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        assert not any("keymap" in m for m in notifications(app))
        assert app.keymap == {"next_link": "n,ctrl+n", "diff.older": "comma"}
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {row.binding_id: (row.keys, row.description) for row in app.screen.rows}
        assert rows["changes"] == ("v", "What changed since the version before (v again: the "
                                        "text)")
        assert rows["diff.next_change diff.previous_change"] == (
            "n ]  N [", "Next change / Previous change (changes)")
        assert rows["diff.older diff.newer"] == (",  >", "Older version / Newer version (changes)")


async def test_hostile_text_in_a_changed_version_renders_literally(store: Store) -> None:
    from dataclasses import replace

    from tazreader.taz.models import Paragraph, Segment
    from tests.hostile.checks import UNSAFE_OUTPUT

    raw = page(1)
    first = parse_article(raw)
    store.put_article(first, raw=raw, fetched_at=SEEN[0], parser_version=PARSER_VERSION)
    bad = "[bold red]x[/] [@click=app.quit]quit[/] \x1b[2J\x1b]52;c;aGVsbG8=\x07 \u202eabc\x00"
    changed = replace(first, title=f"Neu {bad}",
                      blocks=(*first.blocks, Paragraph((Segment(f"Absatz {bad}"),))))
    store.put_article(changed, fetched_at=SEEN[1], parser_version=PARSER_VERSION, revise=True)
    app = offline_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_real(app, pilot)
        await pilot.press("v")
        await settle(pilot)
        assert app.is_running  # [@click=app.quit] did nothing
        text = " ".join(diff_text(screen).split())
        assert "[bold red]x[/] [@click=app.quit]quit[/] [2J]52;c;aGVsbG8= abc" in text
        assert UNSAFE_OUTPUT.search(diff_text(screen)) is None
        assert UNSAFE_OUTPUT.search("\n".join(screen_lines(app))) is None
        for strip in screen.views.diff._strips:
            for segment in strip:
                style = segment.style
                assert style is None or (not style.link and not style.meta.get("@click"))


async def test_the_key_bar_shows_the_keys_of_the_changes_while_they_have_the_focus(
    store: Store,
) -> None:
    keep(store, 1, 2)
    app = offline_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_real(app, pilot)
        await pilot.press("v")
        await settle(pilot)
        assert screen.focused is screen.views.diff
        bar = screen_lines(app)[-1]
        for entry in ("v/esc Back to the text", "n/N Next / previous change",
                      "</> Older / newer version", "j/k Down / Up", "? Help"):
            assert entry in bar, bar
        for entry in ("Next link", "Link hints", "Bookmark"):
            assert entry not in bar, bar
