"""Pick a list: Startseite, a section or subsection, bookmarks, history, offline."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tazreader.i18n import N_, _
from tazreader.service import Source


class SectionPicker(ModalScreen["Source | None"]):
    DEFAULT_CSS = """
    SectionPicker { align: center middle; }
    SectionPicker > Vertical {
        width: 50; max-width: 95%; height: 80%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    SectionPicker OptionList { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="picker.cancel"),
        Binding("down", "move(1)", N_("Next"), show=False, id="picker.down"),
        Binding("up", "move(-1)", N_("Previous"), show=False, id="picker.up"),
    ]

    def __init__(self, sources: list[tuple[Source, str]], current: Source | None = None) -> None:
        super().__init__()
        self.sources = sources
        self.current = current
        self.shown: list[tuple[Source, str]] = list(sources)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Pick a list (typing filters):"))
            yield Input(placeholder=_("Politik, Bookmarks …"), id="filter")
            yield OptionList(id="sources")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, needle: str) -> None:
        needle = needle.strip().casefold()
        self.shown = [(k, label) for k, label in self.sources if needle in label.casefold()]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(Text(label), id=str(i)) for i, (_, label) in
                             enumerate(self.shown)])
        if self.shown:
            keys = [k for k, _ in self.shown]
            options.highlighted = keys.index(self.current) if self.current in keys else 0

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and self.shown:
            self.dismiss(self.shown[options.highlighted][0])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown[event.option_index][0])

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
