"""``tazreader dump FILE|URL``: one article as the text edition, Markdown or JSON.

``--comments`` appends the readers' comments as ``## KOMMENTARE`` (:mod:`tazreader.taz.comments`);
JSON carries them always.

A FILE is a saved taz page (its URL comes from the page's canonical link); a URL (or a bare
article id such as ``5928990``) is fetched with one plain GET; taz URLs go to the ``--base-url``
mirror when one is given, and a URL on another host is read as a page of a mirror there.
Every failure ends with one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from tazreader.commands import one_line_errors
from tazreader.taz.comments import comments_markdown, comments_text
from tazreader.taz.errors import ParseError
from tazreader.taz.models import Article, PageKind, article_to_dict
from tazreader.taz.text import inert, inert_json
from tazreader.taz.textedition import MIN_WIDTH, render_markdown, render_text
from tazreader.taz.urls import (
    ARTICLE_ID,
    DEFAULT_BASE,
    BadUrl,
    article_url,
    normalise_base,
    parse_url,
)

MAX_BYTES = 10_000_000
EXIT_FAILED = 1

_URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_ARTICLE_ID = re.compile(rf"^!?=?({ARTICLE_ID})$")


class DumpError(Exception):
    """What went wrong, as one line for the reader."""


safe_text = inert  # drop everything that could steer a terminal (ESC, C0/C1, bidi)
safe_json = inert_json  # escape the same characters: still the same JSON, but inert


def _one_line(message: str) -> str:
    return " ".join(safe_text(message).split())


def _width(raw: object) -> int:
    try:
        width = int(str(raw))
    except ValueError:
        raise DumpError(f"--width must be a whole number of at least {MIN_WIDTH}, "
                        f"not {str(raw)[:20]!r}") from None
    if width < MIN_WIDTH:
        raise DumpError(f"--width must be at least {MIN_WIDTH}, not {width}")
    return width


def _read_file(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            body = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DumpError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise DumpError(f"{path} is a directory, not a saved page") from None
    except PermissionError:
        raise DumpError(f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise DumpError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not body.strip():
        raise DumpError(f"{path} is empty")
    if len(body) > MAX_BYTES:
        raise DumpError(f"{path} is larger than {MAX_BYTES // 1_000_000} MB; not a taz page")
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
        raise DumpError(f"not an http(s) URL: {source[:100]!r}")
    if any(c.isspace() for c in source):
        raise DumpError(f"malformed URL (contains spaces): {source[:100]!r}")
    try:
        target = parse_url(source, base)
        if target.kind is PageKind.EXTERNAL and not base_given:
            parts = urlsplit(source)
            base = normalise_base(f"{parts.scheme}://{parts.netloc}")
            target = parse_url(source, base)
    except BadUrl as exc:
        raise DumpError(str(exc)) from None
    return target.url, base


def _fetch(url: str, base: str) -> tuple[bytes, str]:
    """The page through the reader's own client (site-only redirects, size cap, one retry)."""
    from tazreader.taz.client import TazClient

    async def get() -> tuple[bytes, str]:
        async with TazClient(base, retries=1, max_bytes=MAX_BYTES) as client:
            result = await client.fetch(url)
        return result.body, result.url

    try:
        return asyncio.run(get())
    except TazClient.Error as exc:
        raise DumpError(str(exc)) from None


def load(source: str, base: str, *, base_given: bool = False) -> Article:
    """The article behind ``source`` (a saved page, a URL, an article id)."""
    from tazreader.taz.parse.article import parse_article

    path = Path(source)
    url: str | None = None
    if _URL_LIKE.match(source) or (_ARTICLE_ID.match(source) and not path.exists()):
        url, base = _target(source, base, base_given)
        body, url = _fetch(url, base)
        if not body.strip():
            raise DumpError(f"{url}: the server sent an empty page")
    else:
        body = _read_file(path)
    try:
        return parse_article(body, url=url, base=base)
    except ParseError as exc:
        where = url or str(path)
        raise DumpError(f"{where}: {exc}") from None


def render(article: Article, fmt: str, width: int, *, comments: bool = False) -> str:
    """The article in ``fmt``; ``comments``: the text edition and Markdown end with
    ``## KOMMENTARE`` (JSON always carries them)."""
    if fmt == "json":
        text = json.dumps(article_to_dict(article), ensure_ascii=False, indent=2) + "\n"
        return safe_json(text)
    if fmt == "markdown":
        extra = "\n" + comments_markdown(article) if comments else ""
        return safe_text(render_markdown(article) + extra)
    extra = "\n" + comments_text(article, width) if comments else ""
    return safe_text(render_text(article, width) + extra)


def _write(text: str, out: TextIO) -> None:
    if hasattr(out, "reconfigure"):
        out.reconfigure(errors="replace")
    out.write(text)
    out.flush()


@one_line_errors("dump", EXIT_FAILED)
def run(args: argparse.Namespace) -> int:
    try:
        width = _width(args.width)
        base = normalise_base(args.base_url or DEFAULT_BASE)
        article = load(str(args.source).strip(), base, base_given=bool(args.base_url))
        text = render(article, args.format, width, comments=bool(args.comments))
    except (DumpError, BadUrl) as exc:
        print(f"tazreader dump: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    try:
        _write(text, sys.stdout)
    except BrokenPipeError:
        return EXIT_FAILED
    return 0
