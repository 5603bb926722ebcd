"""Crash safety, corrupt files, two processes, the size budget and re-parsing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tazreader.store import Store, db
from tazreader.store.db import APPLICATION_ID
from tazreader.taz.errors import ParseError
from tazreader.taz.models import Article, Listing
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tests.factories import T0, make_article

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "fundus_Taz_2024_10_23.html"


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def _aside(tmp_path: Path, name: str) -> list[Path]:
    found = tmp_path.glob(f"{name}.corrupt-*")
    return sorted(p for p in found if not p.name.endswith(("-wal", "-shm")))


# --- corrupt and foreign files ----------------------------------------------------------


def test_garbage_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    garbage = bytes(range(256)) * 64
    path.write_bytes(garbage)
    (tmp_path / "cache.sqlite3-wal").write_bytes(b"stale wal")
    with Store.open(path) as s:
        assert s.notice is not None
        assert "could not be used" in s.notice and "moved aside" in s.notice
        s.put_article(make_article(1), fetched_at=T0, parser_version=1)
        assert s.get_article(make_article(1).id) is not None
    (aside,) = _aside(tmp_path, "cache.sqlite3")
    assert aside.name in (s.notice or "")
    assert aside.read_bytes() == garbage  # kept as it was, for whoever wants to look
    assert (tmp_path / f"{aside.name}-wal").read_bytes() == b"stale wal"
    with Store.open(path) as again:
        assert again.notice is None and again.get_article(make_article(1).id) is not None


def test_foreign_sqlite_file_is_set_aside_untouched(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO photos (name) VALUES ('holiday')")
    conn.commit()
    conn.close()
    with Store.open(path) as s:
        assert s.notice is not None and "some other program" in s.notice
        assert s.stats().articles == 0
    (aside,) = _aside(tmp_path, "cache.sqlite3")
    conn = sqlite3.connect(aside)
    assert conn.execute("SELECT name FROM photos").fetchall() == [("holiday",)]
    conn.close()


def test_database_from_newer_version_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    with Store.open(path) as s:
        s.put_article(make_article(1), fetched_at=T0, parser_version=1)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with Store.open(path) as s:
        assert s.notice is not None and "newer tazreader" in s.notice
        assert s.get_article(make_article(1).id) is None
    (aside,) = _aside(tmp_path, "cache.sqlite3")
    conn = sqlite3.connect(aside)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 99
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    conn.close()


def test_migrations_run_in_order_and_keep_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cache.sqlite3"
    with Store.open(path) as s:
        s.put_article(make_article(1), fetched_at=T0, parser_version=1)
    step = "ALTER TABLE meta ADD COLUMN note TEXT; CREATE TABLE extra (x INTEGER);"
    monkeypatch.setattr(db, "MIGRATIONS", (*db.MIGRATIONS, step))
    monkeypatch.setattr(db, "SCHEMA_VERSION", len(db.MIGRATIONS))
    with Store.open(path) as s:
        assert s.notice is None
        assert s.get_article(make_article(1).id) is not None
        assert s.stats().schema_version == len(db.MIGRATIONS)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM extra").fetchone() == (0,)
    conn.close()


def test_empty_file_is_simply_initialised(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"")
    with Store.open(path) as s:
        assert s.notice is None
    assert _aside(tmp_path, "cache.sqlite3") == []


def test_a_locked_file_is_an_error_never_set_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "cache.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE x (a)")
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the file (no WAL yet)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            Store.open(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _aside(tmp_path, "cache.sqlite3") == []


def test_two_corrupt_opens_get_distinct_aside_names(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    for _ in range(2):
        path.write_bytes(b"x" * 5000)
        Store.open(path).close()
    assert len(_aside(tmp_path, "cache.sqlite3")) == 2


def test_damage_found_mid_session_sets_file_aside_and_keeps_working(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    with Store.open(path) as s:
        for n in range(200):
            s.put_article(make_article(n), raw=os.urandom(3000), fetched_at=T0, parser_version=1)
    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()
    (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size  # the articles table's root page: garbage from here on
    data[start : start + page_size] = bytes(range(256)) * (page_size // 256)
    path.write_bytes(bytes(data))
    with Store.open(path) as s:
        assert s.notice is None  # opening is cheap and does not scan the whole file
        assert s.offline_articles() == []  # the damage shows here: set aside, fresh file
        assert s.notice is not None and "damaged" in s.notice
        s.put_article(make_article(1), fetched_at=T0, parser_version=1)
        assert s.get_article(make_article(1).id) is not None
    (aside,) = _aside(tmp_path, "cache.sqlite3")
    assert aside.read_bytes() == bytes(data)
    assert _integrity(path) == "ok"


# --- crash safety -----------------------------------------------------------------------

WRITER = """
import os, sys
from pathlib import Path

from tazreader.store import Store
from tests.factories import T0, make_article
store = Store.open(Path(sys.argv[1]))
n = 0
while True:
    store.put_article(make_article(n), raw=os.urandom(40_000), fetched_at=T0, parser_version=1)
    print(n, flush=True)
    n += 1
"""


def test_kill_9_mid_sync_keeps_every_committed_article(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True, env=_env()
    )
    assert proc.stdout is not None
    last = -1
    try:
        while last < 60:
            line = proc.stdout.readline()
            assert line, "writer died early"
            last = int(line)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # The writer went on between our last read and the kill: what it printed before it
        # died is still in the pipe, and every article it printed was committed.
        printed = proc.stdout.read().split()
        proc.stdout.close()
    last = max([last, *map(int, printed)])
    assert proc.returncode == -signal.SIGKILL
    assert _integrity(path) == "ok"
    with Store.open(path) as s:
        assert s.notice is None
        committed = [make_article(n).id for n in range(last + 1)]
        assert s.cached_ids(committed) == set(committed)
        for n in (0, last):
            got = s.get_article(make_article(n).id)
            assert got is not None and got[0] == make_article(n)
            page = s.get_page(make_article(n).url)
            assert page is not None and len(page.body) == 40_000
        total = s.stats().articles
        assert total in (last + 1, last + 2)  # the one in flight: all or nothing
        assert len(s.search("fortschritt", limit=1000)) == total


OTHER = """
import sys
from pathlib import Path

from tazreader.store import Store
from tests.factories import T0, make_article
store = Store.open(Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.readline()  # the parent is writing now
seen = 0
for n in range(1000, 1150):
    store.put_article(make_article(n), fetched_at=T0, parser_version=1)
    store.set_read(make_article(n).id)
    assert store.search("fortschritt", limit=5)
    other = store.states([make_article(k).id for k in range(0, 150)])
    seen = max(seen, sum(st.cached for st in other.values()))
store.close()
print(seen, flush=True)
"""


def test_two_processes_read_and_write_at_once(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    Store.open(path).close()  # both start from an existing file
    proc = subprocess.Popen(
        [sys.executable, "-c", OTHER, str(path)], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
    )
    assert proc.stdin is not None and proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    with Store.open(path) as s:
        s.put_article(make_article(0), fetched_at=T0, parser_version=1)
        proc.stdin.write("go\n")
        proc.stdin.flush()
        n = 1
        while proc.poll() is None or n < 150:  # keep writing for as long as the other does
            s.put_article(make_article(n % 150), fetched_at=T0, parser_version=1)
            s.add_history(make_article(n % 150).teaser_entry())
            s.states([make_article(k).id for k in range(1000, 1150)])
            n += 1
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert int(out) > 0  # the other process saw our writes while it wrote its own
        assert s.stats().articles == 300
        assert s.stats().read == 150
        assert len(s.search("fortschritt", limit=500)) == 300
    assert _integrity(path) == "ok"


RACER = """
import sys, time
from pathlib import Path
from tazreader.store import Store
from tests.factories import T0, make_article
start = float(sys.argv[2])
while time.time() < start:
    time.sleep(0.001)
store = Store.open(Path(sys.argv[1]))
assert store.notice is None, store.notice
k = int(sys.argv[3])
for n in range(k * 100, k * 100 + 20):
    store.put_article(make_article(n), fetched_at=T0, parser_version=1)
store.close()
"""


def test_processes_creating_the_file_at_once(tmp_path: Path) -> None:
    path = tmp_path / "new" / "cache.sqlite3"
    start = time.time() + 1.0  # all three open (and migrate) at the same moment
    procs = [
        subprocess.Popen([sys.executable, "-c", RACER, str(path), str(start), str(k)],
                         stderr=subprocess.PIPE, text=True, env=_env())
        for k in range(3)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    assert _aside(path.parent, "cache.sqlite3") == []
    with Store.open(path) as s:
        assert s.stats().articles == 60
    assert _integrity(path) == "ok"


# --- budget -----------------------------------------------------------------------------


def _fill(s: Store, count: int, *, size: int = 30_000) -> None:
    for n in range(count):
        s.put_article(make_article(n), raw=os.urandom(size), fetched_at=T0, parser_version=1)


def test_prune_evicts_read_first_and_never_bookmarks(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    with Store.open(path, budget_mb=1) as s:
        _fill(s, 80)  # ~2.4 MB of incompressible pages
        ids = [make_article(n).id for n in range(80)]
        read_order = [ids[n] for n in (50, 10, 70, 20, 60, 30, 40, 0)]
        for aid in read_order:
            s.set_read(aid)
            time.sleep(0.002)  # distinct read times
        bookmarked = {ids[n] for n in (0, 1, 2, 3, 5, 8, 13, 21)}
        for aid in bookmarked:
            s.add_bookmark(make_article(int(aid) - 5_900_000).teaser_entry())
        for k in range(5):  # listing pages no article owns: they go before unread articles
            s.put_listing(Listing("section", f"https://taz.de/!p{k}/", "Ressort"),
                          raw=os.urandom(30_000), fetched_at=T0)
        size_before = path.stat().st_size
        evicted = s.prune()
        assert evicted > 0
        left = s.cached_ids(ids)
        assert bookmarked <= left
        assert s.stats().used_bytes <= s.budget_bytes
        # every read, unbookmarked article went before any unread one
        read_gone = {a for a in read_order if a not in bookmarked} - left
        unread_gone = set(ids) - left - set(read_order)
        assert unread_gone and read_gone == {a for a in read_order if a not in bookmarked}
        assert all(s.get_page(f"https://taz.de/!p{k}/") is None for k in range(5))
        assert evicted == len(read_gone) + len(unread_gone) + 5
        # unread ones go oldest fetch first: the survivors are the newest
        assert _integrity(path) == "ok"
    assert path.stat().st_size < size_before  # compacted


def test_prune_keeps_read_articles_read_most_recently(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.sqlite3", budget_mb=1) as s:
        _fill(s, 45)  # ~1.35 MB: a little over the budget
        ids = [make_article(n).id for n in range(45)]
        for aid in ids:  # all read, in order
            s.set_read(aid)
        s.prune()
        left = s.cached_ids(ids)
        assert left and len(left) < 45
        assert left == set(ids[-len(left):])  # the oldest reads went first


def test_prune_under_budget_does_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.sqlite3") as s:
        _fill(s, 5)
        assert s.prune() == 0
        assert s.stats().articles == 5


def test_no_pruning_on_open_or_reads(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with Store.open(path) as s:
        _fill(s, 60)
    with Store.open(path, budget_mb=1) as s:  # far over the new budget
        for _ in range(150):
            s.offline_articles(limit=5)
            s.states([make_article(0).id])
        assert s.stats().articles == 60


def test_auto_prune_after_writes(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.sqlite3", budget_mb=1) as s:
        s.add_bookmark(make_article(0).teaser_entry())
        _fill(s, 250)
        st = s.stats()
        assert st.articles < 150  # checked every 100 writes, so it stays near the budget
        assert s.get_article(make_article(0).id) is not None


# --- re-parsing -------------------------------------------------------------------------


def test_reparse_stale_uses_cached_raw_html(tmp_path: Path) -> None:
    raw = FIXTURE.read_bytes()
    stub = Article(id="5928990", url="https://taz.de/!5928990/", title="Platzhalterxyz")
    calls: list[str] = []

    def parse(body: bytes, url: str) -> Article:
        calls.append(url)
        return parse_article(body, url)

    def broken(body: bytes, url: str) -> Article:
        raise ParseError("kaputt")

    with Store.open(tmp_path / "c.sqlite3") as s:
        s.put_article(stub, raw=raw, fetched_at=T0, parser_version=PARSER_VERSION - 1)
        s.put_article(make_article(1), fetched_at=T0, parser_version=PARSER_VERSION - 1)  # no raw
        s.put_article(make_article(2), fetched_at=T0, parser_version=PARSER_VERSION)
        assert s.reparse_stale(PARSER_VERSION, broken) == 0
        got = s.get_article("5928990")
        assert got is not None and got[0].title == "Platzhalterxyz"
        assert s.reparse_stale(PARSER_VERSION, parse) == 1
        assert calls == ["https://taz.de/!5928990/"]
        got = s.get_article("5928990")
        assert got is not None
        assert got[0].title == "Ein bisschen Fortschritt" and got[1] == T0
        assert [h.teaser.id for h in s.search("referentenentwurf")] == ["5928990"]
        assert s.search("platzhalterxyz") == []
        assert s.reparse_stale(PARSER_VERSION, parse) == 0
