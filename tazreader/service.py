"""The Reader: cache first, network second. Used by the app and by ``tazreader sync``.

The app asks ``cached_article``/``cached_listing`` first (instant, from SQLite), shows what
it gets, and then awaits ``article``/``listing`` to refresh a missing or stale copy. The
network is only used when the cached copy is missing, older than its freshness window
(articles 1 day, listings 5 minutes) or ``refresh=True``; requests are conditional, so an
unchanged page costs a 304 that renews the cached copy's freshness. When the network fails,
the previous good copy comes back with ``problem`` saying so; a failed fetch never stores
anything. No Textual here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Generic, Literal, TypeVar

from tazreader.store import CachedPage, Store
from tazreader.taz.client import FetchResult, TazClient, site_url
from tazreader.taz.errors import ParseError
from tazreader.taz.models import Article, Listing, PageKind
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tazreader.taz.urls import DEFAULT_BASE, BadUrl, TazUrl, normalise_base, parse_url, search_url

T = TypeVar("T")

Outcome = Literal["fetched", "unchanged", "cached", "failed"]


@dataclass(frozen=True)
class Fetched(Generic[T]):
    """A value and where it came from; ``problem`` is a sentence for the status line."""

    value: T
    fetched_at: datetime  # when the copy was fetched (aware UTC)
    from_cache: bool
    stale: bool  # older than its freshness window
    problem: str | None = None  # e.g. "offline — cached copy from 26.11. 14:03"


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
    fetched: int  # articles fetched and stored
    unchanged: int  # lists and articles the server answered with 304
    failed: list[tuple[str, str]]  # (url, reason) for lists and articles
    lists: int  # lists loaded
    cached: int = 0  # listed articles already fresh in the cache (not requested)
    planned: int = 0  # articles requested


def local_time(when: datetime) -> str:
    """``26.11. 14:03`` in the user's local time zone (``26.11.2025 14:03`` if not this year)."""
    local = when.astimezone()
    if local.year != datetime.now().astimezone().year:
        return local.strftime("%d.%m.%Y %H:%M")
    return local.strftime("%d.%m. %H:%M")


def _age(fetched_at: datetime) -> timedelta:
    return datetime.now(UTC) - fetched_at


class Reader:
    """Cache-first access to taz: see the module docstring."""

    ARTICLE_FRESH = timedelta(days=1)
    LISTING_FRESH = timedelta(minutes=5)

    def __init__(
        self,
        store: Store,
        client: TazClient | None,
        *,
        base_url: str = DEFAULT_BASE,
        offline: bool = False,
    ) -> None:
        self.store = store
        self.client = client
        self.base_url = normalise_base(base_url)
        self.offline = offline or client is None

    # -- URLs --------------------------------------------------------------------------

    def _parse(self, url: str) -> TazUrl:
        return site_url(url, self.base_url)

    def _offline_error(self, url: str) -> TazClient.Offline:
        return TazClient.Offline(
            f"Not in the offline cache (offline mode, nothing is fetched): {url}", url=url
        )

    @staticmethod
    def _problem(error: TazClient.Error, fetched_at: datetime) -> str:
        when = local_time(fetched_at)
        if isinstance(error, TazClient.Offline):
            return f"offline — cached copy from {when}"
        return f"{error.message} (cached copy from {when})"

    def reparse_cached(self) -> int:
        """Re-parse, from their kept raw pages, articles cached by an older parser version.

        No network; quick when nothing is stale. Run it off the UI thread: after a parser
        upgrade it touches every cached article once.
        """
        return self.store.reparse_stale(
            PARSER_VERSION, lambda body, url: parse_article(body, url, self.base_url)
        )

    # -- cache only --------------------------------------------------------------------

    def cached_article(self, url: str) -> Fetched[Article] | None:
        """The cached article (fresh or stale), or None; never touches the network."""
        return self._cached(url, self.store.get_article, self.ARTICLE_FRESH)

    def cached_listing(self, url: str) -> Fetched[Listing] | None:
        """The cached list (fresh or stale), or None; never touches the network."""
        return self._cached(url, self.store.get_listing, self.LISTING_FRESH)

    def _cached(
        self,
        url: str,
        get: Callable[[str], tuple[T, datetime] | None],
        fresh: timedelta,
    ) -> Fetched[T] | None:
        try:
            key = self._parse(url).url
        except TazClient.Error:
            return None
        hit = get(key)
        if hit is None:
            return None
        value, fetched_at = hit
        return Fetched(value, fetched_at, True, _age(fetched_at) > fresh)

    # -- cache, then network -----------------------------------------------------------

    async def article(self, url: str, *, refresh: bool = False) -> Fetched[Article]:
        """The article: the cached copy if fresh, else fetched (conditionally) and stored.

        On a network failure a cached copy comes back with ``problem`` set; without one the
        ``TazClient.Error`` (or the ``ParseError`` of a page that is not an article) is raised.
        """
        result, _ = await self._article(url, refresh=refresh)
        return result

    async def _article(self, url: str, *, refresh: bool) -> tuple[Fetched[Article], Outcome]:
        key = self._parse(url).url
        cached = self.cached_article(key)
        if cached is not None and not cached.stale and not refresh:
            return cached, "cached"
        # The raw page is kept under the article's own URL, which may differ from the key.
        pages = (cached.value.url, key) if cached is not None else ()
        return await self._revalidate(key, cached, pages, self._store_article)

    async def _revalidate(
        self,
        key: str,
        cached: Fetched[T] | None,
        page_urls: Sequence[str],
        parse_and_store: Callable[[FetchResult], T],
    ) -> tuple[Fetched[T], Outcome]:
        """Fetch ``key`` (conditionally, with the validators of the first cached page among
        ``page_urls``), then parse and store it in a thread; a 304 renews the cached copy.

        On a network failure or an unreadable new version the cached copy comes back with
        ``problem`` set; without one the error is raised.
        """
        if self.offline or self.client is None:
            if cached is not None:
                return cached, "cached"
            raise self._offline_error(key)
        # Off the event loop: it reads and unpacks the whole raw page (for two headers).
        page = await asyncio.to_thread(self._first_page, page_urls)
        renewable = cached is not None and page is not None
        try:
            result = await self.client.fetch(
                key,
                etag=page.etag if page else None,
                last_modified=page.last_modified if page else None,
            )
            if result.not_modified and not renewable:  # a 304 we did not ask for
                result = await self.client.fetch(key)
        except TazClient.Error as exc:
            if cached is not None:
                return replace(cached, problem=self._problem(exc, cached.fetched_at)), "failed"
            raise
        if result.not_modified and cached is not None and page is not None:
            await asyncio.to_thread(self.store.touch_page, page.url, result.fetched_at)
            return Fetched(cached.value, result.fetched_at, True, False), "unchanged"
        try:
            value = await asyncio.to_thread(parse_and_store, result)
        except ParseError as exc:
            if cached is not None:
                problem = f"The new version could not be read ({exc}) — cached copy from "
                return replace(
                    cached, problem=problem + local_time(cached.fetched_at)
                ), "failed"
            raise
        return Fetched(value, result.fetched_at, False, False), "fetched"

    def _first_page(self, urls: Sequence[str]) -> CachedPage | None:
        for url in urls:
            page = self.store.get_page(url)
            if page is not None:
                return page
        return None

    def _store_article(self, result: FetchResult) -> Article:
        article = parse_article(result.body, result.url, self.base_url)
        self.store.put_article(
            article,
            raw=result.body,
            etag=result.etag,
            last_modified=result.last_modified,
            fetched_at=result.fetched_at,
            parser_version=PARSER_VERSION,
        )
        return article

    async def listing(self, url: str, *, refresh: bool = False) -> Fetched[Listing]:
        """A front page, section, tag, author, search or feed list (HTML or RSS by URL kind)."""
        result, _ = await self._listing(url, refresh=refresh)
        return result

    async def _listing(self, url: str, *, refresh: bool) -> tuple[Fetched[Listing], Outcome]:
        parsed = self._parse(url)
        key = parsed.url
        cached = self.cached_listing(key)
        if cached is not None and not cached.stale and not refresh:
            return cached, "cached"
        feed = parsed.kind is PageKind.FEED
        return await self._revalidate(
            key,
            cached,
            (key,) if cached is not None else (),
            lambda result: self._store_listing(result, key, feed),
        )

    def _store_listing(self, result: FetchResult, key: str, feed: bool) -> Listing:
        if feed:
            from tazreader.taz.parse.feed import parse_feed

            listing = parse_feed(result.body, key, self.base_url)
        else:
            from tazreader.taz.parse.listing import parse_listing

            listing = parse_listing(result.body, key, self.base_url)
        if listing.url != key:  # the cache key is the canonical URL we asked for
            listing = replace(listing, url=key)
        self.store.put_listing(
            listing,
            raw=result.body,
            etag=result.etag,
            last_modified=result.last_modified,
            content_type=result.content_type,
            fetched_at=result.fetched_at,
        )
        return listing

    async def search(self, query: str, page: int = 1) -> Fetched[Listing]:
        """taz's own search when online; the full-text search of the cache when offline."""
        url = search_url(query, page, self.base_url)
        if not self.offline and self.client is not None:
            try:
                return await self.listing(url)
            except TazClient.Error as exc:
                local = self._search_cache(query, page, url)
                if isinstance(exc, TazClient.Offline):
                    problem = "offline — results from the offline cache"
                else:
                    problem = f"{exc.message} (results from the offline cache)"
                return replace(local, problem=problem)
        return self._search_cache(query, page, url)

    def _search_cache(self, query: str, page: int, url: str) -> Fetched[Listing]:
        hits = self.store.search(query) if page <= 1 else []
        listing = Listing(
            kind="search",
            url=url,
            title=f"Suche im Offline-Archiv: {query}",
            # The hit's snippet (hits marked «…») stands in for the teaser text: it is what a
            # search result should show under its title.
            teasers=tuple(replace(h.teaser, teaser=h.snippet) if h.snippet else h.teaser
                          for h in hits),
            total=len(hits),
            extra={"source": "cache"},
        )
        return Fetched(listing, datetime.now(UTC), True, False)

    # -- sync --------------------------------------------------------------------------

    async def sync(
        self,
        list_urls: Sequence[str],
        *,
        articles: int | None = None,
        on_progress: Callable[[SyncEvent], None] | None = None,
    ) -> SyncReport:
        """Fetch the lists, then every listed article that is not cached (or stale).

        ``articles`` caps the articles taken from each list. Articles are fetched
        concurrently; the client's semaphore bounds the requests.
        """
        if self.offline or self.client is None:
            raise TazClient.Offline("Sync needs the network, but tazreader is in offline mode")
        emit = on_progress or (lambda event: None)
        state = _SyncState()
        wanted: dict[str, str] = {}  # article id -> url, in list order
        for url in list_urls:
            try:
                got, outcome = await self._listing(url, refresh=True)
            except (TazClient.Error, ParseError) as exc:
                state.failed.append((url, str(exc)))
                emit(SyncEvent("list", url, 0, 0, "failed", str(exc)))
                continue
            if outcome == "failed":
                state.failed.append((url, got.problem or "failed"))
            else:
                state.lists += 1
                state.unchanged += outcome == "unchanged"
            emit(SyncEvent("list", url, 0, 0, outcome, got.problem))
            taken = 0
            for teaser in got.value.teasers:
                if articles is not None and taken >= articles:
                    break
                try:
                    parsed = parse_url(teaser.url, self.base_url)
                except BadUrl:
                    continue
                if parsed.kind is not PageKind.ARTICLE or parsed.id is None:
                    continue
                taken += 1
                wanted.setdefault(parsed.id, parsed.url)
        todo: list[str] = []
        for url in wanted.values():
            cached = self.cached_article(url)
            if cached is not None and not cached.stale:
                state.cached += 1
            else:
                todo.append(url)
        total = len(todo)
        emit(SyncEvent("plan", "", 0, total))
        limit = asyncio.Semaphore(self.client.max_concurrency)

        async def one(url: str) -> None:
            async with limit:
                try:
                    got, outcome = await self._article(url, refresh=True)
                    message = got.problem
                except (TazClient.Error, ParseError) as exc:
                    outcome, message = "failed", str(exc)
            if outcome == "fetched":
                state.fetched += 1
            elif outcome == "unchanged":
                state.unchanged += 1
            elif outcome == "failed":
                state.failed.append((url, message or "failed"))
            state.done += 1
            emit(SyncEvent("article", url, state.done, total, outcome, message))

        await asyncio.gather(*(one(url) for url in todo))
        return SyncReport(
            fetched=state.fetched,
            unchanged=state.unchanged,
            failed=state.failed,
            lists=state.lists,
            cached=state.cached,
            planned=total,
        )


@dataclass
class _SyncState:
    fetched: int = 0
    unchanged: int = 0
    cached: int = 0
    lists: int = 0
    done: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
