"""The reader's own writes (read marks, bookmarks, positions, history, settings), done without
ever making the caller wait for the cache file.

A write is tried at once without waiting (``Store.no_wait``): on a free file that is the whole
story, and the caller sees the row written when the call returns. When the file is busy —
another process holds the write lock (a long ``cache prune``), or this process is writing a
sync — the write joins a queue that one background thread works through in order, retrying
with a growing pause for as long as it takes; while anything waits, later writes queue behind
it, so the order of the user's actions is kept. :meth:`Writer.close` waits (a bounded time) for
the queue and says how many writes could not be made, so none is lost silently.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from tazreader.store import Busy, Store

RETRY_FIRST = 0.05  # seconds before the first retry; doubled up to RETRY_MAX
RETRY_MAX = 2.0


@dataclass(frozen=True)
class Job:
    """One write for the cache's writer thread, and the event set when it is done."""

    seq: int
    apply: Callable[[Store], None]
    done: Callable[[int], None]  # told the job's seq once it is written


class Writer:
    """Writes to ``store`` now if that costs no waiting, else soon, in order (see module)."""

    def __init__(self, store: Store, on_delay: Callable[[int], None] | None = None) -> None:
        self._store = store
        self._on_delay = on_delay or (lambda n: None)
        self._queue: deque[Job] = deque()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closing = False
        self._busy = False  # the thread is applying the queue's first job
        self._gave_up = False  # closed, and the time to write the rest is over
        self.delayed = False  # a write has had to wait (reported once per stretch)

    @property
    def pending(self) -> int:
        with self._cond:
            return len(self._queue)

    def submit(self, job: Job) -> None:
        with self._cond:
            if not self._queue and not self._closing:
                try:
                    with self._store.no_wait():
                        job.apply(self._store)
                except Busy:
                    pass  # the file or the store is busy: queued below
                except (sqlite3.Error, OSError):
                    pass  # a full disk, a read-only file …: retried (and reported) below
                else:
                    job.done(job.seq)
                    return
            self._queue.append(job)
            self._start()
            self._cond.notify_all()

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="tazreader-writer",
                                            daemon=True)
            self._thread.start()

    def _run(self) -> None:
        pause = RETRY_FIRST
        while True:
            with self._cond:
                while not self._queue and not self._closing:
                    self._cond.wait()
                if not self._queue:
                    return
                job = self._queue[0]
                self._busy = True
            try:
                # Without waiting inside SQLite: the pause is ours, and a close is heard.
                with self._store.no_wait():
                    job.apply(self._store)
            except (sqlite3.Error, OSError, Busy):
                with self._cond:
                    self._busy = False
                    waiting = len(self._queue)
                    if not self.delayed:
                        self.delayed = True
                        self._on_delay(waiting)
                    if self._closing and self._gave_up:
                        return
                    self._cond.wait(pause)  # a close wakes it for one more try at once
                pause = min(RETRY_MAX, pause * 2)
                continue
            with self._cond:
                self._queue.popleft()
                self._busy = False
                if not self._queue:
                    self.delayed = False
                self._cond.notify_all()
            job.done(job.seq)
            pause = RETRY_FIRST

    def flush(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for every queued write; True if all are written."""
        deadline = time.monotonic() + timeout
        with self._cond:
            self._cond.notify_all()
            while self._queue:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.05))
            return True

    def close(self, timeout: float) -> int:
        """Stop after the queue is written or ``timeout`` has passed; returns how many writes
        are lost (0 on a free file)."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        done = self.flush(timeout)
        with self._cond:
            self._gave_up = True
            self._cond.notify_all()
            lost = 0 if done else len(self._queue)
            self._queue.clear()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=max(1.0, timeout))
        return lost
