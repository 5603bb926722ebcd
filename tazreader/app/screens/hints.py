"""Link hints: type the letters shown on a link to follow it."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from tazreader.i18n import _


class HintScreen(ModalScreen[int | None]):
    """Transparent over the reader; the body shows the hints, this screen takes the keys."""

    DEFAULT_CSS = """
    HintScreen { background: transparent; align: center bottom; }
    HintScreen > Static {
        dock: bottom; width: 100%; height: 1; background: $warning; color: $background;
        padding: 0 1;
    }
    """

    def __init__(self, hints: dict[int, str]) -> None:
        super().__init__()
        self.hints = hints
        self.typed = ""

    def compose(self) -> ComposeResult:
        yield Static(self._prompt())

    def _prompt(self) -> Text:
        return Text(_("Type a hint to follow its link (escape cancels): {typed}").format(
            typed=self.typed))

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        # Not "f" again: it is one of the hint letters (hint_labels).
        if event.key in ("escape", "ctrl+c"):
            self.dismiss(None)
            return
        if event.key == "backspace":
            self.typed = self.typed[:-1]
        elif event.character and event.character.isalpha():
            self.typed += event.character.lower()
        else:
            return
        matching = {n: h for n, h in self.hints.items() if h.startswith(self.typed)}
        if not matching:
            self.app.bell()
            self.typed = ""
        elif len(matching) == 1 and next(iter(matching.values())) == self.typed:
            self.dismiss(next(iter(matching)))
            return
        self.query_one(Static).update(self._prompt())
