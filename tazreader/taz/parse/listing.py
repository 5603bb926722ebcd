"""Listing pages of taz.de: the front page, sections, tags, authors and search results.

How a teaser is found (shared/taz-site/FACTS.md §4): every ``a.teaser-link`` whose href is an
article URL (``/Slug/!NNNNNNN/``) belongs to one teaser *box*: the nearest enclosing ``<article>``
or ``*teaser*``-classed element that links to no other article (else the highest enclosing element
that links to no other article). The box's ``typo-r-topline`` / ``typo-r-head*`` /
``typo-r-subline`` / ``typo-r-name`` elements give kicker, title, teaser text and authors. Markup
varies by module (``<p>`` vs ``<span>``, search hits with bare ``<p>``), so classes are matched
as substrings, and bare paragraphs are the fallback. A teaser without any box of its own (a flat
module: ``<a class="teaser-link">…</a><p class="typo-r-subline">…</p><a …>``) takes the loose
siblings after it, up to the next article, module or ad.

Decisions (tests/taz/test_parse_listing.py holds each one):

* A date line ("9.1.2026") belongs to the teaser before it: dates trail their teaser in the
  search results, and in the section-page excerpts the first teaser has no date above it.
* The same article twice (front-page modules repeat teasers) is one teaser at its first place;
  fields it lacks there (teaser text, image, date, authors) are taken from the later copies.
* Links without an article id (ads, "taz zahl ich", podcasts, reader profiles, product teasers)
  are not teasers; neither is anything inside the site header, ``<nav>``, ``<footer>``, ad zones.
* Search hits from the print archive (``article.is-archive-print-teaser``) are kept — they are taz
  articles the reader can open — and their ids are listed, space-separated and in order, in
  ``Listing.extra["print_archive"]`` so that the app can mark them.
* Search: ``total`` from "Suchergebnis 1 bis 20 von N"; an honest "nichts gefunden" page is a valid
  empty Listing with ``total=0``; ``next_url`` from the pagination nav (``Goto page N+1``,
  ``rel=next``), else computed with :func:`urls.search_url` when the count says there is more.
* The kind (front / section / tag / author / search) comes from the URL (urls.parse_url); for a
  URL that says nothing it is guessed from the markup (bio box -> author, "Suchergebnis"/``&s=``
  links -> search, else section). Feeds are :mod:`.feed`'s; :func:`.dispatch.parse_list` chooses.
* :class:`ParseError` for: a URL that is no http(s) address, a feed URL, an empty page, binary
  garbage, a page cut off before ``</html>``, an article page or URL (its "Mehr zum Thema" box is
  no listing), a page with no article teaser at all (except the honest empty search), a search
  page that counts N hits but shows none, or shows none and says neither count nor "nichts".

Every URL in the result is absolute; taz URLs are canonical on ``base`` (a mirror stays a mirror).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from lxml import etree
from lxml import html as lhtml

from tazreader.taz import urls
from tazreader.taz.errors import ParseError
from tazreader.taz.models import Author, Listing, ListingKind, PageKind, Teaser
from tazreader.taz.parse._german import byline_names, parse_de_date
from tazreader.taz.parse._html import (
    PLACEHOLDER_WIDTH,
    class_attr,
    class_tokens,
    image_address,
    picture_width,
    text_of,
)
from tazreader.taz.parse._input import (
    MAX_TEASERS,
    check_limits,
    decode_markup,
    source_url,
)
from tazreader.taz.text import clean
from tazreader.taz.urls import ARTICLE_ID, DEFAULT_BASE, BadUrl

__all__ = ["parse_listing"]

_SKIP_IMAGE = ("/kommune/", "/profile/", "data:", "/lib/", "/icons/")


def _document(text: str) -> lhtml.HtmlElement:
    head = text[:2048].lower()
    if "<html" in head and "</html" not in text[-16384:].lower():
        raise ParseError("the page is cut off: it ends before </html>")
    try:
        parser = lhtml.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
        root = lhtml.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError, UnicodeError) as exc:
        raise ParseError(f"the page is not readable HTML ({exc})") from exc
    if root is None:
        raise ParseError("the page is not readable HTML")
    check_limits(parser, "page")
    return root


# --- teaser boxes -----------------------------------------------------------------------

_EXCLUDED_TAGS = frozenset({"nav", "footer", "script", "template"})
_EXCLUDED_CLASS_PARTS = ("ad_zone", "adzone", "ad_bin", "produktteaser", "tzi-", "tzibottom")


@dataclass(slots=True)
class _Box:
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


class _Context:
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
        if not src or any(s in src for s in _SKIP_IMAGE):
            return None
        return image_address(self.resolve(src))


# The common article href (relative or on taz.de) without the cost of urls.parse_url; the
# canonical form is the one urls.parse_url gives (tests/test_urls.py).
_ARTICLE_HREF = re.compile(
    rf"^(?:https?://(?:www\.|m\.)?taz\.de)?/(?:[\w.,:;+()'%-]+/)*!=?({ARTICLE_ID})"
    r"(?:&(?:amp;)?s=[^/]*)?/?$"
)


def _article_anchors(
    root: lhtml.HtmlElement, ctx: _Context
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


def _boxes(root: lhtml.HtmlElement, ctx: _Context) -> list[_Box]:
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
    boxes: list[_Box] = []
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
        box = _Box(aid, t.url, a, box_el, archive)
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


def _fill(box: _Box, ctx: _Context) -> None:
    """Read kicker, title, teaser, authors, date and image out of the box, in one walk."""
    best_width = -1
    best_src = ""
    claimed: set[lhtml.HtmlElement] = set()
    heads: list[lhtml.HtmlElement] = []
    plain: list[lhtml.HtmlElement] = []  # bare paragraphs after the headline, then before it
    before_head: list[lhtml.HtmlElement] = []
    after_head = False
    for el in itertools.chain(box.el.iter(), *(x.iter() for x in box.extra)):
        tag = el.tag
        if not isinstance(tag, str):
            continue
        cls = class_attr(el)
        if cls:
            if "typo-r-topline" in cls:
                claimed.add(el)
                if not box.kicker:
                    box.kicker = text_of(el)
                continue
            if "typo-r-head" in cls:
                claimed.add(el)
                after_head = True
                if not box.title:
                    box.title = text_of(el)
                continue
            if "typo-r-subline" in cls:
                claimed.add(el)
                if not box.teaser:
                    box.teaser = text_of(el)
                continue
            if "typo-r-name" in cls:
                claimed.add(el)
                tokens = cls.split()
                if "typo-r-name" in tokens:
                    name = text_of(el)
                    if name:
                        box.names.append(name)
                elif "typo-r-name-reg" not in tokens:  # a whole byline line: "Von X und Y"
                    box.names.extend(byline_names(text_of(el)) or ())
                continue
        if tag == "a":
            href = el.get("href")
            t = ctx.resolve(href) if href else None
            if t is not None and t.kind is PageKind.AUTHOR:
                claimed.add(el)
                name = text_of(el)
                if name:
                    box.author_links.setdefault(name, t.url)
            continue
        if tag in ("img", "source", "picture"):
            for attr in ("srcset", "iesrc", "src", "data-src"):
                raw = el.get(attr)
                if not raw:
                    continue
                for part in raw.split(","):
                    src = part.strip().split(" ", 1)[0]
                    if not src or any(skip in src for skip in _SKIP_IMAGE):
                        continue
                    width = picture_width(src)
                    if width != PLACEHOLDER_WIDTH and width > best_width:
                        best_width, best_src = width, src
            continue
        if tag == "time":
            d = parse_de_date(el.get("datetime") or "") or parse_de_date(text_of(el))
            if d is not None and box.published is None:
                box.published = d
            continue
        if tag in ("h1", "h2", "h3", "h4"):
            heads.append(el)
            claimed.add(el)
            after_head = True
        elif tag == "p" or (tag == "span" and len(el) == 0):
            (plain if after_head else before_head).append(el)
    if best_src:
        box.image = ctx.image_url(best_src)
    if not box.title:
        for h in heads:
            text = text_of(h)
            if box.kicker and text.startswith(box.kicker):
                text = text[len(box.kicker) :].lstrip(": ").strip()
            if text:
                box.title = text
                break
    if not box.title:
        head = box.anchor.xpath('.//*[contains(@class, "headline")]')
        box.title = text_of(head[0]) if head else text_of(box.anchor)
    used = {box.kicker, box.title}
    for el in plain + before_head:
        if any(anc in claimed for anc in _ancestors_within(el, box.el)):
            continue
        text = text_of(el)
        if not text or text in used:
            continue
        d = parse_de_date(text)
        if d is not None:
            if box.published is None:
                box.published = d
            continue
        names = byline_names(text)
        if names is not None:
            if not box.names:
                box.names.extend(names)
            continue
        if el.tag == "p" and not box.teaser:
            box.teaser = text
    if not box.names and box.author_links:
        box.names.extend(box.author_links)


def _ancestors_within(
    el: lhtml.HtmlElement, top: lhtml.HtmlElement
) -> Iterator[lhtml.HtmlElement]:
    node: lhtml.HtmlElement | None = el
    while node is not None and node is not top:
        yield node
        node = node.getparent()


def _trailing_dates(root: lhtml.HtmlElement, boxes: list[_Box]) -> None:
    """Date lines between teasers ("9.1.2026") go to the teaser before them."""
    box_index = {b.el: i for i, b in enumerate(boxes)}
    holds: dict[lhtml.HtmlElement, int] = {}
    for i, box in enumerate(boxes):
        holds[box.el] = i
        for anc in box.el.iterancestors():
            holds[anc] = i  # teasers come in document order: the last one inside wins
    candidates = root.xpath(
        '//body//text()[contains(., ".")][string-length(normalize-space()) >= 8]'
        "[string-length(normalize-space()) <= 12]"
    )
    for node in candidates:
        el = node.getparent()
        if el is None or not node.is_text or len(el):
            continue
        d = parse_de_date(str(node))
        if d is None:
            continue
        owner = _owner_of_date(el, box_index, holds)
        if owner is not None and boxes[owner].published is None:
            boxes[owner].published = d


def _owner_of_date(
    el: lhtml.HtmlElement,
    box_index: dict[lhtml.HtmlElement, int],
    holds: dict[lhtml.HtmlElement, int],
) -> int | None:
    node: lhtml.HtmlElement | None = el
    while node is not None:
        if node in box_index:
            return box_index[node]
        for sib in node.itersiblings(preceding=True):
            if sib in holds:
                return holds[sib]
        node = node.getparent()
    return None


def _merge(teasers: list[Teaser]) -> list[Teaser]:
    out: dict[str, Teaser] = {}
    for t in teasers:
        first = out.get(t.id)
        if first is None:
            out[t.id] = t
            continue
        out[t.id] = replace(
            first,
            kicker=first.kicker or t.kicker,
            teaser=first.teaser or t.teaser,
            authors=first.authors or t.authors,
            published=first.published or t.published,
            image=first.image or t.image,
        )
    return list(out.values())


# --- the page around the teasers ----------------------------------------------------------

_SEARCH_COUNT = re.compile(
    r"Suchergebnis(?:se)?\s+(\d[\d.]*)\s*(?:bis|-|–)\s*(\d[\d.]*)\s+von\s+(\d[\d.]*)", re.I
)
_NO_HITS = re.compile(
    r"nichts gefunden|keine (?:Treffer|Ergebnisse|Artikel gefunden)|\b0 (?:Treffer|Ergebnisse)",
    re.I,
)


def _int(s: str) -> int:
    return int(s.replace(".", ""))


def _is_article_page(root: lhtml.HtmlElement) -> bool:
    return bool(
        root.xpath(
            '//article[contains(concat(" ", normalize-space(@class), " "), " module-article ")]'
            ' | //div[contains(@class, "main-article-corpus")]'
            ' | //article[@itemprop="articleBody"]'
        )
    )


def _first_text(root: lhtml.HtmlElement, xpath: str) -> str:
    for el in root.xpath(xpath):
        text = clean(el if isinstance(el, str) else el.text_content())
        if text:
            return text
    return ""


def _page_title(root: lhtml.HtmlElement) -> str:
    title = _first_text(root, "//head/title")
    for sep in (" | taz.de", " - taz.de", " – taz.de", " | "):
        if sep in title:
            return title.split(sep, 1)[0].strip()
    return title


def _slug_name(slug: str | None) -> str:
    return (slug or "").rsplit("/", 1)[-1].replace("-", " ").strip()


def _kind(target: urls.TazUrl, root: lhtml.HtmlElement) -> ListingKind:
    match target.kind:
        case PageKind.FRONT:
            return "front"
        case PageKind.SECTION:
            return "section"
        case PageKind.TAG:
            return "tag"
        case PageKind.AUTHOR:
            return "author"
        case PageKind.SEARCH:
            return "search"
    if root.xpath('//*[contains(@class, "author-description")]'):
        return "author"
    if root.xpath(
        '//body//text()[contains(., "Suchergebnis")] | //a[contains(@href, "&s=")]'
        ' | //*[contains(@class, "is-archive-print-teaser")]'
    ):
        return "search"
    return "section"


def _search_count(root: lhtml.HtmlElement) -> tuple[int, int, int] | None:
    for node in root.xpath('//text()[contains(., "Suchergebnis")]'):
        parent = node.getparent()
        text = clean(parent.text_content() if parent is not None else str(node))
        m = _SEARCH_COUNT.search(text)
        if m is not None:
            return _int(m.group(1)), _int(m.group(2)), _int(m.group(3))
    return None


def _says_no_hits(root: lhtml.HtmlElement) -> bool:
    for node in root.xpath(
        '//body//text()[contains(., "nichts") or contains(., "keine") or contains(., "Keine")'
        ' or contains(., "0 ")]'
    ):
        parent = node.getparent()
        if parent is not None and parent.tag in ("script", "style"):
            continue
        if _NO_HITS.search(str(node)):
            return True
    return False


def _next_url(
    root: lhtml.HtmlElement, ctx: _Context, target: urls.TazUrl, listing_url: str
) -> str | None:
    hrefs: list[str] = []
    if target.kind is PageKind.SEARCH:
        label = f"Goto page {target.page + 1}"
        hrefs += root.xpath(f'//nav//a[@aria-label="{label}"]/@href')
    hrefs += root.xpath('//a[@rel="next"]/@href | //link[@rel="next"]/@href')
    for href in hrefs:
        t = ctx.resolve(str(href))
        if t is None or t.kind is PageKind.EXTERNAL or t.url == listing_url:
            continue
        return t.url
    return None


def parse_listing(html: str | bytes, url: str, base: str = DEFAULT_BASE) -> Listing:
    """Parse a taz.de listing page fetched from ``url`` into a :class:`Listing`.

    The kind (front / section / tag / author / search) comes from the URL, else from the markup.
    A feed URL is refused: :func:`tazreader.taz.parse.dispatch.parse_list` picks the parser.
    Raises :class:`ParseError` (see the module docstring for when).
    """
    nbase, target = source_url(url, base, "listing")
    if target.kind is PageKind.FEED:
        raise ParseError(f"{target.url} is a feed, not an HTML list page")
    if target.kind is PageKind.ARTICLE:
        raise ParseError(f"{target.url} is an article, not a list of articles")
    text = decode_markup(html, "page")
    root = _document(text)
    if _is_article_page(root):
        raise ParseError("this is an article page, not a list of articles")
    kind = _kind(target, root)
    link_base = target.url if target.kind is not PageKind.EXTERNAL else nbase + "/"
    ctx = _Context(nbase, link_base)

    boxes = _boxes(root, ctx)
    for box in boxes:
        _fill(box, ctx)
    boxes = [b for b in boxes if b.title]
    _trailing_dates(root, boxes)
    teasers = _merge([b.teaser_model() for b in boxes])[:MAX_TEASERS]
    archive = list(dict.fromkeys(b.id for b in boxes if b.archive))

    listing_url = target.url
    title = ""
    description = ""
    total: int | None = None
    extra: dict[str, str] = {}
    next_url = _next_url(root, ctx, target, listing_url)

    if kind == "front":
        title = "taz.de"
    elif kind == "section":
        sec = urls.SECTIONS_BY_ID.get(target.id or "")
        title = (
            sec.name
            if sec is not None
            else _first_text(root, "//main//h1") or _page_title(root) or _slug_name(target.slug)
        )
    elif kind == "tag":
        title = (
            _first_text(root, "//main//h1") or _page_title(root) or _slug_name(target.slug)
        ).lstrip("#")
        description = _first_text(root, '//main//*[contains(@class, "tag-description")]')
    elif kind == "author":
        head = root.xpath('//*[contains(@class, "author-container")]')
        scope = head[0] if head else root
        title = (
            _first_text(root, "//main//h1")
            or _first_text(scope, './/*[contains(@class, "typo-short-text-head")]')
            or _page_title(root)
            or _slug_name(target.slug)
        )
        description = _first_text(root, '//*[contains(@class, "author-description")]')
        role = _first_text(scope, './/span[contains(@class, "typo-name-detail")]')
        if role and role != title:
            extra["role"] = role
    else:
        query = target.query or ""
        title = f"Suche: {query}" if query else "Suche"
        extra["query"] = query
        extra["page"] = str(target.page)
        count = _search_count(root)
        if count is not None:
            first, last, total = count
            if total > 0 and not teasers:
                raise ParseError(f"the search page counts {total} results but shows none")
            if next_url is None and last < total and query:
                next_url = urls.search_url(query, target.page + 1, nbase)
        elif not teasers:
            if not _says_no_hits(root):
                raise ParseError("no search results and no result count on this page")
            total = 0
        if archive:
            extra["print_archive"] = " ".join(archive)

    if not teasers and kind != "search":
        raise ParseError("no article teasers on this page: not a taz listing")
    title = title or "taz.de"
    return Listing(
        kind=kind,
        url=listing_url,
        title=title,
        teasers=tuple(teasers),
        total=total,
        next_url=next_url,
        description=description,
        extra=extra,
    )
