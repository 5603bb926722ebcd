"""A prune in batches: killed halfway (kill -9), the cache is consistent and prunes on."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tazreader.store import Store, budget, db
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tests.factories import T0

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = (ROOT / "tests" / "fixtures" / "fundus_Taz_2024_10_23.html").read_bytes()
COUNT = 300

PRUNER = """
import sys, time
from pathlib import Path

import pytest
from tazreader.store import Store, budget
budget.PRUNE_BATCH = 10
store = Store.open(Path(sys.argv[1]), budget_mb=1)

def progress(n):
    print(n, flush=True)
    time.sleep(0.05)  # a slow disk: the parent kills it between two batches or inside one

store.prune(progress)
print("done", flush=True)
"""


def _build(path: Path, count: int = COUNT, varied: bool = False) -> list[str]:
    """``count`` copies of the real page; ``varied``: each with 4 KB of its own (as another
    day's page of the same design packs to ~5.5 KB, not to the ~150 bytes of a copy)."""
    real = parse_article(FIXTURE, "https://taz.de/!5928990/")
    rng = random.Random(count)
    ids = []
    with Store.open(path, budget_mb=1000) as s:
        for n in range(count):
            aid = str(6_200_000 + n)
            page = FIXTURE.replace(b"5928990", aid.encode()).replace(
                b"Fortschritt", f"Fortschritt {n}".encode())
            if varied:
                noise = rng.randbytes(2048).hex().encode()
                page = page.replace(b"</body>", b"<!-- " + noise + b" --></body>")
            s.put_article(parse_article(page, f"https://taz.de/!{aid}/"), raw=page,
                          fetched_at=T0, parser_version=PARSER_VERSION)
            ids.append(aid)
        s.add_bookmark(s.heads([ids[0]])[ids[0]])
        assert real.id not in ids
    return ids


def _check(path: Path, ids: list[str]) -> int:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # every page's dictionary is there; the index holds exactly the articles
        assert conn.execute(
            "SELECT count(*) FROM pages WHERE dict IS NOT NULL AND dict NOT IN "
            "(SELECT id FROM dicts)"
        ).fetchone() == (0,)
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        indexed = conn.execute(
            "SELECT count(*) FROM fts WHERE fts MATCH 'referentenentwurf'"
        ).fetchone()[0]
        assert indexed == articles
    finally:
        conn.close()
    with Store.open(path, budget_mb=1) as s:
        assert s.notice is None
        left = sorted(s.cached_ids(ids))
        assert ids[0] in left  # the bookmark
        for aid in left:
            page = s.get_page(f"https://taz.de/!{aid}/")
            got = s.get_article(aid)
            assert page is not None and got is not None
            assert parse_article(page.body, f"https://taz.de/!{aid}/") == got[0]
        assert len(s.search("referentenentwurf", limit=COUNT)) == len(left)
        return len(left)


def test_a_prune_killed_halfway_leaves_a_consistent_cache(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    ids = _build(path)
    proc = subprocess.Popen([sys.executable, "-c", PRUNER, str(path)], stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None
    try:
        seen = [proc.stdout.readline().strip() for _ in range(3)]
        assert seen == ["10", "20", "30"], seen
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    left = _check(path, ids)
    assert 0 < COUNT - left < COUNT - 1  # killed halfway: some evicted, some not yet
    with Store.open(path, budget_mb=1) as s:
        assert s.prune() > 0  # and the next prune goes on
        assert s.stats().used_bytes <= s.budget_bytes
    assert _check(path, ids) < left


def test_a_prune_gives_the_space_back_without_rewriting_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.sqlite3"
    ids = _build(path, 120, varied=True)
    with Store.open(path) as s:
        used = s.stats().used_bytes
    fulls: list[bool] = []
    compact = budget.Budget._compact

    def spy(self: budget.Budget, *, full: bool = False) -> None:
        fulls.append(full)
        compact(self, full=full)

    monkeypatch.setattr(budget.Budget, "_compact", spy)
    with Store.open(path) as s:
        s.budget_bytes = int(used * 0.9)  # 10 % over (budget_mb is whole MB)
        assert s.prune() > 0
        st = s.stats()
        assert fulls == [False]  # the incremental vacuum only: no VACUUM of the whole file
        # Down to the target (90 % of the budget), and not much below it: the prune learns
        # how much of what it evicts comes free at once.
        assert 0.8 * s.budget_bytes <= st.used_bytes <= 0.9 * s.budget_bytes
        assert st.file_bytes <= s.budget_bytes + 2**20  # the file shrank too (+ its WAL)
    _check(path, ids)


def test_a_cache_with_64_kb_pages_is_laid_out_anew_by_its_first_prune(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.sqlite3"
    monkeypatch.setattr(db, "PAGE_SIZE", 65536)  # as tazreader made files before schema 5
    ids = _build(path, 120, varied=True)
    monkeypatch.undo()
    with Store.open(path) as s:
        assert s._conn.execute("PRAGMA page_size").fetchone()[0] == 65536
        s.budget_bytes = s.stats().used_bytes // 2
        assert s.prune() > 0
        assert s._conn.execute("PRAGMA page_size").fetchone()[0] == db.PAGE_SIZE == 4096
        assert s._conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2
        assert s.stats().used_bytes <= s.budget_bytes
    _check(path, ids)
