"""What the client takes from a server's response headers, each checked before it is used.

Header text is as hostile as page text: a ``Content-Type`` or a redirect's ``Location`` may
carry terminal controls, an ``ETag`` may hold bytes that cannot be sent back, a
``Retry-After`` may be no number at all. :func:`shown` makes a value fit for a message;
:func:`etag`, :func:`last_modified` and :func:`retry_after_seconds` keep only what RFC 9110
allows and drop the rest.
"""

from __future__ import annotations

from tazreader.taz.text import inert

MAX_SHOWN = 80


def one_line(text: str) -> str:
    """``text`` with nothing that steers a terminal, on one line."""
    return " ".join(inert(text).split())


def shown(value: str, limit: int = MAX_SHOWN) -> str:
    """``value`` as a message may quote it: nothing that steers a terminal, one line, short."""
    text = one_line(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
