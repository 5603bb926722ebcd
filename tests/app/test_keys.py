"""Keys beyond the main path: numbers, hints, search, filter, layout, help, palette, export."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from rich.console import Console
from textual.command import CommandList

from tazreader.app.screens.help import HelpScreen
from tazreader.app.screens.hints import HintScreen
from tazreader.config import Config
from tazreader.service import BOOKMARKS, Search, TazPage
from tazreader.store import Store
from tazreader.taz.dates import BERLIN
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
from tests.factories import FIXTURE_ARTICLES, put_pages
from tests.server import FixtureServer


async def test_number_then_enter_follows_that_link(store: Store, server: FixtureServer) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = reader_screen(app)
        await pilot.press("3")
        assert "link 3" in screen.status.text
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article is not None and screen.article.id == "5926716"
        assert screen.status.text.startswith("online")
        # A number that is not a link says so and stays put.
        await pilot.press("9", "9", "enter")
        await pilot.pause()
        assert screen.article.id == "5926716"
        assert any("no link [99]" in m for m in notifications(app))


async def test_hints_label_the_links_in_view_and_typing_one_follows_it(
    store: Store, server: FixtureServer
) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = reader_screen(app)
        in_view = screen.body.links_in_view()
        assert in_view[:2] == [1, 2]
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, HintScreen)
        text = body_text(app).replace("\n", " ")
        assert "Na endlich! [a]Es gibt" in text
        assert "[s]Bislang gilt" in text
        painted = "\n".join(screen_lines(app))
        assert "[s]Bislang gilt" in painted
        await pilot.press("s")
        await settle(pilot)
        assert screen.article is not None and screen.article.id == "5903898"
        assert "[s]" not in body_text(app)
        # Escape leaves hint mode without following anything.
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HintScreen)
        assert screen.article.id == "5903898"


async def test_offline_search_uses_the_cache(store: Store) -> None:
    put_pages(store, *FIXTURE_ARTICLES)
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"Buschmann", "enter")
        await settle(pilot)
        screen = reader_screen(app)
        rows = list_rows(app)
        assert len(rows) == 1 and "Ein bisschen Fortschritt" in rows[0]
        assert "Search: Buschmann" in str(app.screen.sub_title)
        assert screen.source == Search("Buschmann")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article is not None and screen.article.id == REAL


async def test_filter_narrows_the_list_as_you_type_and_escape_clears(
    store: Store, server: FixtureServer
) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        assert len(list_rows(app)) == 3
        await pilot.press("backslash")
        assert app.focused is screen.list_pane.filter_input
        await pilot.press("g", "r")
        rows = list_rows(app)
        assert len(rows) == 1 and "Hoffnung ist grün" in rows[0]  # "Grünzeug", "grün"
        await pilot.press("ü", "n", "z")
        assert len(list_rows(app)) == 1
        await pilot.press("x")
        assert list_rows(app) == []
        await pilot.press("backspace", "enter")
        focused: object = app.focused
        assert focused is screen.article_list
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article is not None and screen.article.title == "Hoffnung ist grün"
        await pilot.press("backslash", "escape")
        assert len(list_rows(app)) == 3
        assert not screen.list_pane.filter_input.display


async def test_a_terminal_made_narrow_and_wide_again_folds_and_unfolds(
    store: Store, server: FixtureServer
) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        assert not screen.has_class("-narrow")
        wide = screen.article_list.region.width
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert screen.has_class("-narrow")
        assert screen.article_list.region.width <= 30 < wide
        assert all(len(line) == 80 for line in screen_lines(app))
        await pilot.resize_terminal(140, 45)
        await settle(pilot)
        assert not screen.has_class("-narrow")
        assert screen.article_list.region.width == wide


async def test_narrow_terminal_folds_the_link_pane(store: Store, server: FixtureServer) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.has_class("-narrow")
        assert screen.links.region.width == 0
        assert screen.article_list.region.width <= 30
        assert max(len(line) for line in screen.body.rendered_lines) <= 80
        painted = screen_lines(app)
        assert len(painted) == 24 and all(len(line) == 80 for line in painted)
        assert any("Ein bisschen Fortschritt" in line for line in painted)
        await pilot.press("l")
        await pilot.pause()
        assert screen.links.region.width > 0
        await pilot.press("l")
        await pilot.pause()
        assert screen.links.region.width == 0


async def test_wide_terminal_keeps_body_text_readable(store: Store, server: FixtureServer) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(220, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = reader_screen(app)
        assert screen.links.region.width > 0
        assert screen.body.region.width > 100
        assert max(len(line) for line in screen.body.rendered_lines) <= 80
        await pilot.press("l")
        await pilot.pause()
        assert screen.links.region.width == 0


def _render(renderable: object) -> str:
    console = Console(width=120, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


async def test_help_lists_every_action_with_the_users_keys(store: Store) -> None:
    app = offline_app(store, Config(keymap={"next_link": "x", "bookmark": "ctrl+b"}))
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(screen_lines(app))
        await pilot.press("G")  # the rest of the help, scrolled into view
        await pilot.pause()
        text += "\n".join(screen_lines(app))
        for words in ("Next link", "Link hints", "Back", "Bookmark", "Export", "Search",
                      "Sync for offline", "Copy citation", "Follow link number n", "Quit",
                      "Down / Up (list)", "Down / Up (article)", "Top / Bottom (link pane)",
                      "• unread", "↓ readable offline", "★ bookmarked"):
            assert words in text, words
        rows = {row.binding_id: row.keys for row in app.screen.rows}
        assert rows["next_link"] == "x" and rows["bookmark"] == "^b"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_keymap_from_the_config_rebinds_keys(store: Store, server: FixtureServer) -> None:
    cfg = Config(base_url=server.base_url, keymap={"next_link": "x"})
    app = online_app(store, server, cfg)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = reader_screen(app)
        await pilot.press("x")
        assert screen.body.selected_link == 1
        await pilot.press("n")  # no longer bound
        assert screen.body.selected_link == 1


async def test_command_palette_switches_lists(store: Store) -> None:
    app = offline_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        commands = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Next link", "Export", "Copy citation", "Sync for offline"} <= commands
        assert not {"Digit 1", "Cancel", "Open"} & commands  # no commands of their own
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"List: Bookm")
        hits = app.screen.query_one(CommandList)
        for _ in range(50):  # the palette searches in the background
            if hits.option_count:
                break
            await pilot.pause(0.05)
        assert "Bookmarks" in str(hits.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert reader_screen(app).source == BOOKMARKS
        assert "Bookmarks" in str(reader_screen(app).sub_title)


async def test_section_picker_opens_a_section(store: Store, server: FixtureServer) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(*"Ökologie", "enter")
        await settle(pilot)
        screen = reader_screen(app)
        assert screen.source == TazPage(server.url("/Oeko/Oekologie/!p4624/"))
        assert "Öko › Ökologie" in str(screen.sub_title)
        assert server.hits("/Oeko/Oekologie/!p4624/")


async def test_export_writes_a_safe_file(store: Store, tmp_path: Path) -> None:
    put_pages(store, *FIXTURE_ARTICLES)
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await open_article(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
    files = sorted(p.name for p in (tmp_path / "export").iterdir())
    stem = "Entwurf-des-Selbstbestimmungsgesetzes-Ein-bisschen-Fortschritt"
    assert files == [f"{stem}.md", f"{stem}.txt"]
    text = (tmp_path / "export" / f"{stem}.txt").read_text(encoding="utf-8")
    assert text.split("\n\n")[0].splitlines() == [
        "# taz.de -- Entwurf des Selbstbestimmungsgesetzes: Ein bisschen",
        "Fortschritt",
        f"https://taz.de/!{REAL}/",
    ]
    assert "\n28.4.2023 18:41\n" in text  # the date as the app writes it
    assert "Na endlich!" in text
    markdown = (tmp_path / "export" / f"{stem}.md").read_text(encoding="utf-8")
    assert markdown.splitlines()[:3] == [
        "# Entwurf des Selbstbestimmungsgesetzes: Ein bisschen Fortschritt", "",
        f"<https://taz.de/!{REAL}/>",
    ]
    assert any(f"Saved: {tmp_path / 'export'}" in m for m in notifications(app))


async def test_copy_url_and_citation(store: Store) -> None:
    put_pages(store, *FIXTURE_ARTICLES)
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_article(app, pilot)
        screen.body.focus()
        await pilot.press("y")
        assert app.clipboard == f"https://taz.de/!{REAL}/"
        await pilot.press("Y")
        assert app.clipboard == (
            f"Nicole Opitz: Ein bisschen Fortschritt. In: taz, 28.4.2023. https://taz.de/!{REAL}/"
        )
        await pilot.press("o")
        assert app.open_in_browser.opened == [f"https://taz.de/!{REAL}/"]  # type: ignore[attr-defined]


async def test_o_and_y_act_on_the_same_article_from_the_list(store: Store) -> None:
    # An article open, the list focused on another row: both act on the row (as B and m do).
    put_pages(store, *FIXTURE_ARTICLES)
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_article(app, pilot)
        screen.article_list.focus()
        other = next(t for t in screen.article_list.shown if t.id != REAL)
        screen.article_list.highlight_id(other.id)
        await settle(pilot)
        row = screen.article_list.highlighted_teaser
        assert row is not None and screen.article is not None and row.id != screen.article.id
        await pilot.press("y")
        await pilot.press("o")
        assert app.clipboard == f"https://taz.de/!{row.id}/"
        assert app.open_in_browser.opened == [row.url]  # type: ignore[attr-defined]


async def test_theme_change_is_saved(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    app = offline_app(store, Config(), config_path=path, save_config=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    assert 'theme = "nord"' in path.read_text(encoding="utf-8")
    app2 = offline_app(store, Config(theme="nord"), config_path=path, save_config=True)
    async with app2.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app2.theme == "nord"


async def test_online_search_shows_taz_results(store: Store, server: FixtureServer) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"Klima", "enter")
        await settle(pilot)
        screen = reader_screen(app)
        rows = list_rows(app)
        assert len(rows) == 20
        assert "Das Tempolimit kommt nicht" in rows[0]
        assert "Search: Klima" in str(screen.sub_title)
        assert screen.status.text.startswith("online")
        assert server.hits("/!s=Klima/")


async def test_unknown_keymap_ids_are_reported(store: Store) -> None:
    app = offline_app(store, Config(keymap={"next_lnk": "x", "list.down": "ctrl+j"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        warnings = [m for m in notifications(app) if m.startswith("keymap:")]
        assert warnings == ["keymap: no binding with the id next_lnk (see ? for the ids)"]


async def test_body_text_is_centred_again_when_the_terminal_grows(store: Store) -> None:
    """From a body just wider than the text (no margin) to a wide one: the text moves in."""
    put_pages(store, *FIXTURE_ARTICLES)
    app = offline_app(store)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_article(app, pilot)
        await pilot.press("l")  # the link pane away: the body takes the rest
        await pilot.pause()
        body = screen.body
        await pilot.resize_terminal(160 - body.scrollable_content_region.width + 82, 45)
        await pilot.pause()
        assert body.scrollable_content_region.width == 82

        def title_x() -> int:
            line = next(line for line in screen_lines(app) if "Ein bisschen Fortschritt" in line
                        and "│" not in line)
            return line.index("Ein bisschen Fortschritt") - body.region.x

        narrow = title_x()
        await pilot.resize_terminal(220, 45)
        await pilot.pause()
        assert title_x() > narrow + 20


async def test_the_hint_f_can_be_typed(store: Store, server: FixtureServer) -> None:
    """'f' is one of the hint letters (the fourth link in view): typing it follows that link."""
    app = online_app(store, server)
    async with app.run_test(size=(140, 100)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = reader_screen(app)
        in_view = screen.body.links_in_view()
        assert len(in_view) >= 4
        assert screen.article is not None
        target = screen.article.links[in_view[3] - 1].url
        await pilot.press("f")
        await pilot.pause()
        assert "[f]" in body_text(app)
        await pilot.press("f")
        await settle(pilot)
        assert not isinstance(app.screen, HintScreen)
        assert screen.article_url is not None and screen.article_url.endswith(
            target.rstrip("/").rsplit("!", 1)[-1] + "/"
        )


async def test_copy_cite_and_export_give_the_address_on_taz_de_when_read_from_a_mirror(
    store: Store, server: FixtureServer, tmp_path: Path
) -> None:
    """Read through a mirror (the fixture server on 127.0.0.1), the addresses a reader copies,
    cites and exports are taz.de's: the mirror's host is of no use to anyone else."""
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("y")  # the list's row
        assert app.clipboard == f"https://taz.de/!{REAL}/"
        await pilot.press("enter")
        await settle(pilot)
        screen = reader_screen(app)
        screen.body.focus()
        await pilot.press("y")
        assert app.clipboard == f"https://taz.de/!{REAL}/"
        await pilot.press("Y")
        assert app.clipboard.endswith(f". In: taz, 28.4.2023. https://taz.de/!{REAL}/")
        assert "127.0.0.1" not in app.clipboard and "!." not in app.clipboard
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
    (exported,) = (tmp_path / "export").iterdir()
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert lines[2] == f"https://taz.de/!{REAL}/"
    assert "127.0.0.1" not in "\n".join(lines)


def test_a_citation_ends_its_title_once() -> None:
    from tazreader.app.exporting import citation
    from tazreader.taz.models import Article, Author

    article = Article("6135282", "http://127.0.0.1:41597/!6135282/", "Stürmt die Maschinen!",
                      kicker="Kolumne", authors=(Author("Jonas Wahmkow"),),
                      published=datetime(2025, 12, 5, 9, 0, tzinfo=BERLIN))
    assert citation(article, "http://127.0.0.1:41597") == (
        "Jonas Wahmkow: Stürmt die Maschinen! In: taz, 5.12.2025. https://taz.de/!6135282/"
    )


@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_an_export_from_a_mirror_has_its_pictures_on_taz_de(tmp_path: Path, fmt: str) -> None:
    """The sample edition (a mirror on 127.0.0.1) serves the pictures too: an export links
    them, the lead picture and those in the body, where they are on taz.de."""
    from tazreader.app.exporting import export_article
    from tazreader.taz.blocks import Figure, Image, Paragraph, Segment
    from tazreader.taz.models import Article, Crumb

    base = "http://127.0.0.1:41597"
    article = Article(
        "6135282", f"{base}/!6135282/", "Stürmt die Maschinen!",
        image=Image(f"{base}/picture/1/948/lead.jpeg", "Die Maschinen", "Foto: A"),
        blocks=(Paragraph((Segment("Text."),)),
                Figure(Image(f"{base}/picture/2/948/body.jpeg", "Im Text")),
                Paragraph((Segment("Mehr."),))),
        sections=(Crumb("Politik", f"{base}/Politik/!p4615/"),),
    )
    text = export_article(article, "markdown" if fmt == "markdown" else "text", tmp_path,
                          base=base).read_text(encoding="utf-8")
    assert "127.0.0.1" not in text
    if fmt == "markdown":
        assert "https://taz.de/picture/1/948/lead.jpeg" in text
        assert "https://taz.de/picture/2/948/body.jpeg" in text


async def test_a_keymap_that_takes_a_key_already_used_is_reported_not_applied(
    store: Store,
) -> None:
    cfg = Config(keymap={"help": "q", "bookmark": "j", "next_link": "x", "list.down": "n"})
    app = offline_app(store, cfg)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        said = notifications(app)
        assert any("q for help is already the key of quit" in m for m in said)
        assert any("j for bookmark is already the key of" in m for m in said)
        # n is free once next_link moves to x: that one applies, like next_link itself.
        assert not any("for list.down" in m or "for next_link" in m for m in said)
        assert app.keymap == {"next_link": "x", "list.down": "n"}
        await pilot.press("q")  # still quits
        await pilot.pause()
        assert not app.is_running


def test_keymap_clashes_respect_panes_that_never_have_the_keys_at_once() -> None:
    from tazreader.app.app import TazReaderApp
    from tazreader.app.keys import keymap_clashes
    from tazreader.app.screens.reader import ReaderScreen
    from tazreader.app.widgets import ArticleBody, ArticleList, LinkPane

    panes = [ArticleList, ArticleBody, LinkPane]
    owners = [TazReaderApp, ReaderScreen]
    # j moves in the list and in the article: the two panes are never focused together.
    applied, problems = keymap_clashes({"body.down": "down,j"}, owners, panes)
    assert problems == [] and applied == {"body.down": "down,j"}
    applied, problems = keymap_clashes({"body.down": "space"}, owners, panes)
    assert applied == {} and "space for body.down is already the key of page_down" in problems[0]
