"""Page text on its way to the screen: control characters and bidi overrides dropped.

The parsers clean text already; the app does it again at the last step because what it shows
may come from an older cache, a search snippet or an error message quoting a page.
"""

from __future__ import annotations

_DROP = (
    [c for c in range(0x20) if c not in (0x09, 0x0A)]  # C0 controls (ESC, NUL, BEL …)
    + [0x7F]
    + list(range(0x80, 0xA0))  # C1 controls (CSI, OSC as single bytes)
    + list(range(0x202A, 0x202F))  # bidi embeddings and overrides
    + list(range(0x2066, 0x206A))  # bidi isolates
    + [0x200E, 0x200F, 0x061C]  # direction marks
)
_TABLE: dict[int, int | None] = dict.fromkeys(_DROP)
_ONE_LINE: dict[int, int | None] = {**_TABLE, 0x09: 0x20, 0x0A: 0x20}


def visible(text: str) -> str:
    """``text`` without control characters; newlines and tabs stay."""
    return text.translate(_TABLE)


def one_line(text: str) -> str:
    """``text`` without control characters, on one line."""
    return text.translate(_ONE_LINE)
