"""``tazreader --sample``: the normal reader app on a sample session (banner, no config saves)."""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
from dataclasses import replace

from tazreader.app.app import TazReaderApp
from tazreader.config import Config
from tazreader.sample import BANNER, SampleSession, open_sample
from tazreader.taz.client import TazClient
from tazreader.taz.errors import ParseError


def build_app(session: SampleSession, config: Config | None = None) -> TazReaderApp:
    """The reader app on the sample's store and site, online against the site.

    The user's keys and theme apply; the config is never saved (it would carry the sample's
    loopback address into the user's file), and the front page is always where it starts.
    """
    cfg = replace(config or Config(), base_url=session.base_url, start_list="front")
    return TazReaderApp(
        session.store, cfg, reader_factory=session.reader, save_config=False, banner=BANNER,
        sample=True,
    )


def run(args: argparse.Namespace) -> int:
    """Open a sample session, fill its cache from the front page, run the app, clean up."""
    from tazreader import config as config_module

    cfg = config_module.load()
    try:
        session = open_sample()
    except (OSError, sqlite3.Error) as exc:
        print(f"tazreader: the sample edition cannot be opened: {exc}", file=sys.stderr)
        return 1
    with session:
        try:
            asyncio.run(session.prefill())
        except (TazClient.Error, ParseError, sqlite3.Error, OSError) as exc:
            # The app still works and says what is missing when it is asked for.
            print(f"tazreader: the sample edition is incomplete: {exc}", file=sys.stderr)
        app = build_app(session, cfg)
        app.run()
        return app.return_code or 0
