"""Hypothesis strategies for hostile input: mutated real pages, tag soup, feeds, queries."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

FIXTURES = Path(__file__).parent.parent / "fixtures"
REAL_PAGES = {
    "2024": (FIXTURES / "fundus_Taz_2024_10_23.html").read_bytes(),
    "2023": (FIXTURES / "fundus_Taz_2023_04_28.html").read_bytes(),
}
# Seeds for the article mutations: the real pages and the hostile one.
ARTICLE_PAGES = {
    **REAL_PAGES,
    "hostile": (FIXTURES / "constructed_article_hostile.html").read_bytes(),
}
LISTING_PAGES = {
    "front": ("constructed_front.html", "https://taz.de/"),
    "section": ("constructed_section_politik.html", "https://taz.de/Politik/!p4615/"),
    "tag": ("constructed_tag_transgender.html", "https://taz.de/Transgender/!t5523976/"),
    "author": ("constructed_author_opitz.html", "https://taz.de/Nicole-Opitz/!a52218/"),
    "search": ("constructed_search_klima.html", "https://taz.de/!s=Klima/"),
    "search3": ("thirdparty_BadMomber_taz_search_results.html", "https://taz.de/!s=Grok/"),
    "hostile": ("constructed_search_hostile.html", "https://taz.de/!s=hostile/"),
}
LISTING_BYTES = {k: (FIXTURES / f).read_bytes() for k, (f, _) in LISTING_PAGES.items()}
FEED_PAGES = {
    "main": ("constructed_feed_main.xml", "https://taz.de/!p4608;rss/"),
    "politik": ("constructed_feed_politik.xml", "https://taz.de/Politik/!p4615;rss/"),
}
FEED_BYTES = {k: (FIXTURES / f).read_bytes() for k, (f, _) in FEED_PAGES.items()}

# Places in a page where a mutation does the most damage (the parts the parsers read).
MARKERS = (
    b"<head", b"</head>", b"<meta", b'rel="canonical"', b"taz:title", b"cms-article-ID",
    b"application/ld+json", b"<main", b"<article", b"<h1", b"<h2", b"author-container",
    b"typo-r-subline", b"meta-data-container", b"data-for=\"picture\"", b"<figcaption",
    b"main-article-corpus", b"typo-bodytext", b"in-text-link", b"<blockquote", b"content_nav",
    b"articleTeaser", b"article-teaser", b"teaser-link", b"typo-r-head", b"typo-r-name",
    b"sectbody", b"sect_profile", b"rootline", b"sect_thema", b"<time", b"Suchergebnis",
    b"<item", b"<title", b"<link", b"<description", b"<pubDate", b"media:content", b"<![CDATA[",
    b"</article>", b"kommune", b"</body>", b"</html>", b"</rss>", b"</channel>",
)

# Text that must stay data: markup of Rich/Textual, terminal escapes, bidi, NUL, entities.
HOSTILE_TEXT = (
    "[bold red]x[/]", "[@click=app.quit]quit[/]", "[link=file:///etc/passwd]x[/link]", "[/]",
    "\x1b[2J", "\x1b]52;c;aGVsbG8=\x07", "\x1b]8;;http://evil/\x1b\\", "\x9b31m", "\x07",
    "&#27;[2J", "&#x1b;]52;c;aGVsbG8=&#7;", "&#x9b;", "&#155;", "&#128;", "&#0;", "&#x0;",
    "&#x202E;", "&#8238;", "\u202e", "\u2066", "\u200f", "\x00", "\x7f", "\x85", "&#xD800;",
    "&#1114112;", "&#99999999999999;", "&#x110000;", "&#;", "&#x;", "&amp;", "&", "<", ">",
    "]]>", "<![CDATA[", "<!--", "-->", "\ufffd", "\u00ad", "\u200b", "\ufeff", "\u2028", "ß",
    "Ä", "\u00a0", "\n", "\t", "\r", " ", "%00", "%1b", "javascript:alert(1)", '"', "'",
    "<?xml version='1.0' encoding='utf-16'?>", "<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", "&a;",
    "<meta charset=\"utf-16\">", "<meta charset=\"x-unknown\">", "\U0001f600", "\ue80f",
)

HREFS = (
    "/!5928990/", "https://taz.de/Slug/!6012345/", "/Politik/!p4615/", "/Tag/!t5523976/",
    "/Name/!a52218/", "/!s=Klima/", "/!p4608;rss/", "https://example.org/x", "//evil.example/",
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "java\tscript:x",
    "file:///etc/passwd", "data:text/html,<script>alert(1)</script>", "mailto:a@b.c",
    "vbscript:x", "#anchor", "", " ", "?", "http://", "https://[::1", "http://x:99999/",
    "https://taz.de:0/!1/", "/!=5928990", "/x/!5928990&s=a/", "\x1b[2J", "%", "http://\u202e/",
    "https://taz.de/picture/1/1200/a.jpeg", "/picture/1/14/a.jpeg", "../../..", "/" * 50,
    "https://taz.de/" + "a/" * 200 + "!5928990/", "https://taz.de/!" + "9" * 40 + "/",
)

CLASSES = (
    "module-article", "sectbody", "main-article-corpus", "typo-bodytext", "in-text-link", "link",
    "author-container", "typo-name-detail", "typo-name-detail-bold", "author-description",
    "typo-r-subline-detail", "meta-data-container", "typo-r-topline", "typo-r-head",
    "typo-r-head-detail", "headline", "typo-r-subline", "typo-r-name", "typo-r-name-reg",
    "teaser-link", "article-teaser", "is-archive-print-teaser", "typo-fotocredit", "credit",
    "caption", "sect_tags", "sect_thema", "sect_profile", "rootline", "date", "picture",
    "intro", "article", "is-hidden", "initial-letter", "ad_zone", "tzi-x", "kicker", "topline",
    "article-type-news", "article-type-interview", "typo-short-text-head", "tag-description",
)
TAGS = (
    "p", "a", "span", "div", "article", "section", "main", "h1", "h2", "h3", "h4", "ul", "ol",
    "li", "blockquote", "cite", "figure", "figcaption", "picture", "source", "img", "time",
    "br", "meta", "link", "script", "style", "nav", "header", "footer", "template", "svg",
    "noscript", "iframe", "table", "td", "b", "i", "em", "strong", "button", "title", "html",
    "head", "body", "x-unknown",
)
ATTRS = (
    "class", "href", "src", "data-src", "srcset", "iesrc", "data-for", "datetime", "content",
    "name", "property", "itemprop", "rel", "id", "type", "data-id", "data-tag-id", "alt",
    "data-tag-category", "aria-label", "pos",
)
ATTR_VALUES = (
    *CLASSES, *HREFS, "citation", "info", "bio", "picture", "adzone", "canonical", "next",
    "taz:title", "taz:tag", "og:title", "og:url", "og:image", "article:author", "description",
    "article:published_time", "cms-article-ID", "5928990", "6666666", "application/ld+json",
    "2024-10-23T18:41:00+02:00", "2024-13-45", "9.1.2026", "99.99.9999", "schwerpunkt",
    "articleTeaser", "content_nav", "kommune", "articleBody", "name", "url", "Goto page 2",
)

URL_PIECES = (
    "https://", "http://", "taz.de", "127.0.0.1:8", "example.org", "/", "!", "!=", "!p", "!t",
    "!a", "!s=", "5928990", "6666666", "4615", ";rss", "&s=", "?", "#", "%", "%20", "..", ":",
    "@", "[", "]", " ", ",", "\u202e", "\u2066", "\x85", "\x9b", "&#x202E;", "&#27;", "Ö",
    "javascript:", "file:", "data:", "//", "\\", "picture/1/1020/a.jpeg",
    "www.taz.de", "?search_page=", "%2B", "file:///", "data:,", "\x00", "&", "=", "-1", "99999",
)
hrefs = st.sampled_from(HREFS) | st.lists(st.sampled_from(URL_PIECES), min_size=1,
                                          max_size=8).map("".join)

hostile_text = st.lists(
    st.sampled_from(HOSTILE_TEXT) | st.text(max_size=12), min_size=1, max_size=6
).map("".join)


@st.composite
def attributes(draw: st.DrawFn) -> str:
    out = []
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from(ATTRS))
        value = draw(st.sampled_from(ATTR_VALUES) | hostile_text | hrefs)
        quote = draw(st.sampled_from(['"', "'", ""]))
        if quote:
            value = value.replace(quote, "&quot;" if quote == '"' else "&#39;")
        else:
            value = "".join(c for c in value if not c.isspace() and c not in "<>\"'=`") or "x"
        out.append(f" {name}={quote}{value}{quote}")
    return "".join(out)


def _tree(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    @st.composite
    def element(draw: st.DrawFn) -> str:
        tag = draw(st.sampled_from(TAGS))
        inner = "".join(draw(st.lists(children, max_size=4)))
        ending = draw(st.sampled_from(["close", "close", "close", "open", "selfclose", "wrong"]))
        head = f"<{tag}{draw(attributes())}"
        if ending == "open":
            return f"{head}>{inner}"
        if ending == "selfclose":
            return f"{head}/>{inner}"
        if ending == "wrong":
            return f"{head}>{inner}</{draw(st.sampled_from(TAGS))}>"
        return f"{head}>{inner}</{tag}>"

    return element()


leaf_text = hostile_text.map(lambda s: s if "&" in s else html.escape(s, quote=False)) | (
    hostile_text
)
links = st.builds(
    lambda href, cls, text: f'<a class="{cls}" href="{html.escape(href)}">{text}</a>',
    hrefs, st.sampled_from(["link in-text-link", "teaser-link", ""]), leaf_text,
)
tag_soup = st.recursive(leaf_text | links, _tree, max_leaves=25)


def article_skeleton(body: str, head: str = "") -> str:
    """Just enough of a taz article around ``body`` for the parser to get past the id check."""
    return (
        "<!DOCTYPE html><html><head><title>T</title>"
        '<link rel="canonical" href="https://taz.de/Hostile/!6666666/">'
        '<meta name="taz:title" data-id="6666666" content="Kicker: Titel">'
        f"{head}</head><body><main><article class=\"module-article\">"
        '<div class="metadata"><meta itemprop="cms-article-ID" content="6666666"></div>'
        '<h1>Titel</h1><div class="main-article-corpus"><p class="typo-bodytext">Text '
        f'<a href="/!5928990/">Link</a> {body}</p>{body}</div></article></main></body></html>'
    )


def listing_skeleton(body: str) -> str:
    return (
        "<!DOCTYPE html><html><head><title>Politik | taz.de</title></head><body><main>"
        '<article class="article-teaser"><a class="teaser-link" href="/!6000001/">'
        '<p class="typo-r-topline">K</p><p class="headline typo-r-head">Eins</p></a></article>'
        f"{body}</main></body></html>"
    )


@st.composite
def rss_items(draw: st.DrawFn) -> str:
    items = []
    for _ in range(draw(st.integers(0, 4))):
        link = draw(st.sampled_from(HREFS[:2]) | hrefs)
        parts = [f"<link>{html.escape(link)}</link>", f"<title>{draw(leaf_text)}</title>"]
        for _ in range(draw(st.integers(0, 6))):
            name = draw(
                st.sampled_from(
                    ["title", "link", "guid", "description", "pubDate", "author", "dc:creator",
                     "media:content", "enclosure", "category", "x"]
                )
            )
            value = draw(st.sampled_from(HREFS) | hostile_text | tag_soup)
            if draw(st.booleans()):
                value = "<![CDATA[" + value.replace("]]>", "") + "]]>"
            attrs = draw(attributes()) if name in ("media:content", "enclosure", "x") else ""
            parts.append(f"<{name}{attrs}>{value}</{name}>")
        items.append("<item>" + "".join(draw(st.permutations(parts))) + "</item>")
    return "".join(items)


def rss_document(items: str, title: str = "taz.de - taz.de") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{title}</title><link>https://taz.de/</link>{items}</channel></rss>"
    )


# --- mutations of real pages ------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    op: str
    at: int  # position (modulo the current length), or index into MARKERS for "*_marker" ops
    length: int = 0
    payload: bytes = b""
    shift: int = 0

    def apply(self, data: bytes) -> bytes:
        n = len(data)
        pos = self.at % (n + 1)
        if self.op.endswith("_marker"):
            marker = MARKERS[self.at % len(MARKERS)]
            found = data.find(marker)
            if found < 0:
                return data
            pos = max(0, min(n, found + self.shift))
        match self.op.removesuffix("_marker"):
            case "truncate":
                return data[:pos]
            case "truncate_close":
                return data[:pos] + b"</body></html>"
            case "flip":
                if n == 0:
                    return data
                pos = min(pos, n - 1)
                return data[:pos] + bytes([self.length % 256]) + data[pos + 1 :]
            case "delete":
                return data[:pos] + data[pos + self.length :]
            case "duplicate":
                return data[:pos] + data[pos : pos + self.length] * 2 + data[pos + self.length :]
            case "insert":
                return data[:pos] + self.payload + data[pos:]
        raise ValueError(self.op)


_payload = (
    tag_soup.map(lambda s: s.encode("utf-8", "surrogatepass"))
    | hostile_text.map(lambda s: s.encode("utf-8", "surrogatepass"))
    | st.binary(max_size=40)
)
mutation = st.builds(
    Mutation,
    op=st.sampled_from(
        ["truncate", "truncate_close", "flip", "delete", "duplicate", "insert",
         "truncate_close_marker", "flip_marker", "delete_marker", "duplicate_marker",
         "insert_marker", "insert_marker"]
    ),
    at=st.integers(0, 1 << 20),
    length=st.integers(0, 4096),
    payload=_payload,
    shift=st.integers(-64, 256),
)


def mutated(pages: dict[str, bytes]) -> st.SearchStrategy[tuple[str, bytes]]:
    """(name of the original, mutated bytes): 1-6 mutations of one real page."""

    def apply(name: str, muts: list[Mutation]) -> tuple[str, bytes]:
        data = pages[name]
        for m in muts:
            data = m.apply(data)
        return name, data

    return st.builds(apply, st.sampled_from(sorted(pages)), st.lists(mutation, min_size=1,
                                                                     max_size=6))


# --- deep nesting in what the pages embed ---------------------------------------------------
#
# libxml2 stops at 256 nested tags, but JSON-LD is decoded by Python's json, which recurses:
# 1,200 nested ``[`` (2.4 KB) once raised RecursionError out of parse_article. The strategies
# nest every embedded format the parsers read around a depth that matters: JSON (arrays,
# objects, mixed, closed or cut off, inside a real ``@graph``), and tags (lists, tables,
# quotes, inline markup) up to and past libxml2's limit.

_JSON_OPENERS = {"array": ("[", "]"), "object": ('{"a":', "}"),
                 "graph": ('{"@graph":[', "]}"), "body": ('{"articleBody":[', "]}")}
_TAG_NESTS = {
    "ul": ("<ul><li>", "</li></ul>"), "ol": ("<ol><li>", "</li></ol>"),
    "table": ("<table><tr><td>", "</td></tr></table>"), "blockquote": ("<blockquote>",
                                                                       "</blockquote>"),
    "q": ("<q>", "</q>"), "b": ("<b>", "</b>"), "span": ("<span>", "</span>"),
    "a": ('<a class="link in-text-link" href="/!5928990/">', "</a>"),
    "div": ('<div class="typo-bodytext">', "</div>"),
}


@st.composite
def deep_json(draw: st.DrawFn) -> str:
    """JSON nested ``depth`` deep, by one or a mix of the openers; closed or cut off."""
    depth = draw(st.sampled_from([200, 900, 990, 1000, 1200, 5000]) | st.integers(1, 6000))
    kinds = draw(st.lists(st.sampled_from(sorted(_JSON_OPENERS)), min_size=1, max_size=3))
    opened = [_JSON_OPENERS[kinds[i % len(kinds)]] for i in range(depth)]
    inner = draw(st.sampled_from(['"x"', "1", "", '{"@type":"NewsArticle"}', "null"]))
    closed = draw(st.booleans())
    return "".join(o for o, _ in opened) + inner + (
        "".join(c for _, c in reversed(opened)) if closed else "")


@st.composite
def deep_json_ld_page(draw: st.DrawFn) -> bytes:
    """A real page with one or two deeply nested JSON-LD blocks (before or after its own)."""
    page = REAL_PAGES[draw(st.sampled_from(sorted(REAL_PAGES)))]
    for _ in range(draw(st.integers(1, 2))):
        script = ('<script type="application/ld+json">' + draw(deep_json()) + "</script>")
        where = draw(st.sampled_from([b"</head>", b"<main", b"</body>"]))
        at = page.find(where)
        at = at if at >= 0 else 0
        page = page[:at] + script.encode() + page[at:]
    return page


@st.composite
def deep_tags(draw: st.DrawFn) -> str:
    """Lists, tables, quotes or inline markup nested around libxml2's limit of 256."""
    depth = draw(st.sampled_from([100, 200, 250, 255, 256, 257, 300, 1000]) | st.integers(1, 1200))
    kinds = draw(st.lists(st.sampled_from(sorted(_TAG_NESTS)), min_size=1, max_size=3))
    opened = [_TAG_NESTS[kinds[i % len(kinds)]] for i in range(depth)]
    closed = draw(st.booleans())
    return "".join(o for o, _ in opened) + "tief" + (
        "".join(c for _, c in reversed(opened)) if closed else "")
