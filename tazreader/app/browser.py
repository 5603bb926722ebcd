"""Handing a link to the system browser.

Only web addresses go, and only ones that say where they go (no control characters, no hidden
text direction). Which browser: ``$BROWSER`` (as Python's ``webbrowser`` reads it: commands
separated by ``:``, ``%s`` for the address) or what ``webbrowser`` finds. A console browser
(w3m, lynx, links …: what ``webbrowser`` picks over SSH and on servers) needs the terminal, so
the app suspends itself while it runs; a graphical one is started detached, its output kept
off the reader's screen.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import webbrowser
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from tazreader.app.text import one_line
from tazreader.i18n import _
from tazreader.taz.urls import browser_form

# Browsers that open a window of their own (the rest of $BROWSER is taken for a console one).
GRAPHICAL = frozenset({
    "xdg-open", "gio", "open", "x-www-browser", "gnome-www-browser", "sensible-browser",
    "firefox", "firefox-esr", "chromium", "chromium-browser", "google-chrome",
    "google-chrome-stable", "brave-browser", "microsoft-edge", "opera", "vivaldi", "epiphany",
    "konqueror", "falkon", "qutebrowser", "safari", "wslview", "explorer.exe",
})


def browser_problem(url: str) -> str | None:
    """Why ``url`` must not be handed to the browser, or None if it may."""
    try:
        parts = urlsplit(url.strip())
        read = urlsplit(browser_form(url.strip()))  # what the browser will make of it
    except ValueError:
        return _("This link is malformed and is not opened.")
    if (read.hostname, read.netloc) != (parts.hostname, parts.netloc):
        return _("This link hides where it goes (a backslash in its address) and is not opened.")
    if parts.scheme.lower() not in ("http", "https"):
        scheme = parts.scheme or _("no scheme")
        return _("Only http and https links are opened in the browser (not {scheme}).").format(
            scheme=scheme
        )
    if not parts.hostname or any(ord(c) < 32 for c in url):
        return _("This link is malformed and is not opened.")
    if one_line(url) != url or any(c.isspace() for c in url.strip()):
        return _("This link hides control characters or spaces and is not opened.")
    return None


@dataclass(frozen=True)
class Browser:
    """A way to open an address: ``console`` ones need the terminal to themselves."""

    name: str
    console: bool
    run: Callable[[str], object]


def _command(args: list[str], url: str) -> list[str]:
    if any("%s" in a for a in args):
        return [a.replace("%s", url) for a in args]
    return [*args, url]


def _foreground(args: list[str]) -> Callable[[str], object]:
    def run(url: str) -> int:
        return subprocess.call(_command(args, url), close_fds=True)

    return run


def _detached(args: list[str]) -> Callable[[str], object]:
    def run(url: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            _command(args, url), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, close_fds=True, start_new_session=True,
        )

    return run


def _from_env(value: str) -> Browser | None:
    for entry in value.split(os.pathsep):
        try:
            args = shlex.split(entry)
        except ValueError:
            continue
        if not args:
            continue
        name = os.path.basename(args[0])
        if name in GRAPHICAL:
            return Browser(name, False, _detached(args))
        return Browser(name, True, _foreground(args))
    return None


def find_browser(env: Mapping[str, str] | None = None) -> Browser | None:
    """The browser to use, or None when there is none."""
    env = os.environ if env is None else env
    if env.get("BROWSER", "").strip():
        return _from_env(env["BROWSER"])
    try:
        controller = webbrowser.get()
    except webbrowser.Error:
        return None
    name = str(getattr(controller, "name", "") or type(controller).__name__)
    if isinstance(controller, webbrowser.BackgroundBrowser):
        return Browser(name, False, _detached([controller.name, *controller.args]))
    if isinstance(controller, webbrowser.GenericBrowser):
        return Browser(name, True, _foreground([controller.name, *controller.args]))
    console = isinstance(controller, webbrowser.UnixBrowser) and not controller.background
    return Browser(name, console, controller.open)
