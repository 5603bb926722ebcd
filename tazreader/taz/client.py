"""TazClient: the one way tazreader talks to taz.de (or a mirror).

A small class around one reused ``httpx.AsyncClient`` that is polite (a named User-Agent,
at most ``max_concurrency`` requests at once, backoff that honours ``Retry-After``) and
careful (a size cap enforced while streaming, redirects only within the site, a page cut off
mid-transfer is an error and never half a page). Every failure becomes one of the
``TazClient.Error`` subclasses, raised ``from`` the httpx error, whose ``str()`` is a sentence
a reader understands.
"""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime
from types import TracebackType
from typing import Self
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from tazreader.i18n import _
from tazreader.taz.decoding import ACCEPT_ENCODING, CodingError, Decoder, Oversize
from tazreader.taz.headers import etag as usable_etag
from tazreader.taz.headers import last_modified as usable_date
from tazreader.taz.headers import one_line, retry_after_seconds, shown
from tazreader.taz.models import PageKind
from tazreader.taz.transfer import (
    PICTURE_TYPES,
    USER_AGENT,
    FetchResult,
    host_of,
    is_picture,
    looks_like_markup,
    reason,
    too_large,
)
from tazreader.taz.urls import (
    DEFAULT_BASE,
    TAZ_HOSTS,
    BadUrl,
    TazUrl,
    browser_form,
    normalise_base,
    parse_url,
    rebase,
)

__all__ = [
    "DEFAULT_DEADLINE", "DEFAULT_TIMEOUT", "MAX_REDIRECTS", "USER_AGENT", "FetchResult",
    "TazClient", "retry_after_seconds", "site_url",
]

MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)  # for each connect, read, write
DEFAULT_DEADLINE = 25.0  # seconds for a whole request, retries included
_ACCEPTED_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/rss+xml",
                             "application/atom+xml", "application/xml", "text/xml"})
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml;q=0.9,application/xml;q=0.9,"
    "text/xml;q=0.8"
)
_ACCEPT_PICTURE = "image/webp,image/jpeg,image/png;q=0.9,image/gif;q=0.5"



class _Retry(Exception):
    """One attempt failed in a way worth trying again (internal)."""

    def __init__(self, error: TazClient.Error, wait: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.wait = wait  # from Retry-After, else None (use backoff)


class TazClient:
    """Fetch taz pages: ``await client.fetch(url, etag=…, last_modified=…)``.

    ``http`` may be injected (tests, or an app that shares one); an injected client is not
    closed by :meth:`aclose`. Timeouts, the User-Agent and manual redirects are applied per
    request, so they hold for an injected client too. ``timeout`` bounds each connect and
    read; ``deadline`` (seconds) the whole request, retries and their waits included.
    """

    class Error(Exception):
        """Base of all client errors; ``str(e)`` / ``e.message`` is for the reader."""

        def __init__(self, message: str, *, url: str | None = None) -> None:
            message = one_line(message)  # it may quote a server: never a control character
            super().__init__(message)
            self.message = message
            self.url = url

    class Offline(Error):
        """No connection: refused, DNS, timeouts (after retries)."""

    class NotFound(Error):
        """404 / 410."""

    class ServerError(Error):
        """5xx or 429 after retries, or a page cut off mid-transfer."""

    class TooLarge(Error):
        """The page is bigger than ``max_bytes``."""

    class NotTaz(Error):
        """Not a taz page: redirect off the site, not HTML/XML, garbage, not a taz URL."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE,
        *,
        http: httpx.AsyncClient | None = None,
        max_concurrency: int = 4,
        retries: int = 3,
        timeout: httpx.Timeout | None = None,
        max_bytes: int = 5_000_000,
        backoff: float = 0.5,
        max_retry_wait: float = 30.0,
        deadline: float | None = None,
    ) -> None:
        self.base_url = normalise_base(base_url)
        self._base_parts = urlsplit(self.base_url)
        self.timeout = timeout or DEFAULT_TIMEOUT
        self.retries = max(0, retries)
        self.max_bytes = max_bytes
        self.backoff = backoff
        self.max_retry_wait = max_retry_wait
        # One attempt, redirects included, may take this long even if bytes keep trickling.
        self.deadline = DEFAULT_DEADLINE if deadline is None else max(0.001, deadline)
        self.max_concurrency = max(1, max_concurrency)
        self._semaphore = asyncio.Semaphore(self.max_concurrency)
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(
            timeout=self.timeout,
            headers={"User-Agent": USER_AGENT},
            follow_redirects=False,
            limits=httpx.Limits(max_connections=self.max_concurrency * 2),
        )
        self._host = shown(self._base_parts.netloc)  # how the site is named in messages

    # -- lifecycle ---------------------------------------------------------------------

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # -- public ------------------------------------------------------------------------

    async def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None,
        picture: bool = False,
    ) -> FetchResult:
        """GET a taz page (conditional if ``etag``/``last_modified`` are given), or with
        ``picture`` one of its pictures (same rules: on the site, size cap, one deadline; the
        body must be a picture, as its type says and its first bytes show).

        Returns status 200 with the body, or 304 with ``b""``. Raises ``TazClient.Error``.
        """
        target = self._request_url(url)
        headers = {
            "User-Agent": USER_AGENT,
            "Accept": _ACCEPT_PICTURE if picture else _ACCEPT,
            "Accept-Language": "de",
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        # A validator that is no validator (an older cache kept it) is not sent: it could not
        # be, or it would be nonsense; the next good response replaces it.
        etag, last_modified = usable_etag(etag), usable_date(last_modified)
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        # One deadline for the whole request: attempts, redirects and the waits between
        # attempts (not the wait for a free slot). A page that does not arrive in time is
        # not asked for again: a server that drips its pages would only hold a slot longer.
        loop = asyncio.get_running_loop()
        left = self.deadline
        attempt = 0
        while True:
            try:
                async with self._semaphore:
                    started = loop.time()
                    try:
                        async with asyncio.timeout(left):
                            return await self._attempt(target, headers, picture)
                    except TimeoutError as exc:
                        raise self._too_slow(target) from exc
                    finally:
                        left -= loop.time() - started
            except _Retry as retry:
                wait = retry.wait
                if wait is None:
                    wait = self.backoff * (2**attempt) * random.uniform(0.5, 1.5)
                wait = min(wait, self.max_retry_wait)
                if attempt >= self.retries or wait >= left:
                    raise retry.error from retry.__cause__
                await asyncio.sleep(wait)
                left -= wait
                attempt += 1

    # -- internals ---------------------------------------------------------------------

    def _too_slow(self, url: str) -> TazClient.Offline:
        return TazClient.Offline(
            _("{host} is too slow: the page took longer than {secs:g} s — offline?").format(
                host=self._host, secs=self.deadline
            ),
            url=url,
        )

    def _request_url(self, url: str) -> str:
        return site_url(url, self.base_url).url

    def _on_site(self, url: str) -> str | None:
        """``url`` moved onto the base if it is on the site, else None."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
            return None  # user info: another site, as for links (taz.de:443@evil.com)
        if parts.netloc.lower() == self._base_parts.netloc.lower():
            return url
        if parts.hostname.lower() in TAZ_HOSTS:
            if (self._base_parts.hostname or "").lower() in TAZ_HOSTS:
                return url
            # A mirror stays a mirror: taz.de/x -> mirror/x
            path = self._base_parts.path + parts.path
            return urlunsplit(
                (self._base_parts.scheme, self._base_parts.netloc, path, parts.query, "")
            )
        return None

    async def _attempt(
        self, url: str, headers: dict[str, str], picture: bool = False
    ) -> FetchResult:
        seen = {url}
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                async with self._http.stream(
                    "GET", url, headers=headers, timeout=self.timeout, follow_redirects=False
                ) as resp:
                    if resp.status_code in _REDIRECTS:
                        url = self._redirect_target(resp, url, seen)
                        continue
                    conditional = "If-None-Match" in headers or "If-Modified-Since" in headers
                    return await self._read(resp, url, conditional=conditional,
                                            picture=picture)
            except httpx.TimeoutException as exc:
                secs = self._timeout_seconds(exc)
                raise _Retry(
                    TazClient.Offline(
                        _("{host} did not answer in {secs} — offline?").format(
                            host=self._host, secs=secs
                        ),
                        url=url,
                    )
                ) from exc
            except httpx.RemoteProtocolError as exc:
                if isinstance(exc.__context__, httpx.InvalidURL):  # httpx read a bad Location
                    raise TazClient.NotTaz(
                        _("{host} redirected to an address that is no address — "
                          "not following it").format(host=self._host),
                        url=url,
                    ) from exc
                raise _Retry(
                    TazClient.ServerError(
                        _(
                            "{host} broke off the page mid-transfer "
                            "(the connection closed early) — try again later"
                        ).format(host=self._host),
                        url=url,
                    )
                ) from exc
            except httpx.ConnectError as exc:
                raise _Retry(
                    TazClient.Offline(
                        _("Could not connect to {host} — offline? ({why})").format(
                            host=self._host, why=reason(exc)
                        ),
                        url=url,
                    )
                ) from exc
            except httpx.NetworkError as exc:
                raise _Retry(
                    TazClient.Offline(
                        _("The connection to {host} failed — offline? ({why})").format(
                            host=self._host, why=reason(exc)
                        ),
                        url=url,
                    )
                ) from exc
            except (httpx.InvalidURL, UnicodeError) as exc:  # an address httpx cannot use
                raise TazClient.NotTaz(
                    _("Not a usable address: {url} ({why})").format(url=url, why=reason(exc)),
                    url=url,
                ) from exc
            except httpx.HTTPError as exc:
                raise TazClient.Error(
                    _("Could not load the page from {host}: {why}").format(
                        host=self._host, why=reason(exc)
                    ),
                    url=url,
                ) from exc
        raise TazClient.NotTaz(
            _("{host} redirected more than {n} times — giving up").format(
                host=self._host, n=MAX_REDIRECTS
            ),
            url=url,
        )

    def _timeout_seconds(self, exc: httpx.TimeoutException) -> str:
        if isinstance(exc, httpx.ConnectTimeout):
            value = self.timeout.connect
        elif isinstance(exc, httpx.WriteTimeout):
            value = self.timeout.write
        elif isinstance(exc, httpx.PoolTimeout):
            value = self.timeout.pool
        else:
            value = self.timeout.read
        if value is None:
            return _("time")
        return _("{secs:g} s").format(secs=value)

    def _redirect_target(self, resp: httpx.Response, url: str, seen: set[str]) -> str:
        location = resp.headers.get("location")
        if not location:
            raise TazClient.Error(
                _("{host} sent a redirect without a target (HTTP {status})").format(
                    host=self._host, status=resp.status_code
                ),
                url=url,
            )
        try:
            target = self._on_site(urljoin(url, browser_form(location.strip())))
        except ValueError:  # "http://[::1" and the like
            target = None
        if target is None:
            raise TazClient.NotTaz(
                _("{host} redirected to another site ({target}) — not following it").format(
                    host=self._host, target=host_of(location)
                ),
                url=url,
            )
        if target in seen:
            raise TazClient.NotTaz(
                _("{host} redirects in a circle — giving up").format(host=self._host), url=url
            )
        seen.add(target)
        return target

    async def _read(
        self, resp: httpx.Response, url: str, *, conditional: bool, picture: bool = False
    ) -> FetchResult:
        status = resp.status_code
        fetched_at = datetime.now(UTC)
        etag = usable_etag(resp.headers.get("etag"))
        last_modified = usable_date(resp.headers.get("last-modified"))
        content_type = resp.headers.get("content-type", "")
        final = rebase(url, self.base_url)
        if status == 304:
            if not conditional:  # "your copy is still good" — but there is no copy
                raise TazClient.ServerError(
                    _("{host} answered HTTP 304 Not Modified, but tazreader had no copy of "
                      "the page to keep: {page}").format(host=self._host, page=final),
                    url=url,
                )
            return FetchResult(final, 304, b"", etag, last_modified, content_type, fetched_at)
        if status in (404, 410):
            raise TazClient.NotFound(
                _("This page does not exist on {host} (HTTP {status}): {page}").format(
                    host=self._host, status=status, page=final
                ),
                url=url,
            )
        if status == 429:
            wait = retry_after_seconds(resp.headers.get("retry-after"))
            raise _Retry(
                TazClient.ServerError(
                    _("{host} asks us to slow down (HTTP 429) — try again in a minute").format(
                        host=self._host
                    ),
                    url=url,
                ),
                wait,
            )
        if status >= 500:
            wait = retry_after_seconds(resp.headers.get("retry-after"))
            raise _Retry(
                TazClient.ServerError(
                    _("{host} has a problem (HTTP {status}) — try again later").format(
                        host=self._host, status=status
                    ),
                    url=url,
                ),
                wait,
            )
        if status != 200:
            raise TazClient.Error(
                _("{host} refused the page (HTTP {status}): {page}").format(
                    host=self._host, status=status, page=final
                ),
                url=url,
            )
        mime = content_type.split(";", 1)[0].strip().lower()
        if picture and mime not in PICTURE_TYPES:
            raise TazClient.NotTaz(
                _("{page} is not a picture ({type})").format(page=final, type=shown(mime, 60)),
                url=url,
            )
        if mime and not picture and mime not in _ACCEPTED_TYPES:
            raise TazClient.NotTaz(
                _("{page} is not a web page ({type}) — open it in a browser").format(
                    page=final, type=shown(mime, 60)
                ),
                url=url,
            )
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise TazClient.TooLarge(self._too_large(final, int(declared)), url=url)
        body = await self._body(resp, final, url)
        if not body:
            raise TazClient.NotTaz(
                _("{host} sent an empty page for {page}").format(host=self._host, page=final),
                url=url,
            )
        if picture and not is_picture(mime, body):
            raise TazClient.NotTaz(
                _("{host} sent something that is not a picture for {page}").format(
                    host=self._host, page=final
                ),
                url=url,
            )
        if not picture and not looks_like_markup(body):
            raise TazClient.NotTaz(
                _("{host} sent something that is not a taz page for {page}").format(
                    host=self._host, page=final
                ),
                url=url,
            )
        return FetchResult(
            final, 200, body, etag, last_modified, content_type or "text/html", fetched_at
        )

    async def _body(self, resp: httpx.Response, final: str, url: str) -> bytes:
        """The body, its content codings undone as it arrives; the size cap holds for the raw
        and for the decoded bytes, so a small body that unpacks to gigabytes stops at the cap."""
        try:
            decoder = Decoder(resp.headers.get("content-encoding"), self.max_bytes)
        except CodingError as exc:
            raise TazClient.NotTaz(
                _("{host} sent {page} in a form tazreader cannot read: {why}").format(
                    host=self._host, page=final, why=exc
                ),
                url=url,
            ) from exc
        chunks: list[bytes] = []
        raw_size = 0
        try:
            async for raw in resp.aiter_raw():
                raw_size += len(raw)
                if raw_size > self.max_bytes:
                    raise TazClient.TooLarge(self._too_large(final, None), url=url)
                chunks += decoder.feed(raw)
            chunks += decoder.finish()
        except Oversize as exc:
            raise TazClient.TooLarge(self._too_large(final, None), url=url) from exc
        except CodingError as exc:
            raise TazClient.ServerError(
                _("{host} sent a damaged page for {page}: {why}").format(
                    host=self._host, page=final, why=exc
                ),
                url=url,
            ) from exc
        return b"".join(chunks)

    def _too_large(self, url: str, size: int | None) -> str:
        return too_large(url, size, self.max_bytes)


def site_url(url: str, base: str) -> TazUrl:
    """``url`` recognised as a page of the site at ``base``; anything else is NotTaz."""
    try:
        parsed = parse_url(url, base)
    except BadUrl as exc:
        raise TazClient.NotTaz(_("Not a taz.de address: {why}").format(why=exc), url=url) from exc
    if parsed.kind is PageKind.EXTERNAL:
        raise TazClient.NotTaz(_("Not a taz.de address: {url}").format(url=url), url=url)
    return parsed
