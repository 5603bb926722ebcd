"""The cache's upkeep: articles cached by an older parser read again from their kept pages,
articles not yet in the search index put into it, pages of an older format packed anew. No
network, and never a wait inside SQLite (see :func:`_patiently`). :class:`Reader` runs it:
``reparse_cached`` after the app's start and after a sync, ``reparse_article`` for ``dump``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from tazreader.store import Busy, Store
from tazreader.taz.models import Article

UPKEEP_PATIENCE = 30.0  # seconds the upkeep waits for a file another process keeps locked


def _parser(base_url: str) -> tuple[int, Callable[[bytes, str], Article]]:
    """This tazreader's parser version and its way to read a kept page (loaded when needed)."""
    from tazreader.taz.parse.article import PARSER_VERSION, parse_article

    def parse(body: bytes, url: str) -> Article:
        return parse_article(body, url, base_url)

    return PARSER_VERSION, parse


def reparse_one(store: Store, base_url: str, url: str) -> bool:
    """The cached article at ``url`` (its cache key) read again if an older parser read it."""
    version, parse = _parser(base_url)
    return store.reparse_stale(version, parse, url=url) > 0


def run(store: Store, base_url: str) -> int:
    """All of the upkeep, in short batches; how many articles were read again."""
    version, parse = _parser(base_url)
    _patiently(store, store.index_pending)
    reparsed = _patiently(store, lambda: store.reparse_stale(version, parse))
    _patiently(store, store.repack)
    return reparsed


def _patiently(store: Store, work: Callable[[], int]) -> int:
    """``work`` (batches of writes) without ever waiting inside SQLite: while another process
    holds the write lock, it pauses and tries again, and gives up after UPKEEP_PATIENCE (the
    next start goes on where it stopped). Returns what ``work`` returned, or 0."""
    deadline = time.monotonic() + UPKEEP_PATIENCE
    while True:
        try:
            with store.no_wait():
                return work()
        except Busy:
            if time.monotonic() > deadline:
                return 0
            time.sleep(0.25)
