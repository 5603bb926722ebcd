"""What each teaser box of a listing says: kicker, title, teaser text, authors, date, image.

The box's ``typo-r-topline`` / ``typo-r-head*`` / ``typo-r-subline`` / ``typo-r-name`` elements
give kicker, title, teaser text and authors. Markup varies by module (``<p>`` vs ``<span>``,
search hits with bare ``<p>``), so classes are matched as substrings, and bare paragraphs are
the fallback: a date line is the date, a "Von X und Y" line the authors, the first other
paragraph the teaser text. A date line between teasers belongs to the teaser before it; the same
article twice is one teaser at its first place, filled in from the later copies. A print-archive
hit is dated by its issue ("Ausgabe vom 9.1.2026,").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import replace

from lxml import html as lhtml

from tazreader.taz.models import PageKind, Teaser
from tazreader.taz.parse._german import byline_names, parse_de_date
from tazreader.taz.parse._html import PLACEHOLDER_WIDTH, class_attr, picture_width, text_of
from tazreader.taz.parse._input import MAX_TEASERS
from tazreader.taz.parse.listing._boxes import SKIP_IMAGE, Box, Context, find_boxes


def read_teasers(root: lhtml.HtmlElement, ctx: Context) -> tuple[list[Teaser], list[str]]:
    """The page's teasers in page order, and the ids of those from the print archive."""
    boxes = find_boxes(root, ctx)
    for box in boxes:
        _fill(box, ctx)
    boxes = [b for b in boxes if b.title]
    _trailing_dates(root, boxes)
    teasers = _merge([b.teaser_model() for b in boxes])[:MAX_TEASERS]
    archive = list(dict.fromkeys(b.id for b in boxes if b.archive))
    return teasers, archive


def _fill(box: Box, ctx: Context) -> None:
    """Read kicker, title, teaser, authors, date and image out of the box, in one walk."""
    best_width = -1
    best_src = ""
    claimed: set[lhtml.HtmlElement] = set()
    heads: list[lhtml.HtmlElement] = []
    plain: list[lhtml.HtmlElement] = []  # bare paragraphs after the headline, then before it
    before_head: list[lhtml.HtmlElement] = []
    after_head = False
    for el in itertools.chain(box.el.iter(), *(x.iter() for x in box.extra)):
        tag = el.tag
        if not isinstance(tag, str):
            continue
        cls = class_attr(el)
        if cls:
            if "typo-r-topline" in cls:
                claimed.add(el)
                if not box.kicker:
                    box.kicker = text_of(el)
                continue
            if "typo-r-head" in cls:
                claimed.add(el)
                after_head = True
                if not box.title:
                    box.title = text_of(el)
                continue
            if "typo-r-subline" in cls:
                claimed.add(el)
                if not box.teaser:
                    box.teaser = text_of(el)
                continue
            if "typo-r-name" in cls:
                claimed.add(el)
                tokens = cls.split()
                if "typo-r-name" in tokens:
                    name = text_of(el)
                    if name:
                        box.names.append(name)
                elif "typo-r-name-reg" not in tokens:  # a whole byline line: "Von X und Y"
                    box.names.extend(byline_names(text_of(el)) or ())
                continue
        if tag == "a":
            href = el.get("href")
            t = ctx.resolve(href) if href else None
            if t is not None and t.kind is PageKind.AUTHOR:
                claimed.add(el)
                name = text_of(el)
                if name:
                    box.author_links.setdefault(name, t.url)
            continue
        if tag in ("img", "source", "picture"):
            for attr in ("srcset", "iesrc", "src", "data-src"):
                raw = el.get(attr)
                if not raw:
                    continue
                for part in raw.split(","):
                    src = part.strip().split(" ", 1)[0]
                    if not src or any(skip in src for skip in SKIP_IMAGE):
                        continue
                    width = picture_width(src)
                    if width != PLACEHOLDER_WIDTH and width > best_width:
                        best_width, best_src = width, src
            continue
        if tag == "time":
            d = parse_de_date(el.get("datetime") or "") or parse_de_date(text_of(el))
            if d is not None and box.published is None:
                box.published = d
            continue
        if tag in ("h1", "h2", "h3", "h4"):
            heads.append(el)
            claimed.add(el)
            after_head = True
        elif tag == "p" or (tag == "span" and len(el) == 0):
            (plain if after_head else before_head).append(el)
    if best_src:
        box.image = ctx.image_url(best_src)
    if not box.title:
        for h in heads:
            text = text_of(h)
            if box.kicker and text.startswith(box.kicker):
                text = text[len(box.kicker) :].lstrip(": ").strip()
            if text:
                box.title = text
                break
    if not box.title:
        head = box.anchor.xpath('.//*[contains(@class, "headline")]')
        box.title = text_of(head[0]) if head else text_of(box.anchor)
    used = {box.kicker, box.title}
    for el in plain + before_head:
        if any(anc in claimed for anc in _ancestors_within(el, box.el)):
            continue
        text = text_of(el)
        if not text or text in used:
            continue
        d = parse_de_date(text)
        if d is not None:
            if box.published is None:
                box.published = d
            continue
        if text.startswith("Ausgabe vom"):
            continue  # the issue's date, read below
        names = byline_names(text)
        if names is not None:
            if not box.names:
                box.names.extend(names)
            continue
        if el.tag == "p" and not box.teaser:
            box.teaser = text
    if not box.names and box.author_links:
        box.names.extend(box.author_links)
    if box.published is None and box.archive:
        # A print-archive hit: "Ausgabe vom <span>9.1.2026,</span>" (the issue's date).
        m = _ISSUE_DATE.search(text_of(box.el))
        box.published = parse_de_date(m.group(1)) if m else None


_ISSUE_DATE = re.compile(r"Ausgabe vom\D{0,20}?(\d{1,2}\.\d{1,2}\.\d{4})")


def _ancestors_within(
    el: lhtml.HtmlElement, top: lhtml.HtmlElement
) -> Iterator[lhtml.HtmlElement]:
    node: lhtml.HtmlElement | None = el
    while node is not None and node is not top:
        yield node
        node = node.getparent()


def _trailing_dates(root: lhtml.HtmlElement, boxes: list[Box]) -> None:
    """Date lines between teasers ("9.1.2026") go to the teaser before them."""
    box_index = {b.el: i for i, b in enumerate(boxes)}
    holds: dict[lhtml.HtmlElement, int] = {}
    for i, box in enumerate(boxes):
        holds[box.el] = i
        for anc in box.el.iterancestors():
            holds[anc] = i  # teasers come in document order: the last one inside wins
    candidates = root.xpath(
        '//body//text()[contains(., ".")][string-length(normalize-space()) >= 8]'
        "[string-length(normalize-space()) <= 12]"
    )
    for node in candidates:
        el = node.getparent()
        if el is None or not node.is_text or len(el):
            continue
        d = parse_de_date(str(node))
        if d is None:
            continue
        owner = _owner_of_date(el, box_index, holds)
        if owner is not None and boxes[owner].published is None:
            boxes[owner].published = d


def _owner_of_date(
    el: lhtml.HtmlElement,
    box_index: dict[lhtml.HtmlElement, int],
    holds: dict[lhtml.HtmlElement, int],
) -> int | None:
    node: lhtml.HtmlElement | None = el
    while node is not None:
        if node in box_index:
            return box_index[node]
        for sib in node.itersiblings(preceding=True):
            if sib in holds:
                return holds[sib]
        node = node.getparent()
    return None


def _merge(teasers: list[Teaser]) -> list[Teaser]:
    out: dict[str, Teaser] = {}
    for t in teasers:
        first = out.get(t.id)
        if first is None:
            out[t.id] = t
            continue
        out[t.id] = replace(
            first,
            kicker=first.kicker or t.kicker,
            teaser=first.teaser or t.teaser,
            authors=first.authors or t.authors,
            published=first.published or t.published,
            image=first.image or t.image,
        )
    return list(out.values())
