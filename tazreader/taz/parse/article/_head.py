"""What an article is: its id, its headline with the kicker above it, and its teaser.

Each is read from the markup first, then the ``taz:*``/``og:*`` meta tags, then the JSON-LD
``NewsArticle``, because a page of either design, a reduced page or a broken one may lack any
one of them (shared/taz-site/FACTS.md §2, §3). Without an id or a headline there is no article.
"""

from __future__ import annotations

from tazreader.taz.models import PageKind
from tazreader.taz.parse._html import (
    Element,
    child_elements,
    class_contains,
    find_class,
    has_class,
    is_inside,
    text_of,
)
from tazreader.taz.parse.article._page import Page
from tazreader.taz.text import clean


def article_id(page: Page) -> str | None:
    """The id (``5928990``): the meta tags, the canonical or og:url, JSON-LD, the page URL."""
    for key in ("cms-article-id", "url-id"):
        value = page.meta(key)
        if value.isdigit():
            return value
    for m in page.meta_tags.get("taz:title", ()):
        value = (m.get("data-id") or "").strip()
        if value.isdigit():
            return value
    candidates = [page.canonical_link, page.meta("og:url")]
    for key in ("url", "mainEntityOfPage"):
        entry = page.news.get(key)
        if isinstance(entry, dict):
            entry = entry.get("@id")
        if isinstance(entry, str):
            candidates.append(entry)
    if page.article_el is not None:
        span = page.article_el.xpath(".//span[@id='cmsArticleID']")
        if span and text_of(span[0]).isdigit():
            return str(text_of(span[0]))
    candidates.append(page.page_url)
    for candidate in candidates:
        resolved = page.resolve(candidate)
        if resolved is not None and resolved.kind is PageKind.ARTICLE and resolved.id:
            return resolved.id
    return None


def headline(page: Page) -> tuple[str, str]:
    """(kicker, title); a meta title "Kicker: Title" is split the same way."""
    kicker, title = "", ""
    heading = _heading_element(page)
    if heading is not None:
        kicker, title = _split_heading(heading)
    meta_title = page.meta("taz:title") or page.meta("og:title")
    if not meta_title:
        ld_headline = page.news.get("headline")
        meta_title = clean(ld_headline) if isinstance(ld_headline, str) else ""
    if not title and meta_title:
        head, sep, tail = meta_title.partition(": ")
        return (clean(head), clean(tail)) if sep and tail else ("", meta_title)
    if title and not kicker and meta_title.endswith(": " + title):
        kicker = clean(meta_title[: -len(title) - 2])
    elif title and not kicker and title == meta_title and ": " in title:
        head, _, tail = title.partition(": ")
        kicker, title = clean(head), clean(tail)
    return kicker, title


def _heading_element(page: Page) -> Element | None:
    art = page.article_el
    if art is None:
        return None
    if page.old:
        found = art.xpath(".//h1")
        return found[0] if found else None
    # NEW design: <h1> in 2024, <h2> from late 2025; a heading inside the body is a subhead.
    for tag in ("h1", "h2"):
        for h in art.iter(tag):
            if page.corpus is not None and is_inside(h, page.corpus):
                continue
            if text_of(h):
                return h
    return None


def _split_heading(h: Element) -> tuple[str, str]:
    spans = [
        s
        for s in child_elements(h)
        if s.tag == "span" and not has_class(s, "is-hidden") and not has_class(s, "hide")
    ]
    parts = [(s, text_of(s)) for s in spans]
    parts = [(s, t) for s, t in parts if t and t != ":"]
    if not parts:
        return "", text_of(h)
    kicker = ""
    for s, t in parts:
        if class_contains(s, "topline") or has_class(s, "kicker"):
            kicker = t
    rest = [t for _, t in parts if t != kicker]
    if not kicker and len(parts) >= 2:
        kicker, rest = parts[0][1], [t for _, t in parts[1:]]
    return kicker, clean(" ".join(rest))


def teaser(page: Page) -> str:
    """The teaser (intro) text above the body."""
    art = page.article_el
    if art is not None:
        if page.old:
            found = art.xpath(".//p[@itemprop='description' or contains(@class, 'intro')]")
            if found and text_of(found[0]):
                return text_of(found[0])
        else:
            el = find_class(art, "typo-r-subline-detail", "p")
            if el is not None and not is_inside(el, page.corpus) and text_of(el):
                return text_of(el)
            # Reduced/2025 markup without classes: the first <p> directly in <article>.
            for child in child_elements(art):
                if child.tag == "p" and text_of(child):
                    return text_of(child)
    for key in ("description", "og:description"):
        if value := page.meta(key):
            return value
    desc = page.news.get("description")
    return clean(desc) if isinstance(desc, str) else ""
