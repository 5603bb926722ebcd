"""A local stand-in for taz.de: a folder of saved pages served on 127.0.0.1 by taz URL path.

Runs a ``ThreadingHTTPServer`` (port 0 = a free one) in a background thread, so the normal
``TazClient`` can fetch from it, sync or async. What it serves, by taz URL path:

* ``/`` → the folder's ``constructed_front.html``
* an article (``/Slug/!5928990/``, ``/!5928990/``, ``/!=5928990``, ``…&s=q/``) → the page
  with that article id (found by scanning the folder for ``cms-article-ID``, ``taz:title
  data-id`` and the canonical link)
* section ``!pNNNN`` / tag ``!t`` / author ``!a`` / search ``!s=`` / feed ``;rss`` → the
  ``constructed_<kind>*.html|xml`` page (one named after the section or query is preferred);
  none → 404.

Every 200 carries an ``ETag`` (hash of the body) and ``Last-Modified``; conditional
requests get a 304, as from taz.de. :meth:`LocalSite.stop` / :meth:`LocalSite.start` close
and reopen the same port. Used by the sample edition (``tazreader --sample``) and, with
faults added, by the tests (``tests/server.py``).
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import re
import socket
import threading
from dataclasses import dataclass, field
from datetime import UTC
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import unquote, urlsplit

from tazreader.taz.urls import ARTICLE_ID, RESSORTS_ID, SECTIONS_BY_ID

LAST_MODIFIED = "Wed, 23 Oct 2024 08:00:00 GMT"
HTML = "text/html; charset=utf-8"
JPEG = "image/jpeg"
PICTURE = "generated_sample_picture.jpeg"  # drawn by tests/fixtures/make_sample_picture.py
RSS = "application/rss+xml; charset=utf-8"
NOT_FOUND = b"<html><body>Seite nicht gefunden</body></html>"

_ID = ARTICLE_ID.encode()
_ID_PATTERNS = (
    re.compile(rb'cms-article-ID"\s+content="(' + _ID + rb')"'),
    re.compile(rb'name="taz:title"\s+data-id="(' + _ID + rb')"'),
    re.compile(rb'<link\s+rel="canonical"\s+href="[^"]*!(' + _ID + rb')/?"'),
)
_ARTICLE_PATH = re.compile(rf"!=?({ARTICLE_ID})(?:&s=[^/]*)?/?$")


@dataclass
class Page:
    """One answer: body, content type, status and extra headers."""

    body: bytes
    content_type: str = HTML
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


def article_id_of(path: str) -> str | None:
    """The article id in a taz URL path, or None if it is no article path."""
    m = _ARTICLE_PATH.search(path)
    return m.group(1) if m else None


def _article_ids(data: bytes) -> set[str]:
    ids: set[str] = set()
    for pattern in _ID_PATTERNS:
        ids.update(m.decode() for m in pattern.findall(data[:200_000]))
    return ids


def scan_articles(folder: Path) -> dict[str, Path]:
    """Article id -> page file; the NEW design wins over the OLD one for the same id."""
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


def listing_kind(path: str) -> tuple[str, str | None] | None:
    """(page kind, id) for a listing path, None if it is not one."""
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


def listing_page(kind: str, ident: str | None, folder: Path) -> Path | None:
    """The ``constructed_<kind>*`` page of ``folder`` for a listing kind.

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


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: LocalSite


class Handler(BaseHTTPRequestHandler):
    """Hands every request to the owning :class:`LocalSite`."""

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


class LocalSite:
    """See the module docstring. Use as a context manager or call start()/stop()."""

    def __init__(self, folder: Path, *, port: int = 0) -> None:
        self.folder = folder
        self.port = port
        self.last_modified = LAST_MODIFIED
        self._articles = scan_articles(folder)
        self._lock = threading.Lock()
        self._conns: set[socket.socket] = set()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> Self:
        """Listen (again) on the same port; the first start picks a free one."""
        if self._server is not None:
            return self
        server = _Server(("127.0.0.1", self.port), Handler)
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

    # -- addresses and content ---------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def article_ids(self) -> set[str]:
        return set(self._articles)

    def content(self, target: str) -> Page | None:
        """What a normal request for ``target`` gets (None = 404)."""
        path = urlsplit(target).path
        if path.startswith("/picture/"):  # every picture of the sample: its one picture
            picture = self.folder / PICTURE
            return Page(picture.read_bytes(), JPEG) if picture.is_file() else None
        aid = article_id_of(path)
        if aid is not None:
            file = self._articles.get(aid)
            return Page(file.read_bytes()) if file is not None else None
        kind = listing_kind(path)
        if kind is None:
            return None
        page = listing_page(kind[0], kind[1], self.folder)
        if page is None:
            return None
        return Page(page.read_bytes(), RSS if kind[0] == "feed" else HTML)

    # -- serving -----------------------------------------------------------------------

    def _track(self, conn: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._conns.add(conn)
            else:
                self._conns.discard(conn)

    def _handle(self, h: Handler) -> None:
        target = h.path
        path = urlsplit(target).path
        headers = {k.lower(): v for k, v in h.headers.items()}
        try:
            self._respond(h, path, target, headers)
        except OSError:  # the client went away (broken pipe, reset …)
            h.close_connection = True

    def _respond(self, h: Handler, path: str, target: str, headers: dict[str, str]) -> None:
        page = self.content(target)
        if page is None:
            self._send_not_found(h)
            return
        self._serve(h, page, headers)

    def _send_not_found(self, h: Handler) -> None:
        self._send(h, 404, NOT_FOUND, HTML, {})

    def _validators(self, page: Page) -> dict[str, str]:
        """ETag, Last-Modified and the page's own headers."""
        return {"ETag": etag_of(page.body), "Last-Modified": self.last_modified, **page.headers}

    def _serve(
        self, h: Handler, page: Page, headers: dict[str, str], ctype: str | None = None
    ) -> None:
        """Send ``page``, or a 304 when the request's validators still match."""
        extra = self._validators(page)
        if page.status == 200 and self._not_modified(headers, extra["ETag"]):
            self._send(h, 304, b"", page.content_type, extra)
            return
        self._send(h, page.status, page.body, ctype or page.content_type, extra)

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
        h: Handler, status: int, body: bytes, ctype: str, extra: dict[str, str]
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
