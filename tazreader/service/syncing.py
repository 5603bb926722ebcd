"""Sync: fetch lists, then every listed article not cached yet (or stale), for offline reading.

One implementation for ``tazreader sync`` and the reader's ``s``. A list is a source (the front
page, a section, a search, or one of the reader's own lists — then its articles are refreshed)
or a taz URL. Articles are fetched concurrently; the client's concurrency bounds the requests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from tazreader.i18n import _
from tazreader.service.errors import CacheError, OfflineError, ReaderError
from tazreader.service.sources import LocalList, Source
from tazreader.taz.models import PageKind, Teaser
from tazreader.taz.pictures import SYNC_PIXELS, sized_url
from tazreader.taz.urls import BadUrl, parse_url

if TYPE_CHECKING:
    from tazreader.service.reader import Reader
    from tazreader.service.results import Outcome


@dataclass(frozen=True)
class SyncEvent:
    """Progress of a sync, one event per list and per article.

    ``kind``: "list" (a list was loaded or failed), "plan" (the articles to fetch are known:
    ``total``), "article" (one article is done: ``outcome``). ``done``/``total`` count articles.
    """

    kind: Literal["list", "plan", "article"]
    url: str
    done: int
    total: int
    outcome: Outcome | None = None
    message: str | None = None  # the reason, when failed


@dataclass(frozen=True)
class SyncReport:
    """What a sync did: fetched, unchanged, failed, and what was cached already."""

    fetched: int  # articles fetched and stored
    unchanged: int  # lists and articles the server answered with 304
    failed: list[tuple[str, str]]  # (url, reason) for lists and articles
    lists: int  # lists loaded
    cached: int = 0  # listed articles already fresh in the cache (not requested)
    planned: int = 0  # articles requested
    unchanged_articles: int = 0  # of ``unchanged``, the articles (the rest are lists)
    pictures: int = 0  # pictures of the articles, fetched or already kept

    @property
    def already(self) -> int:
        """Listed articles that were readable offline before: fresh, or unchanged (304)."""
        return self.cached + self.unchanged_articles


@dataclass
class _SyncState:
    """The counts of a sync while it runs."""

    fetched: int = 0
    unchanged: int = 0
    unchanged_articles: int = 0
    cached: int = 0
    lists: int = 0
    done: int = 0
    pictures: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


async def sync(
    reader: Reader,
    lists: Sequence[Source | str],
    *,
    articles: int | None = None,
    on_progress: Callable[[SyncEvent], None] | None = None,
    pictures: int | None = SYNC_PIXELS,
) -> SyncReport:
    """Fetch the lists, then every listed article that is not cached (or stale), and the
    articles' pictures, lead and body (``pictures`` pixels wide at least; None: none).

    ``articles`` caps the articles taken from each list.
    """
    if reader.offline:
        raise OfflineError(_("Sync needs the network, but tazreader is in offline mode"))
    client = await reader.client()
    emit = on_progress or (lambda event: None)
    state = _SyncState()
    wanted: dict[str, str] = {}  # article id -> url, in list order
    for item in lists:
        got = await _list(reader, item, state, emit)
        taken = 0
        for teaser in got:
            if articles is not None and taken >= articles:
                break
            try:
                parsed = parse_url(teaser.url, reader.base_url)
            except BadUrl:
                continue
            if parsed.kind is not PageKind.ARTICLE or parsed.id is None:
                continue
            taken += 1
            wanted.setdefault(parsed.id, parsed.url)
    todo: list[str] = []
    for url in wanted.values():
        cached = reader.cached_article(url, comments=False)
        if cached is not None and not cached.stale:
            state.cached += 1
        else:
            todo.append(url)
    total = len(todo)
    emit(SyncEvent("plan", "", 0, total))
    limit = asyncio.Semaphore(client.max_concurrency)

    async def one(url: str) -> None:
        async with limit:
            outcome: Outcome
            try:
                got, outcome = await reader.load_article(url, refresh=True)
                message = got.problem
            except CacheError:
                raise  # the cache itself fails: stop, what was stored is kept
            except ReaderError as exc:
                outcome, message = "failed", str(exc)
        if outcome == "fetched":
            state.fetched += 1
        elif outcome == "unchanged":
            state.unchanged += 1
            state.unchanged_articles += 1
        elif outcome == "failed":
            state.failed.append((url, message or "failed"))
        state.done += 1
        emit(SyncEvent("article", url, state.done, total, outcome, message))

    await asyncio.gather(*(one(url) for url in todo))
    if pictures is not None:
        await _pictures(reader, list(wanted.values()), pictures, limit, state)
    return SyncReport(
        fetched=state.fetched,
        unchanged=state.unchanged,
        failed=state.failed,
        lists=state.lists,
        cached=state.cached,
        planned=total,
        unchanged_articles=state.unchanged_articles,
        pictures=state.pictures,
    )


async def _pictures(
    reader: Reader, urls: list[str], pixels: int, limit: asyncio.Semaphore, state: _SyncState
) -> None:
    """The pictures (lead and body) of every cached article among ``urls`` (a picture that
    cannot be had is no failed sync: the article reads without it)."""

    async def one(article_id: str, url: str) -> None:
        async with limit:
            try:
                await reader.picture(article_id, sized_url(url, pixels))
            except CacheError:
                raise
            except ReaderError:
                return
        state.pictures += 1

    todo: list[tuple[str, str]] = []
    for url in urls:
        cached = reader.cached_article(url, comments=False)
        if cached is not None:
            todo += [(cached.value.id, image.url) for image in cached.value.pictures]
    await asyncio.gather(*(one(article_id, url) for article_id, url in todo))


async def _list(
    reader: Reader, item: Source | str, state: _SyncState, emit: Callable[[SyncEvent], None]
) -> tuple[Teaser, ...]:
    """The teasers of one list (refreshed from the network), or () when it failed."""
    if isinstance(item, LocalList):
        page = reader.cached(item)
        state.lists += 1
        emit(SyncEvent("list", item.name, 0, 0, "cached"))
        return page.teasers if page is not None else ()
    url = item if isinstance(item, str) else item.url(reader.base_url)
    try:
        got, outcome = await reader.load_listing(url, refresh=True)
    except CacheError:
        raise  # the cache itself fails: stop, what was stored is kept
    except ReaderError as exc:
        state.failed.append((url, str(exc)))
        emit(SyncEvent("list", url, 0, 0, "failed", str(exc)))
        return ()
    if outcome == "failed":
        state.failed.append((url, got.problem or "failed"))
    else:
        state.lists += 1
        state.unchanged += outcome == "unchanged"
    emit(SyncEvent("list", url, 0, 0, outcome, got.problem))
    return got.value.teasers
