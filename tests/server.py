"""A real HTTP server on 127.0.0.1 that plays taz.de from tests/fixtures, with faults on demand.

The serving core (port 0 in a background thread, taz URL paths to pages, ETag/304, start/stop)
is the sample edition's :class:`tazreader.sample.site.LocalSite`; this subclass adds faults,
routes, a request log and concurrency counters. It works the same from sync and async tests.
What it serves, by taz URL path:

* ``/`` → ``constructed_front.html``
* an article (``/Slug/!5928990/``, ``/!5928990/``, ``/!=5928990``, ``…&s=q/``) → the fixture
  with that article id (found by scanning fixtures for ``cms-article-ID``, ``taz:title
  data-id`` and the canonical link); with ``any_article = True`` an unknown id is served as
  the real 2024 article with its id replaced (for syncs over listings whose articles we lack)
* section ``!pNNNN`` / tag ``!t`` / author ``!a`` / search ``!s=`` / feed ``;rss`` → the
  ``constructed_<kind>*.html|xml`` fixture (one named after the section or query is
  preferred: ``!s=Klima`` → ``constructed_search_klima.html``, other queries → the empty
  search page); missing → 404
* anything set with :meth:`FixtureServer.route` wins over all of that.

Every 200 carries an ``ETag`` (hash of the body) and ``Last-Modified``; conditional requests
get a 304. Faults (:meth:`FixtureServer.fault`) are set per path pattern or globally while
running. :meth:`stop` / :meth:`start` close and reopen the same port (connection refused in
between). ``requests`` logs what arrived; ``max_in_flight`` shows observed concurrency.

    with FixtureServer() as srv:
        srv.fault("/!5928990/", status=500, times=1)
        httpx.get(srv.url("/!5928990/"))      # 500, then the article
"""

from __future__ import annotations

import fnmatch
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tazreader.sample.site import (
    HTML,
    LAST_MODIFIED,
    RSS,
    Handler,
    LocalSite,
    Page,
    article_id_of,
    listing_page,
)
from tazreader.sample.site import scan_articles as _scan_articles

__all__ = [
    "FIXTURES", "HTML", "LAST_MODIFIED", "RSS", "Fault", "FixtureServer", "Request", "Route",
    "listing_fixture", "scan_articles", "serve",
]

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE_TEMPLATE = "fundus_Taz_2024_10_23.html"
TEMPLATE_ID = "5928990"

Route = Page  # what a path answers: body, content type, status, extra headers


@dataclass
class Fault:
    """What to do wrong for requests matching ``pattern`` (``"*"`` = every request).

    ``times``: only the first n matching requests get the fault, later ones are served
    normally (``status=500, times=2`` = "500 twice, then 200"); None = always.
    """

    pattern: str = "*"
    times: int | None = None
    status: int | None = None  # answer with this status (small body)
    retry_after: str | None = None  # Retry-After header (with status 429/503)
    delay: float = 0.0  # sleep before sending anything
    body_delay: float = 0.0  # send headers and half the body, then sleep
    trickle: float = 0.0  # send the body in 10 pieces, sleeping this long before each
    cut: bool = False  # promise Content-Length, send half, then close
    garbage: bool = False  # random bytes instead of the page
    garbage_type: str = "text/html; charset=utf-8"
    redirect: str | None = None  # Location (absolute or a path); status 302 unless given
    oversize: int | None = None  # a page this many bytes long
    chunked_oversize: bool = False  # … without Content-Length (chunked), to test the stream cap
    content_type: str | None = None  # override the Content-Type of the normal answer
    headers: dict[str, str] | None = None  # sent as given (latin-1), replacing same-named ones
    body: bytes | None = None  # answer 200 with exactly these bytes (e.g. a gzip bomb)
    drip: float = 0.0  # send the page one byte at a time, sleeping this long before each
    hits: int = 0  # how often it fired

    def matches(self, path: str, target: str) -> bool:
        return self.pattern == "*" or any(
            fnmatch.fnmatchcase(p, self.pattern) for p in (path, target)
        )


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # request target without the query
    target: str  # with the query
    headers: dict[str, str]  # lower-case names
    at: float = field(default_factory=time.monotonic)


def scan_articles(folder: Path = FIXTURES) -> dict[str, Path]:
    """Article id -> fixture file; the NEW design wins over the OLD one for the same id."""
    return _scan_articles(folder)


def listing_fixture(kind: str, ident: str | None, folder: Path = FIXTURES) -> Path | None:
    """The constructed fixture for a listing kind (see ``LocalSite``'s ``listing_page``)."""
    return listing_page(kind, ident, folder)


class FixtureServer(LocalSite):
    """See the module docstring. Use as a context manager or call start()/stop()."""

    def __init__(self, fixtures: Path = FIXTURES, *, port: int = 0) -> None:
        super().__init__(fixtures, port=port)
        self.fixtures = fixtures
        self.any_article = False
        self.requests: list[Request] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._routes: dict[str, Route] = {}
        self._faults: list[Fault] = []

    # -- configuration -----------------------------------------------------------------

    def route(
        self,
        path: str,
        body: bytes | str,
        *,
        content_type: str = HTML,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Serve ``body`` at exactly ``path`` (query included if given), before the fixtures."""
        data = body.encode() if isinstance(body, str) else body
        with self._lock:
            self._routes[path] = Route(data, content_type, status, dict(headers or {}))

    def unroute(self, path: str) -> None:
        with self._lock:
            self._routes.pop(path, None)

    def fault(self, pattern: str = "*", **kwargs: Any) -> Fault:
        """Add a :class:`Fault` for paths matching ``pattern`` (fnmatch; ``"*"`` = all).

        The newest matching fault wins. Returns it (``.hits`` counts how often it fired).
        """
        f = Fault(pattern, **kwargs)
        with self._lock:
            self._faults.insert(0, f)
        return f

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def reset(self) -> None:
        """Forget faults, routes, the log and the concurrency counters."""
        with self._lock:
            self._faults.clear()
            self._routes.clear()
            self.requests.clear()
            self.max_in_flight = 0

    # -- assertions --------------------------------------------------------------------

    def pages(self) -> list[Request]:
        """Logged requests for pages (every request but the pictures')."""
        return [r for r in self.hits() if not r.path.startswith("/picture/")]

    def hits(self, pattern: str = "*") -> list[Request]:
        """Logged requests whose path (or path + query) matches ``pattern``."""
        with self._lock:
            log = list(self.requests)
        return [r for r in log if pattern == "*" or fnmatch.fnmatchcase(r.path, pattern)
                or fnmatch.fnmatchcase(r.target, pattern)]

    # -- serving -----------------------------------------------------------------------

    def content(self, target: str) -> Route | None:
        """What a normal request for ``target`` gets (None = 404): routes first."""
        path = urlsplit(target).path
        with self._lock:
            route = self._routes.get(target) or self._routes.get(path)
        if route is not None:
            return route
        page = super().content(target)
        aid = article_id_of(path)
        if page is None and aid is not None and self.any_article:
            template = (self.fixtures / ARTICLE_TEMPLATE).read_bytes()
            return Route(template.replace(TEMPLATE_ID.encode(), aid.encode()))
        return page

    def _pick_fault(self, path: str, target: str) -> Fault | None:
        with self._lock:
            for f in self._faults:
                if f.matches(path, target) and (f.times is None or f.hits < f.times):
                    f.hits += 1
                    return f
        return None

    def _respond(self, h: Handler, path: str, target: str, headers: dict[str, str]) -> None:
        with self._lock:
            self.requests.append(Request(h.command, path, target, headers))
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            fault = self._pick_fault(path, target)
            if fault is None:
                super()._respond(h, path, target, headers)
            else:
                self._respond_with(fault, h, target, headers)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _respond_with(
        self, fault: Fault, h: Handler, target: str, headers: dict[str, str]
    ) -> None:
        if fault.headers:
            self._override_headers(h, fault.headers)
        if fault.delay:
            time.sleep(fault.delay)
        if fault.body is not None:
            self._send(h, 200, fault.body, fault.content_type or HTML, {})
            return
        if fault.redirect is not None:
            location = fault.redirect
            if location.startswith("/"):
                location = self.base_url + location
            self._send(h, fault.status or 302, b"", HTML, {"Location": location})
            return
        if fault.status is not None:
            extra = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            body = f"<html><body>HTTP {fault.status}</body></html>".encode()
            self._send(h, fault.status, body, HTML, extra)
            return
        if fault.garbage:
            body = bytes((i * 73 + 41) % 256 for i in range(2048))  # no leading "<"
            self._send(h, 200, body, fault.garbage_type, {})
            return
        if fault.oversize is not None:
            self._send_big(h, fault.oversize, chunked=fault.chunked_oversize)
            return
        route = self.content(target)
        if route is None:
            self._send_not_found(h)
            return
        if fault.trickle or fault.drip:
            extra = self._validators(route)
            if fault.drip:
                self._send_drip(h, route.body, route.content_type, extra, fault.drip)
            else:
                self._send_trickle(h, route.body, route.content_type, extra, fault.trickle)
        elif fault.cut or fault.body_delay:  # even when not modified
            ctype = fault.content_type or route.content_type
            self._send_broken(h, route.body, ctype, self._validators(route), fault)
        else:
            self._serve(h, route, headers, fault.content_type)

    @staticmethod
    def _override_headers(h: Handler, headers: dict[str, str]) -> None:
        """From now on ``h`` sends ``headers`` as given, instead of any of the same name."""
        names = {name.lower() for name in headers}
        send_header, end_headers = h.send_header, h.end_headers

        def send(keyword: str, value: str) -> None:
            if keyword.lower() not in names:
                send_header(keyword, value)

        def end() -> None:
            for keyword, value in headers.items():
                send_header(keyword, value)
            end_headers()

        h.send_header = send  # type: ignore[method-assign]
        h.end_headers = end  # type: ignore[method-assign]

    @staticmethod
    def _send_drip(
        h: Handler, body: bytes, ctype: str, extra: dict[str, str], pause: float
    ) -> None:
        h.send_response(200)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        h.send_header("Connection", "close")
        for k, v in extra.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.flush()
        for i in range(len(body)):  # until the client gives up (then the write fails)
            time.sleep(pause)
            h.wfile.write(body[i : i + 1])
            h.wfile.flush()
        h.close_connection = True

    @staticmethod
    def _send_broken(
        h: Handler, body: bytes, ctype: str, extra: dict[str, str], fault: Fault
    ) -> None:
        half = max(1, len(body) // 2)
        h.send_response(200)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        h.send_header("Connection", "close")
        for k, v in extra.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body[:half])
        h.wfile.flush()
        if fault.body_delay:
            time.sleep(fault.body_delay)
        if not fault.cut:
            h.wfile.write(body[half:])
            h.wfile.flush()
        h.close_connection = True

    @staticmethod
    def _send_trickle(
        h: Handler, body: bytes, ctype: str, extra: dict[str, str], pause: float
    ) -> None:
        h.send_response(200)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        h.send_header("Connection", "close")
        for k, v in extra.items():
            h.send_header(k, v)
        h.end_headers()
        step = len(body) // 10 + 1
        for i in range(0, len(body), step):
            time.sleep(pause)
            h.wfile.write(body[i : i + step])
            h.wfile.flush()
        h.close_connection = True

    @staticmethod
    def _send_big(h: Handler, size: int, *, chunked: bool) -> None:
        h.send_response(200)
        h.send_header("Content-Type", HTML)
        if chunked:
            h.send_header("Transfer-Encoding", "chunked")
        else:
            h.send_header("Content-Length", str(size))
        h.send_header("Connection", "close")
        h.end_headers()
        block = b"<p>" + b"x" * 65_530 + b"</p>\n"
        sent = 0
        while sent < size:
            part = block[: min(len(block), size - sent)]
            if chunked:
                h.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            else:
                h.wfile.write(part)
            sent += len(part)
        if chunked:
            h.wfile.write(b"0\r\n\r\n")
        h.wfile.flush()
        h.close_connection = True


def serve(fixtures: Path = FIXTURES) -> Iterator[FixtureServer]:
    """Generator for pytest fixtures: a started server, stopped afterwards."""
    server = FixtureServer(fixtures).start()
    try:
        yield server
    finally:
        server.stop()
