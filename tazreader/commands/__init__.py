"""The non-interactive sub-commands."""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable

from tazreader.i18n import _
from tazreader.taz.text import inert

Command = Callable[[argparse.Namespace], int]
DEBUG_ENV = "TAZREADER_DEBUG"  # set: an unexpected error shows its traceback


def one_line_errors(name: str, exit_code: int) -> Callable[[Command], Command]:
    """The last guard of a sub-command: whatever escapes it (a failure nobody foresaw, in a
    page, a cache file or a config file) ends as one line on stderr and ``exit_code``, never
    as a traceback; Ctrl-C as one line and 130. Known failures are handled, and worded,
    inside the command."""

    def decorate(run: Command) -> Command:
        @functools.wraps(run)
        def guarded(args: argparse.Namespace) -> int:
            try:
                return run(args)
            except KeyboardInterrupt:
                print(f"tazreader {name}: " + _("interrupted"), file=sys.stderr)
                return 130
            except Exception as exc:
                if os.environ.get(DEBUG_ENV):
                    raise
                what = " ".join(inert(str(exc)).split())[:200]
                print(
                    f"tazreader {name}: "
                    + _("unexpected error ({kind}: {what}); {env}=1 shows where").format(
                        kind=type(exc).__name__, what=what, env=DEBUG_ENV
                    ),
                    file=sys.stderr,
                )
                return exit_code

        return guarded

    return decorate
