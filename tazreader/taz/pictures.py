"""taz's picture addresses: ``/picture/<id>/<width>/<name>``, each picture in several widths."""

from __future__ import annotations

import re

# The widths taz serves each picture in, as the real page lists them in its <source> sets.
TAZ_WIDTHS = (45, 48, 55, 70, 73, 85, 96, 109, 132, 138, 140, 182, 240, 242, 300, 303, 310, 363,
              375, 410, 495, 624, 665, 948, 1200, 1900)
_SIZED = re.compile(r"(/picture/\d+/)(\d+)(/[^/?#]+)$")
# What sync fetches when no pane says how wide: half blocks across an 80-column text.
SYNC_PIXELS = 80


def sized_url(url: str, pixels: int) -> str:
    """``url`` asking for the smallest width taz serves that is at least ``pixels`` wide (the
    widest there is, if none is); other addresses unchanged."""
    found = _SIZED.search(url)
    if found is None:
        return url
    width = next((w for w in TAZ_WIDTHS if w >= pixels), TAZ_WIDTHS[-1])
    return url[: found.start()] + f"{found.group(1)}{width}{found.group(3)}"


def same_picture(url: str, other: str) -> bool:
    """Whether two addresses are one picture (in any of its widths)."""
    return _unsized(url) == _unsized(other)


def _unsized(url: str) -> str:
    found = _SIZED.search(url)
    return url if found is None else url[: found.start()] + found.group(1) + found.group(3)
