"""The Textual reader app: runs on a :class:`~tazreader.service.Session` (reader, config,
edition), keeps the user's theme and keys, and says what the reader has to say."""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from textual import events, on
from textual.app import App, SuspendNotSupported, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from tazreader.app import keys
from tazreader.app.screens.reader import ReaderScreen
from tazreader.app.text import one_line
from tazreader.app.widgets import ArticleBody, ArticleList
from tazreader.i18n import N_, _
from tazreader.service import Session
from tazreader.taz.urls import TAZ_HOSTS

# Set to a file path: the app writes the wall-clock time of its first painted list there and
# exits (bench/startup.py).
FIRST_PAINT_ENV = "TAZREADER_FIRST_PAINT_FILE"

MAX_MESSAGES = 50


def known_binding_ids() -> set[str]:
    """Every binding id a keymap may name."""
    from tazreader.app.screens.confirm import ConfirmLinkScreen
    from tazreader.app.screens.export import ExportScreen
    from tazreader.app.screens.help import HelpScreen
    from tazreader.app.screens.picker import SectionPicker
    from tazreader.app.screens.search import SearchScreen
    from tazreader.app.widgets.comments_view import CommentsView
    from tazreader.app.widgets.diff_view import DiffView
    from tazreader.app.widgets.link_pane import LinkPane

    owners: list[Any] = [TazReaderApp, ReaderScreen, ArticleList, ArticleBody, LinkPane,
                         CommentsView, DiffView, HelpScreen, ConfirmLinkScreen, ExportScreen,
                         SectionPicker, SearchScreen]
    return {
        binding.id
        for owner in owners
        for binding in owner.BINDINGS
        if isinstance(binding, Binding) and binding.id
    }


class TazReaderApp(App[None]):
    """tazreader: list | article | links."""

    CSS_PATH = "tazreader.tcss"
    TITLE = "tazreader"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", N_("Quit"), id="quit", group=keys.GENERAL),
        Binding("question_mark,f1", "help", N_("Help"), id="help", group=keys.GENERAL),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.reader = session.reader
        self.config = session.config
        self.keymap: dict[str, str] = dict(self.config.keymap)
        self._first_paint_file = os.environ.get(FIRST_PAINT_ENV)
        self.messages: list[tuple[str, str]] = []

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notify, and keep the message in ``messages`` (the reader's recent messages)."""
        self.messages.append((severity, message))
        del self.messages[:-MAX_MESSAGES]
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def open_in_browser(self, url: str) -> None:
        """Open ``url`` in the system browser (tests replace this to see what would go)."""
        from tazreader.app.browser import find_browser  # the first time a link goes out

        browser = find_browser()
        if browser is None:
            self._no_browser(url)
            return
        if browser.console:
            try:
                with self.suspend():  # the browser has the terminal until it exits
                    browser.run(url)
            except SuspendNotSupported:
                self.notify(_("{name} needs the terminal, which cannot be handed over here."
                              ).format(name=one_line(browser.name)), severity="error",
                            markup=False)
            except OSError as exc:
                self._browser_failed(exc)
            return

        def start() -> None:
            try:
                browser.run(url)
            except OSError as exc:
                self.call_from_thread(self._browser_failed, exc)

        self.run_worker(start, thread=True, group="browser", exit_on_error=False)

    def _no_browser(self, url: str) -> None:
        """Say that nothing can open ``url``: a page of taz with the address y copies (on
        taz.de, also when read from a mirror), another site's with its own."""
        from tazreader.app.exporting import taz_address

        shown = taz_address(url, self.reader.base_url)
        if shown != url or urlsplit(url).hostname in TAZ_HOSTS:
            text = _("No browser is set up to open {url} — y copies it.")
        else:
            text = _("No browser is set up to open {url}.")
        self.notify(text.format(url=one_line(shown)), severity="warning", timeout=10,
                    markup=False)

    def _browser_failed(self, exc: OSError) -> None:
        self.notify(_("The browser could not be started: {error}").format(error=exc),
                    severity="error", markup=False)

    def get_default_screen(self) -> Screen[Any]:
        return ReaderScreen(self.reader, self.session.edition, self.config.start_list,
                            lambda url: self.open_in_browser(url),
                            images=self.config.images != "off")

    def on_mount(self) -> None:
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        elif self.config.theme:
            self.notify(_("Unknown theme {name!r}").format(name=self.config.theme),
                        severity="warning", markup=False)
        if self.keymap:
            from tazreader.app.widgets.comments_view import CommentsView
            from tazreader.app.widgets.diff_view import DiffView
            from tazreader.app.widgets.find_bar import FindBar
            from tazreader.app.widgets.link_pane import LinkPane

            unknown = sorted(set(self.keymap) - known_binding_ids())
            if unknown:
                self.notify(
                    _("keymap: no binding with the id {ids} (see ? for the ids)").format(
                        ids=", ".join(unknown)), severity="warning", markup=False,
                )
            self.keymap, clashes = keys.keymap_clashes(
                self.keymap, [TazReaderApp, ReaderScreen],
                [ArticleList, ArticleBody, LinkPane, FindBar, CommentsView, DiffView],
            )
            for problem in clashes:
                self.notify(problem, severity="warning", timeout=10, markup=False)
            self.set_keymap(self.keymap)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        notices = [*self.config.problems, *self.session.notices]
        if self.reader.notice and self.reader.notice not in notices:
            notices.append(self.reader.notice)
        for problem in notices:
            self.notify(problem, severity="warning", timeout=10, markup=False)
        self.reader.on_notice = self._store_notice

    def _store_notice(self, notice: str) -> None:
        """The store found damage mid-session (told from whichever thread used it)."""
        if threading.get_ident() == self._thread_id:
            self.notify(notice, severity="warning", timeout=10, markup=False)
        else:
            self.call_from_thread(self.notify, notice, severity="warning", timeout=10,
                                  markup=False)

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name == self.config.theme:
            return
        self.config = replace(self.config, theme=theme.name)
        if not self.session.save_config:
            return
        from tazreader import config as config_module

        try:
            config_module.set_value(self.session.config_path, "theme", theme.name)
        except config_module.ConfigError as exc:
            self.notify(_("The theme was not saved: {why}").format(why=exc), severity="error",
                        markup=False)
        except OSError as exc:
            self.notify(_("The config file could not be saved: {error}").format(error=exc),
                        severity="error", markup=False)

    async def on_unmount(self) -> None:
        await self.reader.aclose()

    @on(ReaderScreen.Painted)
    def _first_paint(self) -> None:
        """The first list is on the screen (see FIRST_PAINT_ENV)."""
        # Garbage collection was off for the start (tazreader/__main__.py): on again, and what
        # the start made is set aside for good rather than scanned by every later collection.
        gc.freeze()
        gc.enable()
        if self._first_paint_file:
            Path(self._first_paint_file).write_text(repr(time.time()), encoding="utf-8")
            self.exit()

    def keys_display(self, keys_text: str) -> str:
        """``n,right_square_bracket`` -> ``n ]`` (as the footer shows keys)."""
        shown = [self.get_key_display(Binding(k.strip(), "")) for k in keys_text.split(",") if k]
        return " ".join(shown)

    def action_help(self) -> None:
        from tazreader.app.screens.help import HelpScreen

        screen = self.screen
        panes = [type(w) for w in screen.query("*") if getattr(type(w), "HELP_WHERE", "")]
        rows = keys.help_rows(
            [type(screen), type(self)], list(dict.fromkeys(panes)), self.keymap,
            self.keys_display,
        )
        rows.append(keys.HelpRow(_(keys.GENERAL.description), "^p", _("Command palette"),
                                 "command_palette"))
        self.push_screen(HelpScreen(rows))

    def action_command_palette(self) -> None:
        from tazreader.app.palette import commands_palette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(commands_palette())

    def search_themes(self) -> None:
        from tazreader.app.palette import themes_palette

        self.push_screen(themes_palette())

    def action_help_quit(self) -> None:
        """ctrl+c does not quit: say which key does (Textual says it in English)."""
        quits = [(active.binding.id != "quit", key) for key, active
                 in self.active_bindings.items() if active.binding.action in ("quit", "app.quit")]
        if quits:  # the reader's own key (q, or the keymap's) before Textual's ctrl+q
            key = min(quits)[1]
            self.notify(_("Press {key} to quit.").format(key=self.keys_display(key)),
                        title=_("Quit?"), markup=False)

    @on(events.DeliveryComplete)
    def _screenshot_saved(self, event: events.DeliveryComplete) -> None:
        if event.name == "screenshot":
            event.prevent_default()  # Textual's own handler says it in English
            where = "" if event.path is None else str(event.path)
            self.notify(_("Screenshot saved: {path}").format(path=where) if where
                        else _("Screenshot saved"), title=_("Screenshot"), markup=False)

    @on(events.DeliveryFailed)
    def _screenshot_failed(self, event: events.DeliveryFailed) -> None:
        if event.name == "screenshot":
            event.prevent_default()
            self.notify(_("The screenshot could not be saved."), title=_("Screenshot"),
                        severity="error", markup=False)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from tazreader.app.palette import textual_commands

        yield from textual_commands(self, screen)
        yield SystemCommand(_("Help"), _("every key"), self.action_help)
        for binding in keys.commands(type(screen)):
            shown = self.keys_display(self.keymap.get(str(binding.id), binding.key))
            yield SystemCommand(_(binding.description), _("key {keys}").format(keys=shown),
                                _runner(screen, binding.action))


def _runner(screen: Screen[Any], action: str) -> Callable[[], Any]:
    async def run() -> None:
        await screen.run_action(action)

    return run
