"""Run ``python -m tazreader …`` in a real pseudo-terminal until its first painted list.

The app exits after its first paint when ``TAZREADER_FIRST_PAINT_FILE`` is set, writing the
wall-clock time of that paint there; this returns what the terminal received.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Painted:
    returncode: int
    output: bytes  # everything the program wrote to its terminal
    started: float  # time.time() just before the process was spawned
    painted: float  # time.time() of the first painted list, from the marker file


def run_until_first_paint(
    args: list[str], env: dict[str, str], cwd: Path, *, timeout: float = 30,
    prelude: str = "",
) -> Painted:
    """``prelude``: Python run in the process before tazreader's ``__main__`` (to watch it)."""
    marker = cwd / "first-paint"
    marker.unlink(missing_ok=True)
    full_env = dict(
        env, TAZREADER_FIRST_PAINT_FILE=str(marker), TERM="xterm-256color", PYTHONPATH=str(ROOT)
    )
    master, slave = pty.openpty()
    # A terminal of 140 x 45, as bench/startup.py's (one without a size is 80 x 24 to Textual
    # but 0 x 0 to the first size it reads, and lays out once more).
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 140, 0, 0))
    started = time.time()
    command = [sys.executable, "-m", "tazreader", *args]
    if prelude:
        command = [sys.executable, "-c", prelude + "\nimport runpy, sys\n"
                   f"sys.argv = ['tazreader', *{args!r}]\n"
                   "runpy.run_module('tazreader', run_name='__main__', alter_sys=True)\n"]
    proc = subprocess.Popen(
        command,
        stdin=slave, stdout=slave, stderr=slave, env=full_env, cwd=cwd,
    )
    os.close(slave)
    output = b""
    deadline = time.monotonic() + timeout
    try:
        # Read with the deadline too: a program that never exits must fail the test (the
        # wait below raises TimeoutExpired), not block this read forever.
        while select.select([master], [], [], max(0.0, deadline - time.monotonic()))[0]:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other side closed: the process has ended
                break
            if not chunk:
                break
            output += chunk
        code = proc.wait(timeout=max(0.1, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    painted = float(marker.read_text(encoding="utf-8")) if marker.exists() else float("nan")
    return Painted(code, output, started, painted)


class Terminal:
    """``python -m tazreader …`` in a real pseudo-terminal, its screen kept by a terminal
    emulator (pyte): for what only a terminal shows (a program that takes the terminal over
    and gives it back, a repaint). Use as a context manager; the process is killed on exit."""

    def __init__(
        self, args: list[str], env: dict[str, str], cwd: Path, *, size: tuple[int, int] = (100, 30)
    ) -> None:
        import fcntl
        import struct
        import termios
        import threading

        import pyte

        columns, lines = size
        self.screen = pyte.Screen(columns, lines)
        self._stream = pyte.ByteStream(self.screen)
        self._lock = threading.Lock()
        self.output = b""
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        full_env = dict(env, TERM="xterm-256color", PYTHONPATH=str(ROOT), COLUMNS=str(columns),
                        LINES=str(lines))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tazreader", *args],
            stdin=slave, stdout=slave, stderr=slave, env=full_env, cwd=cwd, close_fds=True,
            start_new_session=True,
        )
        os.close(slave)
        self._master = master
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.output += chunk
                self._stream.feed(chunk)

    def send(self, data: bytes) -> None:
        os.write(self._master, data)

    def lines(self) -> list[str]:
        with self._lock:
            return list(self.screen.display)

    def text(self) -> str:
        return "\n".join(self.lines())

    def wait_for(self, needle: str, *, timeout: float = 20) -> str:
        """Wait until ``needle`` is on the screen; the screen's text (AssertionError if not)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.text()
            if needle in text:
                return text
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"{needle!r} not on the screen:\n{self.text()}")

    def wait_exit(self, timeout: float = 20) -> int:
        return self.proc.wait(timeout=timeout)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self._master)
