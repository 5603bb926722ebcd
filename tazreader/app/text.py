"""Page text on its way to the screen: control characters and bidi overrides dropped.

The parsers clean text already; the app does it again at the last step because what it shows
may come from an older cache, a search snippet or an error message quoting a page.
"""

from __future__ import annotations

from tazreader.taz.text import inert

_ONE_LINE: dict[int, int] = {0x09: 0x20, 0x0A: 0x20}


def visible(text: str) -> str:
    """``text`` without control characters; newlines and tabs stay."""
    return inert(text)


def one_line(text: str) -> str:
    """``text`` without control characters, on one line."""
    return inert(text).translate(_ONE_LINE)
