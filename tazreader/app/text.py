"""Page text on its way to the screen: control characters and bidi overrides dropped.

The parsers clean text already; the app does it again at the last step because what it shows
may come from an older cache, a search snippet or an error message quoting a page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from tazreader.taz.text import inert

if TYPE_CHECKING:
    from textual.app import App

_ONE_LINE: dict[int, int] = {0x09: 0x20, 0x0A: 0x20}


class _OfAnApp(Protocol):
    @property
    def app(self) -> App[Any]: ...


def visible(text: str) -> str:
    """``text`` without control characters; newlines and tabs stay."""
    return inert(text)


def one_line(text: str) -> str:
    """``text`` without control characters, on one line."""
    return inert(text).translate(_ONE_LINE)


def say(node: _OfAnApp, message: str, *, error: bool = False, warning: bool = False) -> None:
    """Tell the reader ``message`` (a notification, never markup; errors stay a little longer)."""
    app = node.app
    text = visible(message)
    if error:
        app.notify(text, severity="error", markup=False, timeout=8)
    elif warning:
        app.notify(text, severity="warning", markup=False)
    else:
        app.notify(text, markup=False)
