"""Running text: an element's text as clean segments, with its links numbered.

Paragraphs, list items, quotes and info boxes all come down to an :data:`Inline` — segments of
plain text, some carrying a link number. How whitespace is joined, where a link's edges go, that
a drop cap ("D" + "as alte …") is glued to its word and that private-use icon glyphs vanish is
decided here alone, so every kind of block reads the same. Links are numbered on
:attr:`Page.links` in the order this module meets them, which is reading order.
"""

from __future__ import annotations

import re
from typing import Any

from tazreader.taz.models import Inline, Link, Segment
from tazreader.taz.parse._html import Element, class_contains, text_of
from tazreader.taz.parse.article._page import Page
from tazreader.taz.text import squash
from tazreader.taz.urls import shown_url

# A real article has well under 100 in-text links; past this, link text stays plain text.
MAX_LINKS = 1000

# taz's icon font (quote marks, arrows) lives in the private-use area: no text.
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
# Elements whose content is never text of the article.
SKIP_INLINE = frozenset({"script", "style", "button", "svg", "template", "noscript", "iframe"})


def inline(page: Page, el: Element, skip: Element | None = None) -> Inline:
    """The text of ``el`` (without ``skip``), its links numbered."""
    parts: list[tuple[str, int | None]] = []

    def walk(node: Element, link: int | None) -> None:
        if node.text:
            parts.append((node.text, link))
        children = list(node)
        for index, child in enumerate(children):
            drop_cap = False
            if isinstance(child.tag, str) and child is not skip:
                tag = child.tag
                if tag in SKIP_INLINE:
                    pass
                elif tag == "br":
                    parts.append((" ", link))
                elif tag == "a" and link is None and (number := _link(page, child)):
                    walk(child, number)
                else:
                    drop_cap = _is_drop_cap(child, node, index)
                    walk(child, link)
            if child.tail and not (drop_cap and not child.tail.strip()):
                parts.append((child.tail, link))

    walk(el, None)
    return _finish(parts)


def joined(inlines: list[Inline]) -> Inline:
    """Several texts as one, a space between them (a quote spread over paragraphs)."""
    pieces: list[tuple[str, int | None]] = []
    for part in inlines:
        if pieces and part:
            pieces.append((" ", None))
        pieces.extend((s.text, s.link) for s in part)
    return _finish(pieces)


def _is_drop_cap(child: Element, parent: Element, index: int) -> bool:
    if class_contains(child, "initial-letter"):
        return True
    if index != 0 or (parent.text or "").strip() or child.tag != "span":
        return False
    letter = text_of(child)
    return len(letter) == 1 and letter.isalpha() and letter.isupper()


def _link(page: Page, a: Element) -> int | None:
    if len(page.links) >= MAX_LINKS:
        return None
    text = PRIVATE_USE.sub("", text_of(a))
    resolved = page.resolve(a.get("href"))
    if not text or resolved is None:
        return None
    # An article link keeps its slug: it tells the reader where the link goes.
    page.links.append(Link(text, shown_url(resolved, page.base), resolved.kind))
    return len(page.links)


def _finish(parts: list[tuple[str, int | None]]) -> Inline:
    """Join raw text pieces into clean segments: collapsed spaces, no empty pieces."""
    # Runs of the same link, each joined and squashed once (linear in the text, also for a
    # paragraph of 100,000 pieces); pieces that squash to nothing do not split a run.
    runs: list[tuple[list[str], int | None]] = []
    for raw, link in parts:
        text = squash(PRIVATE_USE.sub("", raw))
        if not text:
            continue
        if runs and runs[-1][1] == link:
            runs[-1][0].append(text)
        else:
            runs.append(([text], link))
    merged: list[list[Any]] = [[squash("".join(pieces)), link] for pieces, link in runs]
    out: list[list[Any]] = []
    for text, link in merged:
        if out and out[-1][0].endswith(" ") and text.startswith(" "):
            text = text[1:]
        if not out:
            text = text.lstrip()
        if text:
            out.append([text, link])
    if out:
        out[-1][0] = out[-1][0].rstrip()
        if not out[-1][0]:
            out.pop()
    # A link's edge spaces belong to the surrounding text (no underlined blanks).
    for i, (text, link) in enumerate(out):
        if link is None:
            continue
        if text.startswith(" ") and i > 0 and out[i - 1][1] is None:
            out[i - 1][0] = out[i - 1][0].rstrip() + " "
            text = text[1:]
        if text.endswith(" ") and i + 1 < len(out) and out[i + 1][1] is None:
            out[i + 1][0] = " " + out[i + 1][0].lstrip()
            text = text[:-1]
        out[i][0] = text
    return tuple(Segment(text, link) for text, link in out if text)
