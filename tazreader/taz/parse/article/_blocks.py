"""The blocks of an article body that both designs mark up alike, and the plain-text fallback.

Paragraphs, subheads, lists, quotes and info boxes look the same to a reader whichever design
the page is in; the design walks (:mod:`._body_new`, :mod:`._body_old`) only decide *which*
elements are body, and hand each one here. A paragraph that is bold as a whole is an
interviewer's question (taz prints "taz: Herr Fischer, …" questions in bold, the answers not);
a live ticker's entry is an ``<article>`` of its own with a time, a heading and paragraphs.
A page with no body markup at all (a reduced or broken page) still has its text in the
JSON-LD ``articleBody``: :func:`blocks_from_text`.
"""

from __future__ import annotations

import re

from tazreader.taz.models import (
    Block,
    InfoBox,
    Inline,
    ListBlock,
    Paragraph,
    Question,
    Quote,
    Segment,
    Subhead,
    TickerEntry,
)
from tazreader.taz.parse._html import Element, class_contains, is_inside, text_of
from tazreader.taz.parse.article._inline import PRIVATE_USE, inline, joined
from tazreader.taz.parse.article._page import Page
from tazreader.taz.text import clean

SUBHEADS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# The tags :func:`add_shared` reads, the same in either design.
SHARED_TAGS = SUBHEADS | {"ul", "ol", "blockquote"}


_BOLD = frozenset({"strong", "b"})


def add_paragraph(page: Page, el: Element, blocks: list[Block]) -> None:
    """A paragraph; an interviewer's question when the whole of it is bold."""
    segments = inline(page, el)
    if segments:
        blocks.append(Question(segments) if _all_bold(el) else Paragraph(segments))


def _all_bold(el: Element) -> bool:
    """Every bit of text in ``el`` stands inside ``<strong>``/``<b>`` (and there is some)."""
    if el.tag in _BOLD:
        return bool(text_of(el))
    if (el.text or "").strip():
        return False
    bold = False
    for child in el:
        if (child.tail or "").strip():
            return False
        if not isinstance(child.tag, str) or child.tag == "br":
            continue
        if not _all_bold(child):
            if text_of(child):
                return False
            continue
        bold = True
    return bold


def add_shared(page: Page, el: Element, blocks: list[Block]) -> None:
    """A subhead, list or quote (``el.tag`` in :data:`SHARED_TAGS`)."""
    tag = el.tag
    if tag in SUBHEADS:
        if text := text_of(el):
            blocks.append(Subhead(text))
    elif tag in ("ul", "ol"):
        add_list(page, el, blocks)
    elif tag == "blockquote":
        add_quote(page, el, blocks)


def add_list(page: Page, el: Element, blocks: list[Block]) -> None:
    items = tuple(i for li in el.iterchildren("li") if (i := inline(page, li)))
    if items:
        blocks.append(ListBlock(items, ordered=el.tag == "ol"))


def add_quote(page: Page, el: Element, blocks: list[Block]) -> None:
    """A ``<blockquote>`` or a quote box; its source (``cite``, ``footer`` …) apart."""
    source_els = [
        s
        for s in el.iter()
        if isinstance(s.tag, str)
        and s is not el
        and (
            s.tag in ("cite", "footer", "figcaption")
            or any(k in (s.get("class") or "") for k in ("author", "source", "cite-"))
        )
    ]
    source_el = source_els[0] if source_els else None
    quote_el = el.find(".//blockquote") if el.tag != "blockquote" else el
    if quote_el is not None and source_el is not None and is_inside(source_el, quote_el):
        segments = inline(page, quote_el, skip=source_el)
    elif quote_el is not None:
        segments = inline(page, quote_el)
    else:
        texts = [
            p for p in el.iter("p") if source_el is None or p is not source_el
        ] or [el]
        segments = joined([inline(page, p, skip=source_el) for p in texts])
    source = PRIVATE_USE.sub("", text_of(source_el))
    source = re.sub(r"^[–—-]\s*", "", source).strip()
    if segments:
        blocks.append(Quote(segments, source))


def add_infobox(page: Page, el: Element, blocks: list[Block]) -> None:
    """An info or bio box: its heading as the title, its paragraphs and items as the text."""
    title_el = next(
        (
            h
            for h in el.iter()
            if isinstance(h.tag, str)
            and (h.tag in ("h2", "h3", "h4", "h5", "h6") or class_contains(h, "headline"))
            and text_of(h)
        ),
        None,
    )
    paragraphs: list[Inline] = []
    for node in el.iter("p", "li"):
        if node is title_el or is_inside(node, title_el):
            continue
        if node.tag == "p" and node.xpath("ancestor::li"):
            continue
        if segments := inline(page, node):
            paragraphs.append(segments)
    title = text_of(title_el)
    if not paragraphs and not title:
        return
    if not paragraphs:
        paragraphs.append(inline(page, el, skip=title_el))
    blocks.append(InfoBox(title, tuple(p for p in paragraphs if p)))


def add_ticker_entry(page: Page, el: Element, blocks: list[Block]) -> None:
    """A live ticker's entry (an ``<article>``): its time, heading and paragraphs, in order."""
    time_el = next(el.iter("time"), None)
    if time_el is None:
        time_el = next((t for t in el.iter() if isinstance(t.tag, str)
                        and ("time" in (t.get("class") or "") or "date" in (t.get("class") or ""))
                        and text_of(t)), None)
    head_el = next((h for h in el.iter(*SUBHEADS) if text_of(h)), None)
    paragraphs: list[Inline] = []
    taken: list[Element] = [x for x in (time_el, head_el) if x is not None]
    for node in el.iter("p", "li", "blockquote"):
        if any(node is x or is_inside(node, x) for x in taken):
            continue
        taken.append(node)
        if segments := inline(page, node):
            paragraphs.append(segments)
    time = text_of(time_el)
    heading = text_of(head_el)
    if not paragraphs and not heading:
        return
    blocks.append(TickerEntry(time, heading, tuple(paragraphs)))


def blocks_from_text(body: str) -> tuple[Block, ...]:
    """Blocks from the plain JSON-LD ``articleBody`` (one paragraph per line)."""
    lines = [clean(line) for line in body.splitlines()]
    lines = [line for line in lines if line]
    blocks: list[Block] = []
    for i, line in enumerate(lines):
        if i == 0:
            # JSON-LD renders the drop cap as "N a endlich!"
            line = re.sub(r"^([B-HJ-NP-ZÄÖÜ]) (?=[a-zäöüß])", r"\1", line)
        if len(line) < 90 and not re.search(r"[.!?:;…“\"»«)]$", line) and 0 < i < len(lines) - 1:
            blocks.append(Subhead(line))
        else:
            blocks.append(Paragraph((Segment(line),)))
    return tuple(blocks)
