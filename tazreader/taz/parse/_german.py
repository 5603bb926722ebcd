"""The German the parsers read: author names in bylines, and dates as taz prints them.

Teasers, article heads and feed items all name their authors in running German ("Von Ulrike
Winkelmann, Barbara Junge und Katrin Gottschalk", "Kolumne Prinzip Hoffnung von Daniela
Sepehri", glued "XundY" where markup spans met), so one splitting rule serves every parser and
the same byline gives the same authors wherever it is read. List dates are German day-first
("9.1.2026").
"""

from __future__ import annotations

import re
from datetime import date

from tazreader.taz.text import clean

_BYLINE = re.compile(
    r"^(?:[A-ZÄÖÜ][\w-]*(?:\s+[\w„“\"'-]+){0,4}\s+)?[Vv]on\s*(?P<names>[A-ZÄÖÜ].*)$"
)
_NAME_SPLIT = re.compile(r"\s*,\s*|\s+und\s+|\s*&\s*|(?<=[a-zäöüß])und(?=[A-ZÄÖÜ])")
_DE_DATE = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def split_names(names: str) -> list[str]:
    """``Ulrike Winkelmann, Barbara Junge und Katrin Gottschalk`` -> three names."""
    return [n for n in (clean(p) for p in _NAME_SPLIT.split(names)) if n]


def byline_names(text: str) -> list[str] | None:
    """The names in ``Von X``, ``Kolumne Prinzip Hoffnung von X``; None if not a byline."""
    text = clean(text)
    if not text or len(text) > 160 or text[-1] in ".?!:;":
        return None
    m = _BYLINE.match(text)
    if m is None:
        return None
    return split_names(m.group("names")) or None


def parse_de_date(text: str) -> date | None:
    """``9.1.2026`` (taz's list dates) or ``2026-01-09``; None if it is no valid date."""
    m = _DE_DATE.fullmatch(text.strip())
    if m is not None:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _ISO_DATE.match(text.strip())
        if m is None:
            return None
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return date(y, mo, d)
    except ValueError:
        return None
