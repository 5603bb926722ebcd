"""The Textual reader app: owns the store, the config and (lazily) the network reader."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from tazreader.app.screens.reader import ReaderScreen
from tazreader.config import Config

if TYPE_CHECKING:
    from tazreader.service import Reader
    from tazreader.store import Store
    from tazreader.taz.client import TazClient

# Set to a file path: the app writes the wall-clock time of its first painted list there and
# exits (bench/startup.py).
FIRST_PAINT_ENV = "TAZREADER_FIRST_PAINT_FILE"

MAX_MESSAGES = 50
ReaderFactory = Callable[[], tuple["Reader", "TazClient | None"]]


def known_binding_ids() -> set[str]:
    """Every binding id a keymap may name."""
    from tazreader.app.screens.confirm import ConfirmLinkScreen
    from tazreader.app.screens.export import ExportScreen
    from tazreader.app.screens.help import HelpScreen
    from tazreader.app.screens.picker import SectionPicker
    from tazreader.app.screens.search import SearchScreen
    from tazreader.app.widgets import ArticleBody, ArticleList, LinkPane

    owners: list[Any] = [TazReaderApp, ReaderScreen, ArticleList, ArticleBody, LinkPane,
                         HelpScreen, ConfirmLinkScreen, ExportScreen, SectionPicker, SearchScreen]
    return {
        binding.id
        for owner in owners
        for binding in owner.BINDINGS
        if isinstance(binding, Binding) and binding.id
    }


def _open_in_browser(url: str) -> bool:
    import webbrowser

    return webbrowser.open(url)


class TazReaderApp(App[None]):
    """tazreader: list | article | links."""

    CSS_PATH = "tazreader.tcss"
    TITLE = "tazreader"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark,f1", "help", "Help", id="help"),
    ]

    def __init__(
        self,
        store: Store,
        config: Config | None = None,
        *,
        reader_factory: ReaderFactory | None = None,
        offline: bool = False,
        config_path: Path | None = None,
        save_config: bool = True,
        notices: Iterable[str] = (),
        banner: str | None = None,
        sample: bool = False,
    ) -> None:
        super().__init__()
        self.store = store
        self.config = config or Config()
        self.offline = offline or reader_factory is None
        self.reader_factory = reader_factory
        self.config_path = config_path
        self.save_config = save_config
        self.notices = list(notices)
        self.banner = banner  # e.g. "Beispielausgabe — offline sample", shown in the header
        # The sample edition: its "network" is a local site, and the wording says so.
        self.sample = sample
        self.keymap: dict[str, str] = dict(self.config.keymap)
        # Tests replace this to see what would go to the browser.
        self.open_in_browser: Callable[[str], object] = _open_in_browser
        self._reader: Reader | None = None
        self._client: TazClient | None = None
        self._reader_lock = asyncio.Lock()
        self._first_paint_file = os.environ.get(FIRST_PAINT_ENV)
        self.messages: list[tuple[str, str]] = []
        # The store's notice (a damaged cache set aside) the reader has been told about.
        self._store_notice = store.notice if store.notice in self.notices else None

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

    def get_default_screen(self) -> Screen[Any]:
        return ReaderScreen()

    def on_mount(self) -> None:
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        elif self.config.theme:
            self.notify(f"Unknown theme {self.config.theme!r}", severity="warning",
                        markup=False)
        if self.keymap:
            self.set_keymap(self.keymap)
            unknown = sorted(set(self.keymap) - known_binding_ids())
            if unknown:
                self.notify(
                    f"keymap: no binding with the id {', '.join(unknown)} (see ? for the ids)",
                    severity="warning", markup=False,
                )
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        for problem in (*self.config.problems, *self.notices):
            self.notify(problem, severity="warning", timeout=10, markup=False)
        self._check_store_notice()
        self.set_interval(0.5, self._check_store_notice, name="store notice")

    def _check_store_notice(self) -> None:
        """The store sets ``notice`` when it finds damage, at start or mid-session: say so."""
        notice = self.store.notice
        if notice and notice != self._store_notice:
            self._store_notice = notice
            self.notify(notice, severity="warning", timeout=10, markup=False)

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name == self.config.theme:
            return
        self.config = replace(self.config, theme=theme.name)
        if not self.save_config:
            return
        from tazreader import config as config_module

        try:
            config_module.save(self.config, self.config_path)
        except OSError as exc:
            self.notify(
                f"The config file could not be saved: {exc}", severity="error", markup=False
            )

    async def get_reader(self) -> Reader:
        """The network reader, built on first use in a thread (it imports httpx and the
        parsers, which would otherwise hold up the event loop right after the first paint)."""
        async with self._reader_lock:
            reader = self._reader
            if reader is None:
                built: tuple[Reader, TazClient | None]
                built = await asyncio.to_thread(self.reader_factory or self._offline_reader)
                reader, self._client = built
                self._reader = reader
            return reader

    def _offline_reader(self) -> tuple[Reader, TazClient | None]:
        from tazreader.service import Reader

        return Reader(self.store, None, base_url=self.config.base_url, offline=True), None

    async def on_unmount(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    def first_paint(self) -> None:
        """Called right after the first list has been painted (see FIRST_PAINT_ENV)."""
        if self._first_paint_file:
            Path(self._first_paint_file).write_text(repr(time.time()), encoding="utf-8")
            self.exit()
            return
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.reparse_cached()  # once per run, now that the list is on the screen

    def keys_display(self, keys: str) -> str:
        """``n,right_square_bracket`` -> ``n ]`` (as the footer shows keys)."""
        shown = [self.get_key_display(Binding(k.strip(), "")) for k in keys.split(",") if k]
        return " ".join(shown)

    def action_help(self) -> None:
        from tazreader.app.screens.help import HelpScreen

        screen = self.screen
        rows: list[tuple[str, str, str, str]] = []
        if isinstance(screen, ReaderScreen):
            rows = screen.help_rows()
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                keys = self.keys_display(self.keymap.get(binding.id, binding.key))
                rows.append(("General", keys, binding.description, binding.id))
        rows.append(("General", "^p", "Command palette", "command_palette"))
        self.push_screen(HelpScreen(rows))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "every key", self.action_help)
        if isinstance(screen, ReaderScreen):
            for title, help_text, callback in screen.palette_commands():
                yield SystemCommand(title, help_text, callback)
