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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tazreader", description="Read taz.de in a terminal, online or offline."
    )
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="show the version")
    parser.add_argument("--base-url", help="taz.de or a mirror (default: https://taz.de)")
    parser.add_argument("--offline", action="store_true", help="never touch the network")
    parser.add_argument(
        "--sample", action="store_true", help="open the packaged sample edition (no network)"
    )
    parser.add_argument("--no-images", action="store_true",
                        help="no pictures in the article (captions only)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    dump = sub.add_parser("dump", help="print an article or a list as text, Markdown or JSON")
    dump.add_argument("source", metavar="FILE|URL",
                      help="a saved taz page, an article or list URL, or an article id")
    dump.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    dump.add_argument("--comments", action="store_true",
                      help="append the readers' comments (JSON always carries them)")
    dump.add_argument("--refresh", action="store_true",
                      help="fetch from the network even when the cache has a fresh copy")
    dump.add_argument("--save-page", metavar="DIR", default=None,
                      help="also keep the raw page and a short parse report in DIR")
    # Checked by the command itself, so that a bad value gets its one-line message.
    dump.add_argument("--width", default="72", metavar="N",
                      help="wrap width of the text edition, at least 20 (default 72)")

    sync = sub.add_parser("sync", help="fetch the front page or sections for offline reading")
    sync.add_argument("sections", nargs="*", metavar="SECTION", help="e.g. Politik, Oeko, p4615")
    sync.add_argument("--articles", type=int, default=None, metavar="N",
                      help="at most N articles per list")
    sync.add_argument("--quiet", "-q", action="store_true",
                      help="no progress and no summary, only problems (for cron and timers)")

    diff = sub.add_parser("diff", help="what changed in an article since it was first read")
    diff.add_argument("source", metavar="URL|ID", help="a cached article's address or id")
    # Checked by the command itself, so that a bad value gets its one-line message.
    diff.add_argument("--revision", metavar="N", default=None,
                      help="what changed in version N from N-1 (1 is the oldest kept; "
                           "default: the newest)")
    diff.add_argument("--format", choices=("words", "unified"), default="words",
                      help="words: [-removed-]{+added+} inline (as git diff --word-diff); "
                           "unified: a line diff of the two text editions")

    cache = sub.add_parser("cache", help="inspect or tidy the offline cache")
    csub = cache.add_subparsers(dest="cache_command", metavar="ACTION", required=True)
    csub.add_parser("stats", help="what the cache holds")
    search = csub.add_parser("search", help="full-text search over cached articles")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=20)
    csub.add_parser("prune", help="evict to the size budget and compact the file")
    clear = csub.add_parser("clear", help="delete everything cached (bookmarks and history too)")
    clear.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    csub.add_parser("path", help="print the database file's path")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
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
