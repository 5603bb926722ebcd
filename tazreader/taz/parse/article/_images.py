"""An article's pictures: the lead image with its caption and credit, and picture choice.

A picture box offers several addresses (the lightbox ``a[href]``, ``srcset`` sources, the
``img``) in several widths, one of them the 14-px lazy-loading placeholder; the widest real one
is kept, the first of equal widths (the lightbox link). The caption and the credit are apart:
the credit as the page shows it, label included ("Foto: Felix Zahn/imago"), taken from its own
element or else from the end of the caption.
"""

from __future__ import annotations

import re

from tazreader.taz.models import Image
from tazreader.taz.parse._html import (
    Element,
    find_class,
    image_width,
    is_inside,
    is_placeholder,
    text_of,
)
from tazreader.taz.parse.article._inline import SKIP_INLINE
from tazreader.taz.parse.article._page import Page
from tazreader.taz.text import clean

_CREDIT = re.compile(
    r"\b((?:Fotos?|Foto & Grafik|Illustration|Grafik|Bild|Montage|Karikatur|Zeichnung|"
    r"Screenshot|Collage)\s*:\s*\S.*)$"
)


def lead_image(page: Page) -> Image | None:
    """The lead image, if its address is a web address (never javascript:, data: …)."""
    image = _find_image(page)
    if image is None or not image.url.startswith(("http://", "https://")):
        return None
    return image


def _find_image(page: Page) -> Image | None:
    art = page.article_el
    if art is not None and page.old:
        a = art.xpath(".//a[contains(@class, 'picture')]")
        if a:
            img = a[0].find(".//img")
            url = page.url(a[0].get("href"))
            if url is None and img is not None:
                url = page.url(img.get("src"))
            cap_el = art.xpath(".//p[contains(@class, 'caption')]")
            caption, credit = _caption(cap_el[0] if cap_el else None)
            alt = clean(img.get("alt") or "") if img is not None else ""
            if url:
                return Image(url, caption, credit, alt)
    elif art is not None:
        for box in art.xpath(".//*[@data-for='picture' or @data-for='image']"):
            if is_inside(box, page.corpus):
                continue
            url, alt = picture_url(page, box)
            if url:
                caption, credit = _caption(box.find(".//figcaption"))
                return Image(url, caption, credit, alt)
    for key in ("og:image", "twitter:image"):
        if (value := page.meta(key)) and (url := page.url(value.strip())):
            return Image(url, "", "", page.meta("og:image:alt"))
    image = page.news.get("image")
    if isinstance(image, list) and image:
        image = image[0]
    if isinstance(image, dict):
        image = image.get("url")
    if isinstance(image, str) and (url := page.url(image)):
        return Image(url)
    return None


def picture_url(page: Page, box: Element) -> tuple[str | None, str]:
    """The largest real picture in ``box`` (None if there is none) and its alt text."""
    candidates: list[str] = []
    for a in box.iter("a"):
        if "/picture/" in (a.get("href") or "") or "/images/" in (a.get("href") or ""):
            candidates.append(a.get("href"))
    for pic in box.iter("picture"):
        if pic.get("iesrc"):
            candidates.append(pic.get("iesrc"))
    for source in box.iter("source"):
        for part in (source.get("srcset") or "").split(","):
            if part.strip():
                candidates.append(part.split()[0])
    for img in box.iter("img"):
        for attr in ("data-src", "src"):
            if img.get(attr):
                candidates.append(img.get(attr))
    alt = ""
    for img in box.iter("img"):
        if img.get("alt"):
            alt = clean(img.get("alt"))
            break
    real = [c.strip() for c in candidates if c.strip() and not is_placeholder(c.strip())]
    if not real:
        return None, alt
    best = max(real, key=image_width)  # max keeps the first of equal widths (the a[href])
    return page.url(best), alt


def _caption(el: Element | None) -> tuple[str, str]:
    if el is None:
        return "", ""
    credit_el = find_class(el, "typo-fotocredit")
    if credit_el is None:
        credit_el = find_class(el, "credit")
    if credit_el is None:
        credit_el = find_class(el, "credit-name")
    credit = text_of(credit_el)
    parts: list[str] = []

    def walk(node: Element) -> None:
        if node is credit_el:
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in SKIP_INLINE:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    caption = clean("".join(parts))
    if not credit and (m := _CREDIT.search(caption)):
        credit = clean(m.group(1))
        caption = clean(caption[: m.start()])
    return caption, credit
