"""The body of a NEW-design page (relaunch of 15 Oct 2024, and its 2025 variants).

The text stands in ``div.main-article-corpus``, mixed with what is not article: ads
(``webelement_adzone``), the "taz zahl ich" box (``tzi``), share widgets, author boxes and
modals; taz's own web elements say what they are in ``data-for`` (quotes, info and bio boxes are
kept; pictures, embeds and galleries are not text). A reduced page without the corpus (some
mirrors, the 2025 print layout) still marks its paragraphs ``typo-bodytext``.
"""

from __future__ import annotations

from tazreader.taz.models import Block
from tazreader.taz.parse._html import Element, child_elements
from tazreader.taz.parse.article._blocks import (
    SHARED_TAGS,
    add_infobox,
    add_paragraph,
    add_quote,
    add_shared,
)
from tazreader.taz.parse.article._page import Page

_CHROME = ("tzi", "ad_", "shariff", "author-container", "modal", "adzone")


def read(page: Page, art: Element) -> list[Block]:
    """The blocks of the article element ``art``, in reading order."""
    blocks: list[Block] = []
    if page.corpus is not None:
        _walk(page, page.corpus, blocks)
    else:
        # Reduced markup: the paragraphs anywhere in the article.
        for p in art.xpath(".//p[contains(@class, 'typo-bodytext')]"):
            add_paragraph(page, p, blocks)
    return blocks


def _walk(page: Page, container: Element, blocks: list[Block]) -> None:
    for el in child_elements(container):
        tag = el.tag
        data_for = (el.get("data-for") or "").lower()
        if tag == "p":
            add_paragraph(page, el, blocks)
        elif tag in SHARED_TAGS:
            add_shared(page, el, blocks)
        elif data_for:
            if "citation" in data_for or "quote" in data_for:
                add_quote(page, el, blocks)
            elif "info" in data_for or "bio" in data_for:
                add_infobox(page, el, blocks)
            # ads, pictures, embeds, galleries: left out
        elif tag in ("div", "section", "span") and not _is_chrome(el):
            _walk(page, el, blocks)


def _is_chrome(el: Element) -> bool:
    value = el.get("class") or ""
    return any(part in value for part in _CHROME)
