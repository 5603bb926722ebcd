"""``tazreader cache stats | search QUERY | prune | clear | path``: look after the offline cache.

``stats`` counts the articles whose text changed since they were first read, and the earlier
versions kept of them (``tazreader diff`` shows what changed).

Text that comes from cached pages (titles, snippets) is printed as rich ``Text`` objects, never
as markup, and with terminal control characters removed.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
from datetime import datetime

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tazreader import config, paths
from tazreader.commands import one_line_errors
from tazreader.i18n import _, ngettext
from tazreader.store import Store, StoreStats
from tazreader.taz.dates import full_stamp
from tazreader.taz.text import inert

EXIT_OK = 0
EXIT_NO_HITS = 1
EXIT_FAILED = 2

_MARKED = re.compile(r"«[^«»]*»")  # a search hit in a snippet


_safe = inert  # page text and echoed arguments may carry terminal controls


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"  # pragma: no cover - the loop always returns


def open_store(err: Console) -> Store | None:
    """The user's cache (problems of the config and of the file said on ``err``), or None."""
    cfg = config.load()
    for problem in cfg.problems:  # the defaults are used; say why
        err.print(Text(f"tazreader: {_safe(problem)}"), soft_wrap=True)  # one line
    budget = cfg.cache_budget_mb
    try:
        store = Store.open(paths.database_file(), budget_mb=budget)
    except (sqlite3.Error, OSError) as exc:
        err.print(Text("tazreader cache: " + _("cannot open {path}: {why}").format(
            path=paths.database_file(), why=exc)))
        return None
    if store.notice:
        err.print(Text(store.notice, style="yellow"))
    return store


def stats_table(st: StoreStats) -> Table:
    table = Table(title=_("tazreader offline cache"), show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value")
    share = 100 * st.used_bytes / st.budget_bytes if st.budget_bytes else 0.0
    rows = [
        (_("Database"), str(st.path)),
        (_("File size"), _size(st.file_bytes)),
        (_("In use / budget"),
         f"{_size(st.used_bytes)} / {_size(st.budget_bytes)} ({share:.0f} %)"),
        (_("Articles"), str(st.articles)),
        (_("Raw pages"), _("{n} ({size} compressed)").format(n=st.pages,
                                                             size=_size(st.page_bytes))),
        (_("Changed articles"), ngettext(
            "{n} ({versions} earlier version kept, {size})",
            "{n} ({versions} earlier versions kept, {size})", st.revisions,
        ).format(n=st.changed, versions=st.revisions, size=_size(st.revision_bytes))),
        (_("Lists"), str(st.listings)),
        (_("Read"), str(st.read)),
        (_("Bookmarks"), str(st.bookmarks)),
        (_("History"), str(st.history)),
        (_("Oldest article fetch"), full_stamp(st.oldest)),
        (_("Newest article fetch"), full_stamp(st.newest)),
        (_("Schema version"), str(st.schema_version)),
    ]
    for what, value in rows:
        table.add_row(what, Text(value))
    return table


def _search(store: Store, query: str, limit: int, out: Console) -> int:
    hits = store.search(query, limit=max(1, limit))
    if not hits:
        out.print(Text(_("No cached article matches {query}.").format(query=repr(query))))
        return EXIT_NO_HITS
    for hit in hits:
        t = hit.teaser
        head = Text()
        if t.kicker:
            head.append(_safe(t.kicker) + ": ", style="bold cyan")
        head.append(_safe(t.title), style="bold")
        out.print(head)
        meta = Text(_safe(t.url), style="dim")
        if t.published is not None:
            stamp = (
                full_stamp(t.published) if isinstance(t.published, datetime)
                else t.published.strftime("%d.%m.%Y")
            )
            meta = Text(f"{stamp}  ", style="dim") + meta
        out.print(meta)
        snippet = Text(_safe(hit.snippet))
        snippet.highlight_regex(_MARKED, style="bold yellow")
        out.print(snippet)
        out.print()
    n = len(hits)
    out.print(Text(ngettext("{n} hit", "{n} hits", n).format(n=n), style="dim"))
    return EXIT_OK


def _confirm(out: Console, question: str) -> bool:
    out.print(Text(question + " " + _("[y/N]") + " "), end="")
    try:
        answer = input()
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes", "j", "ja")  # either language's yes


@one_line_errors("cache", EXIT_FAILED)
def run(args: argparse.Namespace) -> int:
    out = Console(file=sys.stdout, highlight=False)
    err = Console(file=sys.stderr, highlight=False)
    action = args.cache_command
    if action == "path":
        print(paths.database_file())
        return EXIT_OK
    if action == "clear" and not getattr(args, "yes", False):
        if not sys.stdin.isatty():
            err.print(Text("tazreader cache clear: "
                           + _("not a terminal; add --yes to really clear.")))
            return EXIT_FAILED
        if not _confirm(out, _("Delete every cached page, article, bookmark and history "
                               "entry?")):
            out.print(Text(_("Nothing deleted.")))
            return EXIT_FAILED
    store = open_store(err)
    if store is None:
        return EXIT_FAILED
    said = store.notice
    try:
        if action == "stats":
            out.print(stats_table(store.stats()))
            return EXIT_OK
        if action == "search":
            return _search(store, args.query, args.limit, out)
        if action == "prune":
            before = store.stats()
            evicted = store.prune()
            after = store.stats()
            out.print(Text(_("{evicted}; {left}; file {before} -> {after} (budget {budget}).")
                           .format(
                evicted=ngettext("Evicted {n} cached item", "Evicted {n} cached items",
                                 evicted).format(n=evicted),
                left=ngettext("{n} article left", "{n} articles left", after.articles)
                .format(n=after.articles),
                before=_size(before.file_bytes), after=_size(after.file_bytes),
                budget=_size(after.budget_bytes),
            )))
            return EXIT_OK
        if action == "clear":
            before = store.stats()
            store.clear()
            out.print(Text(_("Cleared: {articles} articles, {pages} pages, {bookmarks} "
                             "bookmarks, {history} history entries.").format(
                articles=before.articles, pages=before.pages, bookmarks=before.bookmarks,
                history=before.history)))
            return EXIT_OK
    except sqlite3.Error as exc:
        err.print(Text(f"tazreader cache {action}: {exc}"))
        return EXIT_FAILED
    finally:
        if store.notice and store.notice != said:  # damage found and dealt with meanwhile
            err.print(Text(store.notice, style="yellow"))
        store.close()
    err.print(Text("tazreader cache: " + _("unknown action {action}").format(
        action=repr(action))))
    return EXIT_FAILED
