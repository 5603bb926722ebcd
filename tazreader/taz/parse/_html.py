"""Looking into taz markup: elements by class, their clean text, and the widths of pictures.

taz's class vocabulary (``typo-r-head-small``, ``article-teaser``, ``sectbody`` …; see
shared/taz-site/FACTS.md §2, §4) is the only stable handle on its pages, and the article and
listing parsers read the same vocabulary; these helpers are how both of them ask for it.
Picture URLs carry their width (``/picture/<id>/<width>/<name>``), which is how every parser
picks the largest real picture and skips the 14-px lazy-loading placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from tazreader.taz.models import PageKind
from tazreader.taz.text import clean
from tazreader.taz.urls import TazUrl

Element = Any  # lxml.html.HtmlElement; lxml-stubs cannot type what xpath() returns

# Two readings of a width, each what its parser has always used (they differ on odd URLs, and
# a different width picks a different picture): an article's image URL ends in the file name
# after the width, ``/picture/[<id>/]<width>/<name>`` or ``/images/<path>/<width>/<name>``;
# a list's or feed's picture URL is read as ``/picture/<id>/<width>/`` anywhere in it.
_IMAGE_WIDTH = re.compile(r"/(?:picture|images/\S+?)/(?:\d+/)?(\d+)/[^/]+$")
_PICTURE_WIDTH = re.compile(r"/picture/\d+/(\d+)/")
PLACEHOLDER_WIDTH = 14  # taz's blurred lazy-loading stand-in


def class_attr(el: Element) -> str:
    """The raw class attribute (``""`` for none): for matching parts of class names."""
    value: str = el.get("class") or ""
    return value


def class_tokens(el: Element) -> list[str]:
    """The class tokens."""
    return class_attr(el).split()


def has_class(el: Element, name: str) -> bool:
    return name in class_tokens(el)


def class_contains(el: Element, part: str) -> bool:
    """``part`` anywhere in the class attribute (taz varies suffixes: ``typo-r-head-small``)."""
    value = class_attr(el)
    return bool(value) and part in value


def text_of(el: Element | None) -> str:
    """The element's whole text, whitespace collapsed (``""`` for no element)."""
    if el is None:
        return ""
    return clean(el.text_content())


def _class_xpath(name: str, tag: str) -> str:
    return f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"


def find_class(el: Element, name: str, tag: str = "*") -> Element | None:
    """The first descendant with the class token ``name``."""
    found = el.xpath(_class_xpath(name, tag))
    return found[0] if found else None


def all_class(el: Element, name: str, tag: str = "*") -> list[Element]:
    """Every descendant with the class token ``name``, in document order."""
    result: list[Element] = el.xpath(_class_xpath(name, tag))
    return result


def is_inside(el: Element, ancestor: Element | None) -> bool:
    """Whether ``el`` lies within ``ancestor`` (never within no element)."""
    if ancestor is None:
        return False
    return any(a is ancestor for a in el.iterancestors())


def child_elements(el: Element) -> Iterator[Element]:
    """The child elements (no comments, no processing instructions)."""
    for child in el:
        if isinstance(child.tag, str):
            yield child


def image_width(url: str) -> int:
    """The width in an article's image URL (``/picture/…/<width>/<name>``, ``/images/…``);
    0 if there is none."""
    m = _IMAGE_WIDTH.search(url)
    return int(m.group(1)) if m else 0


def is_placeholder(url: str) -> bool:
    """The 14-px lazy-loading placeholder (``/picture/<id>/14/<name>``)."""
    m = _IMAGE_WIDTH.search(url)
    return int(m.group(1)) == PLACEHOLDER_WIDTH if m else "/14/" in url


def picture_width(url: str) -> int:
    """The width in a list's or feed's picture URL (``/picture/<id>/<width>/``); 0 if none."""
    m = _PICTURE_WIDTH.search(url)
    return int(m.group(1)) if m else 0


def image_address(target: TazUrl | None) -> str | None:
    """A resolved image link worth keeping: a web address on taz or elsewhere, never a taz
    article or list page, nor javascript:, data: or file: (the app would have to refuse it)."""
    if target is None or target.kind not in (PageKind.TAZ, PageKind.EXTERNAL):
        return None
    return target.url if target.url.startswith(("http://", "https://")) else None
