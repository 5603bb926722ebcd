"""The find bar over the article (ctrl+f, as in a browser): what is typed is highlighted in the
text, with a count ("3/7"); enter (F3) goes to the next, shift+enter (shift+F3) to the previous
one, escape closes the bar."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Label

from tazreader.app.widgets.article_body import ArticleBody
from tazreader.i18n import _


class FindBar(Horizontal):
    """Finds in ``body``; hidden until :meth:`open`."""

    DEFAULT_CSS = """
    FindBar {
        display: none;
        height: 1;
        background: $panel;
        & > Label { padding: 0 1; color: $text-muted; }
        & > #find-count { min-width: 9; color: $text-accent; text-style: bold; }
        & > Input, & > Input:focus {
            border: none; height: 1; width: 1fr; padding: 0; background: $panel;
        }
        & > #find-keys { color: $text-muted; }
    }
    FindBar.-open { display: block; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", show=False, id="find.close"),
        Binding("shift+enter,shift+f3", "step(-1)", "Previous match", show=False,
                id="find.previous"),
        Binding("f3", "step(1)", "Next match", show=False, id="find.next"),
    ]

    def __init__(self, body: ArticleBody, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.body = body
        self.input = Input(placeholder=_("find in the article"), id="find-input")
        self.count = Label("", id="find-count")

    def compose(self) -> ComposeResult:
        yield Label(_("Find:"))
        yield self.input
        yield self.count
        yield Label(_("enter next · esc closes"), id="find-keys")

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self) -> None:
        self.add_class("-open")
        self.input.focus()
        if self.input.value:
            self._show_count(self.body.set_find(self.input.value))

    def action_close(self) -> None:
        self.remove_class("-open")
        self.body.set_find("")
        self.body.focus()

    def action_step(self, step: int) -> None:
        self.body.find_step(step)
        self._show_count(len(self.body.found))

    def refresh_count(self) -> None:
        """The article changed under the bar: count again."""
        if self.is_open:
            self._show_count(self.body.set_find(self.input.value))

    def _show_count(self, total: int) -> None:
        if not self.input.value.strip():
            self.count.update("")
        elif not total:
            self.count.update(Text(_("no match"), style="italic"))
        else:
            at = (self.body.found_at or 0) + 1
            self.count.update(f"{at}/{total}")

    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show_count(self.body.set_find(event.value))

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_step(1)
