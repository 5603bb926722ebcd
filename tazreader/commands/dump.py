"""``tazreader dump FILE|URL``: an article or a list as the text edition, Markdown or JSON.

``--comments`` appends the readers' comments as ``## KOMMENTARE`` (:mod:`tazreader.taz.comments`);
JSON carries them always.

A FILE is a saved taz page (its URL comes from the page's canonical link). A URL (or a bare
article id such as ``5928990``) is read as the reader reads it, cache first
(:mod:`tazreader.commands.cachefirst`): a cached article or list prints without the network,
``--offline`` too; ``--refresh`` insists on the network and stores what it fetched. taz URLs
go to the ``--base-url`` mirror when one is given, and a URL on another host is read as a page
of a mirror there. An article prints as the text edition; a front, section, tag, author or
search page or a feed as its list in the same plain style (title, then per teaser
``Kicker: Title``, teaser, ``date · authors``, URL, then ``Nächste Seite: URL``);
``--format json`` gives the model.

An article the parser did not fully understand is still printed, with a warning on stderr
(how much of its text was read, what seems missing, where to read it whole).
``--save-page DIR`` keeps the raw page and a short parse report in DIR, for a bug report —
also when the page cannot be parsed at all. Every failure ends with one line on stderr and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from tazreader.commands import one_line_errors
from tazreader.commands.cachefirst import MAX_BYTES, DumpError, Got
from tazreader.commands.cachefirst import load as load_url
from tazreader.commands.report import save_page
from tazreader.i18n import N_, _
from tazreader.taz.comments import comments_markdown, comments_text
from tazreader.taz.errors import ParseError
from tazreader.taz.models import (
    LIST_KINDS,
    Article,
    Listing,
    PageKind,
    article_to_dict,
    listing_to_dict,
)
from tazreader.taz.text import inert, inert_json
from tazreader.taz.textedition import (
    MIN_WIDTH,
    render_listing_markdown,
    render_listing_text,
    render_markdown,
    render_text,
)
from tazreader.taz.urls import (
    ARTICLE_ID,
    DEFAULT_BASE,
    BadUrl,
    article_url,
    normalise_base,
    parse_url,
)

EXIT_FAILED = 1

_URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_ARTICLE_ID = re.compile(rf"^!?=?({ARTICLE_ID})$")
_FEED_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:[\w.-]+:)?(rss|RDF|feed)[\s>]", re.S
)
_CANONICAL = re.compile(rb'<link\s+rel="canonical"\s+href="([^"]+)"', re.I)
_OG_URL = re.compile(rb'<meta\s+property="og:url"\s+content="([^"]+)"', re.I)
_SELF_LINK = re.compile(rb'<(?:atom:)?link[^>]+rel="self"[^>]+href="([^"]+)"', re.I)

NOT_UNDERSTOOD = N_(
    "warning: this page is not fully understood (text read: {percent} %){missing} — open it in "
    "a browser to read it whole: {url}"
)
FALLBACK = N_(
    "warning: this page is not understood; its text comes only from its JSON-LD "
    "articleBody — open it in a browser to read it whole: {url}"
)

Parsed = Article | Listing


safe_text = inert  # drop everything that could steer a terminal (ESC, C0/C1, bidi)
safe_json = inert_json  # escape the same characters: still the same JSON, but inert


@dataclass(frozen=True, slots=True)
class Page:
    """A page as read: its bytes, where it came from (None for a file), the base to parse on."""

    body: bytes
    url: str | None
    base: str
    where: str  # for messages: the URL or the file


def _one_line(message: str) -> str:
    return " ".join(safe_text(message).split())


def _width(raw: object) -> int:
    try:
        width = int(str(raw))
    except ValueError:
        raise DumpError(_("--width must be a whole number of at least {min}, not {given}")
                        .format(min=MIN_WIDTH, given=repr(str(raw)[:20]))) from None
    if width < MIN_WIDTH:
        raise DumpError(_("--width must be at least {min}, not {given}").format(
            min=MIN_WIDTH, given=width))
    return width


def _read_file(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            body = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DumpError(_("no such file: {path}").format(path=path)) from None
    except IsADirectoryError:
        raise DumpError(_("{path} is a directory, not a saved page").format(path=path)) from None
    except PermissionError:
        raise DumpError(_("cannot read {path}: permission denied").format(path=path)) from None
    except OSError as exc:
        raise DumpError(_("cannot read {path}: {why}").format(
            path=path, why=exc.strerror or exc)) from None
    if not body.strip():
        raise DumpError(_("{path} is empty").format(path=path))
    if len(body) > MAX_BYTES:
        raise DumpError(_("{path} is larger than {mb} MB; not a taz page").format(
            path=path, mb=MAX_BYTES // 1_000_000))
    return body


def _target(source: str, base: str, base_given: bool) -> tuple[str, str]:
    """The URL to fetch and the base to parse with.

    A taz URL is moved onto ``base`` (a mirror stays a mirror). Any other http(s) URL is
    fetched as given; without ``--base-url`` its own origin counts as a taz mirror, so the
    page's relative links resolve there (the parser then decides whether it is a taz article).
    """
    m = _ARTICLE_ID.match(source)
    if m is not None:
        return article_url(m.group(1), base), base
    if source.split(":", 1)[0].lower() not in ("http", "https"):
        raise DumpError(_("not an http(s) URL: {url}").format(url=repr(source[:100])))
    if any(c.isspace() for c in source):
        raise DumpError(_("malformed URL (contains spaces): {url}").format(
            url=repr(source[:100])))
    try:
        target = parse_url(source, base)
        if target.kind is PageKind.EXTERNAL and not base_given:
            parts = urlsplit(source)
            base = normalise_base(f"{parts.scheme}://{parts.netloc}")
            target = parse_url(source, base)
    except BadUrl as exc:
        raise DumpError(str(exc)) from None
    return target.url, base


def is_address(source: str) -> bool:
    """True for a URL, or an article id that names no file."""
    return bool(_URL_LIKE.match(source) or (_ARTICLE_ID.match(source)
                                            and not Path(source).exists()))


def read_file(source: str, base: str) -> Page:
    """The saved page ``source``, unparsed."""
    return Page(_read_file(Path(source)), None, base, source)


def parse(page: Page) -> Parsed:
    """The article or list on ``page``; :class:`DumpError` when it is neither."""
    from tazreader.taz.parse.article import parse_article
    from tazreader.taz.parse.dispatch import parse_list

    list_url = _list_url(page)
    try:
        if list_url is not None:
            return parse_list(page.body, list_url, page.base)
        return parse_article(page.body, url=page.url, base=page.base)
    except ParseError as exc:
        first = exc
    # A saved page without a telling URL: an article page that is none may be a list.
    if page.url is None and list_url is None:
        try:
            return parse_list(page.body, _saved_list_url(page), page.base)
        except ParseError:
            pass
    raise DumpError(f"{page.where}: {first}") from None


def _list_url(page: Page) -> str | None:
    """The URL to read ``page`` as a list by, or None when it is (or may be) an article."""
    if page.url is not None:
        try:
            kind = parse_url(page.url, page.base).kind
        except BadUrl:
            return None
        return page.url if kind in LIST_KINDS else None
    head = page.body[:4096]
    if _FEED_START.match(head):
        m = _SELF_LINK.search(page.body[:16384])
        url = _absolute(m.group(1), page.base) if m else None
        if url is not None and _kind(url, page.base) is PageKind.FEED:
            return url
        return f"{page.base}/!p4608;rss/"
    for pattern in (_CANONICAL, _OG_URL):
        m = pattern.search(page.body[:200_000])
        url = _absolute(m.group(1), page.base) if m else None
        if url is not None and _kind(url, page.base) in LIST_KINDS:
            return url
    return None


def _saved_list_url(page: Page) -> str:
    """A saved page that names no URL: read on the base (the markup says what list it is)."""
    return f"{page.base}/"


def _absolute(raw: bytes, base: str) -> str | None:
    try:
        return parse_url(raw.decode("utf-8", "replace").strip(), base).url
    except BadUrl:
        return None


def _kind(url: str, base: str) -> PageKind | None:
    try:
        return parse_url(url, base).kind
    except BadUrl:
        return None


def render(item: Parsed, fmt: str, width: int, *, comments: bool = False) -> str:
    """``item`` in ``fmt``; ``comments``: an article's text edition and Markdown end with
    ``## KOMMENTARE`` (JSON always carries them)."""
    if fmt == "json":
        data = article_to_dict(item) if isinstance(item, Article) else listing_to_dict(item)
        return safe_json(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    if isinstance(item, Listing):
        if fmt == "markdown":
            return safe_text(render_listing_markdown(item))
        return safe_text(render_listing_text(item, width))
    if fmt == "markdown":
        extra = "\n" + comments_markdown(item) if comments else ""
        return safe_text(render_markdown(item) + extra)
    extra = "\n" + comments_text(item, width) if comments else ""
    return safe_text(render_text(item, width) + extra)


def warning(item: Parsed) -> str | None:
    """The warning for an article not fully understood (None for any other)."""
    if not isinstance(item, Article) or not item.incomplete or item.coverage is None:
        return None
    if item.coverage.fallback:
        return _(FALLBACK).format(url=item.url)
    missing = ""
    if item.coverage.missing:
        quoted = ", ".join(f'"{m}"' for m in item.coverage.missing)
        missing = "; " + _("missing: {passages}").format(passages=quoted)
    percent = int(item.coverage.kept * 100)
    return _(NOT_UNDERSTOOD).format(percent=percent, missing=missing, url=item.url)


def _write(text: str, out: TextIO) -> None:
    if hasattr(out, "reconfigure"):
        out.reconfigure(errors="replace")
    out.write(text)
    out.flush()


def _say(message: str) -> None:
    print(f"tazreader dump: {_one_line(message)}", file=sys.stderr)


def _get(args: argparse.Namespace, source: str) -> Got | Page:
    """The page behind ``source``: a saved file as it is, a URL through the reader."""
    base = normalise_base(args.base_url or DEFAULT_BASE)
    if not is_address(source):
        return read_file(source, base)
    offline, refresh = bool(args.offline), bool(getattr(args, "refresh", False))
    if offline and refresh:
        raise DumpError(_("--refresh fetches from the network, --offline never does: "
                          "give one of them"))
    url, base = _target(source, base, bool(args.base_url))
    return load_url(url, base, offline=offline, refresh=refresh, say=_say)


@one_line_errors("dump", EXIT_FAILED)
def run(args: argparse.Namespace) -> int:
    save_dir = getattr(args, "save_page", None)
    source = str(args.source).strip()
    try:
        width = _width(args.width)
        got = _get(args, source)
    except (DumpError, BadUrl) as exc:
        _say(str(exc))
        return EXIT_FAILED
    item: Parsed | DumpError
    if isinstance(got, Page):
        raw: bytes | None = got.body
        try:
            item = parse(got)
        except DumpError as exc:
            item = exc
    else:
        item, raw = got.item, got.raw
        if got.note:
            _say(got.note)
    if save_dir:
        if raw is None:
            _say(_("the cache no longer keeps the page as served; --refresh fetches it again"))
            return EXIT_FAILED
        try:
            saved = save_page(Path(save_dir), raw, got.where, item)
        except OSError as exc:
            _say(_("the page could not be saved in {dir}: {why}").format(
                dir=save_dir, why=exc.strerror or exc))
            return EXIT_FAILED
        _say(_("page and parse report saved: {page}, {report}").format(
            page=saved[0], report=saved[1]))
    if isinstance(item, DumpError):
        _say(str(item))
        return EXIT_FAILED
    text = render(item, args.format, width, comments=bool(getattr(args, "comments", False)))
    if (said := warning(item)) is not None:
        _say(said)
    try:
        _write(text, sys.stdout)
    except BrokenPipeError:
        return EXIT_FAILED
    return 0
