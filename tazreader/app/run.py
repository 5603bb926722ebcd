"""``tazreader``: build the config, the store and the reader, and run the app."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tazreader.config import Config
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

    if getattr(args, "sample", False):
        from tazreader.sample import run_sample

        return run_sample(args)  # its own store, config and loopback site
    cfg = config_module.load(base_url=getattr(args, "base_url", None))
    offline = bool(getattr(args, "offline", False))
    try:
        store = Store.open(budget_mb=cfg.cache_budget_mb)
    except (sqlite3.Error, OSError) as exc:
        print(f"tazreader: the offline cache cannot be opened: {exc}", file=sys.stderr)
        return 1
    return launch(store, cfg, offline=offline, close_store=True)


def launch(store: Store, cfg: Config, *, offline: bool = False, close_store: bool = False) -> int:
    """Run the reader on ``store`` (online against ``cfg.base_url`` unless ``offline``).

    The app says the store's notice (a damaged cache set aside) itself, when it mounts. The
    sample edition builds its own app (``tazreader.sample.app``).
    """
    from tazreader.app.app import TazReaderApp

    base = cfg.base_url
    app = TazReaderApp(
        store,
        cfg,
        reader_factory=None if offline else (lambda: _factory(store, base)),
        offline=offline,
    )
    try:
        app.run()
    finally:
        if close_store:
            store.close()
    return app.return_code or 0
