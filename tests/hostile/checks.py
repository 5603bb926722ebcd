"""What every parser result must satisfy, whatever the input; and a hard time bound per call."""

from __future__ import annotations

import contextlib
import math
import re
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

from tazreader.taz.errors import ParseError
from tazreader.taz.models import (
    Article,
    Comments,
    Embed,
    Figure,
    InfoBox,
    Inline,
    Link,
    ListBlock,
    Listing,
    PageKind,
    Paragraph,
    Question,
    Quote,
    Subhead,
    Teaser,
    TickerEntry,
)

T = TypeVar("T")

# Everything that can steer a terminal or reorder text: C0 (tab and newline included: model
# text is single-line), DEL, C1, the bidi embeddings/overrides/isolates, lone surrogates.
UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]"
)
# The same for output meant for a terminal, where newlines (and tabs) are fine.
UNSAFE_OUTPUT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]"
)


# Findings not fixed yet (each has an xfail(strict=True) test in tests/hostile and an entry in
# /work/notes/hostile-findings.md); the sweeping fuzz tests skip just these checks meanwhile.
KNOWN_OPEN: set[str] = set()
# Known crashes not fixed yet: (exception type, tazreader file whose frame raised it).
KNOWN_RAISES: dict[str, tuple[type[BaseException], str]] = {
}


def is_known(exc: BaseException) -> str | None:
    """The KNOWN_RAISES entry an exception matches, if any."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f.filename for f in frames if "/tazreader/" in f.filename]
    for name, (kind, file) in KNOWN_RAISES.items():
        if isinstance(exc, kind) and ours and ours[-1].endswith(file):
            return name
    return None


class TooSlow(Exception):
    """A single parser call overran its hard time limit."""


@contextlib.contextmanager
def hard_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block (SIGALRM) if it runs longer than ``seconds``: a hang fails, not waits.

    Only in the main thread (where signals are delivered); elsewhere the block just runs.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise TooSlow(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def bounded(call: Callable[[], T], seconds: float = 2.0, hard: float = 20.0) -> T | ParseError:
    """Run a parser call: its result, or the ParseError it raised; anything else propagates.

    Fails if the call takes longer than ``seconds`` (measured), and interrupts it after ``hard``.
    """
    start = time.perf_counter()
    try:
        with hard_limit(hard):
            result: T | ParseError = call()
    except ParseError as exc:
        result = exc
    except Exception as exc:
        if is_known(exc) is None:
            raise
        result = ParseError(f"known open finding {is_known(exc)}: {exc!r}")
    elapsed = time.perf_counter() - start
    assert elapsed < seconds, f"one parser call took {elapsed:.2f} s (bound {seconds} s)"
    return result


# --- the invariants ---------------------------------------------------------------------


# What finding H2 still lets into URLs (C1 controls, bidi): skipped while "url-bidi" is open.
_BIDI = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def check_text(value: str, where: str, *, url: bool = False) -> None:
    assert isinstance(value, str), f"{where}: not a str: {value!r}"
    if url and "url-bidi" in KNOWN_OPEN:
        value = _BIDI.sub("", value)
    m = UNSAFE.search(value)
    assert m is None, f"{where}: control/bidi character {m.group()!r} in {value[:120]!r}"


def check_http(url: str | None, where: str, *, optional: bool = True) -> None:
    if url is None:
        assert optional, f"{where}: missing URL"
        return
    check_text(url, where, url=True)
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise AssertionError(f"{where}: unreadable URL {url!r}: {exc}") from None
    assert parts.scheme in ("http", "https"), f"{where}: not an http(s) URL: {url!r}"
    assert parts.hostname, f"{where}: URL without a host: {url!r}"
    host = parts.hostname
    if "bad-host" in KNOWN_OPEN:
        return
    assert not any(c.isspace() or c in ',;<>"{}|\\^`' for c in host), f"{where}: bad host {url!r}"


def check_link(link: Link, where: str) -> None:
    check_text(link.text, f"{where}.text")
    assert link.text.strip(), f"{where}: a link without text"
    assert isinstance(link.kind, PageKind)
    try:
        scheme = urlsplit(link.url).scheme
    except ValueError:
        scheme = "?"
    if link.kind is PageKind.EXTERNAL and scheme not in ("http", "https"):
        # javascript:, file:, data:, mailto: … are listed (the app refuses to open them)
        check_text(link.url, f"{where}.url", url=True)
        assert link.url.strip(), f"{where}: empty URL"
        return
    check_http(link.url, f"{where}.url", optional=False)


def _check_inline(inline: Inline, n_links: int, where: str, used: set[int]) -> None:
    assert inline, f"{where}: empty inline text"
    for i, seg in enumerate(inline):
        check_text(seg.text, f"{where}[{i}]")
        assert seg.text, f"{where}[{i}]: empty segment"
        if seg.link is not None:
            assert 1 <= seg.link <= n_links, f"{where}[{i}]: link {seg.link} of {n_links}"
            used.add(seg.link)


def _check_date(value: object, where: str) -> None:
    if isinstance(value, datetime):
        assert value.tzinfo is not None, f"{where}: naive datetime {value!r}"
    else:
        assert value is None or isinstance(value, date), f"{where}: {value!r}"


def check_teaser(t: Teaser, where: str) -> None:
    assert t.id and t.id.isdigit(), f"{where}: bad id {t.id!r}"
    check_http(t.url, f"{where}.url", optional=False)
    check_text(t.title, f"{where}.title")
    assert t.title.strip(), f"{where}: teaser without title"
    check_text(t.kicker, f"{where}.kicker")
    check_text(t.teaser, f"{where}.teaser")
    for j, a in enumerate(t.authors):
        check_text(a.name, f"{where}.authors[{j}]")
        assert a.name.strip(), f"{where}.authors[{j}]: empty name"
        check_http(a.url, f"{where}.authors[{j}].url")
    _check_date(t.published, f"{where}.published")
    check_http(t.image, f"{where}.image")


def check_article(a: Article) -> None:
    assert isinstance(a, Article)
    assert a.id and a.id.isdigit(), f"bad article id {a.id!r}"
    check_http(a.url, "url", optional=False)
    for name in ("title", "kicker", "teaser", "byline", "genre"):
        check_text(getattr(a, name), name)
    assert a.title.strip(), "empty title"
    _check_date(a.published, "published")
    for j, au in enumerate(a.authors):
        check_text(au.name, f"authors[{j}]")
        assert au.name.strip(), f"authors[{j}]: empty name"
        check_http(au.url, f"authors[{j}].url")
    for j, c in enumerate(a.sections):
        check_text(c.name, f"sections[{j}]")
        check_http(c.url, f"sections[{j}].url")
    if a.image is not None:
        check_http(a.image.url, "image.url", optional=False)
        for name in ("caption", "credit", "alt"):
            check_text(getattr(a.image, name), f"image.{name}")
    n = len(a.links)
    used: set[int] = set()
    for i, block in enumerate(a.blocks):
        where = f"blocks[{i}]"
        match block:
            case Paragraph(segments=segs):
                _check_inline(segs, n, where, used)
            case Subhead(text=text):
                check_text(text, where)
                assert text.strip(), f"{where}: empty subhead"
            case Quote(segments=segs, source=source):
                _check_inline(segs, n, where, used)
                check_text(source, f"{where}.source")
            case InfoBox(title=title, paragraphs=paras):
                check_text(title, f"{where}.title")
                for k, p in enumerate(paras):
                    _check_inline(p, n, f"{where}.paragraphs[{k}]", used)
            case ListBlock(items=items):
                assert items, f"{where}: empty list"
                for k, item in enumerate(items):
                    _check_inline(item, n, f"{where}.items[{k}]", used)
            case Question(segments=segs):
                _check_inline(segs, n, where, used)
            case Embed(title=title, link=link):
                check_text(title, f"{where}.title")
                assert link is None or 1 <= link <= n, f"{where}: link {link} of {n}"
            case TickerEntry(time=time, heading=heading, paragraphs=paras):
                check_text(time, f"{where}.time")
                check_text(heading, f"{where}.heading")
                for k, p in enumerate(paras):
                    _check_inline(p, n, f"{where}.paragraphs[{k}]", used)
            case Figure(image=image):
                check_http(image.url, f"{where}.url", optional=False)
                for name in ("caption", "credit", "alt"):
                    check_text(getattr(image, name), f"{where}.{name}")
            case _:
                raise AssertionError(f"{where}: not a block: {block!r}")
    for i, link in enumerate(a.links, 1):
        check_link(link, f"links[{i}]")
    for j, t in enumerate(a.tags):
        check_text(t.name, f"tags[{j}]")
        assert t.name.strip(), f"tags[{j}]: empty name"
        check_http(t.url, f"tags[{j}].url")
    for j, r in enumerate(a.related):
        check_teaser(r, f"related[{j}]")
        assert r.id != a.id, "the article relates to itself"
    if a.comments is not None:
        check_comments(a.comments)
    _no_other_strings(a)


def check_comments(comments: Comments) -> None:
    """Unique ids, a reply after the comment it answers, clean text, aware times."""
    assert comments.count is None or comments.count >= 0, comments.count
    seen: set[str] = set()
    for i, c in enumerate(comments.items):
        where = f"comments[{i}]"
        assert c.id and c.id not in seen, f"{where}: id {c.id!r} empty or seen before"
        assert c.reply_to is None or c.reply_to in seen, f"{where}: answers {c.reply_to!r}"
        seen.add(c.id)
        check_text(c.author, f"{where}.author")
        _check_date(c.published, f"{where}.published")
        for k, p in enumerate(c.paragraphs):
            check_text(p, f"{where}.paragraphs[{k}]")
            assert p.strip(), f"{where}.paragraphs[{k}]: empty"


def check_listing(listing: Listing, kind: str | None = None) -> None:
    assert isinstance(listing, Listing)
    if kind is not None:
        assert listing.kind == kind
    if "listing-url" not in KNOWN_OPEN or listing.url.startswith(("http://", "https://")):
        check_http(listing.url, "url", optional=False)
    check_text(listing.title, "title")
    assert listing.title.strip(), "empty listing title"
    check_text(listing.description, "description")
    check_http(listing.next_url, "next_url")
    if listing.total is not None:
        assert listing.total >= 0
    check_text(listing.role, "role")
    check_text(listing.query, "query")
    for i, aid in enumerate(listing.print_archive):
        check_text(aid, f"print_archive[{i}]")
    ids = [t.id for t in listing.teasers]
    assert len(ids) == len(set(ids)), "the same article twice"
    for i, t in enumerate(listing.teasers):
        check_teaser(t, f"teasers[{i}]")
    _no_other_strings(listing)


def _no_other_strings(obj: Any, where: str = "") -> None:
    """A sweep over every string anywhere in the model (catches fields the checks above miss)."""
    if isinstance(obj, Link):  # its URL may be a listed javascript:/file:/… link: check_link
        _no_other_strings(obj.text, f"{where}.text")
        return
    if isinstance(obj, str):
        try:
            scheme = urlsplit(obj).scheme
        except ValueError:
            scheme = ""
        if scheme in ("javascript", "data", "file"):
            return  # a listed, refused link target: checked by check_link
        check_text(obj, where or "value", url=scheme in ("http", "https"))
    elif isinstance(obj, float):
        assert math.isfinite(obj), where
    elif isinstance(obj, tuple | list):
        for i, item in enumerate(obj):
            _no_other_strings(item, f"{where}[{i}]")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            _no_other_strings(k, f"{where}.key")
            _no_other_strings(v, f"{where}[{k!r}]")
    elif is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            _no_other_strings(getattr(obj, f.name), f"{where}.{f.name}")
