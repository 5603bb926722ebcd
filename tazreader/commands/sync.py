"""`tazreader sync [SECTION …] [--articles N]`: fill the offline cache.

Fetches the front page (or the named sections), then every listed article that is not
cached yet (or is older than a day), concurrently, with a progress bar on stderr and a
summary on stdout. Re-runs are incremental: lists are revalidated with a conditional
request and fresh articles are not requested again. Exit status 0 = all well, 1 = something
failed (listed in the summary), 2 = bad usage (unknown section, --offline).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from tazreader import config, paths
from tazreader.commands import one_line_errors
from tazreader.i18n import _, ngettext
from tazreader.service import Reader, ReaderError, SyncEvent, SyncReport, sync
from tazreader.store import Store
from tazreader.taz.client import TazClient
from tazreader.taz.models import PageKind
from tazreader.taz.pictures import SYNC_PIXELS
from tazreader.taz.text import inert
from tazreader.taz.urls import (
    SECTIONS,
    BadUrl,
    find_section,
    front_url,
    normalise_base,
    parse_url,
)


def list_urls(names: Sequence[str], base: str) -> list[str]:
    """The URLs to sync: the front page, or each named section (name, path, id or URL)."""
    if not names:
        return [front_url(base)]
    urls: list[str] = []
    for name in names:
        if name.lower() in ("front", "start", "startseite", "/"):
            urls.append(front_url(base))
            continue
        if name.startswith(("http://", "https://", "/")):
            try:
                parsed = parse_url(name, base)
            except BadUrl as exc:
                raise ValueError(_("{name} is not a taz address: {why}").format(
                    name=repr(name), why=exc)) from exc
            if parsed.kind in (PageKind.ARTICLE, PageKind.EXTERNAL, PageKind.TAZ):
                raise ValueError(_("{name} is not a list page (front, section, tag, feed …)")
                                 .format(name=repr(name)))
            urls.append(parsed.url)
            continue
        section = find_section(name)
        if section is None:
            known = ", ".join(s.path for s in SECTIONS if s.parent is None)
            raise ValueError(_("unknown section {name} (try one of: {known})").format(
                name=repr(name), known=known))
        urls.append(section.url(base))
    return list(dict.fromkeys(urls))


class _Bar:
    """Turns SyncEvents into a rich progress display."""

    def __init__(self, progress: Progress, lists: int) -> None:
        self.progress = progress
        self.lists: TaskID = progress.add_task(_("Lists"), total=lists)
        self.articles: TaskID | None = None

    def __call__(self, event: SyncEvent) -> None:
        if event.kind == "list":
            self.progress.advance(self.lists)
        elif event.kind == "plan":
            self.articles = self.progress.add_task(_("Articles"), total=event.total)
        elif event.kind == "article" and self.articles is not None:
            self.progress.update(self.articles, completed=event.done)


def summary(report: SyncReport) -> str:
    lists = ngettext("{n} list", "{n} lists", report.lists).format(n=report.lists)
    fetched = ngettext("{n} article fetched", "{n} articles fetched", report.fetched).format(
        n=report.fetched)
    lines = [
        _("Synced {lists}: {fetched}, {unchanged} unchanged (304), {cached} already cached, "
          "{failed} failed.").format(lists=lists, fetched=fetched, unchanged=report.unchanged,
                                     cached=report.cached, failed=len(report.failed))
    ]
    for url, reason in report.failed:
        lines.append("  " + _("failed: {url} — {why}").format(url=url, why=reason))
    return "\n".join(lines)


async def _sync(
    store: Store, base: str, urls: list[str], articles: int | None, err: Console,
    *, quiet: bool = False, pictures: bool = True,
) -> SyncReport:
    async with TazClient(base) as client:
        reader = Reader(store, client, base_url=base)
        reparsed = await asyncio.to_thread(reader.reparse_cached)
        if reparsed and not quiet:
            err.print(ngettext("re-read {n} cached article with the new parser",
                               "re-read {n} cached articles with the new parser", reparsed)
                      .format(n=reparsed), markup=False)
        with Progress(
            TextColumn("{task.description:<8}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=quiet or not err.is_terminal,  # else it leaves an empty line in a log
        ) as progress:
            return await sync(reader, urls, articles=articles,
                              on_progress=_Bar(progress, len(urls)),
                              pictures=SYNC_PIXELS if pictures else None)


@one_line_errors("sync", 1)
def run(args: argparse.Namespace) -> int:
    err = Console(stderr=True)
    quiet = bool(getattr(args, "quiet", False))
    if args.offline:
        print("tazreader sync: " + _("--offline was given, but sync fetches from the network. "
                                     "Run it without --offline."), file=sys.stderr)
        return 2
    if args.articles is not None and args.articles < 0:
        print("tazreader sync: " + _("--articles must be 0 or more"), file=sys.stderr)
        return 2
    # A base URL asked for but unusable is a mistake to say, not a reason to sync taz.de.
    for source, value in (("--base-url", args.base_url),
                          ("TAZREADER_BASE_URL", os.environ.get("TAZREADER_BASE_URL"))):
        if value:
            try:
                normalise_base(value)
            except BadUrl as exc:
                print(f"tazreader sync: {source}: {inert(str(exc))}", file=sys.stderr)
                return 2
    cfg = config.load(base_url=args.base_url)
    for problem in cfg.problems:
        print(f"tazreader: {problem}", file=sys.stderr)
    try:
        urls = list_urls(args.sections, cfg.base_url)
    except ValueError as exc:
        print(f"tazreader sync: {exc}", file=sys.stderr)
        return 2
    try:
        store = Store.open(paths.database_file(), budget_mb=cfg.cache_budget_mb)
    except (OSError, sqlite3.Error) as exc:
        print("tazreader sync: " + _("cannot open the cache {path}: {why}").format(
            path=paths.database_file(), why=exc), file=sys.stderr)
        return 1
    try:
        if store.notice:
            print(f"tazreader: {store.notice}", file=sys.stderr)
        try:
            pictures = cfg.images != "off" and not getattr(args, "no_images", False)
            report = asyncio.run(_sync(store, cfg.base_url, urls, args.articles, err,
                                       quiet=quiet, pictures=pictures))
        except KeyboardInterrupt:
            print("tazreader sync: " + _("interrupted — what was fetched is kept"),
                  file=sys.stderr)
            return 130
        except ReaderError as exc:  # the cache busy for too long, a full disk …
            cause = exc.__cause__
            why = (_("the cache {path} could not be written ({why})").format(
                       path=store.path, why=cause)
                   if isinstance(cause, sqlite3.Error | OSError) else str(exc))
            print("tazreader sync: " + _("stopped, {why} — what was stored before is kept")
                  .format(why=why), file=sys.stderr)
            return 1
    finally:
        store.close()
    if not quiet:
        print(summary(report))
    elif report.failed:  # quiet: only what went wrong, on stderr (cron mails it)
        print(summary(report), file=sys.stderr)
    if report.lists == 0 and report.failed:
        print("tazreader sync: " + _("no list could be loaded — offline?"), file=sys.stderr)
    return 1 if report.failed else 0
