"""``tazreader diff URL|ID [--revision N] [--format words|unified]``: what changed in an article
whose text the cache has seen change (taz corrects its pieces, often silently).

The versions are numbered from the oldest kept (1) to the text the cache holds now, the newest;
``--revision N`` shows what changed from version N - 1 to N (default: the newest). ``words``
prints the changed paragraphs with ``[-removed-]{+added+}`` inline, as ``git diff --word-diff``
writes them; ``unified`` a line diff (``diff -u``) of the two versions' text editions. From the
cache alone, no network. Page text is printed inert (no terminal controls). Exit 0 with a diff,
1 when there is none to show or anything failed — one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from tazreader.commands import one_line_errors
from tazreader.i18n import _
from tazreader.service import History, ReaderError, Version, Versions
from tazreader.service.versions import seen
from tazreader.taz.diffing import unified, word_diff
from tazreader.taz.text import inert
from tazreader.taz.textedition import render_text
from tazreader.taz.urls import DEFAULT_BASE, normalise_base

EXIT_OK = 0
EXIT_FAILED = 1
WIDTH = 72  # the text editions compared by --format unified


class DiffError(Exception):
    """Why there is no diff to show, as one line for the reader."""


def _number(raw: str | None, history: History) -> int:
    if raw is None:
        return history.newest
    try:
        number = int(raw)
    except ValueError:
        number = 0
    if not 2 <= number <= history.newest:
        raise DiffError(_("--revision must be a version from 2 to {newest} (version 1 is the "
                          "oldest kept), not {given}").format(newest=history.newest,
                                                            given=repr(raw[:20])))
    return number


def label(version: Version, history: History) -> str:
    """``version 1 of 2, seen 5.12.2025 09:00 – 6.12.2025 08:00``"""
    return _("version {n} of {count}, seen {when}").format(
        n=version.number, count=history.newest, when=seen(version))


def render(history: History, number: int, fmt: str) -> str:
    """What changed in version ``number``: a headline, then the diff in ``fmt``."""
    old, new = history.version(number - 1), history.version(number)
    head = f"{' '.join(new.article.headline.split())} — {new.article.url}\n"
    if fmt == "unified":
        return head + unified(render_text(old.article, WIDTH), render_text(new.article, WIDTH),
                              label(old, history), label(new, history))
    words = word_diff(history.changes(number))
    if not words:
        words = _("(the two versions read the same to this version of tazreader)") + "\n"
    return f"{head}--- {label(old, history)}\n+++ {label(new, history)}\n\n{words}"


def diff_text(versions: Versions, source: str, revision: str | None, fmt: str) -> str:
    history = versions.history(source)
    if history is None:
        raise DiffError(_("{source} is not in the offline cache (an article's address or id, "
                          "e.g. 5928990)").format(source=repr(source[:100])))
    if history.newest < 2:
        raise DiffError(_("only one version of {source} is kept: its text has not changed since "
                          "it was first read").format(source=repr(source[:100])))
    return render(history, _number(revision, history), fmt)


@one_line_errors("diff", EXIT_FAILED)
def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from tazreader.commands.cache import open_store

    store = open_store(Console(file=sys.stderr, highlight=False))
    if store is None:
        return EXIT_FAILED
    try:
        base = normalise_base(args.base_url or DEFAULT_BASE)
        text = diff_text(Versions(store, base), str(args.source).strip(), args.revision,
                         args.format)
    except (DiffError, ReaderError) as exc:
        print("tazreader diff: " + " ".join(inert(str(exc)).split()), file=sys.stderr)
        return EXIT_FAILED
    finally:
        store.close()
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(errors="replace")
    try:
        out.write(inert(text))
        out.flush()
    except BrokenPipeError:
        return EXIT_FAILED
    return EXIT_OK
