"""The readers' comments under an article ("Kommune"), as the page carries them.

The NEW design (the real 2024 page, ``tests/fixtures/fundus_Taz_2024_10_23.html``) renders
them on the server inside ``div#kommune``: its ``x-data`` says ``isClosed: true`` and a box
says "Die Kommentarfunktion unter diesem Artikel ist geschlossen."; ``p.headline`` holds the
count ("3 Kommentare"); ``ul.comments-list`` holds one ``li.comment#bb_message_<id>`` (also
``data-cid``) per comment: the name in ``span.author`` (inside a link to the reader's profile,
none for "(Profil gelöscht)"), ``time[datetime]``, the text as ``p``s in
``div.message-text-container`` (a reply's starts with ``span`` "@Name:"), and its replies in a
nested ``ul.thread`` of ``li.comment.mgl-xlarge``. The page serves them newest first (its
"Neueste / Älteste" buttons re-sort the first level by ``time`` in the browser).

The OLD design (2023) keeps them in ``div.community.page``: ``.sect_commentlinks >
.sectbody > li`` and the replies in ``.thread > li``, the name in ``.author > h4`` (the
selectors of that page's own script; the real 2023 capture has no comment yet, only the form
"Den ersten Beitrag schreiben").

What a page without comments says is kept apart: no comment section at all (None), open but
none yet, closed, or left to a script (the page's count promises more than it carries, or the
section is an empty shell with no list, no count and no form). Words that could state these
are only read outside the comments themselves: a comment saying "3 Kommentare" or "die
Kommentarfunktion ist geschlossen" is text, not the page's state.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

import lxml.html
from lxml import etree

from tazreader.taz.dates import in_berlin
from tazreader.taz.models import Comment, Comments
from tazreader.taz.parse._html import Element, class_tokens, has_class, text_of
from tazreader.taz.parse._input import check_limits, xml_safe
from tazreader.taz.parse.article._page import Page
from tazreader.taz.text import clean

MAX_COMMENTS = 1000  # a hostile page's 100,000 comments stop here; real pages have far fewer

_AFTER = "most-commented-container"
_SECTION_IDS = ('id="kommune"', "id='kommune'")
_CLOSED_DATA = re.compile(r"\bisClosed\s*:\s*true\b")
_COUNT = re.compile(r"(\d[\d.]*)\s+Kommentare?|(keine)\s+Kommentare", re.IGNORECASE)
_ID = re.compile(r"(\d+)$")
_INDENT = re.compile(r"mgl-x*large")
_SKIPPED = frozenset({"script", "style", "template", "button", "noscript"})


def read(page: Page) -> Comments | None:
    """The page's comments; None when it has no comment section at all."""
    return _read(_section(page))


def read_text(text: str, tree: Callable[[], Element | None]) -> Comments | None:
    """The comments of a whole page's text, read on their own (the cache keeps them only in
    the saved page: :meth:`tazreader.store.cache.Cache.get_article`), as :func:`read` reads
    them: the section out of the text, else from the page's tree, which ``tree`` builds only
    then (the OLD design keeps its comments in the page)."""
    section = _from_raw(text)
    # The tree only where read() could find more in it: a section the text search misses
    # (an id written without quotes) or the OLD design's div.community.
    if section is None and ("community" in text or "kommune" in text):
        root = tree()
        section = None if root is None else _in_tree(root)
    return _read(section)


def _read(section: Element | None) -> Comments | None:
    if section is None:
        return None
    elements = [li for li in section.iter("li") if _is_comment(li)][:MAX_COMMENTS]
    items = _items(elements)
    outside = _outside_comments(section, elements)
    count = _count(outside)
    closed = bool(_CLOSED_DATA.search(" ".join(section.attrib.values()))) or any(
        "Kommentarfunktion" in t and "geschlossen" in t for t in outside
    )
    has_form = bool(section.xpath(".//form | .//textarea"))
    shell = not items and count is None and not closed and not has_form
    scripted = (count is not None and count > len(items)) or shell
    return Comments(tuple(items), count, closed, scripted)


def _section(page: Page) -> Element | None:
    """``#kommune`` (NEW) read out of the raw page (the article parser leaves the comments out
    of the tree it builds), else ``div.community.page`` (OLD) in the tree."""
    found = _from_raw(page.raw)
    return found if found is not None else _in_tree(page.root)


def _in_tree(root: Element) -> Element | None:
    for el in root.xpath("//*[@id='kommune'] | //div[contains(@class, 'community')]"):
        if el.get("id") == "kommune" or (has_class(el, "community") and has_class(el, "page")):
            return el
    return None


def _from_raw(raw: str) -> Element | None:
    """``#kommune`` read out of the page's text (a fragment parsed on its own), in the body:
    the same words in the head (a comment, a script) are no section."""
    body = max(raw.find("</head>"), 0)
    at = next((i for i in (raw.find(f, body) for f in _SECTION_IDS) if i > 0), -1)
    if at < 0:
        return None
    start = raw.rfind("<", 0, at)
    # What follows the comments on the real page ("meistkommentiert") need not be read.
    end = raw.find(_AFTER, at)
    fragment = raw[start:end] if end > 0 else raw[start:]
    parser = lxml.html.HTMLParser()
    try:
        root: Element = lxml.html.document_fromstring(xml_safe(fragment), parser=parser)
    except (etree.ParserError, ValueError):
        return None
    check_limits(parser, "page")
    found: list[Element] = root.xpath("//*[@id='kommune']")
    return found[0] if found else None


def _is_comment(li: Element) -> bool:
    if has_class(li, "comment"):
        return True
    parent = li.getparent()
    if parent is None:
        return False
    if has_class(parent, "thread"):
        return True
    return has_class(parent, "sectbody") and any(
        has_class(a, "sect_commentlinks") for a in parent.iterancestors()
    )


def _comment_of(el: Element) -> Element | None:
    """The comment ``el`` belongs to (the nearest comment ``li`` around it)."""
    return next((a for a in el.iterancestors("li") if _is_comment(a)), None)


def _own(li: Element, found: list[Element]) -> list[Element]:
    """Those of ``found`` (descendants of ``li``) that belong to ``li``, not to a reply."""
    return [el for el in found if _comment_of(el) is li]


def _items(elements: list[Element]) -> list[Comment]:
    ids: dict[int, str] = {}  # id(element) -> comment id
    items: list[Comment] = []
    thread: list[Comment] = []  # the current top-level comment and its flat replies
    for n, li in enumerate(elements, 1):
        cid = _comment_id(li) or f"c{n}"
        if cid in ids.values():
            cid = f"{cid}-{n}"
        ids[id(li)] = cid
        addressee, paragraphs = _text(li)
        parent = _comment_of(li)
        reply_to = ids.get(id(parent)) if parent is not None else None
        indented = any(_INDENT.fullmatch(t) for t in class_tokens(li))
        if reply_to is None and indented and thread:
            # A reply marked by indentation alone: to the one it names, else the thread's head.
            named = [c for c in thread if addressee and c.author == addressee]
            reply_to = (named[-1] if named else thread[0]).id
        comment = Comment(cid, _author(li), _published(li), tuple(paragraphs), reply_to)
        if parent is None and not indented:
            thread = []
        thread.append(comment)
        items.append(comment)
    return items


def _comment_id(li: Element) -> str:
    for value in (li.get("data-cid"), li.get("id")):
        m = _ID.search((value or "").strip())
        if m:
            return m.group(1)
    return ""


def _author(li: Element) -> str:
    for el in _own(li, li.xpath(".//*[contains(concat(' ', normalize-space(@class), ' '), "
                                "' author ')]")):
        h4 = el.find(".//h4")  # OLD: .author > h4
        name = text_of(h4 if h4 is not None else el)
        if name:
            return name
    return ""


def _published(li: Element) -> datetime | None:
    for el in _own(li, li.xpath(".//time[@datetime]")):
        value = (el.get("datetime") or "").strip()
        try:
            return in_berlin(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            continue
    return None


def _text(li: Element) -> tuple[str, list[str]]:
    """Whom a reply names ("@Name:", without the marks) and the paragraphs of the text."""
    boxes = _own(li, li.xpath(".//*[contains(@class, 'message-text-container')]"))
    if not boxes:  # OLD: the paragraphs of the comment, not of its name or toolbar
        paras = [p for p in _own(li, li.xpath(".//p")) if not _in_chrome(p, li)]
        return "", [line for p in paras for line in _lines(p)]
    box = boxes[0]
    addressee = ""
    marker = next((c for c in box if isinstance(c.tag, str)), None)
    if marker is not None and marker.tag == "span" and text_of(marker).startswith("@"):
        addressee = text_of(marker)[1:].removesuffix(":").strip()
    else:
        marker = None
    paras = list(box.iter("p")) or [box]
    return addressee, [line for p in paras for line in _lines(p, skip=marker)]


def _in_chrome(el: Element, li: Element) -> bool:
    """Inside the name, the toolbar (answer, report) or a reply list of ``li``."""
    for a in el.iterancestors():
        if a is li:
            return False
        if any(has_class(a, c) for c in ("author", "toolbar", "thread")):
            return True
    return False


def _lines(el: Element, skip: Element | None = None) -> list[str]:
    """The text of ``el`` split at its ``<br>``s, each piece cleaned; no empty ones."""
    parts = [""]

    def walk(node: Element) -> None:
        if node.text:
            parts[-1] += node.text
        for child in node:
            if isinstance(child.tag, str) and child is not skip:
                if child.tag == "br":
                    parts.append("")
                elif child.tag == "p" and node is not el:
                    pass  # a paragraph of its own (read on its own)
                elif child.tag not in _SKIPPED:
                    walk(child)
            if child.tail:
                parts[-1] += child.tail

    walk(el)
    return [t for t in (clean(p) for p in parts) if t]


def _outside_comments(section: Element, elements: list[Element]) -> list[str]:
    """The section's own texts that speak of comments (its headline, its notices), none from
    inside a comment."""
    inside = {id(li) for li in elements}
    texts: list[str] = []
    for hit in section.xpath(".//text()[contains(., 'Kommentar')]"):
        el = hit.getparent()
        if el is None or el.tag in _SKIPPED:
            continue
        if id(el) in inside or any(id(a) in inside for a in el.iterancestors("li")):
            continue
        text = clean(str(hit))
        if text:
            texts.append(text)
    return texts


def _count(texts: list[str]) -> int | None:
    for text in texts:
        m = _COUNT.fullmatch(text)
        if m:
            return 0 if m.group(2) else int(m.group(1).replace(".", ""))
    return None
