"""Run ``python -m tazreader …`` in a real pseudo-terminal until its first painted list.

The app exits after its first paint when ``TAZREADER_FIRST_PAINT_FILE`` is set, writing the
wall-clock time of that paint there; this returns what the terminal received.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
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
    args: list[str], env: dict[str, str], cwd: Path, *, timeout: float = 30
) -> Painted:
    marker = cwd / "first-paint"
    full_env = dict(
        env, TAZREADER_FIRST_PAINT_FILE=str(marker), TERM="xterm-256color", PYTHONPATH=str(ROOT)
    )
    master, slave = pty.openpty()
    started = time.time()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tazreader", *args],
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
