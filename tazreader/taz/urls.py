"""The taz.de URL scheme: recognise, normalise and build every kind of taz URL.

One canonical form per page, so that the cache has one key per page:

* article  ``{base}/!5928990/`` (slug, ``&s=`` search suffix, ``!=`` share form dropped)
* section  ``{base}/Politik/Deutschland/!p4616/``
* tag      ``{base}/Transgender/!t5523976/``
* author   ``{base}/Nicole-Opitz/!a52218/``
* search   ``{base}/!s=<query>/`` (+ ``?search_page=N`` from page 2 on); taz's search options
           stay in the path, in the order given: ``{base}/!s=<query>&SuchRahmen=Print/``
* feed     ``{base}/!p4608;rss/`` / ``{base}/Politik/!p4615;rss/``
* front    ``{base}/``

``base`` is ``https://taz.de`` or a mirror (``--base-url``); URLs on taz.de itself and on the
mirror are both taz URLs, and are rewritten onto the base so that a mirror stays a mirror.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qs, quote, unquote, urljoin, urlsplit

from tazreader.i18n import _
from tazreader.taz.models import PageKind

DEFAULT_BASE = "https://taz.de"
TAZ_HOSTS = frozenset({"taz.de", "www.taz.de", "m.taz.de"})
MAX_URL_LENGTH = 8192


class BadUrl(ValueError):
    """A URL that cannot be understood at all (empty, not http(s), no host …)."""


@dataclass(frozen=True, slots=True)
class Section:
    """A section of taz.de: its name, path and id, and the section it belongs to."""

    name: str  # as shown: "Öko", "Ökologie"
    path: str  # URL path without the id: "Oeko/Oekologie"
    id: str  # "p4624"
    parent: str | None = None  # id of the parent section

    def url(self, base: str = DEFAULT_BASE) -> str:
        return f"{normalise_base(base)}/{self.path}/!{self.id}/"


def _s(name: str, path: str, num: int, parent: int | None = None) -> Section:
    return Section(name, path, f"p{num}", None if parent is None else f"p{parent}")


# From the navigation of the real 2024 page (shared/taz-site/FACTS.md §5).
SECTIONS: tuple[Section, ...] = (
    _s("Politik", "Politik", 4615),
    _s("Deutschland", "Politik/Deutschland", 4616, 4615),
    _s("Europa", "Politik/Europa", 4617, 4615),
    _s("Amerika", "Politik/Amerika", 4618, 4615),
    _s("Asien", "Politik/Asien", 4619, 4615),
    _s("Nahost", "Politik/Nahost", 4620, 4615),
    _s("Afrika", "Politik/Afrika", 4621, 4615),
    _s("Netzpolitik", "Politik/Netzpolitik", 4622, 4615),
    _s("Öko", "Oeko", 4610),
    _s("Ökonomie", "Oeko/Oekonomie", 4623, 4610),
    _s("Ökologie", "Oeko/Oekologie", 4624, 4610),
    _s("Konsum", "Oeko/Konsum", 4625, 4610),
    _s("Netzökonomie", "Oeko/Netzoekonomie", 4627, 4610),
    _s("Verkehr", "Oeko/Verkehr", 4628, 4610),
    _s("Arbeit", "Oeko/Arbeit", 4629, 4610),
    _s("Wissenschaft", "Oeko/Wissenschaft", 4636, 4610),
    _s("Gesellschaft", "Gesellschaft", 4611),
    _s("Medien", "Gesellschaft/Medien", 4630, 4611),
    _s("Alltag", "Gesellschaft/Alltag", 4632, 4611),
    _s("Debatte", "Gesellschaft/Debatte", 4633, 4611),
    _s("Kolumnen", "Gesellschaft/Kolumnen", 4634, 4611),
    _s("Bildung", "Gesellschaft/Bildung", 4635, 4611),
    _s("Gesundheit", "Gesellschaft/Gesundheit", 4637, 4611),
    _s("Reise", "Gesellschaft/Reise", 4638, 4611),
    _s("Reportage und Recherche", "Gesellschaft/Reportage-und-Recherche", 5265, 4611),
    _s("Podcast", "Gesellschaft/Podcast", 5334, 4611),
    _s("Kultur", "Kultur", 4639),
    _s("Musik", "Kultur/Musik", 4640, 4639),
    _s("Film", "Kultur/Film", 4641, 4639),
    _s("Künste", "Kultur/Kuenste", 4642, 4639),
    _s("Buch", "Kultur/Buch", 4643, 4639),
    _s("Netzkultur", "Kultur/Netzkultur", 4631, 4639),
    _s("Sport", "Sport", 4646),
    _s("Sport-Kolumnen", "Sport/Kolumnen", 4648, 4646),
    _s("Berlin", "Berlin", 4649),
    _s("Nord", "Nord", 4650),
    _s("Hamburg", "Nord/Hamburg", 4651, 4650),
    _s("Bremen", "Nord/Bremen", 4652, 4650),
    _s("Nord-Kultur", "Nord/Kultur", 4653, 4650),
    _s("Wahrheit", "Wahrheit", 4644),
    _s("Themen", "Themen", 5360),
)
SECTIONS_BY_ID: dict[str, Section] = {s.id: s for s in SECTIONS}
RESSORTS_ID = "p4608"  # the root of all sections; its feed is the main feed
# Legacy section URLs that still answer: /Debatte/!p9, /1/debatte.
LEGACY_SECTIONS: dict[str, str] = {"p9": "p4633", "debatte": "p4633"}


def find_section(name_or_id: str) -> Section | None:
    """A section by id (``p4615``/``4615``), path (``Politik/Deutschland``) or name."""
    key = name_or_id.strip().strip("/").lower()
    if not key:
        return None
    sid = key if key.startswith("p") and key[1:].isdigit() else f"p{key}" if key.isdigit() else ""
    if sid in SECTIONS_BY_ID:
        return SECTIONS_BY_ID[sid]
    for s in SECTIONS:
        if key in (s.path.lower(), s.name.lower(), s.path.rsplit("/", 1)[-1].lower()):
            return s
    return None


@dataclass(frozen=True, slots=True)
class TazUrl:
    """A recognised URL: its kind, its id, and the one canonical absolute URL."""

    kind: PageKind
    url: str  # canonical, absolute
    id: str | None = None  # "5928990", "p4615", "t5523976", "a52218"
    slug: str | None = None
    query: str | None = None  # search query
    page: int = 1  # search result page, 1-based
    options: tuple[tuple[str, str], ...] = ()  # search options: (("SuchRahmen", "Print"), …)


def normalise_base(base: str) -> str:
    """``https://taz.de/`` -> ``https://taz.de``; a mirror keeps its scheme, host and path."""
    base = base.strip()
    try:
        parts = urlsplit(base)
        host = parts.hostname
    except ValueError:
        host, parts = None, urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadUrl(_("not a usable base URL: {url!r} (need http:// or https:// and a host)")
                     .format(url=base))
    if not host or not _host_ok(host, parts.netloc):
        raise BadUrl(_("not a usable base URL: {url!r} (an impossible host)").format(url=base))
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


# The digits of an article id (``!5928990``): the one statement of the pattern, used by every
# module that finds an article id in a URL, a path or a page.
ARTICLE_ID = r"\d{4,9}"
_ARTICLE = re.compile(rf"^!=?({ARTICLE_ID})$")
_SECTION = re.compile(r"^!p(\d+)(;rss)?$")
_TAG = re.compile(r"^!t(\d+)(;rss)?$")
_AUTHOR = re.compile(r"^!a(\d+)(;rss)?$")
# A search option in the path after the query ("&SuchRahmen=Print"); Offset, the old way to
# page, gives way to ?search_page.
_OPTION_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,40}$")
_NOT_OPTIONS = frozenset({"s", "Offset", "search_page"})
_SEARCH = re.compile(r"^!s=(.*)$", re.S)


def _q(path: str) -> str:
    """Percent-encode what must not stand raw in a URL path; idempotent on encoded input."""
    return quote(path, safe="/!;=&:@+,$-_.~%*'()")


# C0/C1 controls, DEL, surrogates and the invisible text-direction marks: they can hide where
# a link really goes, so a URL carrying one is refused, never shown or opened.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def ascii_host(host: str) -> str | None:
    """``host`` as it goes on the wire (IDNA: ``tаz.de`` with a Cyrillic а is
    ``xn--tz-7kc.de``), lower case; None when no such host can be (``xn--a``, ``☃.net``).

    Checked with the ``idna`` package that httpx and anyio use, so that a host passed here
    never makes them fail later.
    """
    host = host.lower()
    labels = host.split(".")
    if host.isascii() and not any(label.startswith("xn--") for label in labels):
        return host
    import idna  # only for the rare international host: it loads large tables

    try:
        if host.isascii():
            for label in labels:
                if label.startswith("xn--"):
                    idna.decode(label)
            return host
        return str(idna.encode(host).decode("ascii"))
    except (idna.IDNAError, UnicodeError, ValueError):
        return None


def _host_ok(host: str, netloc: str) -> bool:
    """Letters (any script, for IDN), digits, dots, hyphens, underscores, and a valid IDN;
    or an IPv6 literal."""
    if "[" in netloc:
        return all(c in "0123456789abcdefABCDEF:." for c in host)
    return all(c.isalnum() or c in ".-_" for c in host) and ascii_host(host) is not None


def usable_page_url(page_url: str) -> bool:
    """A URL relative links can be resolved against: http(s), a possible host and port."""
    if len(page_url) > MAX_URL_LENGTH or _UNSAFE.search(page_url):
        return False
    try:
        parts = urlsplit(page_url.strip())
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and _host_ok(parts.hostname or "", parts.netloc)
    )


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def browser_form(url: str) -> str:
    """``url`` as a browser reads it: in an http(s) or relative URL a backslash before the
    query is a slash (WHATWG URL), so ``https://evil.com\\@taz.de/`` goes to evil.com."""
    scheme = _SCHEME.match(url)
    if scheme is not None and scheme.group(1).lower() not in ("http", "https"):
        return url
    ends = [i for i in (url.find("?"), url.find("#")) if i >= 0]
    cut = min(ends) if ends else len(url)
    return url[:cut].replace("\\", "/") + url[cut:]


def is_site(parts: SplitResult, base_parts: SplitResult) -> bool:
    """True if ``parts`` names a host of the site: taz.de's or the mirror's, by the parsed host
    (not by the text before a colon), and never with user info (``taz.de:443@evil.com``)."""
    if "@" in parts.netloc:
        return False
    host = (parts.hostname or "").lower()
    return host in TAZ_HOSTS or host == (base_parts.hostname or "").lower()


def parse_url(url: str, base: str = DEFAULT_BASE, *, page_url: str | None = None) -> TazUrl:
    """Recognise ``url`` (absolute, or relative to ``page_url``/``base``).

    Raises :class:`BadUrl` for a URL that cannot be understood at all; anything that is
    a well-formed URL but not a taz page comes back as ``PageKind.EXTERNAL`` (or ``TAZ``).
    """
    if not isinstance(url, str):
        raise BadUrl(_("not a URL"))
    raw = browser_form(url.strip())  # decide where a browser would go
    if not raw:
        raise BadUrl(_("empty URL"))
    if len(raw) > MAX_URL_LENGTH:
        raise BadUrl(_("URL too long ({n} characters)").format(n=len(raw)))
    if _UNSAFE.search(raw):
        raise BadUrl(_("URL contains control or text-direction characters"))
    nbase = normalise_base(base)
    base_parts = urlsplit(nbase)
    if page_url is not None and not usable_page_url(page_url):
        page_url = None  # a broken page address must not become part of its links
    try:
        absolute = urljoin(page_url or nbase + "/", raw)
        parts = urlsplit(absolute)
    except ValueError as exc:
        raise BadUrl(_("malformed URL: {url}").format(url=repr(raw[:80]))) from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        if scheme and ":" in raw.split("/", 1)[0]:
            return TazUrl(PageKind.EXTERNAL, raw)
        raise BadUrl(_("malformed URL: {url}").format(url=repr(raw[:80])))
    if not parts.hostname:
        raise BadUrl(_("URL without a host: {url}").format(url=repr(raw[:80])))
    if not _host_ok(parts.hostname, parts.netloc):
        raise BadUrl(_("URL with an impossible host: {url}").format(url=repr(raw[:80])))
    try:
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise BadUrl(_("URL with a bad port: {url}").format(url=repr(raw[:80]))) from exc
    if not is_site(parts, base_parts):
        return TazUrl(PageKind.EXTERNAL, absolute)

    path = unquote(parts.path)
    # A mirror may live below a path prefix.
    prefix = base_parts.path if parts.netloc.lower() == base_parts.netloc.lower() else ""
    if prefix and path.startswith(prefix):
        path = path[len(prefix) :]
    # Search hits append "&s=query" before the final slash: /Slug/!6012345&s=Grok/
    query_suffix = None
    m_amp = re.search(rf"^(.*?!=?{ARTICLE_ID})&s=([^/]*)/?$", path)
    if m_amp:
        path = m_amp.group(1) + "/"
        query_suffix = m_amp.group(2)
    elif "&" in path and "!s=" not in path:
        path = path.split("&", 1)[0]
    segments = [p for p in path.split("/") if p]
    if not segments:
        return TazUrl(PageKind.FRONT, nbase + "/")
    last = segments[-1]
    slug_parts = segments[:-1]
    slug = _q("/".join(slug_parts)) or None

    if (m := _ARTICLE.match(last)) is not None:
        aid = m.group(1)
        return TazUrl(PageKind.ARTICLE, f"{nbase}/!{aid}/", aid, slug, query_suffix)
    if (m := _SECTION.match(last)) is not None:
        sid = "p" + m.group(1)
        sid = LEGACY_SECTIONS.get(sid, sid)
        known = SECTIONS_BY_ID.get(sid)
        spath = known.path if known else slug
        if m.group(2):
            prefix_path = f"/{spath}" if spath and sid != RESSORTS_ID else ""
            return TazUrl(PageKind.FEED, f"{nbase}{prefix_path}/!{sid};rss/", sid, spath)
        if sid == RESSORTS_ID:
            return TazUrl(PageKind.SECTION, f"{nbase}/Ressorts/!{sid}/", sid, "Ressorts")
        prefix_path = f"/{spath}" if spath else ""
        return TazUrl(PageKind.SECTION, f"{nbase}{prefix_path}/!{sid}/", sid, spath)
    for pattern, letter, kind in ((_TAG, "t", PageKind.TAG), (_AUTHOR, "a", PageKind.AUTHOR)):
        if (m := pattern.match(last)) is not None:
            ident = letter + m.group(1)
            prefix_path = f"/{slug}" if slug else ""
            if m.group(2):  # a tag's or an author's feed: /Schwerpunkt-Klimawandel/!t5008262;rss/
                return TazUrl(PageKind.FEED, f"{nbase}{prefix_path}/!{ident};rss/", ident, slug)
            return TazUrl(kind, f"{nbase}{prefix_path}/!{ident}/", ident, slug)
    # Search: /!s=Query/, /Artikel-mit-X/!s=X&Seite=2…/, ?search_page=N
    joined = "/".join(segments)
    ms = re.search(r"!s=([^/]*)", joined)
    if ms is not None:
        # The query as written, unquoted only now, piece by piece: the path was unquoted
        # above, which cut "9/11" (written 9%2F11) at the slash, "C++" (C%2B%2B) to "C  " and
        # "A&B" (A%26B) at the "&" that starts the options, and took a search for ";rss"
        # (%3Brss) for a feed, which is a literal ";rss". A "+" as written is a space.
        raw_search = re.search(r"!s=([^/]*)", parts.path)
        raw = raw_search.group(1) if raw_search is not None else ms.group(1)
        is_rss = raw.endswith(";rss")
        if is_rss:
            raw = raw[: -len(";rss")]
        head, *pieces = raw.split("&")
        q = unquote(head.replace("+", " "))
        if is_rss:
            return TazUrl(PageKind.FEED, f"{nbase}/!s={quote(q, safe='')};rss/", None, None, q)
        qs = parse_qs(parts.query)
        page = 1
        try:
            page = int(qs.get("search_page", ["-1"])[0]) + 2
        except ValueError:
            page = 1
        page = max(page, 1)
        options = _search_options(pieces)
        return TazUrl(PageKind.SEARCH, search_url(q, page, nbase, options), None, None, q, page,
                      options)
    if segments == ["rss.xml"]:
        return TazUrl(PageKind.FEED, f"{nbase}/rss.xml", None)
    # Legacy section form /1/debatte
    if len(segments) == 2 and segments[0] == "1" and segments[1].lower() in LEGACY_SECTIONS:
        sec = SECTIONS_BY_ID[LEGACY_SECTIONS[segments[1].lower()]]
        return TazUrl(PageKind.SECTION, sec.url(nbase), sec.id, sec.path)
    keep = _q(parts.path) + (f"?{_q(parts.query)}" if parts.query else "")
    if prefix and keep.startswith(prefix):
        keep = keep[len(prefix) :]
    return TazUrl(PageKind.TAZ, f"{nbase}{keep}")


def article_url(article_id: str | int, base: str = DEFAULT_BASE) -> str:
    aid = str(article_id).lstrip("!")
    if not aid.isdigit():
        raise BadUrl(_("not an article id: {id}").format(id=repr(article_id)))
    return f"{normalise_base(base)}/!{aid}/"


def article_id(url: str, base: str = DEFAULT_BASE) -> str | None:
    try:
        t = parse_url(url, base)
    except BadUrl:
        return None
    return t.id if t.kind is PageKind.ARTICLE else None


def slugify(text: str) -> str:
    """A name as taz writes it in a URL path: ``Schwerpunkt Öko`` -> ``Schwerpunkt-Oeko``."""
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                           "ß": "ss", " ": "-"})
    out = re.sub(r"[^A-Za-z0-9-]", "", text.translate(table))
    return re.sub(r"-{2,}", "-", out).strip("-")


def tag_url(name: str, tag_id: str | int, base: str = DEFAULT_BASE) -> str:
    tid = str(tag_id).lstrip("!t")
    slug = slugify(name)
    return f"{normalise_base(base)}/{slug + '/' if slug else ''}!t{tid}/"


def search_url(
    query: str, page: int = 1, base: str = DEFAULT_BASE, options: tuple[tuple[str, str], ...] = ()
) -> str:
    """taz's GET search: ``/!s=<query>/``, page 2 is ``?search_page=0``; the search options
    (``SuchRahmen=Print``, ``Seite=17``, ``isWochenende=1`` …) follow the query in the path."""
    kept = "".join(f"&{k}={quote(v, safe='')}" for k, v in options)
    url = f"{normalise_base(base)}/!s={quote(query.strip(), safe='')}{kept}/"
    return url if page <= 1 else f"{url}?search_page={page - 2}"


def _search_options(pieces: list[str]) -> tuple[tuple[str, str], ...]:
    """The options after the query, as written (``SuchRahmen=Print``, ``Seite=``,
    ``isWochenende=1`` of ``Klima&SuchRahmen=Print&Seite=&isWochenende=1``): each key once
    (its first value, unquoted), empty ones and the pagination left out."""
    found: dict[str, str] = {}
    for piece in pieces:
        key, _, value = piece.partition("=")
        key, value = unquote(key), unquote(value)
        if _OPTION_KEY.match(key) and key not in _NOT_OPTIONS and value and key not in found:
            found[key] = value
    return tuple(found.items())


def feed_url(section: Section | str | None = None, base: str = DEFAULT_BASE) -> str:
    nbase = normalise_base(base)
    if section is None:
        return f"{nbase}/!{RESSORTS_ID};rss/"
    sec = section if isinstance(section, Section) else find_section(section)
    if sec is None:
        raise BadUrl(_("unknown section: {section}").format(section=repr(section)))
    return f"{nbase}/{sec.path}/!{sec.id};rss/"


def front_url(base: str = DEFAULT_BASE) -> str:
    return normalise_base(base) + "/"


def rebase(url: str, base: str) -> str:
    """Move a taz URL onto ``base`` (a mirror); other URLs are returned unchanged."""
    try:
        return parse_url(url, base).url
    except BadUrl:
        return url


def shown_url(t: TazUrl, base: str = DEFAULT_BASE) -> str:
    """The absolute URL to show for a recognised link: canonical, but an article keeps its slug.

    ``/Amazon-streicht-14000-Jobs/!6124998`` -> ``https://taz.de/Amazon-streicht-14000-Jobs/!6124998/``
    (the slug tells a reader where a link goes); ``parse_url`` of the result gives the cache key.
    """
    if t.kind is PageKind.ARTICLE and t.slug and t.id:
        return f"{normalise_base(base)}/{t.slug}/!{t.id}/"
    return t.url
