"""Where an article stands on the site: its sections, its tags, its "Mehr zum Thema" teasers.

These are the ways on from an article, all as absolute URLs on ``base``. Sections come from the
JSON-LD breadcrumb, else the OLD design's microdata breadcrumb, else the section links of the
visible breadcrumb (``div#breadcrumb``), else the IVW page-view path in the page's scripts
("Redaktion/Politik/Deutschland,Artikel"). The related teasers are ``section#articleTeaser``,
else the box under a "Mehr zum Thema" / "Artikel zum Thema" heading. Tags take their name from the
``taz:tag`` meta ("Schwerpunkt LGBTQIA-Communities", the form the text edition prints) and their
URL from the tag links on the page; tags that appear only on the page keep their link text
without ``#``. Related teasers never include the article itself, nor one article twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from tazreader.taz.models import Author, Crumb, PageKind, Tag, Teaser
from tazreader.taz.parse._german import split_names
from tazreader.taz.parse._html import (
    Element,
    all_class,
    class_contains,
    find_class,
    is_inside,
    is_placeholder,
    text_of,
)
from tazreader.taz.parse.article._images import picture_url
from tazreader.taz.parse.article._page import Page, ld_is
from tazreader.taz.text import clean
from tazreader.taz.urls import TazUrl, find_section, tag_url

_IVW = re.compile(r"""IOMm\(\s*['"]pageview['"][^)]*?cp:\s*['"]([^'"]+)['"]""")


def sections(page: Page) -> tuple[Crumb, ...]:
    """The breadcrumb below the front page (``Politik`` > ``Deutschland``)."""
    for item in page.ld:
        if not ld_is(item, "BreadcrumbList"):
            continue
        elements = item.get("itemListElement")
        if not isinstance(elements, list):
            continue
        ordered = sorted(
            (e for e in elements if isinstance(e, dict)),
            key=lambda e: _position(e.get("position")),
        )
        crumbs = []
        for e in ordered:
            target = e.get("item")
            if isinstance(target, dict):
                target = target.get("@id") or target.get("url")
            crumbs.append((clean(str(e.get("name") or "")), target))
        result = _crumbs(page, crumbs)
        if result:
            return result
    # OLD design: microdata breadcrumb.
    pairs = []
    for li in page.root.xpath("//ul[contains(@class, 'rootline')]/li"):
        a = li.find(".//a")
        name = li.xpath(".//*[@itemprop='name']")
        href = a.get("href") if a is not None else None
        pairs.append((text_of(name[0]) if name else text_of(a), href))
    if result := _crumbs(page, pairs):
        return result
    # NEW design without JSON-LD: the visible breadcrumb's section links.
    visible = []
    for a in page.root.xpath(
        "//*[@id='breadcrumb']//li/a | //ul[contains(@class, 'breadcrumb')]/li/a"
    ):
        target = page.resolve(a.get("href"))
        if target is not None and target.kind is PageKind.SECTION:
            visible.append((text_of(a), a.get("href")))
    if result := _crumbs(page, visible):
        return result
    # Last resort: the IVW page-view path "Redaktion/Politik/Deutschland,Artikel".
    m = _IVW.search(page.raw)
    if m:
        path = m.group(1).split(",", 1)[0].split("/")
        if path and path[0] == "Redaktion":
            path = path[1:]
        out = []
        for i in range(len(path)):
            section = find_section("/".join(path[: i + 1])) or find_section(path[i])
            if section is not None:
                out.append(Crumb(section.name, section.url(page.base)))
        return tuple(out)
    return ()


def _crumbs(page: Page, pairs: Iterable[tuple[str, Any]]) -> tuple[Crumb, ...]:
    result = []
    for name, target in pairs:
        resolved = page.resolve(target) if isinstance(target, str) else None
        if not name or name == "Startseite":
            continue
        if resolved is not None and resolved.kind in (PageKind.FRONT, PageKind.ARTICLE):
            continue
        result.append(Crumb(name, resolved.url if resolved else None))
    return tuple(result)


def _position(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def tags(page: Page) -> tuple[Tag, ...]:
    """The tags, meta tags first (their names), then those only linked on the page."""
    linked: list[tuple[str, TazUrl]] = []
    containers = page.root.xpath(
        "//*[@id='content_nav'] | //div[contains(@class, 'sect_tags')]"
    )
    for container in containers:
        for a in container.iter("a"):
            resolved = page.resolve(a.get("href"))
            name = text_of(a).lstrip("#").strip()
            if resolved is not None and resolved.kind is PageKind.TAG and name:
                linked.append((name, resolved))
    by_id = {r.id: r for _, r in linked}
    by_name = {_tag_key(n): r for n, r in linked}
    result: list[Tag] = []
    seen: set[str] = set()
    for m in page.meta_tags.get("taz:tag", []) + page.meta_tags.get("article:tag", []):
        name = clean(m.get("content") or "")
        tid = (m.get("data-tag-id") or m.get("data-id") or "").strip()
        key = f"t{tid}" if tid.isdigit() else ""
        if not name or key in seen or _tag_key(name) in seen:
            continue
        seen.update(k for k in (key, _tag_key(name)) if k)
        schwerpunkt = (m.get("data-tag-category") or "").strip().lower() == "schwerpunkt"
        schwerpunkt = schwerpunkt or name.startswith("Schwerpunkt")
        found = by_id.get(key) or by_name.get(_tag_key(name))
        if found is not None:
            seen.add(found.id or "")
            url: str | None = found.url
        elif tid.isdigit():
            url = tag_url(name, tid, page.base)
        else:
            url = None
        result.append(Tag(name, url, schwerpunkt))
    for name, resolved in linked:
        if (resolved.id and resolved.id in seen) or _tag_key(name) in seen:
            continue
        seen.update(k for k in (resolved.id, _tag_key(name)) if k)
        slug = resolved.slug or ""
        schwerpunkt = name.startswith("Schwerpunkt") or slug.startswith("Schwerpunkt")
        result.append(Tag(name, resolved.url, schwerpunkt))
    return tuple(result)


def _tag_key(name: str) -> str:
    """Tag names compared loosely: "Schwerpunkt LGBTQIA-Communities" ~ "#LGBTQIA-Communities"."""
    key = name.lower().lstrip("#").strip()
    return "name:" + key.removeprefix("schwerpunkt ").strip()


def related(page: Page, article_id: str) -> tuple[Teaser, ...]:
    """The "Mehr zum Thema" teasers (NEW: ``section#articleTeaser``; OLD: ``sect_thema``)."""
    teasers: list[Teaser] = []
    if page.old:
        for box in all_class(page.root, "sect_thema", "div"):
            for li in box.xpath(".//li"):
                if teaser := _old_teaser(page, li):
                    teasers.append(teaser)
    else:
        section = page.root.xpath("//section[@id='articleTeaser']") or _by_heading(page)
        items = all_class(section[0], "article-teaser") if section else []
        for item in items:
            if teaser := _new_teaser(page, item):
                teasers.append(teaser)
    result: list[Teaser] = []
    for t in teasers:
        if t.id != article_id and all(t.id != r.id for r in result):
            result.append(t)
    return tuple(result)


_RELATED_HEADINGS = ("Mehr zum Thema", "Artikel zum Thema")


def _by_heading(page: Page) -> list[Element]:
    """The box of related articles found by its heading: the nearest element around a
    "Mehr zum Thema" / "Artikel zum Thema" heading that holds teasers."""
    condition = " or ".join(f"normalize-space()='{h}'" for h in _RELATED_HEADINGS)
    for heading in page.root.xpath(
        f"//*[self::header or self::h2 or self::h3 or self::h4 or self::p or self::div"
        f" or self::span][{condition}]"
    ):
        if page.article_el is not None and is_inside(heading, page.article_el):
            continue
        for box in heading.iterancestors():
            if box.tag in ("main", "body"):
                break
            if all_class(box, "article-teaser"):
                return [box]
    return []


def _teaser_url(page: Page, el: Element) -> TazUrl | None:
    for a in el.iter("a"):
        resolved = page.resolve(a.get("href"))
        if resolved is not None and resolved.kind is PageKind.ARTICLE:
            return resolved
    return None


def _new_teaser(page: Page, item: Element) -> Teaser | None:
    target = _teaser_url(page, item)
    if target is None or target.id is None:
        return None
    kicker = text_of(find_class(item, "typo-r-topline"))
    title_el = next(
        (
            e
            for e in all_class(item, "headline")
            if class_contains(e, "typo-r-head") or e.tag in ("p", "span", "h3", "h2")
        ),
        None,
    )
    title = text_of(title_el)
    if not title:
        return None
    names: list[str] = []
    for el in all_class(item, "typo-r-name"):
        names.extend(split_names(el.text_content()))
    teaser = text_of(find_class(item, "typo-r-subline"))
    image, _ = picture_url(page, item)
    return Teaser(
        id=target.id,
        url=target.url,
        title=title,
        kicker=kicker,
        teaser=teaser,
        authors=tuple(Author(n) for n in dict.fromkeys(names)),
        image=image,
    )


def _old_teaser(page: Page, li: Element) -> Teaser | None:
    target = _teaser_url(page, li)
    if target is None or target.id is None:
        return None
    title = text_of(li.find(".//h3"))
    if not title:
        return None
    kicker = text_of(li.find(".//h4"))
    names: list[str] = []
    author_els = li.xpath(".//*[contains(@class, 'author')]")
    for el in author_els:
        text = re.sub(r"^von\s+", "", text_of(el), flags=re.I)
        names.extend(split_names(text))
    teaser = ""
    for p in li.iter("p"):
        if any(is_inside(p, a) or p is a for a in author_els):
            continue
        parts = [p.text or ""]
        for child in p:
            if not (isinstance(child.tag, str) and class_contains(child, "author")):
                parts.append(child.text_content() if isinstance(child.tag, str) else "")
            parts.append(child.tail or "")
        teaser = clean("".join(parts))
        if teaser:
            break
    image = None
    for img in li.iter("img"):
        src = img.get("data-src") or img.get("src") or ""
        if src and not is_placeholder(src):
            image = page.url(src)
            break
    return Teaser(
        id=target.id,
        url=target.url,
        title=title,
        kicker=kicker,
        teaser=teaser,
        authors=tuple(Author(n) for n in dict.fromkeys(names)),
        image=image,
    )
