"""Export an article to a file, copy a citation, decide whether a URL may go to the browser."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from tazreader import paths
from tazreader.app.text import one_line
from tazreader.app.widgets.article_body import format_date
from tazreader.taz.models import Article
from tazreader.taz.text import inert

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


def export_article(article: Article, fmt: Format, folder: Path | None = None) -> Path:
    """Write the article under ``folder`` (default ``paths.export_dir()``); never overwrite."""
    from tazreader.taz.textedition import render_markdown, render_text

    folder = folder or paths.export_dir()
    text = render_markdown(article) if fmt == "markdown" else render_text(article)
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


def citation(article: Article) -> str:
    authors = ", ".join(a.name for a in article.authors)
    parts = [article.headline]
    if authors:
        parts.append(authors)
    parts.append("taz")
    if article.published:
        parts.append(format_date(article.published).split(" ")[0])
    return ". ".join(parts) + f". {article.url}"


def browser_problem(url: str) -> str | None:
    """Why ``url`` must not be handed to the browser, or None if it may."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "This link is malformed and is not opened."
    if parts.scheme.lower() not in ("http", "https"):
        scheme = parts.scheme or "no scheme"
        return f"Only http and https links are opened in the browser (not {scheme})."
    if not parts.hostname or any(ord(c) < 32 for c in url):
        return "This link is malformed and is not opened."
    if one_line(url) != url or any(c.isspace() for c in url.strip()):
        return "This link hides control characters or spaces and is not opened."
    return None
