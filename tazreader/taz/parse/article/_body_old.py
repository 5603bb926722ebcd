"""The body of an OLD-design page (``article.sectbody``, until the relaunch of 15 Oct 2024).

The article element holds its blocks as direct children; body paragraphs are the ``<p>``
carrying the class ``article`` (the others are the intro, captions and credits, read elsewhere),
and there are no web-element boxes, so subheads, lists and quotes are all the rest. A picture
after the lead picture (``a.picture``, its ``p.caption`` next to it) is a picture in the body.
"""

from __future__ import annotations

from tazreader.taz.models import Block
from tazreader.taz.parse._html import Element, child_elements, class_attr, has_class
from tazreader.taz.parse.article._blocks import SHARED_TAGS, add_paragraph, add_shared
from tazreader.taz.parse.article._images import add_old_figure
from tazreader.taz.parse.article._page import Page


def read(page: Page, art: Element) -> list[Block]:
    """The blocks of the article element ``art``, in reading order."""
    blocks: list[Block] = []
    pictures = art.xpath(".//a[contains(@class, 'picture')]")
    lead = pictures[0] if pictures else None
    for el in child_elements(art):
        tag = el.tag
        if tag == "p" and has_class(el, "article"):
            add_paragraph(page, el, blocks)
        elif tag in SHARED_TAGS:
            add_shared(page, el, blocks)
        elif tag == "a" and el is not lead and "picture" in class_attr(el):
            add_old_figure(page, el, blocks)
    return blocks
