"""Listing pages of taz.de: the front page, sections, tags, authors and search results.

The teasers are found by :mod:`._boxes` (one box per article link, FACTS.md §4) and read by
:mod:`._teasers`; this module reads the page around them (its kind, title, description, the
search count and the next page) and decides when a page is no listing at all.

Decisions (tests/taz/test_parse_listing.py holds each one):

* A date line ("9.1.2026") belongs to the teaser before it: dates trail their teaser in the
  search results, and in the section-page excerpts the first teaser has no date above it.
* The same article twice (front-page modules repeat teasers) is one teaser at its first place;
  fields it lacks there (teaser text, image, date, authors) are taken from the later copies.
* Links without an article id (ads, "taz zahl ich", podcasts, reader profiles, product teasers)
  are not teasers; neither is anything inside the site header, ``<nav>``, ``<footer>``, ad zones.
* Search hits from the print archive (``article.is-archive-print-teaser``) are kept — they are taz
  articles the reader can open — and their ids are listed in order in
  ``Listing.print_archive`` so that the app can mark them.
* Search: ``total`` from "Suchergebnis 1 bis 20 von N"; an honest "nichts gefunden" page is a valid
  empty Listing with ``total=0``; ``next_url`` from the pagination nav (``Goto page N+1``,
  ``rel=next``, Bulma's ``a.pagination-next``), else computed with :func:`urls.search_url` when
  the count says there is more. The search's options (``SuchRahmen=Print``, ``Seite``,
  ``isWochenende`` …) stay in the URLs, so the next page searches the same way.
* The kind (front / section / tag / author / search) comes from the URL (urls.parse_url); for a
  URL that says nothing it is guessed from the markup (bio box -> author, "Suchergebnis"/``&s=``
  links -> search, else section). Feeds are read by :mod:`tazreader.taz.parse.feed`, and
  :func:`tazreader.taz.parse.dispatch.parse_list` chooses between the two.
* :class:`ParseError` for: a URL that is no http(s) address, a feed URL, an empty page, binary
  garbage, a page cut off before ``</html>``, an article page or URL (its "Mehr zum Thema" box is
  no listing), a page with no article teaser at all (except the honest empty search), a search
  page that counts N hits but shows none, or shows none and says neither count nor "nichts".

Every URL in the result is absolute; taz URLs are canonical on ``base`` (a mirror stays a mirror).
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lhtml

from tazreader.i18n import _
from tazreader.taz import urls
from tazreader.taz.errors import ParseError
from tazreader.taz.models import Listing, PageKind
from tazreader.taz.parse._input import check_limits, decode_markup, nesting_bounded, source_url
from tazreader.taz.parse.listing._boxes import Context
from tazreader.taz.parse.listing._teasers import read_teasers
from tazreader.taz.text import clean
from tazreader.taz.urls import DEFAULT_BASE

__all__ = ["parse_listing"]


def _document(text: str) -> lhtml.HtmlElement:
    head = text[:2048].lower()
    if "<html" in head and "</html" not in text[-16384:].lower():
        raise ParseError(_("the page is cut off: it ends before </html>"))
    try:
        parser = lhtml.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
        root = lhtml.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError, UnicodeError) as exc:
        raise ParseError(_("the page is not readable HTML ({why})").format(why=exc)) from exc
    if root is None:
        raise ParseError(_("the page is not readable HTML"))
    check_limits(parser, "page")
    return root


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


def _kind(target: urls.TazUrl, root: lhtml.HtmlElement) -> PageKind:
    if target.kind in (PageKind.FRONT, PageKind.SECTION, PageKind.TAG, PageKind.AUTHOR,
                       PageKind.SEARCH):
        return target.kind
    if root.xpath('//*[contains(@class, "author-description")]'):
        return PageKind.AUTHOR
    if root.xpath(
        '//body//text()[contains(., "Suchergebnis")] | //a[contains(@href, "&s=")]'
        ' | //*[contains(@class, "is-archive-print-teaser")]'
    ):
        return PageKind.SEARCH
    return PageKind.SECTION


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
    root: lhtml.HtmlElement, ctx: Context, target: urls.TazUrl, listing_url: str
) -> str | None:
    hrefs: list[str] = []
    if target.kind is PageKind.SEARCH:
        label = f"Goto page {target.page + 1}"
        hrefs += root.xpath(f'//nav//a[@aria-label="{label}"]/@href')
    hrefs += root.xpath(
        '//a[@rel="next"]/@href | //link[@rel="next"]/@href'
        ' | //a[contains(concat(" ", normalize-space(@class), " "), " pagination-next ")]/@href'
    )
    for href in hrefs:
        t = ctx.resolve(str(href))
        if t is None or t.kind is PageKind.EXTERNAL or t.url == listing_url:
            continue
        return t.url
    return None


@nesting_bounded("page")
def parse_listing(html: str | bytes, url: str, base: str = DEFAULT_BASE) -> Listing:
    """Parse a taz.de listing page fetched from ``url`` into a :class:`Listing`.

    The kind (front / section / tag / author / search) comes from the URL, else from the markup.
    A feed URL is refused: :func:`tazreader.taz.parse.dispatch.parse_list` picks the parser.
    Raises :class:`ParseError` (see the module docstring for when).
    """
    nbase, target = source_url(url, base, "listing")
    if target.kind is PageKind.FEED:
        raise ParseError(_("{url} is a feed, not an HTML list page").format(url=target.url))
    if target.kind is PageKind.ARTICLE:
        raise ParseError(_("{url} is an article, not a list of articles").format(
            url=target.url))
    text = decode_markup(html, "page")
    root = _document(text)
    if _is_article_page(root):
        raise ParseError(_("this is an article page, not a list of articles"))
    kind = _kind(target, root)
    link_base = target.url if target.kind is not PageKind.EXTERNAL else nbase + "/"
    ctx = Context(nbase, link_base)

    teasers, archive = read_teasers(root, ctx)

    listing_url = target.url
    title = ""
    description = ""
    role = ""
    query = ""
    total: int | None = None
    next_url = _next_url(root, ctx, target, listing_url)

    if kind is PageKind.FRONT:
        title = "taz.de"
    elif kind is PageKind.SECTION:
        sec = urls.SECTIONS_BY_ID.get(target.id or "")
        title = (
            sec.name
            if sec is not None
            else _first_text(root, "//main//h1") or _page_title(root) or _slug_name(target.slug)
        )
    elif kind is PageKind.TAG:
        title = (
            _first_text(root, "//main//h1") or _page_title(root) or _slug_name(target.slug)
        ).lstrip("#")
        description = _first_text(root, '//main//*[contains(@class, "tag-description")]')
    elif kind is PageKind.AUTHOR:
        head = root.xpath('//*[contains(@class, "author-container")]')
        scope = head[0] if head else root
        title = (
            _first_text(root, "//main//h1")
            or _first_text(scope, './/*[contains(@class, "typo-short-text-head")]')
            or _page_title(root)
            or _slug_name(target.slug)
        )
        description = _first_text(root, '//*[contains(@class, "author-description")]')
        found_role = _first_text(scope, './/span[contains(@class, "typo-name-detail")]')
        role = found_role if found_role != title else ""
    else:
        query = target.query or ""
        title = f"Suche: {query}" if query else "Suche"
        count = _search_count(root)
        if count is not None:
            first, last, total = count
            if total > 0 and not teasers:
                raise ParseError(_("the search page counts {total} results but shows none")
                                 .format(total=total))
            if next_url is None and last < total and query:
                next_url = urls.search_url(query, target.page + 1, nbase, target.options)
        elif not teasers:
            if not _says_no_hits(root):
                raise ParseError(_("no search results and no result count on this page"))
            total = 0

    if not teasers and kind is not PageKind.SEARCH:
        raise ParseError(_("no article teasers on this page: not a taz listing"))
    title = title or "taz.de"
    return Listing(
        kind=kind,
        url=listing_url,
        title=title,
        teasers=tuple(teasers),
        total=total,
        next_url=next_url,
        description=description,
        role=role,
        query=query,
        page=target.page if kind is PageKind.SEARCH else 1,
        print_archive=tuple(archive) if kind is PageKind.SEARCH else (),
    )
