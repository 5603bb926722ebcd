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
  comments and the author bio box; body web elements other than quotes, info/bio boxes and
  lists (embeds, galleries) are left out too.
* A page is refused with :class:`ParseError` when it is empty, binary, cut off (no ``</html>``
  or ``</body>`` at its end), not a taz article (no article id), or has no headline or no text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import lxml.html
from lxml import etree

from tazreader.taz.dates import in_berlin
from tazreader.taz.errors import ParseError
from tazreader.taz.models import (
    Article,
    Author,
    Block,
    Crumb,
    Image,
    InfoBox,
    Inline,
    Link,
    ListBlock,
    PageKind,
    Paragraph,
    Quote,
    Segment,
    Subhead,
    Tag,
    Teaser,
)
from tazreader.taz.parse._german import split_names
from tazreader.taz.parse._html import (
    Element,
    all_class,
    child_elements,
    class_contains,
    class_tokens,
    find_class,
    has_class,
    image_width,
    is_placeholder,
    text_of,
)
from tazreader.taz.parse._input import (
    check_limits,
    check_page,
    check_size,
    decode_page,
    xml_safe,
)
from tazreader.taz.text import clean, squash
from tazreader.taz.urls import (
    DEFAULT_BASE,
    BadUrl,
    TazUrl,
    find_section,
    normalise_base,
    parse_url,
    shown_url,
    tag_url,
    usable_page_url,
)

__all__ = ["PARSER_VERSION", "ParseError", "parse_article"]

# 2: article links keep their slug; 3: javascript: links listed; 4: bidi marks dropped;
# 5: author names split like the listings' ("A&B", a glued "XundY")
PARSER_VERSION = 5

# Hostile-input caps (issue 5): pages over _input.MAX_PAGE_BYTES (10 MB) are refused, since
# libxml2 silently drops everything after a longer text node; real pages are ~0.2 MB.

# A real article has well under 100 in-text links; past this, link text stays plain text.
MAX_LINKS = 1000

_GENRE_BY_TYPE = {
    "commentary": "Kommentar",
    "comment": "Kommentar",
    "guest-commentary": "Kommentar",
    "opinion": "Kommentar",
    "interview": "Interview",
    "column": "Kolumne",
    "kolumne": "Kolumne",
    "news": "Bericht",
    "report": "Bericht",
    "article": "Bericht",
    "reportage": "Reportage",
    "essay": "Essay",
    "analysis": "Analyse",
    "review": "Rezension",
    "portrait": "Porträt",
}
_GENRE_BY_BYLINE = (
    ("gastkommentar", "Kommentar"),
    ("kommentar", "Kommentar"),
    ("kolumne", "Kolumne"),
    ("interview", "Interview"),
    ("essay", "Essay"),
    ("analyse", "Analyse"),
    ("reportage", "Reportage"),
    ("rezension", "Rezension"),
    ("kritik", "Rezension"),
    ("porträt", "Porträt"),
    ("von", "Bericht"),
)
_CREDIT = re.compile(
    r"\b((?:Fotos?|Foto & Grafik|Illustration|Grafik|Bild|Montage|Karikatur|Zeichnung|"
    r"Screenshot|Collage)\s*:\s*\S.*)$"
)
_IVW = re.compile(r"""IOMm\(\s*['"]pageview['"][^)]*?cp:\s*['"]([^'"]+)['"]""")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_SKIP_INLINE = frozenset({"script", "style", "button", "svg", "template", "noscript", "iframe"})
_SUBHEADS = frozenset({"h2", "h3", "h4", "h5", "h6"})


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
    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(xml_safe(_relevant(text)), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"the page cannot be read as HTML ({exc})") from exc
    check_limits(parser, "page")
    return _Page(root, text, url, nbase).article()


# --- raw text checks -------------------------------------------------------------------


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
        )
        cut = text.rfind("<", 0, comments)
        if cut > needed > 0:
            text = text[:cut] + "</body></html>"
    return text


def _parse_time(value: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return in_berlin(dt)


class _Page:
    """One parse: the tree, the head metadata and the growing list of numbered links."""

    def __init__(self, root: Element, raw: str, url: str | None, base: str) -> None:
        self.root = root
        self.raw = raw
        self.base = base
        self.links: list[Link] = []
        self._resolved: dict[str, TazUrl | None] = {}
        self.meta: dict[str, list[Element]] = {}
        for m in root.iter("meta"):
            for key in (m.get("name"), m.get("property"), m.get("itemprop")):
                if key:
                    self.meta.setdefault(key.strip().lower(), []).append(m)
        self.canonical_link = ""
        for link in root.iter("link"):
            if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
                self.canonical_link = link.get("href").strip()
                break
        self.page_url = next(
            (
                u
                for u in (url, self.canonical_link, self._meta("og:url"))
                if u and usable_page_url(u)
            ),
            base + "/",
        )
        self.ld = self._json_ld()
        self.news = next((d for d in self.ld if _ld_is(d, "Article")), {})
        self.article_el = self._find_article()
        self.old = self.article_el is not None and (
            has_class(self.article_el, "sectbody")
            or self.article_el.get("itemprop") == "articleBody"
        )
        self.corpus: Element | None = None
        if self.article_el is not None and not self.old:
            self.corpus = find_class(self.article_el, "main-article-corpus")

    # -- plumbing -----------------------------------------------------------------------

    def _meta(self, key: str) -> str:
        for m in self.meta.get(key, ()):
            content = clean(m.get("content") or "")
            if content:
                return content
        return ""

    def _json_ld(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for script in self.root.iter("script"):
            if (script.get("type") or "").lower() != "application/ld+json":
                continue
            try:
                data = json.loads(script.text or "", strict=False)
            except ValueError:
                continue
            stack = data if isinstance(data, list) else [data]
            for item in stack:
                if isinstance(item, dict):
                    found.append(item)
                    graph = item.get("@graph")
                    if isinstance(graph, list):
                        found.extend(g for g in graph if isinstance(g, dict))
        return found

    def _find_article(self) -> Element | None:
        articles = list(self.root.iter("article"))
        for art in articles:
            if class_contains(art, "module-article") or has_class(art, "sectbody"):
                return art
        for art in articles:
            if art.xpath(".//p[contains(@class, 'typo-bodytext')]"):
                return art
        return None

    def _resolve(self, href: str | None) -> TazUrl | None:
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

    def _url(self, href: str | None) -> str | None:
        resolved = self._resolve(href)
        return resolved.url if resolved else None

    def _inside(self, el: Element, ancestor: Element | None) -> bool:
        if ancestor is None:
            return False
        return any(a is ancestor for a in el.iterancestors())

    # -- the whole article --------------------------------------------------------------

    def article(self) -> Article:
        article_id = self._article_id()
        if article_id is None:
            raise ParseError(
                "not a taz.de article: no article id (no taz:title or cms-article-ID meta, "
                "no canonical taz article URL)"
            )
        kicker, title = self._headline()
        if not title:
            raise ParseError(
                "no headline found (no <h1>/<h2> in the article, no taz:title, og:title or "
                "JSON-LD headline)"
            )
        image = self._image()
        authors, byline = self._authors()
        blocks = self._blocks()
        if not blocks:
            raise ParseError("no article text found (no body paragraphs, no JSON-LD articleBody)")
        return Article(
            id=article_id,
            url=f"{self.base}/!{article_id}/",
            title=title,
            kicker=kicker,
            teaser=self._teaser(),
            authors=authors,
            byline=byline,
            published=self._published(),
            sections=self._sections(article_id),
            genre=self._genre(byline),
            image=image,
            blocks=blocks,
            links=tuple(self.links),
            tags=self._tags(),
            related=self._related(article_id),
        )

    def _article_id(self) -> str | None:
        for key in ("cms-article-id", "url-id"):
            value = self._meta(key)
            if value.isdigit():
                return value
        for m in self.meta.get("taz:title", ()):
            value = (m.get("data-id") or "").strip()
            if value.isdigit():
                return value
        candidates = [self.canonical_link, self._meta("og:url")]
        for key in ("url", "mainEntityOfPage"):
            entry = self.news.get(key)
            if isinstance(entry, dict):
                entry = entry.get("@id")
            if isinstance(entry, str):
                candidates.append(entry)
        if self.article_el is not None:
            span = self.article_el.xpath(".//span[@id='cmsArticleID']")
            if span and text_of(span[0]).isdigit():
                return str(text_of(span[0]))
        candidates.append(self.page_url)
        for candidate in candidates:
            resolved = self._resolve(candidate)
            if resolved is not None and resolved.kind is PageKind.ARTICLE and resolved.id:
                return resolved.id
        return None

    # -- headline, teaser ---------------------------------------------------------------

    def _headline(self) -> tuple[str, str]:
        kicker, title = "", ""
        heading = self._heading_element()
        if heading is not None:
            kicker, title = self._split_heading(heading)
        meta_title = self._meta("taz:title") or self._meta("og:title")
        if not meta_title:
            headline = self.news.get("headline")
            meta_title = clean(headline) if isinstance(headline, str) else ""
        if not title and meta_title:
            head, sep, tail = meta_title.partition(": ")
            return (clean(head), clean(tail)) if sep and tail else ("", meta_title)
        if title and not kicker and meta_title.endswith(": " + title):
            kicker = clean(meta_title[: -len(title) - 2])
        elif title and not kicker and title == meta_title and ": " in title:
            head, _, tail = title.partition(": ")
            kicker, title = clean(head), clean(tail)
        return kicker, title

    def _heading_element(self) -> Element | None:
        art = self.article_el
        if art is None:
            return None
        if self.old:
            found = art.xpath(".//h1")
            return found[0] if found else None
        for tag in ("h1", "h2"):
            for h in art.iter(tag):
                if self.corpus is not None and self._inside(h, self.corpus):
                    continue
                if text_of(h):
                    return h
        return None

    def _split_heading(self, h: Element) -> tuple[str, str]:
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

    def _teaser(self) -> str:
        art = self.article_el
        if art is not None:
            if self.old:
                found = art.xpath(".//p[@itemprop='description' or contains(@class, 'intro')]")
                if found and text_of(found[0]):
                    return text_of(found[0])
            else:
                el = find_class(art, "typo-r-subline-detail", "p")
                if el is not None and not self._inside(el, self.corpus) and text_of(el):
                    return text_of(el)
                # Reduced/2025 markup without classes: the first <p> directly in <article>.
                for child in child_elements(art):
                    if child.tag == "p" and text_of(child):
                        return text_of(child)
        for key in ("description", "og:description"):
            if value := self._meta(key):
                return value
        desc = self.news.get("description")
        return clean(desc) if isinstance(desc, str) else ""

    # -- authors, byline, date, genre, sections -----------------------------------------

    def _authors(self) -> tuple[tuple[Author, ...], str]:
        found: list[Author] = []
        byline = ""
        art = self.article_el
        if art is not None and self.old:
            for profile in all_class(self.root, "sect_profile", "div"):
                head = profile.xpath(".//h2")
                if head and not byline:
                    byline = text_of(head[0])
                for a in profile.xpath(".//a[@rel='author' or @itemprop='url']"):
                    name_el = a.xpath(".//*[@itemprop='name']")
                    name = text_of(name_el[0]) if name_el else text_of(a)
                    if name:
                        found.append(Author(name, self._url(a.get("href"))))
        elif art is not None:
            containers = all_class(art, "author-container")
            header = [c for c in containers if not self._is_bio(c)]
            bios = [c for c in containers if self._is_bio(c)]
            for container in header + bios:
                if not byline and container in header:
                    byline = self._byline_in(container)
                found.extend(self._authors_in(container))
        meta_names = [clean(m.get("content") or "") for m in self.meta.get("article:author", ())]
        ld_authors = self.news.get("author")
        ld_list = ld_authors if isinstance(ld_authors, list) else [ld_authors]
        ld_urls: dict[str, str | None] = {}
        for item in ld_list:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                url = item.get("url")
                ld_urls[clean(item["name"])] = self._url(url) if isinstance(url, str) else None
        if not found:
            names = [n for n in meta_names if n] or list(ld_urls)
            found = [Author(n, ld_urls.get(n)) for n in names]
        result: list[Author] = []
        for author in found:
            if author.url is None and ld_urls.get(author.name):
                author = Author(author.name, ld_urls[author.name])
            duplicate = next(
                (
                    i
                    for i, a in enumerate(result)
                    if a.name == author.name or (author.url and a.url == author.url)
                ),
                None,
            )
            if duplicate is None:
                result.append(author)
            elif result[duplicate].url is None and author.url:
                result[duplicate] = Author(result[duplicate].name, author.url)
        return tuple(result), byline.rstrip(":").strip()

    def _is_bio(self, container: Element) -> bool:
        if find_class(container, "author-description") is not None:
            return True
        if find_class(container, "typo-short-text-head") is not None:
            return True
        if self.corpus is None:
            return False
        # A container after the body is the bio box.
        return any(c is container for c in self.corpus.itersiblings())

    def _byline_in(self, container: Element) -> str:
        for el in container.iter():
            if not isinstance(el.tag, str) or not has_class(el, "typo-name-detail"):
                continue
            if el.tag == "a" or el.xpath(".//a") or el.xpath("ancestor::a"):
                continue
            if find_class(el, "typo-name-detail-bold") is not None:
                continue
            text = text_of(el)
            if text:
                return text
        return ""

    def _authors_in(self, container: Element) -> list[Author]:
        authors: list[Author] = []
        for a in container.iter("a"):
            resolved = self._resolve(a.get("href"))
            if resolved is None or resolved.kind is not PageKind.AUTHOR:
                continue
            name = text_of(a)
            if name:
                authors.append(Author(name, resolved.url))
        for el in all_class(container, "typo-name-detail-bold"):
            if not el.xpath("ancestor::a"):
                authors.extend(Author(n) for n in split_names(el.text_content()))
        return authors

    def _published(self) -> datetime | None:
        art = self.article_el
        if art is not None:
            if self.old:
                for li in self.root.xpath("//li[contains(@class, 'date')][@content]"):
                    if dt := _parse_time(li.get("content")):
                        return dt
            else:
                box = find_class(art, "meta-data-container")
                times = box.xpath(".//time[@datetime]") if box is not None else []
                day = next((t.get("datetime") for t in times if "-" in t.get("datetime")), "")
                clock = next((t.get("datetime") for t in times if ":" in t.get("datetime")), "")
                if "T" in day and (dt := _parse_time(day)):
                    return dt
                if day and (dt := _parse_time(f"{day.strip()}T{clock.strip() or '00:00'}")):
                    return dt
        for key in ("article:published_time", "datepublished"):
            if dt := _parse_time(self._meta(key)):
                return dt
        value = self.news.get("datePublished")
        return _parse_time(value) if isinstance(value, str) else None

    def _genre(self, byline: str) -> str:
        art = self.article_el
        if art is not None:
            for cls in class_tokens(art):
                if cls.startswith("article-type-"):
                    genre = _GENRE_BY_TYPE.get(cls[len("article-type-") :])
                    if genre:
                        return genre
        low = byline.lower()
        for prefix, genre in _GENRE_BY_BYLINE:
            if low.startswith(prefix):
                return genre
        if self.old:
            for sect in all_class(self.root, "sect_article", "div")[:1]:
                for token in ("commentary", "interview", "column", "reportage", "report", "news"):
                    if token in class_tokens(sect):
                        return _GENRE_BY_TYPE[token]
        if self._meta("article:opinion") == "true":
            return "Kommentar"
        return ""

    def _sections(self, article_id: str) -> tuple[Crumb, ...]:
        for item in self.ld:
            if not _ld_is(item, "BreadcrumbList"):
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
            result = self._crumbs(crumbs)
            if result:
                return result
        # OLD design: microdata breadcrumb.
        pairs = []
        for li in self.root.xpath("//ul[contains(@class, 'rootline')]/li"):
            a = li.find(".//a")
            name = li.xpath(".//*[@itemprop='name']")
            href = a.get("href") if a is not None else None
            pairs.append((text_of(name[0]) if name else text_of(a), href))
        if result := self._crumbs(pairs):
            return result
        # Last resort: the IVW page-view path "Redaktion/Politik/Deutschland,Artikel".
        m = _IVW.search(self.raw)
        if m:
            path = m.group(1).split(",", 1)[0].split("/")
            if path and path[0] == "Redaktion":
                path = path[1:]
            out = []
            for i in range(len(path)):
                section = find_section("/".join(path[: i + 1])) or find_section(path[i])
                if section is not None:
                    out.append(Crumb(section.name, section.url(self.base)))
            return tuple(out)
        return ()

    def _crumbs(self, pairs: Iterable[tuple[str, Any]]) -> tuple[Crumb, ...]:
        result = []
        for name, target in pairs:
            resolved = self._resolve(target) if isinstance(target, str) else None
            if not name or name == "Startseite":
                continue
            if resolved is not None and resolved.kind in (PageKind.FRONT, PageKind.ARTICLE):
                continue
            result.append(Crumb(name, resolved.url if resolved else None))
        return tuple(result)

    # -- image --------------------------------------------------------------------------

    def _image(self) -> Image | None:
        """The lead image, if its address is a web address (never javascript:, data: …)."""
        image = self._find_image()
        if image is None or not image.url.startswith(("http://", "https://")):
            return None
        return image

    def _find_image(self) -> Image | None:
        art = self.article_el
        if art is not None and self.old:
            a = art.xpath(".//a[contains(@class, 'picture')]")
            if a:
                img = a[0].find(".//img")
                url = self._url(a[0].get("href"))
                if url is None and img is not None:
                    url = self._url(img.get("src"))
                cap_el = art.xpath(".//p[contains(@class, 'caption')]")
                caption, credit = self._caption(cap_el[0] if cap_el else None)
                alt = clean(img.get("alt") or "") if img is not None else ""
                if url:
                    return Image(url, caption, credit, alt)
        elif art is not None:
            for box in art.xpath(".//*[@data-for='picture']"):
                if self._inside(box, self.corpus):
                    continue
                url, alt = self._picture_url(box)
                if url:
                    caption, credit = self._caption(box.find(".//figcaption"))
                    return Image(url, caption, credit, alt)
        for key in ("og:image", "twitter:image"):
            if (value := self._meta(key)) and (url := self._url(value.strip())):
                return Image(url, "", "", self._meta("og:image:alt"))
        image = self.news.get("image")
        if isinstance(image, list) and image:
            image = image[0]
        if isinstance(image, dict):
            image = image.get("url")
        if isinstance(image, str) and (url := self._url(image)):
            return Image(url)
        return None

    def _picture_url(self, box: Element) -> tuple[str | None, str]:
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
        return self._url(best), alt

    def _caption(self, el: Element | None) -> tuple[str, str]:
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
                if isinstance(child.tag, str) and child.tag not in _SKIP_INLINE:
                    walk(child)
                if child.tail:
                    parts.append(child.tail)

        walk(el)
        caption = clean("".join(parts))
        if not credit and (m := _CREDIT.search(caption)):
            credit = clean(m.group(1))
            caption = clean(caption[: m.start()])
        return caption, credit

    # -- body ---------------------------------------------------------------------------

    def _blocks(self) -> tuple[Block, ...]:
        blocks: list[Block] = []
        art = self.article_el
        if art is not None and self.old:
            self._walk_old(art, blocks)
        elif art is not None:
            if self.corpus is not None:
                self._walk(self.corpus, blocks)
            else:
                # Reduced markup: the paragraphs anywhere in the article.
                for p in art.xpath(".//p[contains(@class, 'typo-bodytext')]"):
                    self._add_paragraph(p, blocks)
        if blocks:
            return tuple(blocks)
        body = self.news.get("articleBody")
        if isinstance(body, str):
            return _blocks_from_text(body)
        return ()

    def _add_paragraph(self, el: Element, blocks: list[Block]) -> None:
        inline = self._inline(el)
        if inline:
            blocks.append(Paragraph(inline))

    def _walk(self, container: Element, blocks: list[Block]) -> None:
        for el in child_elements(container):
            tag = el.tag
            data_for = (el.get("data-for") or "").lower()
            if tag == "p":
                self._add_paragraph(el, blocks)
            elif tag in _SUBHEADS:
                if text := text_of(el):
                    blocks.append(Subhead(text))
            elif tag in ("ul", "ol"):
                self._add_list(el, blocks)
            elif tag == "blockquote":
                self._add_quote(el, blocks)
            elif data_for:
                if "citation" in data_for or "quote" in data_for:
                    self._add_quote(el, blocks)
                elif "info" in data_for or "bio" in data_for:
                    self._add_infobox(el, blocks)
                # ads, pictures, embeds, galleries: left out
            elif tag in ("div", "section", "span") and not self._is_chrome(el):
                self._walk(el, blocks)

    def _is_chrome(self, el: Element) -> bool:
        value = el.get("class") or ""
        return any(
            part in value
            for part in ("tzi", "ad_", "shariff", "author-container", "modal", "adzone")
        )

    def _walk_old(self, art: Element, blocks: list[Block]) -> None:
        for el in child_elements(art):
            tag = el.tag
            classes = class_tokens(el)
            if tag == "p" and "article" in classes:
                self._add_paragraph(el, blocks)
            elif tag in _SUBHEADS:
                if text := text_of(el):
                    blocks.append(Subhead(text))
            elif tag in ("ul", "ol"):
                self._add_list(el, blocks)
            elif tag == "blockquote":
                self._add_quote(el, blocks)

    def _add_list(self, el: Element, blocks: list[Block]) -> None:
        items = tuple(i for li in el.iterchildren("li") if (i := self._inline(li)))
        if items:
            blocks.append(ListBlock(items, ordered=el.tag == "ol"))

    def _add_quote(self, el: Element, blocks: list[Block]) -> None:
        source_els = [
            s
            for s in el.iter()
            if isinstance(s.tag, str)
            and s is not el
            and (
                s.tag in ("cite", "footer", "figcaption")
                or any(k in (s.get("class") or "") for k in ("author", "source", "cite-"))
            )
        ]
        source_el = source_els[0] if source_els else None
        quote_el = el.find(".//blockquote") if el.tag != "blockquote" else el
        if quote_el is not None and source_el is not None and self._inside(source_el, quote_el):
            segments = self._inline(quote_el, skip=source_el)
        elif quote_el is not None:
            segments = self._inline(quote_el)
        else:
            texts = [
                p for p in el.iter("p") if source_el is None or p is not source_el
            ] or [el]
            segments = self._join_inlines([self._inline(p, skip=source_el) for p in texts])
        source = _PRIVATE_USE.sub("", text_of(source_el))
        source = re.sub(r"^[–—-]\s*", "", source).strip()
        if segments:
            blocks.append(Quote(segments, source))

    def _add_infobox(self, el: Element, blocks: list[Block]) -> None:
        title_el = next(
            (
                h
                for h in el.iter()
                if isinstance(h.tag, str)
                and (h.tag in ("h2", "h3", "h4", "h5", "h6") or class_contains(h, "headline"))
                and text_of(h)
            ),
            None,
        )
        paragraphs: list[Inline] = []
        for node in el.iter("p", "li"):
            if node is title_el or self._inside(node, title_el):
                continue
            if node.tag == "p" and node.xpath("ancestor::li"):
                continue
            if inline := self._inline(node):
                paragraphs.append(inline)
        title = text_of(title_el)
        if not paragraphs and not title:
            return
        if not paragraphs:
            paragraphs.append(self._inline(el, skip=title_el))
        blocks.append(InfoBox(title, tuple(p for p in paragraphs if p)))

    def _join_inlines(self, inlines: list[Inline]) -> Inline:
        joined: list[tuple[str, int | None]] = []
        for inline in inlines:
            if joined and inline:
                joined.append((" ", None))
            joined.extend((s.text, s.link) for s in inline)
        return _finish(joined)

    def _inline(self, el: Element, skip: Element | None = None) -> Inline:
        parts: list[tuple[str, int | None]] = []

        def walk(node: Element, link: int | None) -> None:
            if node.text:
                parts.append((node.text, link))
            children = list(node)
            for index, child in enumerate(children):
                drop_cap = False
                if isinstance(child.tag, str) and child is not skip:
                    tag = child.tag
                    if tag in _SKIP_INLINE:
                        pass
                    elif tag == "br":
                        parts.append((" ", link))
                    elif tag == "a" and link is None and (number := self._link(child)):
                        walk(child, number)
                    else:
                        drop_cap = self._is_drop_cap(child, node, index)
                        walk(child, link)
                if child.tail and not (drop_cap and not child.tail.strip()):
                    parts.append((child.tail, link))

        walk(el, None)
        return _finish(parts)

    def _is_drop_cap(self, child: Element, parent: Element, index: int) -> bool:
        if class_contains(child, "initial-letter"):
            return True
        if index != 0 or (parent.text or "").strip() or child.tag != "span":
            return False
        letter = text_of(child)
        return len(letter) == 1 and letter.isalpha() and letter.isupper()

    def _link(self, a: Element) -> int | None:
        if len(self.links) >= MAX_LINKS:
            return None
        text = _PRIVATE_USE.sub("", text_of(a))
        resolved = self._resolve(a.get("href"))
        if not text or resolved is None:
            return None
        # An article link keeps its slug: it tells the reader where the link goes.
        self.links.append(Link(text, shown_url(resolved, self.base), resolved.kind))
        return len(self.links)

    # -- tags, related ------------------------------------------------------------------

    def _tags(self) -> tuple[Tag, ...]:
        page: list[tuple[str, TazUrl]] = []
        containers = self.root.xpath(
            "//*[@id='content_nav'] | //div[contains(@class, 'sect_tags')]"
        )
        for container in containers:
            for a in container.iter("a"):
                resolved = self._resolve(a.get("href"))
                name = text_of(a).lstrip("#").strip()
                if resolved is not None and resolved.kind is PageKind.TAG and name:
                    page.append((name, resolved))
        by_id = {r.id: r for _, r in page}
        by_name = {_tag_key(n): r for n, r in page}
        tags: list[Tag] = []
        seen: set[str] = set()
        for m in self.meta.get("taz:tag", []) + self.meta.get("article:tag", []):
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
                url = tag_url(name, tid, self.base)
            else:
                url = None
            tags.append(Tag(name, url, schwerpunkt))
        for name, resolved in page:
            if (resolved.id and resolved.id in seen) or _tag_key(name) in seen:
                continue
            seen.update(k for k in (resolved.id, _tag_key(name)) if k)
            slug = resolved.slug or ""
            schwerpunkt = name.startswith("Schwerpunkt") or slug.startswith("Schwerpunkt")
            tags.append(Tag(name, resolved.url, schwerpunkt))
        return tuple(tags)

    def _related(self, article_id: str) -> tuple[Teaser, ...]:
        teasers: list[Teaser] = []
        if self.old:
            for box in all_class(self.root, "sect_thema", "div"):
                for li in box.xpath(".//li"):
                    if teaser := self._old_teaser(li):
                        teasers.append(teaser)
        else:
            section = self.root.xpath("//section[@id='articleTeaser']") or self.root.xpath(
                "//section[header[normalize-space()='Mehr zum Thema']]"
            )
            items = all_class(section[0], "article-teaser") if section else []
            for item in items:
                if teaser := self._new_teaser(item):
                    teasers.append(teaser)
        result: list[Teaser] = []
        for t in teasers:
            if t.id != article_id and all(t.id != r.id for r in result):
                result.append(t)
        return tuple(result)

    def _teaser_url(self, el: Element) -> TazUrl | None:
        for a in el.iter("a"):
            resolved = self._resolve(a.get("href"))
            if resolved is not None and resolved.kind is PageKind.ARTICLE:
                return resolved
        return None

    def _new_teaser(self, item: Element) -> Teaser | None:
        target = self._teaser_url(item)
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
        image, _ = self._picture_url(item)
        return Teaser(
            id=target.id,
            url=target.url,
            title=title,
            kicker=kicker,
            teaser=teaser,
            authors=tuple(Author(n) for n in dict.fromkeys(names)),
            image=image,
        )

    def _old_teaser(self, li: Element) -> Teaser | None:
        target = self._teaser_url(li)
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
            if any(self._inside(p, a) or p is a for a in author_els):
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
                image = self._url(src)
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


def _tag_key(name: str) -> str:
    """Tag names compared loosely: "Schwerpunkt LGBTQIA-Communities" ~ "#LGBTQIA-Communities"."""
    key = name.lower().lstrip("#").strip()
    return "name:" + key.removeprefix("schwerpunkt ").strip()


def _position(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _ld_is(item: dict[str, Any], kind: str) -> bool:
    value = item.get("@type")
    types = value if isinstance(value, list) else [value]
    return any(isinstance(t, str) and t.endswith(kind) for t in types)


def _finish(parts: list[tuple[str, int | None]]) -> Inline:
    """Join raw text pieces into clean segments: collapsed spaces, no empty pieces."""
    # Runs of the same link, each joined and squashed once (linear in the text, also for a
    # paragraph of 100,000 pieces); pieces that squash to nothing do not split a run.
    runs: list[tuple[list[str], int | None]] = []
    for raw, link in parts:
        text = squash(_PRIVATE_USE.sub("", raw))
        if not text:
            continue
        if runs and runs[-1][1] == link:
            runs[-1][0].append(text)
        else:
            runs.append(([text], link))
    merged: list[list[Any]] = [[squash("".join(pieces)), link] for pieces, link in runs]
    out: list[list[Any]] = []
    for text, link in merged:
        if out and out[-1][0].endswith(" ") and text.startswith(" "):
            text = text[1:]
        if not out:
            text = text.lstrip()
        if text:
            out.append([text, link])
    if out:
        out[-1][0] = out[-1][0].rstrip()
        if not out[-1][0]:
            out.pop()
    # A link's edge spaces belong to the surrounding text (no underlined blanks).
    for i, (text, link) in enumerate(out):
        if link is None:
            continue
        if text.startswith(" ") and i > 0 and out[i - 1][1] is None:
            out[i - 1][0] = out[i - 1][0].rstrip() + " "
            text = text[1:]
        if text.endswith(" ") and i + 1 < len(out) and out[i + 1][1] is None:
            out[i + 1][0] = " " + out[i + 1][0].lstrip()
            text = text[:-1]
        out[i][0] = text
    return tuple(Segment(text, link) for text, link in out if text)


def _blocks_from_text(body: str) -> tuple[Block, ...]:
    """Blocks from the plain JSON-LD ``articleBody`` (one paragraph per line)."""
    lines = [clean(line) for line in body.splitlines()]
    lines = [line for line in lines if line]
    blocks: list[Block] = []
    for i, line in enumerate(lines):
        if i == 0:
            # JSON-LD renders the drop cap as "N a endlich!"
            line = re.sub(r"^([B-HJ-NP-ZÄÖÜ]) (?=[a-zäöüß])", r"\1", line)
        if len(line) < 90 and not re.search(r"[.!?:;…“\"»«)]$", line) and 0 < i < len(lines) - 1:
            blocks.append(Subhead(line))
        else:
            blocks.append(Paragraph((Segment(line),)))
    return tuple(blocks)
