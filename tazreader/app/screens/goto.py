"""Go to an address: a taz URL, a path on the site, or an article id such as ``!6135282``."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tazreader.i18n import N_, _


class GoToScreen(ModalScreen[str | None]):
    """Returns what was typed (stripped), or None."""

    DEFAULT_CSS = """
    GoToScreen { align: center top; }
    GoToScreen > Vertical {
        width: 76; max-width: 95%; height: auto; margin-top: 3;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    GoToScreen #goto-hint { color: $text-muted; width: 100%; }  /* wraps: German is longer */
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="goto.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Go to:"), markup=False)
            yield Input(placeholder="https://taz.de/…/!6135282/", id="address")
            yield Label(_("a taz address, a path (/Politik/!p4615/) or an article id "
                          "(!6135282)"), id="goto-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
