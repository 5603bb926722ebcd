"""Find in the article: where a query occurs in the lines as shown, the way a reader types it
(no matter the case or the accents: ``strasse`` finds „Straße“, ``oko`` finds „Öko“)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Match:
    """One place a find matched: a line and the columns of the match."""

    line: int
    start: int  # character offsets in the line as shown
    end: int


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` folded for finding, and for each folded character the index it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char) if not char.isascii() or char.isupper() else char
        out.append(folded)
        origin.extend([index] * len(folded))
    return "".join(out), origin


def find(lines: list[str], query: str) -> list[Match]:
    """Every occurrence of ``query`` in ``lines``, in reading order (none for a blank query)."""
    needle, _ = fold(query.strip())
    if not needle:
        return []
    found: list[Match] = []
    for number, line in enumerate(lines):
        hay, origin = fold(line)
        at = hay.find(needle)
        while at >= 0:
            end = at + len(needle)
            found.append(Match(number, origin[at], origin[end - 1] + 1))
            at = hay.find(needle, end)
    return found
