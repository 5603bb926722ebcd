"""The one error the reader's callers see: a sentence for a person, raised ``from`` its cause.

Whatever went wrong below — the network (``TazClient.Error``), a page that is not what it
should be (``ParseError``), an address that is no address (``BadUrl``), the cache file
(``sqlite3.Error``) or the disk (``OSError``) — reaches the app and the commands as a
:class:`ReaderError`, so that they catch one thing and show ``str(error)``. The subclasses say
what a caller may want to act on: there is no network, or the page does not exist.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator

from tazreader.i18n import _
from tazreader.taz.errors import ParseError
from tazreader.taz.text import inert
from tazreader.taz.urls import BadUrl


class ReaderError(Exception):
    """Something the reader could not do; ``str(error)`` says what, for a person."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(inert(message))
        self.message = inert(message)
        self.url = url


class OfflineError(ReaderError):
    """No network (refused, unreachable, too slow), or offline mode."""


class NotFoundError(ReaderError):
    """The page does not exist (404, 410)."""


class UnreadableError(ReaderError):
    """The page came, but is not what it should be (no taz article or list, cut off, empty);
    ``body`` is the page as served, for a bug report (``tazreader dump --save-page``)."""

    def __init__(self, message: str, *, url: str | None = None, body: bytes = b"") -> None:
        super().__init__(message, url=url)
        self.body = body


class CacheError(ReaderError):
    """The cache file could not be read or written (locked for too long, a full disk …)."""


def is_reader_failure(exc: BaseException) -> bool:
    """True for the failures :func:`as_reader_error` turns into a :class:`ReaderError`."""
    if isinstance(exc, ReaderError | ParseError | BadUrl | sqlite3.Error | OSError):
        return True
    client_error = _client_error_type()
    return client_error is not None and isinstance(exc, client_error)


def as_reader_error(exc: BaseException, url: str | None = None) -> ReaderError:
    """The :class:`ReaderError` for a failure below the reader (see :func:`is_reader_failure`).

    Raise it ``from exc``.
    """
    if isinstance(exc, ReaderError):
        return exc
    if isinstance(exc, sqlite3.Error):
        return CacheError(_("The offline cache cannot be used: {why}").format(why=exc), url=url)
    if isinstance(exc, ParseError):
        return ReaderError(str(exc), url=url)
    if isinstance(exc, BadUrl):
        return ReaderError(_("Not a usable address: {why}").format(why=exc), url=url)
    client_error = _client_error_type()
    if client_error is not None and isinstance(exc, client_error):
        from tazreader.taz.client import TazClient

        where = getattr(exc, "url", None) or url
        if isinstance(exc, TazClient.Offline):
            return OfflineError(str(exc), url=where)
        if isinstance(exc, TazClient.NotFound):
            return NotFoundError(str(exc), url=where)
        return ReaderError(str(exc), url=where)
    if isinstance(exc, OSError):
        return CacheError(str(exc), url=url)
    return ReaderError(str(exc) or type(exc).__name__, url=url)


def _client_error_type() -> type[Exception] | None:
    """``TazClient.Error`` if the client (and httpx with it) has been loaded; it cannot have
    raised anything otherwise, and loading it only to check would cost start-up time."""
    import sys

    module = sys.modules.get("tazreader.taz.client")
    if module is None:
        return None
    error: type[Exception] = module.TazClient.Error
    return error


@contextlib.contextmanager
def reader_errors(after: Callable[[], None] | None = None) -> Iterator[None]:
    """The failures below the reader raised as :class:`ReaderError` (``from`` the cause);
    ``after`` runs last, whatever happened."""
    try:
        yield
    except Exception as exc:
        if not is_reader_failure(exc):
            raise
        raise as_reader_error(exc) from exc
    finally:
        if after is not None:
            after()
