"""One article page while it is parsed: its tree, its metadata, its design, its links.

Every part of an article (head, byline, image, body, related) reads the same few things — the
``<meta>`` tags, the JSON-LD blocks, the ``<article>`` element and which design it is in — and
resolves hrefs against the same page address. :class:`Page` works them out once, so the parts
stay plain functions of the page, and holds the one growing list of numbered links (the numbers
must run in reading order over the whole article).
"""

from __future__ import annotations

import json
from typing import Any

from tazreader.taz.models import Link
from tazreader.taz.parse._html import (
    Element,
    all_class,
    class_contains,
    has_class,
    is_inside,
)
from tazreader.taz.text import clean
from tazreader.taz.urls import BadUrl, TazUrl, parse_url, usable_page_url


class Page:
    """One parse: the tree, the head metadata and the growing list of numbered links."""

    def __init__(self, root: Element, raw: str, url: str | None, base: str) -> None:
        self.root = root
        self.raw = raw  # the page text (for what only the scripts say: the IVW section path)
        self.base = base
        self.links: list[Link] = []
        # Elements of the article the body leaves out on purpose (embeds' consent boxes, picture
        # boxes with no real picture): their text is not counted as missing (see _coverage).
        self.skipped: list[Element] = []
        self._resolved: dict[str, TazUrl | None] = {}
        self.meta_tags: dict[str, list[Element]] = {}  # by name, property or itemprop
        for m in root.iter("meta"):
            for key in (m.get("name"), m.get("property"), m.get("itemprop")):
                if key:
                    self.meta_tags.setdefault(key.strip().lower(), []).append(m)
        self.canonical_link = ""
        for link in root.iter("link"):
            if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
                self.canonical_link = link.get("href").strip()
                break
        self.page_url = next(
            (
                u
                for u in (url, self.canonical_link, self.meta("og:url"))
                if u and usable_page_url(u)
            ),
            base + "/",
        )
        self.ld = _json_ld(root)
        self.news = next((d for d in self.ld if ld_is(d, "Article")), {})
        self.article_el = _find_article(root)
        # The OLD (2023) design: article.sectbody / itemprop=articleBody; else the NEW one.
        self.old = self.article_el is not None and (
            has_class(self.article_el, "sectbody")
            or self.article_el.get("itemprop") == "articleBody"
        )
        # The NEW design's body containers (``main-article-corpus``; more than one when other
        # elements split the body), else the element that holds the body paragraphs under
        # another name; ``corpus`` is the first of them.
        self.corpora: list[Element] = []
        if self.article_el is not None and not self.old:
            self.corpora = _corpora(self.article_el)
        self.corpus: Element | None = self.corpora[0] if self.corpora else None

    def meta(self, key: str) -> str:
        """The first non-empty ``content`` of the meta tags named ``key`` (lower case)."""
        for m in self.meta_tags.get(key, ()):
            content = clean(m.get("content") or "")
            if content:
                return content
        return ""

    def resolve(self, href: str | None) -> TazUrl | None:
        """``href`` recognised relative to the page (None for none, ``#…`` or a broken one)."""
        if not href:
            return None
        if href in self._resolved:
            return self._resolved[href]
        result: TazUrl | None = None
        clean_href = href.strip()
        # javascript:, file:, data: … come back EXTERNAL: listed, and the app refuses them.
        if clean_href and not clean_href.startswith("#"):
            try:
                result = parse_url(clean_href, self.base, page_url=self.page_url)
            except BadUrl:
                result = None
        self._resolved[href] = result
        return result

    def url(self, href: str | None) -> str | None:
        """``href`` as an absolute (canonical) URL, or None."""
        resolved = self.resolve(href)
        return resolved.url if resolved else None


def ld_is(item: dict[str, Any], kind: str) -> bool:
    """Whether a JSON-LD item is of ``kind`` (``NewsArticle`` counts as ``Article``)."""
    value = item.get("@type")
    types = value if isinstance(value, list) else [value]
    return any(isinstance(t, str) and t.endswith(kind) for t in types)


def _json_ld(root: Element) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):
            # Broken, or nested deeper than json recurses (1,200 ``[`` are 2.4 KB): the block
            # is left out like any unreadable one; the page itself is read on.
            continue
        stack = data if isinstance(data, list) else [data]
        for item in stack:
            if isinstance(item, dict):
                found.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    found.extend(g for g in graph if isinstance(g, dict))
    return found


# What marks the head of an article: a body container holding one of these is no body container.
_HEAD_CLASSES = ("typo-r-topline-detail", "typo-r-subline-detail", "author-container",
                 "meta-data-container")


def _corpora(art: Element) -> list[Element]:
    found = [c for c in all_class(art, "main-article-corpus")
             if not any(has_class(a, "main-article-corpus") for a in c.iterancestors())]
    if found:
        return found
    # A renamed wrapper: the nearest element holding every body paragraph, unless that is the
    # article itself or holds the article's head (then only marked body elements are read).
    paragraphs = art.xpath(".//*[contains(@class, 'typo-bodytext')][self::p or self::div]")
    if not paragraphs:
        return []
    common = paragraphs[0].getparent()
    for p in paragraphs[1:]:
        while common is not None and common is not art and not is_inside(p, common):
            common = common.getparent()
    if common is None or common is art or any(
        common.xpath(f".//*[contains(@class, '{c}')]") for c in _HEAD_CLASSES
    ) or common.xpath(".//h1"):
        return []
    return [common]


def _find_article(root: Element) -> Element | None:
    articles = list(root.iter("article"))
    for art in articles:
        if class_contains(art, "module-article") or has_class(art, "sectbody"):
            return art
    for art in articles:
        if art.xpath(".//p[contains(@class, 'typo-bodytext')]"):
            return art
    return None
