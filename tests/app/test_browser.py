"""The system browser: console browsers get the terminal (the app suspends itself and comes
back), graphical ones start detached, no browser at all is said; in a real terminal."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from tazreader.app import browser as browser_module
from tazreader.app.app import TazReaderApp
from tazreader.app.browser import find_browser
from tazreader.store import Store
from tests.app.conftest import notifications, online_app, reader_screen, settle
from tests.server import FixtureServer
from tests.terminal import Terminal

FAKE_BROWSER = """\
import sys
from pathlib import Path
print("FAKE BROWSER", sys.argv[1], flush=True)
line = sys.stdin.readline()  # it owns the terminal: it reads the keyboard
Path(sys.argv[2]).write_text(sys.argv[1] + "|" + line, encoding="utf-8")
"""


def _env(tmp_path: Path, browser: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        BROWSER=browser,
        TAZREADER_DATA_DIR=str(tmp_path / "data"),
        TAZREADER_CONFIG_FILE=str(tmp_path / "config.toml"),
        LANG="C.UTF-8",
    )
    for name in ("TAZREADER_BASE_URL", "TAZREADER_FIRST_PAINT_FILE", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    return env


def test_a_console_browser_gets_the_terminal_and_gives_it_back(tmp_path: Path) -> None:
    script = tmp_path / "fake_browser.py"
    script.write_text(FAKE_BROWSER, encoding="utf-8")
    seen = tmp_path / "seen.txt"
    env = _env(tmp_path, f"{sys.executable} {script} %s {seen}")
    with Terminal(["--sample"], env, tmp_path) as term:
        term.wait_for("sample edition, offline")
        term.wait_for("sample edition (local)")
        term.send(b"o")  # the highlighted teaser, in the browser
        term.wait_for("FAKE BROWSER http://127.0.0.1:")
        # The reader left the alternate screen (and its input) before the browser ran.
        before = term.output[: term.output.index(b"FAKE BROWSER")]
        assert before.rfind(b"\x1b[?1049l") > before.rfind(b"\x1b[?1049h") >= 0
        term.send(b"hello\r")  # typed into the browser, not into the reader
        for _ in range(200):
            if seen.exists():
                break
            time.sleep(0.05)
        url, typed = seen.read_text(encoding="utf-8").split("|")
        assert url.startswith("http://127.0.0.1:") and typed.strip() == "hello"
        # Back: the alternate screen again, and header and status line painted anew.
        deadline = time.monotonic() + 10
        while True:
            after = term.output[term.output.index(b"FAKE BROWSER"):]
            if b"\x1b[?1049h" in after and b"sample edition (local)" in after:
                break
            assert time.monotonic() < deadline, "no repaint after the browser"
            time.sleep(0.05)
        assert b"sample edition, offline" in after
        term.send(b"?")  # the reader answers keys again
        term.wait_for("Marks in the list")
        time.sleep(0.3)  # escape and q close together would read as alt+q
        term.send(b"\x1b")
        time.sleep(0.3)
        term.send(b"q")
        assert term.wait_exit() == 0


def test_no_browser_at_all_is_said_with_the_address(tmp_path: Path) -> None:
    env = _env(tmp_path, "")
    env["PATH"] = str(tmp_path)  # no xdg-open, no w3m …
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    with Terminal(["--sample"], env, tmp_path, size=(140, 40)) as term:
        term.wait_for("sample edition (local)")
        term.send(b"o")
        screen = term.wait_for("copies it")  # the toast may fold "y" onto the line before
        # The address y copies: the article's on taz.de, not the sample's local server.
        assert "https://taz.de/" in screen and "127.0.0.1" not in screen
        term.send(b"q")
        assert term.wait_exit() == 0


async def test_no_browser_names_the_address_y_copies(
    store: Store, server: FixtureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = online_app(store, server)  # read from a mirror: the fixture server on 127.0.0.1
    monkeypatch.setattr(browser_module, "find_browser", lambda env=None: None)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        article = reader_screen(app).article
        assert article is not None
        TazReaderApp.open_in_browser(app, article.url)  # the real one, not the test's spy
        await pilot.press("y")
        copied = app.clipboard
        said = notifications(app)
    assert copied.startswith("https://taz.de/")
    assert any(copied in m and m.endswith("y copies it.") for m in said), said
    assert not any("127.0.0.1" in m for m in said)


async def test_no_browser_for_another_site_says_only_that(
    store: Store, server: FixtureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = online_app(store, server)
    monkeypatch.setattr(browser_module, "find_browser", lambda env=None: None)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        TazReaderApp.open_in_browser(app, "https://example.org/page")
        await pilot.pause()
    assert "No browser is set up to open https://example.org/page." in notifications(app)


@pytest.mark.parametrize(
    ("value", "console"),
    [("w3m", True), ("lynx -dump", True), ("firefox", False), ("/usr/bin/xdg-open %s", False),
     (":w3m", True)],
)
def test_browser_kinds_from_the_browser_variable(value: str, console: bool) -> None:
    browser = find_browser({"BROWSER": value})
    assert browser is not None and browser.console is console
