"""``tazreader``: build the config, the store and the reader, and run the app."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tazreader.service import Reader
    from tazreader.store import Store
    from tazreader.taz.client import TazClient


def _factory(store: Store, base_url: str) -> tuple[Reader, TazClient]:
    """Build the network side (imports httpx; called in a worker thread after first paint)."""
    from tazreader.service import Reader
    from tazreader.taz.client import TazClient

    client = TazClient(base_url)
    return Reader(store, client, base_url=base_url), client


def run(args: argparse.Namespace) -> int:
    from tazreader import config as config_module
    from tazreader.store import Store

    cfg = config_module.load(base_url=getattr(args, "base_url", None))
    notices: list[str] = []
    offline = bool(getattr(args, "offline", False))
    if getattr(args, "sample", False):
        # The packaged sample edition is opened by the sample module when it exists.
        try:
            from tazreader.sample import open_sample  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            print("tazreader: the sample edition is not available yet", file=sys.stderr)
            return 2
        store = open_sample()
        offline = True
    else:
        try:
            store = Store.open(budget_mb=cfg.cache_budget_mb)
        except (sqlite3.Error, OSError) as exc:
            print(f"tazreader: the offline cache cannot be opened: {exc}", file=sys.stderr)
            return 1
    if store.notice:
        notices.append(store.notice)

    from tazreader.app.app import TazReaderApp

    base = cfg.base_url
    app = TazReaderApp(
        store,
        cfg,
        reader_factory=None if offline else (lambda: _factory(store, base)),
        offline=offline,
        notices=notices,
    )
    try:
        app.run()
    finally:
        store.close()
    return app.return_code or 0
