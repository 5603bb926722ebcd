"""Parse a taz.de article page into an :class:`~tazreader.taz.models.Article`.

Both designs are understood: the NEW one (relaunch of 15 Oct 2024; headline ``<h1>`` in 2024,
``<h2>`` from late 2025) and the OLD one (``article.sectbody``). Every field is taken from the
page markup first, then from the ``taz:*``/``og:*``/``article:*`` meta tags, then from the
JSON-LD blocks (see shared/taz-site/FACTS.md §2, §3).

Decisions worth knowing:

* ``Article.url`` is the canonical article URL on ``base`` (``{base}/!5928990/``); every link,
  author, tag, section and image URL is absolute, taz URLs are moved onto ``base`` via
  :func:`tazreader.taz.urls.parse_url`, so a mirror stays a mirror.
* ``Image.credit`` is the credit as the page shows it, label included: ``"Foto: Felix
  Zahn/imago"`` (taz also uses "Illustration:", "Grafik:" …, so the label is kept).
  ``Image.caption`` is the caption without the credit. ``Image.url`` is the largest real
  picture (the lightbox ``a[href]``, else the widest ``source``), never the 14-px placeholder.
* Links are numbered per occurrence in reading order over all blocks (1-based, the number in
  ``Segment.link``). Links without text (image links) are not numbered.
* Tags take their name from the ``taz:tag`` meta (``"Schwerpunkt LGBTQIA-Communities"``, the
  form the text edition prints) and their URL from the tag links on the page; tags that appear
  only on the page keep their link text without ``#``.
* The body leaves out ads (``webelement_adzone``), the "taz zahl ich" box, share widgets,
  comments and the author bio box; a picture inside the body is a ``Figure`` block (its
  caption and credit read like the lead picture's, its address the largest real one); an
  embed (video, audio, a social-media post) is a placeholder block whose address is a
  numbered link; a web element of an unknown kind is read as body, not dropped. A live
  ticker's entries (``<article>``s in the body or after the article) are blocks of their own;
  an interview's questions (bold as a whole) too. A news agency's piece ("dpa | …") names the
  agency in ``Article.source``.
* Every parse measures its coverage (:mod:`._coverage`): the share of the page's article text
  and JSON-LD ``articleBody`` it kept. Below 90 % (or when the body is only the JSON-LD
  ``articleBody``) ``Article.incomplete`` is true, and ``Article.coverage.missing`` says what
  seems to be missing.
* A page is refused with :class:`ParseError` when it is empty, binary, cut off (no ``</html>``
  or ``</body>`` at its end), not a taz article (no article id), or has no headline or no text.

The parts, each a function of the :class:`._page.Page` being read: ``_head`` (id, headline,
teaser), ``_byline`` (authors, byline, date, genre), ``_images`` (lead image, pictures in the body),
``_related``
(sections, tags, related teasers), ``_comments`` (the readers' comments, read apart from the
rest), and the body: ``_body_new`` / ``_body_old`` (which elements are body in either design),
``_blocks`` (the blocks both share) and ``_inline`` (running text and its numbered links).
"""

from __future__ import annotations

from dataclasses import replace

import lxml.html
from lxml import etree

from tazreader.i18n import _
from tazreader.taz.errors import ParseError
from tazreader.taz.models import Article, Block, Comments
from tazreader.taz.parse._html import Element
from tazreader.taz.parse._input import (
    check_limits,
    check_page,
    check_size,
    decode_page,
    nesting_bounded,
    xml_safe,
)
from tazreader.taz.parse.article import (
    _body_new,
    _body_old,
    _byline,
    _comments,
    _coverage,
    _head,
    _images,
    _related,
)
from tazreader.taz.parse.article._blocks import blocks_from_text
from tazreader.taz.parse.article._page import Page
from tazreader.taz.urls import DEFAULT_BASE, BadUrl, normalise_base

__all__ = ["PARSER_VERSION", "ParseError", "parse_article", "parse_comments"]

# 2: article links keep their slug; 3: javascript: links listed; 4: bidi marks dropped;
# 5: author names split like the listings' ("A&B", a glued "XundY"); 6: the readers' comments;
# 7: live tickers, interview questions, web elements by class, embeds, column titles, plain and
# agency bylines, a drifted body (issue #15); 8: coverage measured; 9: pictures inside the body
# (Figure blocks, with their captions)
PARSER_VERSION = 9

# Hostile-input caps (issue 5): pages over _input.MAX_PAGE_BYTES (10 MB) are refused, since
# libxml2 silently drops everything after a longer text node; real pages are ~0.2 MB; at most
# _inline.MAX_LINKS links are numbered.


@nesting_bounded("page")
def parse_article(html: str | bytes, url: str | None = None, base: str = DEFAULT_BASE) -> Article:
    """Parse one article page; ``url`` is where it was fetched from (for relative links).

    Raises :class:`ParseError` (and nothing else) when the page is not a usable taz article.
    """
    check_size(html)
    text = decode_page(html)
    if text is not html:
        check_size(text)  # a decoded page can be larger in UTF-8 than its bytes were
    check_page(text)
    try:
        nbase = normalise_base(base)
    except BadUrl as exc:
        raise ParseError(str(exc)) from exc
    return _article(Page(_tree(text), text, url, nbase))


def _tree(text: str) -> Element:
    """The tree of the parts of the page the parser reads (:func:`_relevant`)."""
    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(xml_safe(_relevant(text)), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(_("the page cannot be read as HTML ({why})").format(why=exc)) from exc
    check_limits(parser, "page")
    return root


@nesting_bounded("page")
def parse_comments(html: str | bytes) -> Comments | None:
    """The readers' comments of an article page, as :func:`parse_article` reads them, and
    only them (~1 ms for the real page; the cache keeps comments in the saved page only).
    None: the page has no comment section. Raises :class:`ParseError` and nothing else."""
    check_size(html)
    text = decode_page(html)
    check_page(text)
    return _comments.read_text(text, lambda: _tree(text))


def _relevant(text: str) -> str:
    """The parts of the page the parser reads: ``<head>`` and ``<main>`` up to the comments.

    Skipping the site navigation and the reader comments (which can be far longer than the
    article) halves the tree lxml has to build. Pages of another shape are kept whole.
    """
    head_end = text.find("</head>")
    main_start = text.find("<main", head_end)
    if head_end > 0 and main_start > 0 and text.find("<article", main_start) > 0:
        text = text[: head_end + 7] + "<body>" + text[main_start:]
    comments = text.find('id="kommune"')
    if comments > 0:
        needed = max(
            text.rfind("</article>"),
            text.rfind("articleTeaser"),
            text.rfind("sect_thema"),
            text.rfind("application/ld+json"),
            text.rfind("zum Thema", 0, comments),  # a related box found by its heading
        )
        cut = text.rfind("<", 0, comments)
        if cut > needed > 0:
            text = text[:cut] + "</body></html>"
    return text


def _article(page: Page) -> Article:
    article_id = _head.article_id(page)
    if article_id is None:
        raise ParseError(_(
            "not a taz.de article: no article id (no taz:title or cms-article-ID meta, "
            "no canonical taz article URL)"
        ))
    kicker, title = _head.headline(page)
    if not title:
        raise ParseError(_(
            "no headline found (no <h1>/<h2> in the article, no taz:title, og:title or "
            "JSON-LD headline)"
        ))
    image = _images.lead_image(page)
    authors, byline = _byline.authors(page)
    blocks, fallback = _body(page)
    if not blocks:
        raise ParseError(_("no article text found (no body paragraphs, no JSON-LD "
                           "articleBody)"))
    source, blocks, byline = _byline.agency(blocks, byline)
    article = Article(
        id=article_id,
        url=f"{page.base}/!{article_id}/",
        title=title,
        kicker=kicker,
        teaser=_head.teaser(page),
        authors=authors,
        byline=byline,
        published=_byline.published(page),
        sections=_related.sections(page),
        genre=_byline.genre(page, byline),
        image=image,
        blocks=blocks,
        links=tuple(page.links),
        tags=_related.tags(page),
        related=_related.related(page, article_id),
        comments=_comments.read(page),
        source=source,
    )
    return replace(article, coverage=_coverage.measure(page, article, fallback=fallback))


def _body(page: Page) -> tuple[tuple[Block, ...], bool]:
    """The body in the page's design, else the JSON-LD ``articleBody`` as plain paragraphs;
    and whether it is that fallback."""
    art = page.article_el
    if art is not None:
        blocks = (_body_old if page.old else _body_new).read(page, art)
        if blocks:
            return tuple(blocks), False
    body = page.news.get("articleBody")
    if isinstance(body, str):
        return blocks_from_text(body), True
    return (), False
