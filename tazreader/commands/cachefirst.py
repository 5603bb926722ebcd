"""``tazreader dump URL``'s way to the page: through the :class:`~tazreader.service.Reader`, cache
first, as the reader app goes.

A cached article (or list) prints from the cache without the network while it is fresh (an
article for a day, a list for five minutes) and with ``--offline`` whatever its age; a stale
copy is revalidated with a conditional request, and printed with a note when the network
fails. ``--refresh`` insists on the network: what it fetched is stored, as the reader stores
it, and a failure is a failure. Every failure is one :class:`DumpError` line.
"""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tazreader import config, paths
from tazreader.i18n import _
from tazreader.service import Reader
from tazreader.store import Store
from tazreader.taz.models import LIST_KINDS, Article, Listing
from tazreader.taz.urls import parse_url

if TYPE_CHECKING:
    from tazreader.taz.client import TazClient

MAX_BYTES = 10_000_000


class DumpError(Exception):
    """What went wrong, as one line for the reader."""


@dataclass(frozen=True, slots=True)
class Got:
    """What the reader gave for a URL: the article or list (or why the page was unreadable),
    the page as served (None when the cache no longer keeps it), and a note when the copy
    printed is an older one because the network failed."""

    item: Article | Listing | DumpError
    raw: bytes | None
    where: str  # for messages and the parse report: the URL
    note: str | None = None


def load(
    url: str, base: str, *, offline: bool, refresh: bool, say: Callable[[str], None]
) -> Got:
    """The page at ``url`` (on ``base``) from the user's cache or the network."""
    cfg = config.load()
    for problem in cfg.problems:  # the defaults are used; say why
        say(problem)
    path = paths.database_file()
    try:
        store = Store.open(path, budget_mb=cfg.cache_budget_mb)
    except (sqlite3.Error, OSError) as exc:
        cannot = _("the offline cache {path} cannot be opened: {why}").format(path=path, why=exc)
        if offline:
            raise DumpError(cannot) from None
        # dump worked before it had a cache: without one, it fetches into a throwaway one.
        say(_("{problem}; the page is fetched without it").format(problem=cannot))
        with (tempfile.TemporaryDirectory(prefix="tazreader-dump-") as folder,
              Store.open(Path(folder) / "cache.sqlite3") as throwaway):
            return _run(throwaway, url, base, offline=offline, refresh=refresh)
    try:
        if store.notice:
            say(store.notice)
        return _run(store, url, base, offline=offline, refresh=refresh)
    finally:
        store.close()


def _run(store: Store, url: str, base: str, *, offline: bool, refresh: bool) -> Got:
    return asyncio.run(_load(store, url, base, offline=offline, refresh=refresh))


async def _load(store: Store, url: str, base: str, *, offline: bool, refresh: bool) -> Got:
    def client() -> TazClient:
        from tazreader.taz.client import TazClient

        return TazClient(base, retries=1, max_bytes=MAX_BYTES)

    reader = Reader(store, base_url=base, offline=offline, client_factory=client)
    is_list = parse_url(url, base).kind in LIST_KINDS
    try:
        if is_list:
            listing, outcome = await reader.load_listing(url, refresh=refresh)
            got: Article | Listing = listing.value
            problem = listing.problem
        else:
            reader.reparse_article(url)  # a copy an older tazreader read, as this one reads it
            article, outcome = await reader.load_article(url, refresh=refresh)
            got, problem = article.value, article.problem
    except Reader.Unreadable as exc:
        if not exc.body.strip():
            return Got(DumpError(_("{url}: the server sent an empty page").format(url=url)),
                       exc.body, url)
        return Got(DumpError(f"{url}: {exc}"), exc.body, url)
    except Reader.NotFound as exc:
        raise DumpError(_("not found — {why}").format(why=exc)) from None
    except Reader.Offline as exc:
        if offline:
            raise DumpError(_("{url} is not in the offline cache, and --offline fetches "
                              "nothing").format(url=url)) from None
        raise DumpError(_("{why}; {url} is not in the offline cache either").format(
            why=exc, url=url)) from None
    except Reader.Error as exc:
        raise DumpError(str(exc)) from None
    finally:
        await reader.aclose()
    if refresh and outcome == "failed":
        raise DumpError(_("--refresh failed: {problem}; without --refresh the cached copy is "
                          "printed").format(problem=problem))
    return Got(got, _raw(store, got, url), url, problem)


def _raw(store: Store, item: Article | Listing, url: str) -> bytes | None:
    """The page as served, as the cache keeps it (under the page's own URL or the one asked)."""
    for where in dict.fromkeys((item.url, url)):
        page = store.get_page(where)
        if page is not None:
            return page.body
    return None
