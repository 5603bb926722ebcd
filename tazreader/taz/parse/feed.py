"""taz.de RSS feeds (``/!p4608;rss/`` and one per section) as a :class:`Listing` of kind FEED.

What a taz feed item holds (shared/taz-site/FACTS.md §6, indirect evidence only): ``title`` as
CDATA "Kicker: Title" (split at the first ": "), ``link`` (maybe repeated) and ``guid`` with the
article URL, ``description`` as HTML ending in a link (read as plain text, the trailing link
dropped), ``pubDate`` WITHOUT a weekday ("15 Jan 2026 15:50:23 +0100", parsed tolerantly, also
German month names and ISO dates), ``media:content`` with the image, sometimes an ``author``
byline ("Kolumne Prinzip Hoffnung von Daniela Sepehri") — authors are optional.

Decisions: items without an article id (podcasts, shop links) are left out; the same article
twice is kept once, at its first place; a feed with no items is a valid empty Listing; dates are
aware datetimes in Europe/Berlin (a date without a zone counts as Berlin time). RSS 1.0 (RDF) and
Atom are read the same way. :class:`ParseError` for: empty input, binary garbage, a document that
is not a feed (HTML, other XML), a feed cut off before its closing tag, XML too broken to read.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from lxml import etree
from lxml import html as lhtml

from tazreader.i18n import _
from tazreader.taz import urls
from tazreader.taz.dates import in_berlin
from tazreader.taz.errors import ParseError
from tazreader.taz.models import Author, Listing, PageKind, Teaser
from tazreader.taz.parse._german import byline_names, split_names
from tazreader.taz.parse._html import image_address, picture_width
from tazreader.taz.parse._input import (
    MAX_TEASERS,
    check_limits,
    decode_markup,
    nesting_bounded,
    source_url,
)
from tazreader.taz.text import clean
from tazreader.taz.urls import DEFAULT_BASE, BadUrl

__all__ = ["parse_feed", "parse_feed_date"]

MEDIA_NS = "http://search.yahoo.com/mrss/"

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "mär": 3, "mrz": 3, "apr": 4, "may": 5, "mai": 5,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12,
    "dez": 12,
}  # fmt: skip
_ZONES = {
    "gmt": 0, "ut": 0, "utc": 0, "z": 0, "cet": 60, "mez": 60, "cest": 120, "mesz": 120,
    "bst": 60, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360,
    "pst": -480, "pdt": -420,
}  # fmt: skip
_RFC822 = re.compile(
    r"^(?:[^\W\d]{2,12}\.?,?\s+)?"  # an optional weekday ("Thu,", "Do.,")
    r"(\d{1,2})\.?\s+([^\W\d]{3,9})\.?\s+(\d{2,4})"
    r"(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"\s*([+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?\s*$"
)


def parse_feed_date(text: str) -> datetime | None:
    """An RSS/Atom date, with or without weekday, as an aware datetime in Europe/Berlin."""
    try:
        return _feed_date(text)
    except (ValueError, OverflowError):  # out-of-range offsets or years
        return None


def _feed_date(text: str) -> datetime | None:
    text = clean(text)
    if not text:
        return None
    m = _RFC822.match(text)
    if m is not None:
        day, mon, year, hh, mm, ss, zone = m.groups()
        month = _MONTHS.get(mon[:3].lower())
        if month is None:
            return None
        y = int(year)
        if y < 100:
            y += 2000 if y < 70 else 1900
        try:
            naive = datetime(y, month, int(day), int(hh), int(mm), int(ss or 0))
        except ValueError:
            return None
        return _zoned(naive, zone)
    try:
        parsed = datetime.fromisoformat(text.replace(" ", "T", 1) if "T" not in text else text)
    except ValueError:
        return None
    return in_berlin(parsed)


def _zoned(naive: datetime, zone: str | None) -> datetime:
    if not zone:
        return in_berlin(naive)
    if zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:4])
        offset = timedelta(minutes=minutes if zone[0] == "+" else -minutes)
    else:
        known = _ZONES.get(zone.lower())
        if known is None:
            return in_berlin(naive)
        offset = timedelta(minutes=known)
    return in_berlin(naive.replace(tzinfo=timezone(offset)))


def _local(el: etree._Element) -> str:
    try:
        tag = el.tag
    except UnicodeError:  # a name lxml recovered from broken bytes
        return ""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if _local(c) == name]


def _itertext(el: etree._Element) -> str:
    try:
        return "".join(
            t if isinstance(t, str) else t.decode("utf-8", "replace") for t in el.itertext()
        )
    except UnicodeError:  # text lxml recovered from broken bytes
        return ""


def _markup(el: etree._Element) -> str:
    try:
        return etree.tostring(el, encoding="unicode")
    except (UnicodeError, ValueError):
        return _itertext(el)


def _child_text(el: etree._Element, *names: str) -> str:
    for name in names:
        for c in _children(el, name):
            text = clean(_itertext(c))
            if text:
                return text
    return ""


def _nothing_after(el: lhtml.HtmlElement, top: lhtml.HtmlElement) -> bool:
    node: lhtml.HtmlElement | None = el
    while node is not None and node is not top:
        if (node.tail or "").strip():
            return False
        for sib in node.itersiblings():
            if clean(sib.text_content() if isinstance(sib.tag, str) else "") or (
                (sib.tail or "").strip()
            ):
                return False
        node = node.getparent()
    return True


_BLOCKS = ("p", "div", "br", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6")


def _description_text(raw: str) -> tuple[str, str | None]:
    """Plain teaser text from the item's HTML description (trailing link dropped), and an img."""
    if not raw.strip():
        return "", None
    if "<" not in raw:
        return clean(raw), None
    try:
        div = lhtml.fragment_fromstring(raw, create_parent="div")
    except (etree.ParserError, ValueError):
        return clean(re.sub(r"<[^>]*>", " ", raw)), None
    for bad in list(div.iter("script", "style")):  # first: they must not hide a last link
        bad.drop_tree()  # keeps the text after it
    img = next((i.get("src") for i in div.iter("img") if i.get("src")), None)
    for a in reversed(list(div.iter("a"))):
        if _nothing_after(a, div):
            parent = a.getparent()
            if parent is not None:
                parent.remove(a)  # its tail is empty, nothing to keep
        else:
            break
    for block in div.iter(*_BLOCKS):
        block.tail = " " + (block.tail or "")  # paragraphs read as separate sentences
    return clean(div.text_content()), img


def _authors(item: etree._Element) -> tuple[Author, ...]:
    names: list[str] = []
    for name in ("author", "creator"):
        for c in _children(item, name):
            if _local(c) == "author" and len(c):  # Atom: <author><name>…</name></author>
                text = _child_text(c, "name")
            else:
                text = clean(_itertext(c))
            if not text:
                continue
            m = re.search(r"\(([^)]+)\)\s*$", text)  # "mail@taz.de (Name)"
            if m is not None and "@" in text:
                text = m.group(1)
            elif "@" in text and " " not in text:
                continue
            names.extend(byline_names(text) or split_names(text))
    return tuple(Author(n) for n in dict.fromkeys(names))


class _Feed:
    def __init__(self, base: str) -> None:
        self.base = base

    def resolve(self, href: str) -> urls.TazUrl | None:
        try:
            return urls.parse_url(href, self.base)
        except BadUrl:
            return None

    def image(self, src: str | None) -> str | None:
        if not src or not src.strip():
            return None
        return image_address(self.resolve(src))

    def article(self, item: etree._Element) -> urls.TazUrl | None:
        candidates: list[str] = []
        for c in item:
            name = _local(c)
            if name == "link":
                candidates.append(c.get("href") or (c.text or ""))
            elif name in ("guid", "id"):
                candidates.append(c.text or "")
        if (about := item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")) is not None:
            candidates.append(about)
        for cand in candidates:
            t = self.resolve(cand.strip()) if cand.strip() else None
            if t is not None and t.kind is PageKind.ARTICLE and t.id:
                return t
        return None

    def media_image(self, item: etree._Element) -> str | None:
        best: tuple[int, str] | None = None
        for c in item.iter():
            if not isinstance(c.tag, str):
                continue
            name = _local(c)
            is_media = c.tag.startswith("{" + MEDIA_NS) and name in ("content", "thumbnail")
            is_enclosure = name == "enclosure" and (c.get("type") or "").startswith("image/")
            if not (is_media or is_enclosure):
                continue
            medium, ctype = c.get("medium") or "", c.get("type") or ""
            if is_media and name == "content" and medium not in ("", "image"):
                continue
            if ctype and not ctype.startswith("image/"):
                continue
            url = self.image(c.get("url"))
            if url is None:
                continue
            try:
                width = int(c.get("width") or 0)
            except ValueError:
                width = 0
            width = max(width, picture_width(url))
            if best is None or width > best[0]:
                best = (width, url)
        return best[1] if best else None

    def teaser(self, item: etree._Element) -> Teaser | None:
        target = self.article(item)
        if target is None or target.id is None:
            return None
        headline = _child_text(item, "title")
        kicker, sep, title = headline.partition(": ")
        if not sep or not title.strip():
            kicker, title = "", headline
        raw = ""
        for name in ("description", "summary", "content"):
            found = _children(item, name)
            if found:
                el = found[0]
                raw = (el.text or "") if len(el) == 0 else _markup(el)
                if raw.strip():
                    break
        teaser, desc_img = _description_text(raw)
        if not title:
            return None
        published = None
        for name in ("pubDate", "date", "published", "updated"):
            text = _child_text(item, name)
            if text and (published := parse_feed_date(text)) is not None:
                break
        return Teaser(
            id=target.id,
            url=target.url,
            title=clean(title),
            kicker=clean(kicker),
            teaser=teaser,
            authors=_authors(item),
            published=published,
            image=self.media_image(item) or self.image(desc_img),
        )


_ROOT_TAG = re.compile(r"<(?:[\w.-]+:)?(rss|RDF|feed)[\s>]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def _feed_root(data: str | bytes) -> etree._Element:
    text = decode_markup(data, "feed")
    head = text[:4096]
    m = _ROOT_TAG.search(head)
    if m is None:
        if re.search(r"<html|<!doctype html", head, re.I):
            raise ParseError(_("not an RSS feed: this is an HTML page, not a feed"))
        raise ParseError(_("not an RSS feed: this is something, not a feed"))
    tail = text[-4096:]
    if not re.search(rf"</(?:[\w.-]+:)?{m.group(1)}\s*>", tail):
        raise ParseError(_("the feed is cut off: it ends before {tag}").format(
            tag=f"</{m.group(1)}>"))
    # text is parsed as UTF-8 bytes without its declaration (which may name another encoding)
    body = data if isinstance(data, bytes) else _XML_DECL.sub("", text, count=1).encode(
        "utf-8", "replace"
    )
    strict = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    try:
        return etree.fromstring(body, parser=strict)
    except (etree.XMLSyntaxError, ValueError, LookupError):
        pass
    lenient = etree.XMLParser(
        resolve_entities=False, no_network=True, remove_comments=True, recover=True
    )
    try:
        root = etree.fromstring(body, parser=lenient)
    except (etree.XMLSyntaxError, ValueError, LookupError) as exc:
        raise ParseError(_("the feed is broken XML ({why})").format(why=exc)) from exc
    if root is None:
        raise ParseError(_("the feed is broken XML"))
    check_limits(lenient, "feed")
    return root


@nesting_bounded("feed")
def parse_feed(xml: str | bytes, url: str, base: str = DEFAULT_BASE) -> Listing:
    """Parse an RSS feed fetched from ``url`` into a Listing of kind "feed"."""
    nbase, target = source_url(url, base, "feed")
    root = _feed_root(xml)
    kind = _local(root)
    if kind == "rss":
        channels = _children(root, "channel")
        if not channels:
            raise ParseError(_("not an RSS feed: <rss> without a <channel>"))
        channel = channels[0]
        items = _children(channel, "item")
    elif kind == "RDF":
        channels = _children(root, "channel")
        channel = channels[0] if channels else root
        items = _children(root, "item")
    elif kind == "feed":
        channel = root
        items = _children(root, "entry")
    else:
        raise ParseError(_("not an RSS feed: the document is {tag}").format(tag=f"<{kind}>"))
    title = _child_text(channel, "title")
    left, sep, right = title.partition(" - ")
    if sep and left.strip() == right.strip():
        title = left.strip()  # taz's own "taz.de - taz.de"
    reader = _Feed(nbase)
    teasers: dict[str, Teaser] = {}
    for item in items[:MAX_TEASERS]:
        try:
            teaser = reader.teaser(item)
        except UnicodeError:  # text lxml recovered from broken bytes: leave the item out
            continue
        if teaser is not None and teaser.id not in teasers:
            teasers[teaser.id] = teaser
    return Listing(
        kind=PageKind.FEED,
        url=target.url,
        title=title or "taz.de",
        teasers=tuple(teasers.values()),
        description=_child_text(channel, "description", "subtitle"),
    )
