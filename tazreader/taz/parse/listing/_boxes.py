"""Where the teasers of a listing page are: one *box* per teaser, found from its article links.

How a teaser is found (shared/taz-site/FACTS.md §4): every ``a.teaser-link`` whose href is an
article URL (``/Slug/!NNNNNNN/``) belongs to one teaser *box*: the nearest enclosing ``<article>``
or ``*teaser*``-classed element that links to no other article (else the highest enclosing element
that links to no other article). A teaser without any box of its own (a flat module:
``<a class="teaser-link">…</a><p class="typo-r-subline">…</p><a …>``) takes the loose siblings
after it, up to the next article, module or ad. Links inside the site header, ``<nav>``,
``<footer>`` and ad zones are no teasers. What a box says is read by :mod:`._teasers`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from lxml import html as lhtml

from tazreader.taz import urls
from tazreader.taz.models import Author, PageKind, Teaser
from tazreader.taz.parse._html import class_attr, class_tokens, image_address
from tazreader.taz.parse._input import MAX_TEASERS
from tazreader.taz.urls import ARTICLE_ID, BadUrl

# Image sources that are no teaser picture: reader profiles, icons, inline data.
SKIP_IMAGE = ("/kommune/", "/profile/", "data:", "/lib/", "/icons/")

_EXCLUDED_TAGS = frozenset({"nav", "footer", "script", "template"})
_EXCLUDED_CLASS_PARTS = ("ad_zone", "adzone", "ad_bin", "produktteaser", "tzi-", "tzibottom")


@dataclass(slots=True)
class Box:
    """A teaser while it is being read (mutable; becomes a Teaser)."""

    id: str
    url: str
    anchor: lhtml.HtmlElement
    el: lhtml.HtmlElement
    archive: bool = False
    kicker: str = ""
    title: str = ""
    teaser: str = ""
    names: list[str] = field(default_factory=list)
    author_links: dict[str, str] = field(default_factory=dict)
    published: date | None = None
    image: str | None = None
    extra: list[lhtml.HtmlElement] = field(default_factory=list)  # loose parts after el

    def teaser_model(self) -> Teaser:
        authors = tuple(Author(n, self.author_links.get(n)) for n in dict.fromkeys(self.names))
        return Teaser(
            id=self.id,
            url=self.url,
            title=self.title,
            kicker=self.kicker,
            teaser=self.teaser,
            authors=authors,
            published=self.published,
            image=self.image,
        )


def _excluded(el: lhtml.HtmlElement) -> bool:
    for anc in el.iterancestors():
        tag = anc.tag
        if tag in _EXCLUDED_TAGS:
            return True
        cls = class_attr(anc).lower()
        if tag == "header" and ("header" in cls.split() or "sticky" in cls.split()):
            return True
        if cls and any(part in cls for part in _EXCLUDED_CLASS_PARTS):
            return True
    return False


def _teaserish(el: lhtml.HtmlElement) -> bool:
    if el.tag == "article":
        return True
    return any("teaser" in t and t != "teaser-link" for t in class_tokens(el))


_STOP_TAGS = frozenset({"body", "html", "main"})


class Context:
    """The listing's base and link base, and its hrefs resolved once each (pages repeat them)."""

    def __init__(self, base: str, link_base: str) -> None:
        self.base = base
        self.link_base = link_base
        self._seen: dict[str, urls.TazUrl | None] = {}

    def resolve(self, href: str) -> urls.TazUrl | None:
        if href in self._seen:
            return self._seen[href]
        try:
            found: urls.TazUrl | None = urls.parse_url(href, self.base, page_url=self.link_base)
        except BadUrl:
            found = None
        self._seen[href] = found
        return found

    def image_url(self, src: str) -> str | None:
        src = src.strip()
        if not src or any(s in src for s in SKIP_IMAGE):
            return None
        return image_address(self.resolve(src))


# The common article href (relative or on taz.de) without the cost of urls.parse_url; the
# canonical form is the one urls.parse_url gives (tests/test_urls.py).
_ARTICLE_HREF = re.compile(
    rf"^(?:https?://(?:www\.|m\.)?taz\.de)?/(?:[\w.,:;+()'%-]+/)*!=?({ARTICLE_ID})"
    r"(?:&(?:amp;)?s=[^/]*)?/?$"
)


def _article_anchors(
    root: lhtml.HtmlElement, ctx: Context
) -> Iterator[tuple[lhtml.HtmlElement, urls.TazUrl]]:
    anchors = root.xpath('//a[contains(@class, "teaser-link")][@href]')
    if not anchors:  # other markup: any article link that carries a headline
        anchors = root.xpath(
            '//a[@href][.//*[contains(@class, "headline") or self::h2 or self::h3 or self::h4]]'
        )
    for a in anchors:
        href = a.get("href", "")
        m = _ARTICLE_HREF.match(href)
        t = (
            urls.TazUrl(PageKind.ARTICLE, f"{ctx.base}/!{m.group(1)}/", m.group(1))
            if m is not None
            else ctx.resolve(href)
        )
        if t is None or t.kind is not PageKind.ARTICLE or t.id is None:
            continue
        if _excluded(a):
            continue
        yield a, t


def find_boxes(root: lhtml.HtmlElement, ctx: Context) -> list[Box]:
    # Each teaser has one to three article links (picture, headline, "more").
    found = list(itertools.islice(_article_anchors(root, ctx), 3 * MAX_TEASERS))
    owners: dict[lhtml.HtmlElement, set[str]] = {}
    for a, t in found:
        for anc in a.iterancestors():
            ids = owners.get(anc)
            if ids is None:
                owners[anc] = {t.id or ""}
            elif len(ids) < 2:
                ids.add(t.id or "")
    anchor_ids = {a: t.id or "" for a, t in found}
    boxes: list[Box] = []
    seen: set[lhtml.HtmlElement] = set()
    for a, t in found:
        aid = t.id or ""
        chain: list[lhtml.HtmlElement] = []
        for anc in a.iterancestors():
            if anc.tag in _STOP_TAGS or owners.get(anc) != {aid}:
                break
            chain.append(anc)
        box_el = next((c for c in chain if _teaserish(c)), chain[-1] if chain else a)
        if box_el in seen:
            continue
        seen.add(box_el)
        archive = any("is-archive-print-teaser" in class_attr(c) for c in (box_el, *chain))
        box = Box(aid, t.url, a, box_el, archive)
        if not _teaserish(box_el):
            box.extra = _loose_parts(box_el, aid, owners, anchor_ids)
        boxes.append(box)
    return boxes


_LOOSE_STOP = frozenset({"section", "article", "header", "footer", "nav", "aside", "main"})


def _loose_parts(
    el: lhtml.HtmlElement,
    aid: str,
    owners: dict[lhtml.HtmlElement, set[str]],
    anchor_ids: dict[lhtml.HtmlElement, str],
) -> list[lhtml.HtmlElement]:
    """Siblings after a teaser without a box of its own that still belong to it (flat modules:
    ``<a class="teaser-link">…</a><p class="typo-r-subline">…</p><a …>``), up to the next
    article, module or ad."""
    parts: list[lhtml.HtmlElement] = []
    for sib in el.itersiblings():
        if not isinstance(sib.tag, str) or len(parts) >= 6:
            break
        other = anchor_ids.get(sib)
        ids = owners.get(sib)
        if (other is not None and other != aid) or (ids is not None and ids != {aid}):
            break
        cls = class_attr(sib).lower()
        if sib.tag in _LOOSE_STOP or _teaserish(sib):
            break
        if any(part in cls for part in _EXCLUDED_CLASS_PARTS):
            break
        parts.append(sib)
    return parts
