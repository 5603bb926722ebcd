"""Ask for a search query."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tazreader.i18n import N_, _


class SearchScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    SearchScreen { align: center top; }
    SearchScreen > Vertical {
        width: 70; max-width: 95%; height: auto; margin-top: 3;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="search.cancel"),
    ]

    def __init__(self, where: str = "taz.de", value: str = "") -> None:
        """``where``: what is searched, as the label says it ("taz.de", "the sample" …)."""
        super().__init__()
        self.where = where
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Search {where}:").format(where=_(self.where)), markup=False)
            yield Input(value=self.value, placeholder=_("search words, or a taz address"),
                        id="query")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        self.dismiss(query or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
