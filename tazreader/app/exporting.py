"""Export an article to a file; copy a citation."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Literal

from tazreader import paths
from tazreader.taz import dates
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
        parts.append(dates.day(article.published))
    return ". ".join(parts) + f". {article.url}"
