"""What changed between two versions of an article: its text (title, kicker, teaser, caption and
body — not its links list, tags or comments), compared word by word as ``git diff --word-diff``
does, or line by line as a unified diff of the two text editions.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from tazreader.taz.models import (
    Article,
    InfoBox,
    ListBlock,
    Paragraph,
    Quote,
    Subhead,
)

Op = Literal["=", "-", "+"]
_WORDS = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of words: kept (``=``), removed (``-``) or added (``+``)."""

    op: Op
    text: str


@dataclass(frozen=True, slots=True)
class ChangedPart:
    """One part of the article (its title, its teaser, a paragraph …) as pieces."""

    name: str  # "title", "teaser", "caption", "block"
    pieces: tuple[Piece, ...]

    @property
    def changed(self) -> bool:
        return any(p.op != "=" for p in self.pieces)


def text_parts(article: Article) -> list[tuple[str, str]]:
    """The article's text, part by part: (what, plain text). What a reader reads; a new
    version whose parts are the same is no new version."""
    parts: list[tuple[str, str]] = []
    for name, value in (("kicker", article.kicker), ("title", article.title),
                        ("teaser", article.teaser)):
        if value.strip():
            parts.append((name, value))
    if article.image is not None and article.image.caption.strip():
        parts.append(("caption", article.image.caption))
    for block in article.blocks:
        text = _block_text(block)
        if text.strip():
            parts.append(("block", text))
    return [(name, " ".join(text.split())) for name, text in parts]


def _block_text(block: object) -> str:
    match block:
        case Paragraph() | Quote():
            return block.text
        case Subhead(text=text):
            return text
        case InfoBox(title=title, paragraphs=paras):
            return " ".join([title, *("".join(s.text for s in p) for p in paras)])
        case ListBlock(items=items):
            return " ".join("".join(s.text for s in item) for item in items)
    text = getattr(block, "text", "")
    return text if isinstance(text, str) else ""


def same_text(a: Article, b: Article) -> bool:
    """True when the two read the same (whatever else — links, tags, comments — differs)."""
    return text_parts(a) == text_parts(b)


def diff_articles(old: Article, new: Article) -> list[ChangedPart]:
    """The new version against the old one, part by part and word by word: parts that are
    the same come through whole, a changed part shows its removed and added words, a part
    that came or went is all added or all removed."""
    before, after = text_parts(old), text_parts(new)
    out: list[ChangedPart] = []
    matcher = difflib.SequenceMatcher(a=[t for _, t in before], b=[t for _, t in after],
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += [ChangedPart(name, (Piece("=", text),)) for name, text in before[i1:i2]]
            continue
        old_parts, new_parts = before[i1:i2], after[j1:j2]
        # Replaced parts are compared one with another (a corrected paragraph), the rest is
        # removed or added whole.
        for k in range(max(len(old_parts), len(new_parts))):
            if k < len(old_parts) and k < len(new_parts):
                name = new_parts[k][0]
                out.append(ChangedPart(name, tuple(_words(old_parts[k][1], new_parts[k][1]))))
            elif k < len(old_parts):
                out.append(ChangedPart(old_parts[k][0], (Piece("-", old_parts[k][1]),)))
            else:
                out.append(ChangedPart(new_parts[k][0], (Piece("+", new_parts[k][1]),)))
    return out


def _words(old: str, new: str) -> Iterator[Piece]:
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            yield Piece("=", " ".join(a[i1:i2]))
            continue
        if i2 > i1:
            yield Piece("-", " ".join(a[i1:i2]))
        if j2 > j1:
            yield Piece("+", " ".join(b[j1:j2]))


def word_diff(parts: Iterable[ChangedPart], *, context: bool = False) -> str:
    """``git diff --word-diff`` style: ``[-removed-]{+added+}`` inline, one part a paragraph;
    with ``context`` False only the changed parts."""
    paragraphs: list[str] = []
    for part in parts:
        if not part.changed and not context:
            continue
        text = ""
        previous: Op | None = None
        for piece in part.pieces:
            if not piece.text:
                continue
            shown = {"=": piece.text, "-": f"[-{piece.text}-]", "+": f"{{+{piece.text}+}}"}
            # A replacement reads as one: [-old-]{+new+}, as git writes it.
            glue = "" if not text or (previous == "-" and piece.op == "+") else " "
            text += glue + shown[piece.op]
            previous = piece.op
        paragraphs.append(text)
    return "\n\n".join(paragraphs) + ("\n" if paragraphs else "")


def unified(old_text: str, new_text: str, old_name: str, new_name: str) -> str:
    """A unified diff of two text editions (``diff -u``)."""
    lines = difflib.unified_diff(old_text.splitlines(keepends=True),
                                 new_text.splitlines(keepends=True), old_name, new_name)
    return "".join(lines)
