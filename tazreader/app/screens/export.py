"""Choose the export format."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tazreader.app.text import one_line
from tazreader.i18n import N_, _


class ExportScreen(ModalScreen[str | None]):
    """Returns "text", "markdown" or None."""

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical {
        width: 64; max-width: 95%; height: auto;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    ExportScreen Horizontal { height: auto; align: center middle; margin-top: 1; }
    ExportScreen Button { margin: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "choose('text')", N_("Text"), id="export.text"),
        Binding("m", "choose('markdown')", N_("Markdown"), id="export.markdown"),
        Binding("escape", "choose(None)", N_("Cancel"), id="export.cancel"),
    ]

    def __init__(self, title: str, folder: str) -> None:
        super().__init__()
        self.article_title = title
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Export the article:"))
            yield Static(Text(one_line(self.article_title), style="bold"))
            yield Static(Text(_("to {folder}").format(folder=self.folder), style="dim"))
            with Horizontal():
                yield Button(_("Text (t)"), id="text", variant="primary")
                yield Button(_("Markdown (m)"), id="markdown")
                yield Button(_("Cancel"), id="cancel")

    def action_choose(self, fmt: str | None) -> None:
        self.dismiss(fmt)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id if event.button.id in ("text", "markdown") else None)
