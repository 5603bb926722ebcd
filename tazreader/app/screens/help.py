"""Every key, grouped, with the user's keymap applied."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tazreader.app.keys import HelpRow
from tazreader.app.widgets.article_list import BOOKMARK_MARK, CACHED_MARK, UNREAD_MARK
from tazreader.i18n import N_, _

INTRO = N_(
    "tazreader — the taz in a terminal: list | article | links. Every command is also in the "
    "command palette (ctrl+p). Keys can be remapped in the config file's [keymap] table by "
    "binding id, e.g. next_link = \"n,ctrl+n\"."
)


def legend() -> Text:
    """What the marks in the list and the labels in the link pane mean."""
    text = Text()
    text.append("\n" + _("Marks in the list:") + " ", style="bold")
    text.append(f"{UNREAD_MARK}", style="bold")
    text.append(" " + _("unread") + "   ")
    text.append(f"{CACHED_MARK}", style="bold")
    text.append(" " + _("readable offline") + "   ")
    text.append(f"{BOOKMARK_MARK}", style="bold")
    text.append(" " + _("bookmarked") + "\n")
    text.append(_("In the link pane:") + " ", style="bold")
    text.append(_("“taz” opens inside the reader, “taz · offline” is cached too, “other site” "
                  "asks first, then opens the browser.") + "\n")
    return text


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 98%; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", N_("Close"), id="help.close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="help.up"),
        Binding("space,pagedown", "page(1)", "Page down", show=False, id="help.page_down"),
        Binding("b,pageup", "page(-1)", "Page up", show=False, id="help.page_up"),
        Binding("g,home", "top", "Top", show=False, id="help.top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="help.bottom"),
    ]

    def __init__(self, rows: list[HelpRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(_(INTRO)), id="intro")
            table = Table(box=None, expand=True, show_header=True, header_style="bold")
            table.add_column(_("Keys"), no_wrap=True)
            table.add_column(_("Action"))
            table.add_column("id", style="dim", no_wrap=True)
            group = None
            for row in self.rows:
                if row.group != group:
                    group = row.group
                    table.add_row(Text(row.group, style="bold underline"), "", "")
                table.add_row(Text(row.keys), Text(row.description), Text(row.binding_id))
            yield Static(legend(), id="legend")
            yield Static(table, id="keys")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, step: int) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=step, animate=False)

    def action_page(self, direction: int) -> None:
        view = self.query_one(VerticalScroll)
        view.scroll_relative(y=direction * max(view.size.height - 2, 1), animate=False)

    def action_top(self) -> None:
        self.query_one(VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one(VerticalScroll).scroll_end(animate=False)
