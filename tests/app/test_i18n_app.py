"""The running app in German (a German locale, or language = "de"): the chrome speaks German."""

from __future__ import annotations

from tazreader.store import Store
from tests.app.conftest import REAL, offline_app, reader_screen, screen_lines, settle
from tests.factories import FIXTURE_ARTICLES, put_pages

# Words of the English interface that must not show in the German one.
ENGLISH = ("Down / Up", "Next link", "Link hints", "Bookmark", "Search", "Lists", "Quit", "Help",
           "offline mode", "Front page", "Articles", "cached from", "Marks in the list",
           "Page down", "Follow link", "Keys", "Action", "Authors", "Topics")


async def test_the_main_screen_and_the_help_speak_german(store: Store, german: None) -> None:
    put_pages(store, *FIXTURE_ARTICLES)
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        reader_screen(app).open_article(f"https://taz.de/!{REAL}/")
        await settle(pilot)
        text = "\n".join(screen_lines(app))
        for word in ("Nächster Link", "Link-Kürzel", "Zurück", "Merken", "Suche", "Listen",
                     "Beenden", "Hilfe", "Offline-Modus", "Artikel", "Autor:innen", "Themen"):
            assert word in text, word
        await pilot.press("f1")
        await pilot.pause()
        text += "\n".join(screen_lines(app))
        await pilot.press("G")
        await pilot.pause()
        text += "\n".join(screen_lines(app))
        for word in ("Tasten", "Aktion", "Bewegen", "Zeichen in der Liste", "Link Nummer n folgen",
                     "Seite vor / Seite zurück"):
            assert word in text, word
        for word in ENGLISH:
            assert word not in text, word


async def test_the_command_palette_speaks_german(store: Store, german: None) -> None:
    from textual.command import CommandInput, CommandPalette

    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        commands = list(app.get_system_commands(app.screen))
        titles = {c.title for c in commands}
        helps = " ".join(c.help for c in commands)
        assert {"Farbschema", "Beenden", "Bildschirmfoto", "Hilfe"} <= titles
        for english in ("Theme", "Quit", "Keys", "Screenshot", "Maximize", "Minimize"):
            assert english not in titles, english
        for english in ("Change the current theme", "Save an SVG", "Quit the application",
                        "Show help for the focused widget"):
            assert english not in helps, english
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder == "Befehle suchen …"
        await pilot.press("escape")
        await pilot.pause()
        app.action_change_theme()
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder == "Farbschemata suchen …"
        await pilot.press("escape")
        await pilot.pause()
        app.action_help_quit()  # ctrl+c
        await pilot.pause()
        assert "Zum Beenden q drücken." in [m for _, m in app.messages]
