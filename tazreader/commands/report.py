"""``dump --save-page DIR``: the raw page and a short parse report, to attach to a bug report.

A page taz changed so that tazreader no longer understands it is exactly the page a developer
needs to see, so it is saved whatever the parse gave: an article, a list, or an error. The
report is a few ``key: value`` lines (the keys stay English, like JSON keys, so that reports
read alike whoever sends them): where the page came from, the parser version, what was found
and how much of the page's text was read. Both files are written atomically.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from tazreader.i18n import _
from tazreader.taz.models import Article, Listing
from tazreader.taz.text import inert


def save_page(folder: Path, body: bytes, where: str, item: Article | Listing | Exception
              ) -> tuple[Path, Path]:
    """Write ``<name>.html`` (or ``.xml``) and ``<name>.report.txt`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    name = _name(item, where)
    ext = "xml" if body.lstrip()[:5] in (b"<?xml", b"<rss ", b"<feed") else "html"
    page_path = folder / f"{name}.{ext}"
    report_path = folder / f"{name}.report.txt"
    _write_atomic(page_path, body)
    _write_atomic(report_path, report(body, where, item).encode("utf-8"))
    return page_path, report_path


def report(body: bytes, where: str, item: Article | Listing | Exception) -> str:
    from importlib.metadata import PackageNotFoundError, version

    from tazreader.taz.parse.article import PARSER_VERSION

    try:
        ours = version("tazreader")
    except PackageNotFoundError:
        ours = "0+unknown"
    lines = [
        "# " + _("tazreader parse report: attach it with the saved page to a bug report"),
        f"source: {where}",
        f"saved: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"tazreader: {ours}, parser version {PARSER_VERSION}",
        f"page: {len(body)} bytes",
    ]
    if isinstance(item, Exception):
        lines += ["result: not parsed", f"error: {item}"]
    elif isinstance(item, Listing):
        lines += [f"result: list ({item.kind.value})", f"title: {item.title}",
                  f"teasers: {len(item.teasers)}", f"next page: {item.next_url or '-'}"]
    else:
        lines += [f"result: article {item.id}", f"title: {item.headline}"]
        coverage = item.coverage
        if coverage is not None:
            state = "incomplete" if item.incomplete else "complete"
            via = ", body from JSON-LD articleBody only" if coverage.fallback else ""
            lines.append(f"text read: {coverage.kept * 100:.1f} % ({state}{via})")
            lines += [f"missing: {m}" for m in coverage.missing]
        kinds = Counter(b.kind for b in item.blocks)
        lines.append("blocks: " + ", ".join(f"{n} {k}" for k, n in kinds.items()))
        lines.append(f"links: {len(item.links)}, authors: {len(item.authors)}, "
                     f"tags: {len(item.tags)}, related: {len(item.related)}")
    return "\n".join(" ".join(inert(line).split()) for line in lines) + "\n"


def _name(item: Article | Listing | Exception, where: str) -> str:
    if isinstance(item, Article):
        return f"taz-{item.id}"
    if isinstance(item, Listing):
        return f"taz-{item.kind.value}"
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(where).stem if "://" not in where else
                  where.split("://", 1)[1])
    return "taz-" + (stem.strip("-")[:60] or "page")


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
