"""Text cleaning for everything that goes into a model.

taz pages carry invisible characters that must not reach the reader or the search index:
soft hyphens (U+00AD) inside long words, zero-width spaces (U+200B, e.g. at the end of the
``taz:title`` meta), control characters and bidi overrides. :func:`clean` removes them and
collapses every run of whitespace (including no-break and other Unicode spaces) to one
ordinary space.
"""

from __future__ import annotations

import re

# Characters removed outright (they carry no visible text).
_INVISIBLE = (
    [0x00AD, 0x200B, 0x2060, 0xFEFF]  # soft hyphen, zero-width space, word joiner, BOM
    + list(range(0x202A, 0x202F))  # bidi embedding/override: LRE RLE PDF LRO RLO
    + list(range(0x2066, 0x206A))  # bidi isolates: LRI RLI FSI PDI
    + [0x200E, 0x200F, 0x061C]  # bidi marks: LRM RLM ALM
    + list(range(0x206A, 0x2070))  # deprecated format controls (symmetric swapping …)
    + list(range(0x80, 0xA0))  # C1 controls
    + [0x7F]
    + [c for c in range(0x20) if chr(c) not in "\t\n\r\f\v"]  # C0 controls, NUL included
)
# A character class, not str.translate: deleting by regex is some twenty times faster.
_INVISIBLE_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _INVISIBLE) + "]")


# What could steer a terminal or hide text direction, for text on its way OUT (screen, stdout,
# files): C0 controls except tab and newline, DEL, C1 controls, bidi controls and marks.
_STEERING = (
    [c for c in range(0x20) if c not in (0x09, 0x0A)]
    + [0x7F]
    + list(range(0x80, 0xA0))
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x2070))
    + [0x200E, 0x200F, 0x061C]
)
_INERT: dict[int, int | None] = dict.fromkeys(_STEERING)
_STEERING_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _STEERING) + "]")


def inert(text: str) -> str:
    """``text`` with nothing that could steer a terminal; newlines and tabs stay.

    Parsed text is clean already; this is the last step before output, for text that may come
    from an older cache, a search snippet or an error message quoting its input.
    """
    return text.translate(_INERT)


def inert_json(text: str) -> str:
    """JSON text with the same characters escaped as ``\\uXXXX``: the same data, but inert."""
    return _STEERING_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def visible(text: str) -> str:
    """``text`` without its invisible characters (soft hyphens, zero-width spaces …), spaces
    left as they are: the cheap half of :func:`clean`, for text that is only compared."""
    return _INVISIBLE_RE.sub("", text)


def squash(text: str) -> str:
    """Remove invisible characters and collapse whitespace runs to one space; no strip.

    For pieces of running text (inline segments) whose edge spaces still matter.
    """
    text = _INVISIBLE_RE.sub("", text)
    if not text:
        return text
    # str.split() knows the same whitespace as the regex \s (str.isspace), and is some ten
    # times faster than substituting every run.
    inner = " ".join(text.split())
    if not inner:
        return " "
    return (" " if text[0].isspace() else "") + inner + (" " if text[-1].isspace() else "")


def clean(text: str) -> str:
    """Remove invisible characters, collapse whitespace, strip both ends."""
    return squash(text).strip()
