"""Wrapping a line of the body, as rich wraps it, in a fraction of the time.

rich's ``Text.wrap`` looks at every word in Python (its ``divide_line``) and copies the text
before it does: for the 2 MB paragraph of issue #10 (1,000 links of 2,000 characters, 27,000
lines) that was half of the second it took to open. :func:`divide` finds the same break
offsets a line at a time: one regular expression looks back from the line's last column to
the last word that ends before it. It is exact for text whose every character takes one cell
(what taz's text is: Latin, Greek, Cyrillic, box drawing); other text (CJK, emoji, combining
marks, soft hyphens, tabs) goes to rich. ``tests/app/test_wrapping.py`` holds the two to the
same offsets.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.text import Text

# Characters one cell wide in every Unicode version rich knows (a subset of its own table):
# printable ASCII, Latin-1 but the soft hyphen, Latin Extended, IPA, spacing modifiers, Greek,
# Cyrillic, box drawing and shapes, Braille.
_NOT_ONE_CELL = re.compile(
    "[^\x20-\x7e\xa0-\xac\xae-\u02ff\u0370-\u0482\u2500-\u25fc\u2800-\u28ff]"
)
# The longest run from a position that ends a word and is followed by white space.
_TO_LAST_WORD_END = re.compile(r"(?s).*\S(?=\s)")
_SPACES = re.compile(r"\s*")
_WORD = re.compile(r"\s*\S+")  # the first word of a text takes its leading white space along


def one_cell_each(plain: str) -> bool:
    """Every character of ``plain`` is one cell wide (so its width is its length)."""
    return _NOT_ONE_CELL.search(plain) is None


def divide(plain: str, width: int) -> list[int]:
    """Where rich's ``divide_line(plain, width, fold=True)`` breaks ``plain`` (offsets), for
    text of one-cell characters (:func:`one_cell_each`): a word goes on the line while its
    end (without its trailing space) is within ``width``; a word longer than a line is cut
    into pieces of ``width`` (its trailing space with it, as rich does)."""
    width = max(width, 1)
    n = len(plain)
    rest = len(plain.rstrip())
    breaks: list[int] = []
    line = 0  # where the current line starts
    at = 0  # the next word not yet placed
    while at < n:
        last = line + width  # a word may end (without its space) here at the latest
        if rest <= last:
            break  # everything left fits
        found = _TO_LAST_WORD_END.match(plain, at, last + 1) if at < last else None
        if found is not None:
            at = line = _past_spaces(plain, found.end())
            breaks.append(at)
            continue
        word = _WORD.match(plain, at)
        if word is None:
            break  # only white space left (rest <= last then; not reached)
        following = _past_spaces(plain, word.end())
        if word.end() - at <= width and at != line:  # it fits on a line of its own
            breaks.append(at)
            line = at
            continue
        # Folded: pieces of ``width`` (the word and its trailing space), the next word goes
        # on the line of the last piece.
        if at != line:
            breaks.append(at)
        pieces = -(-(following - at) // width)
        breaks.extend(at + k * width for k in range(1, pieces))
        line = at + (pieces - 1) * width
        at = following
    return breaks


def _past_spaces(plain: str, at: int) -> int:
    spaces = _SPACES.match(plain, at)  # always matches (perhaps nothing)
    return spaces.end() if spaces is not None else at


def wrap(text: Text, width: int, console: Console) -> list[Text]:
    """``text`` (one line, no ``\\n``) wrapped at ``width`` as ``Text.wrap(console, width,
    justify="left", overflow="fold")`` and each line's trailing space stripped, does."""
    plain = text.plain
    if "\t" in plain or not one_cell_each(plain):
        lines = list(text.wrap(console, width, justify="left", overflow="fold"))
    else:
        lines = list(text.divide(divide(plain, width)))
    for line in lines:
        line.rstrip()
    return lines
