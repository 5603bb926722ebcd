"""``tazreader`` and ``tazreader --sample``: build the session, run the app, close it again."""

from __future__ import annotations

import argparse
import gc
import sqlite3
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

from tazreader.i18n import _, set_language

if TYPE_CHECKING:
    from tazreader.app.app import TazReaderApp
    from tazreader.config import Config
    from tazreader.sample import SampleSession
    from tazreader.service import Session


def run(args: argparse.Namespace) -> int:
    from tazreader import config as config_module
    from tazreader.service import close_session, open_session

    if getattr(args, "sample", False):
        return run_sample(images=not getattr(args, "no_images", False))
    cfg = config_module.load(base_url=getattr(args, "base_url", None))
    if getattr(args, "no_images", False):
        cfg = replace(cfg, images="off")
    set_language(cfg.language or None)
    try:
        session = open_session(cfg, offline=bool(getattr(args, "offline", False)))
    except (sqlite3.Error, OSError) as exc:
        print("tazreader: " + _("the offline cache cannot be opened: {why}").format(why=exc),
              file=sys.stderr)
        return 1
    try:
        return launch(session)
    finally:
        close_session(session)


def launch(session: Session) -> int:
    """Run the reader app on ``session`` until the user quits."""
    from tazreader.app.app import TazReaderApp

    app = TazReaderApp(session)
    try:
        app.run()
    finally:
        gc.enable()  # off for the start (tazreader/__main__.py), should the app not get far
    return app.return_code or 0


def sample_app(sample: SampleSession, config: Config | None = None) -> TazReaderApp:
    """The reader app on a sample session (banner, no config saves, the front page first)."""
    from tazreader.app.app import TazReaderApp

    return TazReaderApp(sample.app_session(config))


def run_sample(*, images: bool = True) -> int:
    """Open a sample session, fill its cache from the front page, run the app, clean up."""
    import asyncio

    from tazreader import config as config_module
    from tazreader.sample import open_sample
    from tazreader.service import ReaderError

    cfg = config_module.load()
    if not images:
        cfg = replace(cfg, images="off")
    set_language(cfg.language or None)
    try:
        sample = open_sample()
    except (OSError, sqlite3.Error) as exc:
        print("tazreader: " + _("the sample edition cannot be opened: {why}").format(why=exc),
              file=sys.stderr)
        return 1
    with sample:
        try:
            asyncio.run(sample.prefill())
        except (ReaderError, OSError) as exc:
            # The app still works and says what is missing when it is asked for.
            print("tazreader: " + _("the sample edition is incomplete: {why}").format(why=exc),
                  file=sys.stderr)
        app = sample_app(sample, cfg)
        app.run()
        return app.return_code or 0
