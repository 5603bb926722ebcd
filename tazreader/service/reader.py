"""The Reader: cache first, network second — the app's and the commands' one way to both.

``cached(source)`` / ``cached_article(url)`` answer from SQLite at once, without the network
(and without loading httpx or the parsers: start-up stays short). ``fetch(source)`` /
``fetch_article(url)`` then refresh a missing or stale copy: the network is used only when the
cached copy is missing, older than its freshness window (articles 1 day, lists 5 minutes) or
``refresh=True``; requests are conditional, so an unchanged page costs a 304 that renews the
copy's freshness. When the network fails the previous good copy comes back with ``problem``
saying so; a failed fetch never stores anything. Every failure is a :class:`ReaderError`.
No Textual here.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from tazreader.i18n import _
from tazreader.service.errors import (
    NotFoundError,
    OfflineError,
    ReaderError,
    UnreadableError,
    as_reader_error,
    is_reader_failure,
)
from tazreader.service.results import Fetched, ListPage, Outcome, T, local_time
from tazreader.service.sources import LocalList, Search, Source, listing_title
from tazreader.service.state import ReaderState
from tazreader.store import CachedPage, Store
from tazreader.taz.models import Article, Listing, PageKind
from tazreader.taz.urls import DEFAULT_BASE, BadUrl, TazUrl, normalise_base, parse_url, search_url

if TYPE_CHECKING:
    from tazreader.service.versions import Versions
    from tazreader.taz.client import FetchResult, TazClient

ClientFactory = Callable[[], "TazClient"]


def _age(fetched_at: datetime) -> timedelta:
    return datetime.now(UTC) - fetched_at


class Reader:
    """Cache-first access to taz: see the module docstring."""

    Error = ReaderError
    Offline = OfflineError
    NotFound = NotFoundError
    Unreadable = UnreadableError

    ARTICLE_FRESH = timedelta(days=1)
    LISTING_FRESH = timedelta(minutes=5)

    def __init__(
        self,
        store: Store,
        client: TazClient | None = None,
        *,
        base_url: str = DEFAULT_BASE,
        offline: bool = False,
        client_factory: ClientFactory | None = None,
    ) -> None:
        """``client`` (ready) or ``client_factory`` (called once, in a thread, when the network
        is first needed: it loads httpx); with neither, or ``offline``, nothing is fetched."""
        self.store = store
        self.base_url = normalise_base(base_url)
        self._client = client
        self._client_factory = client_factory
        self._client_lock: asyncio.Lock | None = None
        self.offline = offline or (client is None and client_factory is None)
        # Told when the store says something new (a damaged cache set aside, mid-session too).
        self.on_notice: Callable[[str], None] | None = None
        self._notice = store.notice
        self.state = ReaderState(store, self._check_notice)

    @functools.cached_property
    def versions(self) -> Versions:
        """The versions of articles the cache kept (made when first wanted: the start does
        without them and the text comparison they load)."""
        from tazreader.service.versions import Versions

        return Versions(self.store, self.base_url, self._check_notice)

    # -- the network side ------------------------------------------------------------------

    async def client(self) -> TazClient:
        """The HTTP client, built on first use (in a thread: it imports httpx)."""
        if self.offline:
            raise OfflineError(_("Offline mode: nothing is fetched."))
        if self._client is not None:
            return self._client
        if self._client_lock is None:
            self._client_lock = asyncio.Lock()
        async with self._client_lock:
            if self._client is None:
                factory = self._client_factory
                assert factory is not None  # not offline
                try:
                    self._client = await asyncio.to_thread(factory)
                except Exception as exc:
                    if not is_reader_failure(exc):
                        raise
                    raise as_reader_error(exc) from exc
            return self._client

    async def aclose(self) -> None:
        """Close the HTTP client, if one was built."""
        if self._client is not None:
            await self._client.aclose()

    @property
    def notice(self) -> str | None:
        """What the store has to say (a damaged cache set aside), or None."""
        return self.store.notice

    def _check_notice(self) -> None:
        notice = self.store.notice
        if notice and notice != self._notice:
            self._notice = notice
            if self.on_notice is not None:
                self.on_notice(notice)

    def _offline_error(self, url: str) -> OfflineError:
        return OfflineError(
            _("Not in the offline cache (offline mode, nothing is fetched): {url}").format(
                url=url), url=url
        )

    def _key(self, url: str) -> TazUrl:
        """``url`` as a page of the site (the cache key); anything else is a ReaderError."""
        try:
            parsed = parse_url(url, self.base_url)
        except BadUrl as exc:
            raise ReaderError(_("Not a taz.de address: {why}").format(why=exc), url=url) from exc
        if parsed.kind is PageKind.EXTERNAL:
            raise ReaderError(_("Not a taz.de address: {why}").format(why=url), url=url)
        return parsed

    # -- lists -----------------------------------------------------------------------------

    def cached(self, source: Source) -> ListPage | None:
        """The list from the cache alone (None if it was never loaded); the reader's own
        lists (bookmarks, history, offline) are always there."""
        if isinstance(source, LocalList):
            teasers = self.state.local_list(source.name)
            return ListPage(source, source.title(self.base_url), tuple(teasers))
        if isinstance(source, Search):
            return None  # searched anew each time (offline: in the cache's full-text index)
        hit = self.cached_listing(source.url(self.base_url))
        return None if hit is None else self._page(source, hit)

    async def fetch(self, source: Source, *, refresh: bool = False) -> ListPage:
        """The list, refreshed from the network when stale (or ``refresh``)."""
        if isinstance(source, LocalList):
            page = self.cached(source)
            assert page is not None
            return page
        if isinstance(source, Search):
            return self._page(
                source, await self.search(source.query, source.page, source.options)
            )
        return self._page(source, await self.listing(source.url(self.base_url), refresh=refresh))

    async def fetch_more(self, page: ListPage) -> ListPage:
        """The list's further page (``page.next_url``), as a page of the same source."""
        if page.next_url is None:
            raise ReaderError(_("This list has no further page."))
        return self._page(page.source, await self.listing(page.next_url))

    def _page(self, source: Source, got: Fetched[Listing]) -> ListPage:
        listing = got.value
        return ListPage(
            source,
            listing_title(source, listing, self.base_url),
            listing.teasers,
            got.fetched_at,
            got.from_cache,
            got.stale,
            got.problem,
            listing.next_url if isinstance(source, Search) else None,
            listing.url,
        )

    def cached_listing(self, url: str) -> Fetched[Listing] | None:
        return self._cached(url, self.store.get_listing, self.LISTING_FRESH)

    # -- articles --------------------------------------------------------------------------

    def cached_article(self, url: str, *, comments: bool = True) -> Fetched[Article] | None:
        """The cached article (fresh or stale), or None; never touches the network.
        ``comments=False``: without reading the readers' comments again from the saved page
        (``Comments.in_page`` counts them), for a look at what is cached."""
        return self._cached(url, functools.partial(self.store.get_article, comments=comments),
                            self.ARTICLE_FRESH)

    async def fetch_article(self, url: str, *, refresh: bool = False) -> Fetched[Article]:
        """The article: the cached copy if fresh, else fetched (conditionally) and stored.

        On a network failure a cached copy comes back with ``problem`` set; without one a
        ReaderError is raised (``Reader.Offline`` when there is no network).
        """
        result, _outcome = await self.load_article(url, refresh=refresh)
        return result

    def _cached(
        self,
        url: str,
        get: Callable[[str], tuple[T, datetime] | None],
        fresh: timedelta,
    ) -> Fetched[T] | None:
        try:
            key = self._key(url).url
        except ReaderError:
            return None
        with self._failures(url):
            hit = get(key)
        if hit is None:
            return None
        value, fetched_at = hit
        return Fetched(value, fetched_at, True, _age(fetched_at) > fresh)

    async def load_article(self, url: str, *, refresh: bool) -> tuple[Fetched[Article], Outcome]:
        """:meth:`fetch_article`, and what it took: fetched, unchanged (304), cached, failed."""
        key = self._key(url).url
        cached: Fetched[Article] | None = self.cached_article(key)
        if cached is not None and not cached.stale and not refresh:
            return cached, "cached"
        # The raw page is kept under the article's own URL, which may differ from the key.
        pages = (cached.value.url, key) if cached is not None else ()
        return await self._revalidate(key, cached, pages, self._store_article)

    async def listing(self, url: str, *, refresh: bool = False) -> Fetched[Listing]:
        """A front page, section, tag, author, search or feed list (HTML or RSS by URL kind)."""
        result, _outcome = await self.load_listing(url, refresh=refresh)
        return result

    async def load_listing(self, url: str, *, refresh: bool) -> tuple[Fetched[Listing], Outcome]:
        """:meth:`listing`, and what it took (see :meth:`load_article`)."""
        parsed = self._key(url)
        key = parsed.url
        cached: Fetched[Listing] | None = self.cached_listing(key)
        if cached is not None and not cached.stale and not refresh:
            return cached, "cached"
        return await self._revalidate(
            key,
            cached,
            (key,) if cached is not None else (),
            lambda result: self._store_listing(result, key),
        )

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
        if self.offline:
            if cached is not None:
                return cached, "cached"
            raise self._offline_error(key)
        from tazreader.taz.client import TazClient
        from tazreader.taz.errors import ParseError

        with self._failures(key):
            client = await self.client()
            # Off the event loop: it reads and unpacks the whole raw page (for two headers).
            page = await asyncio.to_thread(self._first_page, page_urls)
        try:
            result = await client.fetch(
                key,
                etag=page.etag if page else None,
                last_modified=page.last_modified if page else None,
            )
        except TazClient.Error as exc:
            if cached is not None:
                return replace(cached, problem=self._problem(exc, cached.fetched_at)), "failed"
            raise as_reader_error(exc, key) from exc
        with self._failures(key):
            if result.not_modified and cached is not None and page is not None:
                await asyncio.to_thread(self.store.touch_page, page.url, result.fetched_at)
                return Fetched(cached.value, result.fetched_at, True, False), "unchanged"
            try:
                value = await asyncio.to_thread(parse_and_store, result)
            except ParseError as exc:
                if cached is not None:
                    problem = _("The new version could not be read ({why}) — cached copy from "
                                "{time}").format(why=exc, time=local_time(cached.fetched_at))
                    return replace(cached, problem=problem), "failed"
                raise UnreadableError(str(exc), url=key, body=result.body) from exc
        return Fetched(value, result.fetched_at, False, False), "fetched"

    @staticmethod
    def _problem(error: TazClient.Error, fetched_at: datetime) -> str:
        from tazreader.taz.client import TazClient

        when = local_time(fetched_at)
        if isinstance(error, TazClient.Offline):
            return _("offline — cached copy from {time}").format(time=when)
        return _("{why} (cached copy from {time})").format(why=error.message, time=when)

    @contextlib.contextmanager
    def _failures(self, url: str | None = None) -> Iterator[None]:
        """The store's and the parser's failures become a ReaderError raised from them; the
        store's news is passed on either way."""
        try:
            yield
        except Exception as exc:
            if isinstance(exc, ReaderError) or not is_reader_failure(exc):
                raise
            raise as_reader_error(exc, url) from exc
        finally:
            self._check_notice()

    def _first_page(self, urls: Sequence[str]) -> CachedPage | None:
        for url in urls:
            page = self.store.get_page(url)
            if page is not None:
                return page
        return None

    def _store_article(self, result: FetchResult) -> Article:
        """The article as fetched (the reader's, a reload's and a sync's one way in): its text
        no longer the text kept, the version kept is kept too (``revise``, see
        :mod:`tazreader.store.revisions`)."""
        from tazreader.taz.parse.article import PARSER_VERSION, parse_article

        article = parse_article(result.body, result.url, self.base_url)
        self.store.put_article(
            article,
            raw=result.body,
            etag=result.etag,
            last_modified=result.last_modified,
            fetched_at=result.fetched_at,
            parser_version=PARSER_VERSION,
            revise=True,
        )
        return article

    def _store_listing(self, result: FetchResult, key: str) -> Listing:
        from tazreader.taz.parse.dispatch import parse_list

        listing = parse_list(result.body, key, self.base_url)
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

    # -- pictures --------------------------------------------------------------------------

    async def picture(self, article_id: str, url: str) -> bytes:
        """The picture ``url`` (``/picture/<id>/<width>/<name>``) of an article, its bytes as
        served: from the cache when a copy of that picture at least that wide is there, else
        fetched and kept with the article; offline, or when the network fails, any size of it
        the cache has."""
        from tazreader.store.pictures import picture_width

        with self._failures(url):
            cached = await asyncio.to_thread(self.store.picture, article_id, url,
                                             wide=picture_width(url) or 1)
        if cached is not None:
            return cached.body
        if self.offline:
            return await self._any_size(article_id, url, self._offline_error(url))
        from tazreader.taz.client import TazClient

        with self._failures(url):
            client = await self.client()
        try:
            result = await client.fetch(url, picture=True)
        except TazClient.Error as exc:
            return await self._any_size(article_id, url, as_reader_error(exc, url), exc)
        with self._failures(url):
            await asyncio.to_thread(self.store.put_picture, url, article_id, result.body,
                                    result.content_type, result.fetched_at)
        return result.body

    async def _any_size(
        self, article_id: str, url: str, error: ReaderError, cause: BaseException | None = None
    ) -> bytes:
        """The picture ``url`` in any width the cache has; else ``error`` is raised."""
        with self._failures():
            cached = await asyncio.to_thread(self.store.picture, article_id, url)
        if cached is None:
            raise error from cause
        return cached.body

    # -- search ----------------------------------------------------------------------------

    async def search(
        self, query: str, page: int = 1, options: tuple[tuple[str, str], ...] = ()
    ) -> Fetched[Listing]:
        """taz's own search (with taz's search ``options``) when online; the full-text search of
        the cache when offline."""
        url = search_url(query, page, self.base_url, options)
        if not self.offline:
            try:
                return await self.listing(url)
            except ReaderError as exc:
                if not _from_network(exc):
                    raise  # a page that is no search page: not the network's fault
                local = await self._search_cache(query, page, url)
                if isinstance(exc, OfflineError):
                    problem = _("offline — results from the offline cache")
                else:
                    problem = _("{why} (results from the offline cache)").format(
                        why=exc.message)
                return replace(local, problem=problem)
        return await self._search_cache(query, page, url)

    async def _search_cache(self, query: str, page: int, url: str) -> Fetched[Listing]:
        # In a thread: a few ms, but a damaged index found here is rebuilt first (~1 ms an
        # article), and the event loop must not wait for that.
        with self._failures(url):
            hits = await asyncio.to_thread(self.store.search, query) if page <= 1 else []
        listing = Listing(
            kind=PageKind.SEARCH,
            url=url,
            title=_("Search of the offline archive: {query}").format(query=query),
            # The hit's snippet (hits marked «…») stands in for the teaser text: it is what a
            # search result should show under its title.
            teasers=tuple(replace(h.teaser, teaser=h.snippet) if h.snippet else h.teaser
                          for h in hits),
            total=len(hits),
            from_cache_index=True,
        )
        return Fetched(listing, datetime.now(UTC), True, False)

    # -- upkeep ----------------------------------------------------------------------------

    def reparse_article(self, url: str) -> bool:
        """The cached article at ``url`` read again from its kept page if an older parser read
        it (:mod:`tazreader.service.upkeep`, for one article: ``tazreader dump``); True if it
        was."""
        from tazreader.service import upkeep

        try:
            key = self._key(url).url
        except ReaderError:
            return False
        with self._failures(url):
            return upkeep.reparse_one(self.store, self.base_url, key)

    def reparse_cached(self) -> int:
        """The cache's upkeep after start (:mod:`tazreader.service.upkeep`): re-parse, from
        their kept raw pages, articles cached by an older parser version; put articles not yet
        in the search index into it; pack pages of an older cache format anew. Returns how
        many articles were re-parsed.

        No network; quick when nothing is to do. Run it off the UI thread: after a parser
        upgrade or a format change it touches every cached article once, in short batches
        (readers never wait for them).
        """
        from tazreader.service import upkeep

        with self._failures():
            return upkeep.run(self.store, self.base_url)


def _from_network(error: ReaderError) -> bool:
    """True when the network (not the page, not the cache) failed."""
    from tazreader.taz.client import TazClient

    return isinstance(error, OfflineError) or isinstance(error.__cause__, TazClient.Error)
