"""The command line: ``tazreader`` (the reader), ``dump``, ``sync``, ``cache``, ``diff``.

Sub-commands import what they need when they run, so ``--help`` and ``dump`` stay fast
and never load Textual.
"""

from __future__ import annotations

import gc

# No cyclic garbage collection while the reader starts: the imports and the first frame make
# hundreds of thousands of objects, few of them garbage, and collecting them costs a sixth of
# the start-up. The app turns it on again once its first list is painted (and freezes what is
# there by then); every other command turns it on at once (see main).
gc.disable()

import argparse  # noqa: E402
import sys  # noqa: E402
from collections.abc import Sequence  # noqa: E402

from tazreader.i18n import N_, _, configured, ngettext, set_language  # noqa: E402


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tazreader")
    except PackageNotFoundError:
        return "0+unknown"


class _VersionAction(argparse.Action):
    """``--version``, looked up only when asked (importlib.metadata costs start-up time)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        print(f"{parser.prog} {_version()}")
        parser.exit()


# argparse's own words, as it asks gettext for them (Python 3.11's wording), marked for our
# catalog: ``_localise_argparse`` makes argparse ask ours.
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("unrecognized arguments: %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ignored explicit argument %r"),
    N_("not allowed with argument %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)


def _localise_argparse() -> None:
    """argparse words its usage, help and errors with its module's ``_`` and ``ngettext``
    (stdlib gettext, the "messages" domain), looked up when it speaks: ours answer instead, in
    the reader's language (English: the words as they are)."""
    vars(argparse).update(_=_, ngettext=ngettext)


def _choose_language() -> None:
    """The config's ``language``, else the locale's, before a word of the parser is built."""
    set_language(configured())


def build_parser() -> argparse.ArgumentParser:
    _localise_argparse()
    parser = argparse.ArgumentParser(
        prog="tazreader", description=_("Read taz.de in a terminal, online or offline.")
    )
    parser.add_argument("--version", action=_VersionAction, nargs=0,
                        help=_("show the version and exit"))
    parser.add_argument("--base-url", metavar="URL",
                        help=_("taz.de or a mirror (default: https://taz.de)"))
    parser.add_argument("--offline", action="store_true", help=_("never touch the network"))
    parser.add_argument(
        "--sample", action="store_true", help=_("open the packaged sample edition (no network)")
    )
    parser.add_argument("--no-images", action="store_true",
                        help=_("no pictures in the article (captions only)"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))

    dump = sub.add_parser(
        "dump", help=_("print an article or a list as text, Markdown or JSON"),
        description=_("Print an article or a list as text, Markdown or JSON. A URL is read "
                      "cache first, as the reader reads it; a file is read as it is."))
    dump.add_argument("source", metavar=_("FILE|URL"),
                      help=_("a saved taz page, an article or list URL, or an article id"))
    dump.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                      help=_("the output format (default: text)"))
    dump.add_argument("--comments", action="store_true",
                      help=_("append the readers' comments (JSON always carries them)"))
    dump.add_argument("--refresh", action="store_true",
                      help=_("fetch from the network even when the cache has a fresh copy"))
    dump.add_argument("--save-page", metavar=_("DIR"), default=None,
                      help=_("also keep the raw page and a short parse report in DIR"))
    # Checked by the command itself, so that a bad value gets its one-line message.
    dump.add_argument("--width", default="72", metavar="N",
                      help=_("wrap width of the text edition, at least 20 (default 72)"))

    sync = sub.add_parser(
        "sync", help=_("fetch the front page or sections for offline reading"),
        description=_("Fetch the front page (or the sections named) and their articles into "
                      "the offline cache."))
    sync.add_argument("sections", nargs="*", metavar=_("SECTION"),
                      help=_("e.g. Politik, Oeko, p4615"))
    sync.add_argument("--articles", type=int, default=None, metavar="N",
                      help=_("at most N articles per list"))
    sync.add_argument("--quiet", "-q", action="store_true",
                      help=_("no progress and no summary, only problems (for cron and timers)"))

    diff = sub.add_parser(
        "diff", help=_("what changed in an article since it was first read"),
        description=_("What changed in a cached article since it was first read, from the "
                      "cache alone."))
    diff.add_argument("source", metavar=_("URL|ID"), help=_("a cached article's address or id"))
    # Checked by the command itself, so that a bad value gets its one-line message.
    diff.add_argument("--revision", metavar="N", default=None,
                      help=_("what changed in version N from N-1 (1 is the oldest kept; "
                             "default: the newest)"))
    diff.add_argument("--format", choices=("words", "unified"), default="words",
                      help=_("words: the changes inline, [-…-] removed and {+…+} added (as "
                             "git diff --word-diff); unified: a line diff of the two text "
                             "editions"))

    cache = sub.add_parser("cache", help=_("inspect or tidy the offline cache"),
                           description=_("Inspect or tidy the offline cache."))
    csub = cache.add_subparsers(dest="cache_command", metavar=_("ACTION"), required=True)
    csub.add_parser("stats", help=_("what the cache holds"))
    search = csub.add_parser("search", help=_("full-text search over cached articles"))
    search.add_argument("query", metavar=_("QUERY"), help=_("the words to look for"))
    search.add_argument("--limit", type=int, default=20, metavar="N",
                        help=_("at most N hits (default 20)"))
    csub.add_parser("prune", help=_("evict to the size budget and compact the file"))
    clear = csub.add_parser("clear",
                            help=_("delete everything cached (bookmarks and history too)"))
    clear.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    csub.add_parser("path", help=_("print the database file's path"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _choose_language()
    args = build_parser().parse_args(argv)
    if args.command is not None:
        gc.enable()
    if args.command == "dump":
        from tazreader.commands.dump import run as run_dump

        return run_dump(args)
    if args.command == "sync":
        from tazreader.commands.sync import run as run_sync

        return run_sync(args)
    if args.command == "cache":
        from tazreader.commands.cache import run as run_cache

        return run_cache(args)
    if args.command == "diff":
        from tazreader.commands.diff import run as run_diff

        return run_diff(args)
    from tazreader.app.run import run as run_app

    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
