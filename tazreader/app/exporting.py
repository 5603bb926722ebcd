"""Export an article to a file; its citation; the address of a page on taz.de."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Literal

from tazreader import paths
from tazreader.app.text import one_line
from tazreader.taz import dates
from tazreader.taz.blocks import Figure, Image
from tazreader.taz.models import Article, PageKind
from tazreader.taz.text import inert
from tazreader.taz.urls import DEFAULT_BASE, BadUrl, normalise_base, parse_url, shown_url

Format = Literal["text", "markdown"]
RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)
MAX_NAME = 80


def safe_filename(title: str, fallback: str = "artikel") -> str:
    """A file name stem from a title: ASCII letters, digits and dashes; never a path."""
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                           "ß": "ss"})
    text = unicodedata.normalize("NFKD", title.translate(table))
    text = text.encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:MAX_NAME].strip("-")
    if not text or text.lower() in RESERVED:
        text = re.sub(r"[^A-Za-z0-9-]+", "", fallback) or "artikel"
        if text.lower() in RESERVED:
            text = f"artikel-{text}"
    return text


def taz_address(url: str, base: str = DEFAULT_BASE) -> str:
    """The address of a page on taz.de itself, also when it was read from a mirror at ``base``
    (what a reader copies, cites and shares: a local stand-in's host is of no use to anyone);
    other sites' addresses as they are."""
    try:
        parsed = parse_url(url, base)
    except BadUrl:
        return url
    if parsed.kind is PageKind.EXTERNAL:
        return url
    mirror = normalise_base(base)
    shown = shown_url(parsed, base)  # an article keeps its slug: it says where a link goes
    if shown.startswith(mirror + "/"):
        return DEFAULT_BASE + shown[len(mirror):]
    return shown


def on_taz(article: Article, base: str) -> Article:
    """``article`` with every address of the site (its own, links, authors, tags, sections,
    related articles, the lead picture and those in the body) on taz.de itself, as it read on
    ``base`` (taz.de or a mirror)."""
    if normalise_base(base) == DEFAULT_BASE:
        return article

    def moved(url: str | None) -> str | None:
        return None if url is None else taz_address(url, base)

    def picture(image: Image) -> Image:
        return replace(image, url=taz_address(image.url, base))

    return replace(
        article,
        url=taz_address(article.url, base),
        image=None if article.image is None else picture(article.image),
        blocks=tuple(replace(b, image=picture(b.image)) if isinstance(b, Figure) else b
                     for b in article.blocks),
        sections=tuple(replace(c, url=moved(c.url)) for c in article.sections),
        links=tuple(replace(link, url=taz_address(link.url, base)) for link in article.links),
        authors=tuple(replace(a, url=moved(a.url)) for a in article.authors),
        tags=tuple(replace(t, url=moved(t.url)) for t in article.tags),
        related=tuple(replace(t, url=taz_address(t.url, base)) for t in article.related),
    )


def export_article(
    article: Article, fmt: Format, folder: Path | None = None, *, base: str = DEFAULT_BASE
) -> Path:
    """Write the article under ``folder`` (default ``paths.export_dir()``); never overwrite.

    The file starts with the title and the article's address on taz.de.
    """
    from tazreader.taz.textedition import render_markdown, render_text

    folder = folder or paths.export_dir()
    article = on_taz(article, base)
    url = article.url
    if fmt == "markdown":  # dates as the app writes them
        head, _, rest = render_markdown(article, day=dates.published).partition("\n")
        text = f"{head}\n\n<{url}>\n{rest}"
    else:
        head, _, rest = render_text(article, day=dates.published).partition("\n\n")
        text = f"{head}\n{url}\n\n{rest}"
    stem = safe_filename(article.headline, f"taz-{article.id}")
    suffix = ".md" if fmt == "markdown" else ".txt"
    target = folder / f"{stem}{suffix}"
    n = 2
    while target.exists():
        target = folder / f"{stem}-{n}{suffix}"
        n += 1
    # The name is built from [A-Za-z0-9-] only, so it cannot leave the folder.
    assert target.parent == folder
    paths.atomic_write_text(target, inert(text))
    return target


def citation(article: Article, base: str = DEFAULT_BASE) -> str:
    """``Jonas Wahmkow: Stürmt die Maschinen! In: taz, 5.12.2025. https://taz.de/!6135282/``"""
    title = article.title.strip() or article.headline
    if title[-1:] not in ".!?…":
        title += "."
    authors = ", ".join(a.name for a in article.authors)
    when = f", {dates.day(article.published)}" if article.published else ""
    cited = f"{authors}: {title}" if authors else title
    return one_line(f"{cited} In: taz{when}. {taz_address(article.url, base)}")
