"""The body of a NEW-design page (relaunch of 15 Oct 2024, and its 2025/2026 variants).

The text stands in ``div.main-article-corpus`` (:attr:`Page.corpora`: one or more, or the
element that holds the body paragraphs under another name), mixed with what is not article:
ads (``webelement_adzone``), the "taz zahl ich" box (``tzi``), share widgets, author boxes and
modals. taz's web elements say what they are in ``data-for`` or, without it, in their classes:
quote boxes (``webelement_citation``, ``citation``), info and bio boxes, lists, embeds (videos,
audio, posts: a placeholder, see :mod:`._embeds`); pictures and galleries inside the body are
:class:`Figure` blocks with their captions (see :mod:`._images`). A paragraph may be a ``div``
with the body-text class.

Outside the body containers (a reduced page without any, a subhead or a paragraph that a
layout moved out of the corpus) only elements marked as body count: ``typo-bodytext``
paragraphs, ``typo-r-subhead``/``typo-head-small`` subheads, web elements (a picture box there
only after some text: before it stands the lead picture, read with the head). A live ticker's
entries are ``<article>`` elements, inside the body or following the article.
"""

from __future__ import annotations

from tazreader.taz.models import Block
from tazreader.taz.parse._html import Element, child_elements, class_attr, has_class
from tazreader.taz.parse.article._blocks import (
    SHARED_TAGS,
    SUBHEADS,
    add_infobox,
    add_list,
    add_paragraph,
    add_quote,
    add_shared,
    add_ticker_entry,
)
from tazreader.taz.parse.article._embeds import add_embed, is_embed
from tazreader.taz.parse.article._images import add_figures, lead_box
from tazreader.taz.parse.article._page import Page

_CHROME = ("tzi", "ad_", "shariff", "author-container", "modal", "adzone", "is-hidden")
_SUBHEAD_CLASSES = ("subhead", "typo-head-small")
_PICTURES = ("picture", "image", "gallery", "galerie", "slideshow")


def read(page: Page, art: Element) -> list[Block]:
    """The blocks of the article element ``art`` (and the ticker entries after it), in order."""
    blocks: list[Block] = []
    _outside(page, art, blocks)
    for entry in _following_entries(page, art):
        add_ticker_entry(page, entry, blocks)
    return blocks


def _walk(page: Page, container: Element, blocks: list[Block]) -> None:
    """A body container: everything in it is body, except chrome."""
    for el in child_elements(container):
        tag = el.tag
        if tag == "article":
            add_ticker_entry(page, el, blocks)
        elif tag == "p" or _is_text_div(el):
            add_paragraph(page, el, blocks)
        elif tag in SHARED_TAGS:
            add_shared(page, el, blocks)
        elif _is_chrome(el):
            continue
        elif (kind := _web_element(el)) is not None:
            _add_web_element(page, el, kind, blocks)
        elif tag in ("div", "section", "span", "aside", "figure"):
            _walk(page, el, blocks)


def _outside(page: Page, container: Element, blocks: list[Block]) -> None:
    """Article parts outside the body containers: only what is marked as body."""
    for el in child_elements(container):
        if any(el is c for c in page.corpora):
            _walk(page, el, blocks)
            continue
        if _is_chrome(el) or el.tag in ("h1", "header", "nav", "footer", "script", "template"):
            continue
        cls = class_attr(el)
        if el.tag == "article":
            add_ticker_entry(page, el, blocks)
        elif "typo-bodytext" in cls and (el.tag == "p" or _is_text_div(el)):
            add_paragraph(page, el, blocks)
        elif el.tag in SUBHEADS and any(c in cls for c in _SUBHEAD_CLASSES):
            add_shared(page, el, blocks)
        elif el.tag in ("ul", "ol") and "typo-bodytext" in cls:
            add_list(page, el, blocks)
        elif (kind := _web_element(el)) is not None and kind != "picture":
            _add_web_element(page, el, kind, blocks)
        elif kind == "picture" and blocks and el is not lead_box(page):
            add_figures(page, el, blocks)
        elif kind is None and len(el):
            _outside(page, el, blocks)


def _web_element(el: Element) -> str | None:
    """What a web element is, by ``data-for`` or class: quote, info, list, embed, picture, ad;
    "other" for an unknown one; None when ``el`` is no web element."""
    data_for = (el.get("data-for") or "").lower()
    cls = class_attr(el).lower()
    named = data_for or " ".join(t for t in cls.split() if t.startswith("webelement_"))
    words = f"{named} {cls}"
    if "adzone" in words:
        return "ad"
    if "citation" in words or "quote" in named:
        return "quote"
    if is_embed(el):
        return "embed"
    if any(w in named for w in ("info", "bio")) or "info-box" in cls:
        return "info"
    if "list" in named:
        return "list"
    if any(w in named for w in _PICTURES):
        return "picture"
    return "other" if named else None


def _add_web_element(page: Page, el: Element, kind: str, blocks: list[Block]) -> None:
    if kind == "quote":
        add_quote(page, el, blocks)
    elif kind == "info":
        add_infobox(page, el, blocks)
    elif kind == "embed":
        add_embed(page, el, blocks)
    elif kind == "picture":
        add_figures(page, el, blocks)
    elif kind in ("list", "other"):
        _walk(page, el, blocks)  # an unknown element's text is kept, not dropped


def _following_entries(page: Page, art: Element) -> list[Element]:
    """A live ticker's entries after the article itself: ``<article>``s that are no teasers."""
    entries = []
    for el in art.itersiblings():
        candidates = [el] if el.tag == "article" else list(el.iter("article"))
        for entry in candidates:
            if _is_entry(entry):
                entries.append(entry)
    return entries


def _is_entry(el: Element) -> bool:
    """An ``<article>`` after the article that is a ticker entry: no teaser, no reader's
    comment (those are read elsewhere), a paragraph and a time or heading."""
    if "teaser" in class_attr(el) or el.xpath(".//a[contains(@class, 'teaser-link')]"):
        return False
    if el.xpath("ancestor-or-self::*[@id='kommune' or contains(@class, 'comment')"
                " or contains(@class, 'kommune')]"):
        return False
    return bool(el.xpath(".//p")) and bool(el.xpath(".//time | .//h2 | .//h3 | .//h4"))


def _is_text_div(el: Element) -> bool:
    """A ``div`` that is a paragraph: the body-text class and no blocks inside."""
    return (
        el.tag == "div"
        and "typo-bodytext" in class_attr(el)
        and not any(c.tag in ("p", "div", "ul", "ol", "section", *SUBHEADS) for c in
                    child_elements(el))
    )


def _is_chrome(el: Element) -> bool:
    value = class_attr(el)
    return any(part in value for part in _CHROME) or has_class(el, "metadata")
