"""Markup in: what every parser does with its input before lxml reads it.

A page or feed comes off the network, out of the cache or from a file the reader saved, and any
of them can be empty, binary, huge or built to hurt the parser (issue 5). Every cap is stated
once here, and the checks of the three parsers stand side by side, so that where they agree
they are one function and where they differ the difference is in plain view;
:class:`ParseError` is the only thing any of them raises.

Two decodings, because the inputs differ: lists and feeds are read as UTF-8 (what taz serves,
so a stray byte costs one ``?``), an article page by the charset it declares (a page saved from
a browser or another site may carry its own).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from lxml import etree

from tazreader.i18n import N_, _
from tazreader.taz import urls
from tazreader.taz.errors import ParseError

# libxml2 silently drops everything after a text node longer than 10 MB, so bigger input is
# refused rather than read into a truncated list or article; real pages and feeds are well
# under 1 MB (the client caps downloads at 5 MB).
MAX_PAGE_BYTES = 10_000_000
# A front page shows ~150 teasers, a feed ~50 items; more than this is not a taz page.
MAX_TEASERS = 1000

# Each message whole, for a page and for a feed (German needs "die Seite" and "der Feed", not
# a word put into one sentence); translated when raised.
_SAID: dict[str, dict[str, str]] = {
    "too large": {
        "page": N_("the page is too large ({size} MB; at most {most} MB)"),
        "feed": N_("the feed is too large ({size} MB; at most {most} MB)"),
    },
    "not text": {"page": N_("the page is not text"), "feed": N_("the feed is not text")},
    "empty": {"page": N_("the page is empty"), "feed": N_("the feed is empty")},
    "binary": {
        "page": N_("the page is binary data, not a web page"),
        "feed": N_("the feed is binary data, not a web page"),
    },
    "too deep": {
        "page": N_("the page cannot be read completely: it is beyond the parser's limits (tags "
                   "nested more than 256 deep, a text over 10 MB or runaway entities), so it is "
                   "no real taz page"),
        "feed": N_("the feed cannot be read completely: it is beyond the parser's limits (tags "
                   "nested more than 256 deep, a text over 10 MB or runaway entities), so it is "
                   "no real taz feed"),
    },
    "bad url": {
        "listing": N_("not a usable listing URL: {why}"),
        "feed": N_("not a usable feed URL: {why}"),
    },
    "no web address": {
        "listing": N_("not a usable listing URL: {url} is not a web address"),
        "feed": N_("not a usable feed URL: {url} is not a web address"),
    },
}


def _said(what: str, about: str, **fields: object) -> ParseError:
    """The ParseError saying ``what`` about a page, a feed or a listing (``about``)."""
    return ParseError(_(_SAID[what][about]).format(**fields))

# Controls that do not occur in text: many of them mean binary data, not a page. (The article
# check has never counted DEL; it is left so, not to change which pages are refused.)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_PAGE_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")
# What lxml refuses in str input: control characters and an encoding declaration.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _too_large(size: int, what: str) -> ParseError:
    return _said("too large", what, size=f"{size / 1_000_000:.1f}",
                 most=MAX_PAGE_BYTES // 1_000_000)


def check_size(data: str | bytes, what: str = "page") -> None:
    """Raise ParseError for input over MAX_PAGE_BYTES (text counted as its UTF-8 bytes)."""
    if isinstance(data, bytes | bytearray) and len(data) > MAX_PAGE_BYTES:
        raise _too_large(len(data), what)
    if isinstance(data, str) and len(data) > MAX_PAGE_BYTES // 4:
        size = len(data.encode("utf-8", "surrogatepass"))
        if size > MAX_PAGE_BYTES:
            raise _too_large(size, what)


def decode_markup(data: str | bytes, what: str = "page") -> str:
    """A list page or feed as text; ParseError for nothing at all, binary garbage, > 10 MB."""
    check_size(data, what)
    if isinstance(data, bytes):
        if data.startswith(_UTF16_BOMS):
            text = data.decode("utf-16", errors="replace")
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                # a stray byte in a UTF-8 page stays one "?"; a Latin-1 page is read as such
                text = data.decode("utf-8-sig", errors="replace")
                if text.count("\ufffd") > max(2, len(text) // 1000):
                    text = data.decode("cp1252", errors="replace")
                else:
                    text = text.replace("\ufffd", "?")
    elif isinstance(data, str):
        text = data
    else:
        raise _said("not text", what)
    if not text.strip():
        raise _said("empty", what)
    if _garbled(text[:8192], _CONTROL):
        raise _said("binary", what)
    return text


def _garbled(sample: str, controls: re.Pattern[str]) -> bool:
    return len(controls.findall(sample)) > max(8, len(sample) // 100)


def decode_page(html: str | bytes) -> str:
    """An article page as text: by its byte-order mark, else the charset its markup declares,
    else UTF-8, else Windows-1252 (the caller checks that the text is a plausible page)."""
    if isinstance(html, str):
        return html
    if not isinstance(html, bytes | bytearray):
        raise _said("not text", "page")
    data = bytes(html)
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    m = _CHARSET.search(data[:4096])
    encoding = m.group(1).decode("ascii").lower() if m else "utf-8"
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")


def check_page(text: str) -> None:
    """Raise ParseError unless ``text`` can be a whole web page: not empty, not binary, with
    markup, and not cut off (an incomplete download ends before ``</body>``/``</html>``)."""
    if not text.strip():
        raise _said("empty", "page")
    sample = text[:16384]
    if _garbled(sample, _PAGE_CONTROL) or "<" not in sample:
        raise ParseError(_("this is not a web page (binary or garbled data, no HTML)"))
    tail = text[-4096:].lower()
    if "</html>" not in tail and "</body>" not in tail:
        raise ParseError(_(
            "the page is cut off: it does not end with </body> or </html> (incomplete download)"
        ))


def xml_safe(text: str) -> str:
    """``text`` as lxml accepts it as str input: no control characters, no XML declaration."""
    return _XML_UNSAFE.sub("", _XML_DECL.sub("", text, count=1))


def check_limits(parser: etree._FeedParser, what: str) -> None:
    """Raise ParseError if the parser hit one of libxml2's limits: it stops at 256 nested
    tags, a 10 MB text node or entity amplification, and silently drops the rest of the
    document, which would be read as a shorter, wrong page."""
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise _said("too deep", what)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def nesting_bounded(what: str) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """A parser that says ``too deep`` (a ParseError) where Python's own stack gave out.

    libxml2 stops at 256 nested tags (see :func:`check_limits`), but what a page embeds in
    other formats (JSON-LD: 1,200 nested ``[`` are 2.4 KB) can nest deeper than the
    interpreter recurses; a :class:`RecursionError` from anywhere in a parse is that case.
    """

    def wrap(parse: Callable[_P, _R]) -> Callable[_P, _R]:
        @functools.wraps(parse)
        def bounded(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            try:
                return parse(*args, **kwargs)
            except RecursionError as exc:
                raise _said("too deep", what) from exc

        return bounded

    return wrap


def source_url(url: str, base: str, what: str) -> tuple[str, urls.TazUrl]:
    """The normalised base and the recognised address a list or feed was fetched from.

    Every URL in a Listing derives from these, so anything but an http(s) address is refused.
    """
    try:
        nbase = urls.normalise_base(base)
        target = urls.parse_url(url, nbase)
    except urls.BadUrl as exc:
        raise _said("bad url", what, why=exc) from exc
    if not target.url.lower().startswith(("http://", "https://")):
        raise _said("no web address", what, url=repr(url[:80]))
    return nbase, target
