"""An article's pictures: the lead image and those inside the body, each with its caption and
credit, and picture choice.

A picture box offers several addresses (the lightbox ``a[href]``, ``srcset`` sources, the
``img``) in several widths, one of them the 14-px lazy-loading placeholder; the widest real one
is kept, the first of equal widths (the lightbox link). The caption and the credit are apart:
the credit as the page shows it, label included ("Foto: Felix Zahn/imago"), taken from its own
element or else from the end of the caption. A picture inside the body is marked up like the
lead picture (NEW design: a ``data-for="picture"`` box in the body container; OLD design: an
``a.picture`` among the body paragraphs, its ``p.caption`` after it) and read the same way.
"""

from __future__ import annotations

import re

from tazreader.taz.models import Block, Figure, Image
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


def _is_web(url: str | None) -> bool:
    return url is not None and url.startswith(("http://", "https://"))


def _find_image(page: Page) -> Image | None:
    art = page.article_el
    if art is not None and page.old:
        a = art.xpath(".//a[contains(@class, 'picture')]")
        if a:
            cap_el = art.xpath(".//p[contains(@class, 'caption')]")
            image = _old_picture(page, a[0], cap_el[0] if cap_el else None)
            if image is not None:
                return image
    elif art is not None and (box := lead_box(page)) is not None:
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


def lead_box(page: Page) -> Element | None:
    """The NEW design's lead picture box: the first picture box with a real picture outside
    the body containers."""
    art = page.article_el
    if art is None or page.old:
        return None
    for box in art.xpath(".//*[@data-for='picture' or @data-for='image']"):
        if not any(is_inside(box, c) for c in page.corpora) and picture_url(page, box)[0]:
            return box
    return None


def _old_picture(page: Page, a: Element, cap_el: Element | None) -> Image | None:
    """An OLD-design picture: the link ``a.picture`` (its ``img`` when it has no address)
    and the caption paragraph ``cap_el``."""
    img = a.find(".//img")
    url = page.url(a.get("href"))
    if url is None and img is not None:
        url = page.url(img.get("src"))
    if not url:
        return None
    caption, credit = _caption(cap_el)
    alt = clean(img.get("alt") or "") if img is not None else ""
    return Image(url, caption, credit, alt)


def add_old_figure(page: Page, a: Element, blocks: list[Block]) -> None:
    """A picture among an OLD-design body's paragraphs (``a.picture``, its ``p.caption`` next)."""
    following = a.getnext()
    cap_el = following if following is not None and following.tag == "p" and "caption" in (
        following.get("class") or "") else None
    image = _old_picture(page, a, cap_el)
    if image is not None and _is_web(image.url):
        blocks.append(Figure(image))
    elif cap_el is not None:
        page.skipped.append(cap_el)  # no picture to show: its caption is no body text


def add_figures(page: Page, box: Element, blocks: list[Block]) -> None:
    """The pictures of a picture box inside the body, each with its caption and credit: one,
    or one per ``figure`` of a gallery. What holds no real picture is set aside (its caption
    is no body text without it)."""
    figures = list(box.iter("figure"))
    for part in figures if len(figures) > 1 else [box]:
        url, alt = picture_url(page, part)
        if not _is_web(url):
            page.skipped.append(part)
            continue
        assert url is not None
        cap_el = part.find(".//figcaption")
        following = part.getnext()
        if cap_el is None and following is not None and following.tag == "figcaption":
            cap_el = following  # a gallery's caption after its figure, as the lead's
        caption, credit = _caption(cap_el)
        blocks.append(Figure(Image(url, caption, credit, alt)))


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
