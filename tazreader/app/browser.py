"""Handing a link to the system browser: only web addresses, and only ones that say where
they go (no control characters, no hidden text direction)."""

from __future__ import annotations

from urllib.parse import urlsplit

from tazreader.app.text import one_line
from tazreader.i18n import _
from tazreader.taz.urls import browser_form


def browser_problem(url: str) -> str | None:
    """Why ``url`` must not be handed to the browser, or None if it may."""
    try:
        parts = urlsplit(url.strip())
        read = urlsplit(browser_form(url.strip()))  # what the browser will make of it
    except ValueError:
        return "This link is malformed and is not opened."
    if (read.hostname, read.netloc) != (parts.hostname, parts.netloc):
        return _("This link hides where it goes (a backslash in its address) and is not opened.")
    if parts.scheme.lower() not in ("http", "https"):
        scheme = parts.scheme or "no scheme"
        return f"Only http and https links are opened in the browser (not {scheme})."
    if not parts.hostname or any(ord(c) < 32 for c in url):
        return "This link is malformed and is not opened."
    if one_line(url) != url or any(c.isspace() for c in url.strip()):
        return "This link hides control characters or spaces and is not opened."
    return None


def open_in_browser(url: str) -> bool:
    """Start the system browser on ``url`` (``webbrowser.open``)."""
    import webbrowser

    return webbrowser.open(url)
