"""Ask before a link leaves for another site."""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlsplit

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tazreader.app.text import one_line
from tazreader.i18n import N_, _
from tazreader.taz.urls import ascii_host, browser_form


def destination(url: str) -> str | None:
    """The host the browser will go to, said plainly; an international one with its ASCII
    form (``tаz.de`` with a Cyrillic а is ``xn--tz-7kc.de``, not taz.de)."""
    try:
        host = urlsplit(browser_form(url.strip())).hostname
    except ValueError:
        return None
    if not host:
        return None
    wire = ascii_host(host)
    if wire is None or wire == host.lower():
        return _("It goes to {host}").format(host=one_line(host))
    return _("It goes to {host} (in ASCII: {wire})").format(host=one_line(host), wire=wire)


class ConfirmLinkScreen(ModalScreen[bool]):
    """Yes/no: open ``url`` in the system browser?"""

    DEFAULT_CSS = """
    ConfirmLinkScreen { align: center middle; }
    ConfirmLinkScreen > Vertical {
        width: 70; max-width: 95%; height: auto;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    ConfirmLinkScreen #url { color: $text-warning; margin: 1 0 0 0; }
    ConfirmLinkScreen #host { color: $text-muted; margin: 0 0 1 0; }
    ConfirmLinkScreen Horizontal { height: auto; align: center middle; }
    ConfirmLinkScreen Button { margin: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", N_("Open"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", N_("Cancel"), id="confirm.no"),
    ]

    def __init__(self, url: str, text: str = "") -> None:
        super().__init__()
        self.url = url
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Open this link in the browser? It leads to another site."))
            if self.text:
                yield Static(Text(one_line(self.text), style="bold"), id="text")
            yield Static(Text(one_line(self.url)), id="url")
            host = destination(self.url)
            if host is not None:
                yield Static(Text(host), id="host")
            with Horizontal():
                yield Button(_("Open (y)"), variant="warning", id="yes")
                yield Button(_("Cancel (n)"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
