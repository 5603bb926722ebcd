"""A real HTTP server on 127.0.0.1 that plays taz.de from tests/fixtures, with faults on demand.

Runs a ``ThreadingHTTPServer`` on port 0 in a background thread, so it works the same from
sync and async tests. What it serves, by taz URL path:

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

import contextlib
import email.utils
import fnmatch
import hashlib
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import unquote, urlsplit

from tazreader.taz.urls import RESSORTS_ID, SECTIONS_BY_ID

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE_TEMPLATE = "fundus_Taz_2024_10_23.html"
TEMPLATE_ID = "5928990"
LAST_MODIFIED = "Wed, 23 Oct 2024 08:00:00 GMT"
HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"

_ID_PATTERNS = (
    re.compile(rb'cms-article-ID"\s+content="(\d{4,9})"'),
    re.compile(rb'name="taz:title"\s+data-id="(\d{4,9})"'),
    re.compile(rb'<link\s+rel="canonical"\s+href="[^"]*!(\d{4,9})/?"'),
)
_ARTICLE_PATH = re.compile(r"!=?(\d{4,9})(?:&s=[^/]*)?/?$")


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


@dataclass
class Route:
    body: bytes
    content_type: str = HTML
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


def _article_ids(data: bytes) -> set[str]:
    ids: set[str] = set()
    for pattern in _ID_PATTERNS:
        ids.update(m.decode() for m in pattern.findall(data[:200_000]))
    return ids


def scan_articles(folder: Path = FIXTURES) -> dict[str, Path]:
    """Article id -> fixture file; the NEW design wins over the OLD one for the same id."""
    found: dict[str, Path] = {}
    for path in sorted(folder.glob("*.html")):
        data = path.read_bytes()
        if b"cms-article-ID" not in data and b'name="taz:title"' not in data:
            continue
        for aid in _article_ids(data):
            old = found.get(aid)
            if old is None or (
                b"main-article-corpus" in data
                and b"main-article-corpus" not in old.read_bytes()
            ):
                found[aid] = path
    return found


def _listing_kind(path: str) -> tuple[str, str | None] | None:
    """(fixture kind, id) for a listing path, None if it is not one."""
    if path in ("", "/"):
        return ("front", None)
    last = [p for p in path.split("/") if p]
    tail = last[-1] if last else ""
    if ";rss" in path or path.endswith("rss.xml"):
        m = re.search(r"!(p\d+)", path)
        return ("feed", m.group(1) if m else None)
    if "!s=" in path:
        m = re.search(r"!s=([^/&;]*)", path)
        query = unquote(m.group(1)).replace("+", " ") if m else ""
        return ("search", query or None)
    for prefix, kind in (("!p", "section"), ("!t", "tag"), ("!a", "author")):
        if tail.startswith(prefix) and tail[2:].isdigit():
            return (kind, tail[1:])
    return None


def listing_fixture(kind: str, ident: str | None, folder: Path = FIXTURES) -> Path | None:
    """The constructed fixture for a listing kind.

    Preferred: a file named after the section / query (``constructed_section_politik.html``
    for ``!p4615``, ``constructed_search_klima.html`` for ``!s=Klima``), then one mentioning
    ``!<ident>``; a search nobody built a page for gets ``constructed_search_empty.html``.
    """
    ext = "xml" if kind == "feed" else "html"
    names = [f"constructed_{kind}*.{ext}"]
    if kind == "feed":
        names.append("constructed_*rss*.xml")
    candidates: list[Path] = []
    for name in names:
        candidates += [p for p in sorted(folder.glob(name)) if p not in candidates]
    if not candidates:
        return None
    if ident:
        words = {ident.lower()}
        section = SECTIONS_BY_ID.get(ident)
        if section is not None:
            words.add(section.path.rsplit("/", 1)[-1].lower())
        if kind == "feed" and ident == RESSORTS_ID:
            words.add("main")
        for cand in candidates:
            stem = cand.stem.lower().split("_", 2)[-1]
            if stem in words:
                return cand
        if kind != "search":
            for cand in candidates:
                if f"!{ident}".encode() in cand.read_bytes():
                    return cand
    if kind == "search":
        empty = [c for c in candidates if "empty" in c.name]
        return empty[0] if empty else candidates[0]
    return candidates[0]


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: FixtureServer


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def setup(self) -> None:
        super().setup()
        self.server.owner._track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.owner._track(self.connection, add=False)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.server.owner._handle(self)

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        self.server.owner._handle(self)


class FixtureServer:
    """See the module docstring. Use as a context manager or call start()/stop()."""

    def __init__(self, fixtures: Path = FIXTURES, *, port: int = 0) -> None:
        self.fixtures = fixtures
        self.port = port
        self.any_article = False
        self.requests: list[Request] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.last_modified = LAST_MODIFIED
        self._routes: dict[str, Route] = {}
        self._faults: list[Fault] = []
        self._articles = scan_articles(fixtures)
        self._lock = threading.Lock()
        self._conns: set[socket.socket] = set()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> Self:
        """Listen (again) on the same port; the first start picks a free one."""
        if self._server is not None:
            return self
        server = _Server(("127.0.0.1", self.port), _Handler)
        server.owner = self
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close the port and every open connection: clients now get "connection refused"."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._server is not None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- configuration -----------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

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

    def hits(self, pattern: str = "*") -> list[Request]:
        """Logged requests whose path (or path + query) matches ``pattern``."""
        with self._lock:
            log = list(self.requests)
        return [r for r in log if pattern == "*" or fnmatch.fnmatchcase(r.path, pattern)
                or fnmatch.fnmatchcase(r.target, pattern)]

    def article_ids(self) -> set[str]:
        return set(self._articles)

    # -- serving -----------------------------------------------------------------------

    def _track(self, conn: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._conns.add(conn)
            else:
                self._conns.discard(conn)

    def _pick_fault(self, path: str, target: str) -> Fault | None:
        with self._lock:
            for f in self._faults:
                if f.matches(path, target) and (f.times is None or f.hits < f.times):
                    f.hits += 1
                    return f
        return None

    def content(self, target: str) -> Route | None:
        """What a normal request for ``target`` gets (None = 404)."""
        path = urlsplit(target).path
        with self._lock:
            route = self._routes.get(target) or self._routes.get(path)
        if route is not None:
            return route
        m = _ARTICLE_PATH.search(path)
        if m is not None:
            aid = m.group(1)
            file = self._articles.get(aid)
            if file is not None:
                return Route(file.read_bytes())
            if self.any_article:
                template = (self.fixtures / ARTICLE_TEMPLATE).read_bytes()
                return Route(template.replace(TEMPLATE_ID.encode(), aid.encode()))
            return None
        kind = _listing_kind(path)
        if kind is None:
            return None
        fixture = listing_fixture(kind[0], kind[1], self.fixtures)
        if fixture is None:
            return None
        return Route(fixture.read_bytes(), RSS if kind[0] == "feed" else HTML)

    def _handle(self, h: _Handler) -> None:
        target = h.path
        path = urlsplit(target).path
        headers = {k.lower(): v for k, v in h.headers.items()}
        with self._lock:
            self.requests.append(Request(h.command, path, target, headers))
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            self._respond(h, path, target, headers)
        except (BrokenPipeError, ConnectionResetError, OSError):
            h.close_connection = True
        finally:
            with self._lock:
                self.in_flight -= 1

    def _respond(self, h: _Handler, path: str, target: str, headers: dict[str, str]) -> None:
        fault = self._pick_fault(path, target)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and fault.redirect is not None:
            location = fault.redirect
            if location.startswith("/"):
                location = self.base_url + location
            self._send(h, fault.status or 302, b"", HTML, {"Location": location})
            return
        if fault is not None and fault.status is not None:
            extra = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            body = f"<html><body>HTTP {fault.status}</body></html>".encode()
            self._send(h, fault.status, body, HTML, extra)
            return
        if fault is not None and fault.garbage:
            body = bytes((i * 73 + 41) % 256 for i in range(2048))  # no leading "<"
            self._send(h, 200, body, fault.garbage_type, {})
            return
        if fault is not None and fault.oversize is not None:
            self._send_big(h, fault.oversize, chunked=fault.chunked_oversize)
            return
        route = self.content(target)
        if route is None:
            self._send(h, 404, b"<html><body>Seite nicht gefunden</body></html>", HTML, {})
            return
        etag = _etag(route.body)
        extra = {"ETag": etag, "Last-Modified": self.last_modified, **route.headers}
        ctype = fault.content_type if fault is not None and fault.content_type else None
        if fault is not None and fault.trickle:
            self._send_trickle(h, route.body, route.content_type, extra, fault.trickle)
            return
        if fault is not None and (fault.cut or fault.body_delay):  # even when not modified
            self._send_broken(h, route.body, ctype or route.content_type, extra, fault)
            return
        if route.status == 200 and self._not_modified(headers, etag):
            self._send(h, 304, b"", route.content_type, extra)
            return
        self._send(h, route.status, route.body, ctype or route.content_type, extra)

    def _not_modified(self, headers: dict[str, str], etag: str) -> bool:
        inm = headers.get("if-none-match")
        if inm is not None:
            return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        ims = headers.get("if-modified-since")
        if ims is None:
            return False
        try:
            since = email.utils.parsedate_to_datetime(ims)
            modified = email.utils.parsedate_to_datetime(self.last_modified)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return modified <= since

    @staticmethod
    def _send(
        h: _Handler, status: int, body: bytes, ctype: str, extra: dict[str, str]
    ) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        if status != 304:
            h.send_header("Content-Length", str(len(body)))
        h.send_header("Connection", "close")
        for k, v in extra.items():
            h.send_header(k, v)
        h.end_headers()
        if h.command != "HEAD" and status != 304:
            h.wfile.write(body)
        h.wfile.flush()
        h.close_connection = True

    @staticmethod
    def _send_broken(
        h: _Handler, body: bytes, ctype: str, extra: dict[str, str], fault: Fault
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
        h: _Handler, body: bytes, ctype: str, extra: dict[str, str], pause: float
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
    def _send_big(h: _Handler, size: int, *, chunked: bool) -> None:
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
