"""What the client sends and what it keeps of a transfer, with no httpx in it: the
User-Agent, the result of a fetch, and the words for what went wrong on the way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from tazreader.i18n import _
from tazreader.taz.headers import shown


def _user_agent() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        ver = version("tazreader")
    except PackageNotFoundError:
        ver = "0+unknown"
    return f"tazreader/{ver} (terminal reader for taz.de; python-httpx)"


USER_AGENT = _user_agent()


@dataclass(frozen=True)
class FetchResult:
    """One page as it came from the server (or a 304: "your copy is still good")."""

    url: str  # final URL (after redirects), canonical
    status: int  # 200 or 304
    body: bytes  # b"" on 304
    etag: str | None
    last_modified: str | None
    content_type: str
    fetched_at: datetime  # aware UTC

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def looks_like_markup(body: bytes) -> bool:
    head = body[:4096]
    if b"\x00" in head:
        return False
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<")


# Pictures: the formats Pillow reads, each known by the bytes it starts with.
PICTURE_TYPES: dict[str, tuple[bytes, ...]] = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),
}


def is_picture(mime: str, body: bytes) -> bool:
    """True when ``body`` starts as a picture of the type ``mime`` says."""
    starts = PICTURE_TYPES.get(mime)
    if starts is None or not body.startswith(starts):
        return False
    return mime != "image/webp" or body[8:12] == b"WEBP"


def too_large(url: str, size: int | None, max_bytes: int) -> str:
    """The page at ``url`` (``size`` bytes, if said) is over the cap."""
    limit = _("{mb:g} MB").format(mb=max_bytes / 1_000_000)
    if size is None:
        return _("The page {page} is too large; tazreader reads at most {limit}").format(
            page=url, limit=limit
        )
    return _(
        "The page {page} is too large ({mb:.1f} MB); tazreader reads at most {limit}"
    ).format(page=url, mb=size / 1_000_000, limit=limit)


def host_of(url: str) -> str:
    """The host a URL names, as a message may show it (never its user name or password)."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        host = None
    return shown(host or url, 60)


def reason(exc: BaseException) -> str:
    """The most telling words for a failure: "connection refused" beats httpx's summary."""
    seen: BaseException | None = exc
    for _step in range(8):  # walk the cause chain (httpx -> httpcore -> OSError)
        if seen is None:
            break
        if isinstance(seen, ConnectionRefusedError):
            return "connection refused"
        for inner in getattr(seen, "exceptions", ()):  # an ExceptionGroup of attempts
            if isinstance(inner, ConnectionRefusedError):
                return "connection refused"
        seen = seen.__cause__ or seen.__context__
    text = shown(str(exc), 120)
    return text or type(exc).__name__
