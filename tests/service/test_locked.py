"""A cache file whose write lock another process holds (a long ``cache prune``, a second
tazreader syncing): reads go on, the reader's own writes never wait and are never lost."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tazreader.config import Config
from tazreader.service import FRONT, Reader, Session, close_session
from tazreader.store import Store
from tazreader.taz.models import Listing
from tests.app.conftest import list_rows, make_app, notifications, settle
from tests.factories import T0, make_article, make_teaser

ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO meta(key, value) VALUES ('holder', '1') "
             "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
conn.close()
"""


class Holder:
    """Another process holding the file's write lock until :meth:`release`."""

    def __init__(self, path: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "locked"

    @property
    def holding(self) -> bool:
        return self.proc.poll() is None

    def release(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()
        self.proc.wait(timeout=30)
        assert self.proc.returncode == 0

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    p = tmp_path / "cache.sqlite3"
    with Store.open(p) as s:
        for n in (1, 2, 3):
            s.put_article(make_article(n), fetched_at=T0, parser_version=1)
        s.put_listing(Listing("front", "https://taz.de/", "taz.de",
                              tuple(make_teaser(n) for n in (1, 2, 3))), fetched_at=T0)
    return p


@pytest.fixture
def holder(path: Path) -> Iterator[Holder]:
    h = Holder(path)
    yield h
    h.kill()


def _stored(path: Path) -> tuple[set[str], set[str], list[str]]:
    conn = sqlite3.connect(path)
    try:
        bookmarks = {r[0] for r in conn.execute("SELECT id FROM bookmarks")}
        read = {r[0] for r in conn.execute("SELECT id FROM state WHERE read")}
        meta = [r[0] for r in conn.execute("SELECT key FROM meta ORDER BY key")]
    finally:
        conn.close()
    return bookmarks, read, meta


def test_the_readers_writes_wait_for_nobody_and_are_made_when_the_lock_goes(
    path: Path, holder: Holder
) -> None:
    one, two = make_article(1), make_article(2)
    start = time.monotonic()
    store = Store.open(path)
    try:
        reader = Reader(store, offline=True)
        page = reader.cached(FRONT)
        assert page is not None and len(page.teasers) == 3  # reads go on
        state = reader.state
        state.save_last_list(FRONT)
        assert state.toggle_bookmark(make_teaser(1)) is True
        state.opened(two)
        state.save_position(two.id, 12.5)
        assert state.toggle_read(one.id) is True
        elapsed = time.monotonic() - start
        assert holder.holding
        assert elapsed < 2.5  # nothing waited for the lock (SQLite would wait 5 s)
        # the app sees its changes at once …
        marks = state.states([one.id, two.id])
        assert marks[one.id].bookmarked and marks[one.id].read and marks[two.id].read
        assert [t.id for t in state.local_list("bookmarks")] == [one.id]
        assert [t.id for t in state.local_list("history")] == [two.id]
        assert state.position(two.id) == 12.5
        assert state.last_list() == FRONT
        # … though none is in the file yet, and the user is told why
        assert _stored(path) == (set(), set(), [])
        assert state.unsaved == 6
        for _ in range(100):
            if store.notice:
                break
            time.sleep(0.02)
        assert store.notice is not None and "locked by another program" in store.notice
        holder.release()
        assert state.flush(10)
        assert _stored(path) == ({one.id}, {one.id, two.id}, ["holder", "last_list"])
        assert store.get_position(two.id) == 12.5
        assert [t.id for t in store.history()] == [two.id]
    finally:
        store.close()


def test_writes_that_cannot_be_made_by_close_are_reported(
    path: Path, holder: Holder, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("tazreader.service.state.CLOSE_WAIT", 0.3)
    store = Store.open(path)
    session = Session(Reader(store, offline=True))
    session.reader.state.toggle_bookmark(make_teaser(3))
    session.reader.state.toggle_read(make_article(3).id)
    close_session(session)
    assert session.reader.state.lost == 2
    err = capsys.readouterr().err
    assert "2 changes" in err and "could not be saved" in err
    holder.release()
    assert _stored(path) == (set(), set(), ["holder"])


def test_reads_never_wait_for_a_write_of_this_process(path: Path) -> None:
    """A long write of our own (a prune, a re-parse batch) holds the store's write side; list
    marks, articles and search answer meanwhile."""
    with Store.open(path) as store:
        inside, leave = threading.Event(), threading.Event()

        def long_write() -> None:
            with store._tx():
                inside.set()
                leave.wait(10)

        writer = threading.Thread(target=long_write)
        writer.start()
        assert inside.wait(5)
        answers: list[object] = []

        def read() -> None:
            answers.append(store.states([make_article(1).id]))
            answers.append(store.get_article(make_article(2).id))
            answers.append(store.search("fortschritt"))
            answers.append(store.get_listing("https://taz.de/"))

        reading = threading.Thread(target=read)
        reading.start()
        reading.join(3)
        done = not reading.is_alive()
        leave.set()
        writer.join()
        reading.join()
        assert done, "a read waited for the write"
        assert len(answers) == 4 and all(answers)


async def test_the_app_paints_and_bookmarks_while_another_process_holds_the_lock(
    path: Path, holder: Holder
) -> None:
    store = Store.open(path)
    try:
        app = make_app(Reader(store, offline=True), Config())
        async with app.run_test(size=(140, 45)) as pilot:
            await settle(pilot)
            rows = list_rows(app)
            assert len(rows) == 3 and "Fortschritt" in rows[0]
            await pilot.press("B")
            await settle(pilot)
            assert "★" in list_rows(app)[0]
            assert any(m.startswith("Bookmarked") for m in notifications(app))
            assert holder.holding  # all of it while the lock was held
            assert _stored(path)[0] == set()
            holder.release()
            assert app.session.reader.state.flush(10)
            assert _stored(path)[0] == {make_article(1).id}
    finally:
        store.close()
