"""Damage that SQLite does not see: a flipped byte in a stored JSON row, a broken full-text
index. The damaged part is mended or dropped, with a notice; the rest of the cache stays."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tazreader.__main__ import main
from tazreader.store import Store
from tazreader.taz.models import Listing
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tests.factories import T0, make_article, make_teaser

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "fundus_Taz_2024_10_23.html"


def _flip(path: Path, table: str, column: str, where: str, params: tuple[object, ...]) -> None:
    """Flip one byte of a stored JSON value behind the store's back (``":`` -> ``"\\x1a``):
    the file stays a valid database (integrity_check says ok), the value is no JSON."""
    conn = sqlite3.connect(path)
    try:
        (value,) = conn.execute(f"SELECT {column} FROM {table} WHERE {where}", params).fetchone()
        if isinstance(value, bytes):  # the JSON packed as a zstd frame: a byte in its middle
            data = bytearray(value)
            data[len(data) // 2] ^= 0x20
            changed: str | bytes = bytes(data)
        else:
            data = bytearray(value.encode())
            k = data.index(b'":') + 1
            data[k] ^= 0x20
            changed = data.decode()
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE {where}", (changed, *params))
        conn.commit()
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def _aside(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".corrupt-*"))


def test_a_damaged_article_row_is_read_again_from_its_page(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    raw = FIXTURE.read_bytes()
    real = parse_article(raw, "https://taz.de/!5928990/")
    with Store.open(path) as s:
        s.put_article(real, raw=raw, fetched_at=T0, parser_version=PARSER_VERSION)
        s.put_article(make_article(1), fetched_at=T0, parser_version=1)
    _flip(path, "articles", "data", "id = ?", (real.id,))
    with Store.open(path) as s:
        got = s.get_article(real.id)
        assert got is not None and got[0] == real and got[1] == T0
        assert s.notice is not None and "5928990" in s.notice and "saved page" in s.notice
        assert [h.teaser.id for h in s.search("referentenentwurf")] == [real.id]
        assert s.get_article(make_article(1).id) is not None
    assert _aside(path) == []


def test_a_damaged_article_row_without_its_page_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with Store.open(path) as s:
        for n in (1, 2):
            s.put_article(make_article(n), fetched_at=T0, parser_version=1)
        s.add_bookmark(make_teaser(1))
    _flip(path, "articles", "data", "id = ?", (make_article(1).id,))
    with Store.open(path) as s:
        assert s.get_article(make_article(1).id) is None
        assert s.notice is not None and "dropped" in s.notice
        assert s.cached_ids([make_article(1).id, make_article(2).id]) == {make_article(2).id}
        assert s.bookmarks() == [make_teaser(1)]  # the bookmark stays: it is fetched again
        assert [h.teaser.id for h in s.search("fortschritt")] == [make_article(2).id]
        # the dropped article's entry is gone from the index, and its row id is not reused
        s.put_article(make_article(3, title="Ganz anders", kicker="x", teaser="y", body="z"),
                      fetched_at=T0, parser_version=1)
        assert [h.teaser.id for h in s.search("fortschritt")] == [make_article(2).id]


def test_damaged_teaser_rows_are_left_out_of_every_list(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with Store.open(path) as s:
        for n in (1, 2, 3):
            s.put_article(make_article(n), fetched_at=T0, parser_version=1)
            s.add_bookmark(make_teaser(n))
            s.add_history(make_teaser(n))
        s.put_listing(Listing("section", "https://taz.de/!p4615/", "Politik",
                              (make_teaser(1),)), fetched_at=T0)
    two = make_article(2).id
    _flip(path, "bookmarks", "teaser", "id = ?", (two,))
    _flip(path, "history", "teaser", "id = ?", (two,))
    _flip(path, "articles", "teaser", "id = ?", (two,))
    _flip(path, "listings", "data", "url = ?", ("https://taz.de/!p4615/",))
    with Store.open(path) as s:
        # a bookmark or history entry whose row is damaged is made again from its article
        assert [t.id for t in s.bookmarks()] == [make_article(n).id for n in (3, 2, 1)]
        assert [t.id for t in s.history()] == [make_article(n).id for n in (3, 2, 1)]
        assert {t.id for t in s.offline_articles()} == {make_article(n).id for n in (1, 3)}
        assert {h.teaser.id for h in s.search("fortschritt")} == {
            make_article(n).id for n in (1, 3)
        }
        assert s.get_listing("https://taz.de/!p4615/") is None  # fetched again when shown
        assert s.notice is not None


def test_cache_search_survives_a_damaged_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(data))
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))
    with Store.open(data / "cache.sqlite3") as s:
        for n in (1, 2):
            s.put_article(make_article(n), fetched_at=T0, parser_version=1)
    _flip(data / "cache.sqlite3", "articles", "teaser", "id = ?", (make_article(1).id,))
    assert main(["cache", "search", "fortschritt"]) == 0
    out = capsys.readouterr().out
    assert "https://taz.de/!5900002/" in out and "1 hit" in out


# --- the full-text index ------------------------------------------------------------------


def _break_index(path: Path, table: str = "fts") -> None:
    """Garbage in the index's own blocks: SQLite's b-trees are fine, FTS5's structure not."""
    conn = sqlite3.connect(path)
    try:
        conn.execute(f"UPDATE {table}_data SET block = x'00ff00ff00ff00ff00ff' WHERE id >= 1")
        conn.commit()
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def _fill(path: Path) -> None:
    with Store.open(path) as s:
        for n in range(30):
            s.put_article(make_article(n), fetched_at=T0, parser_version=1)
        s.add_bookmark(make_teaser(3))
        s.add_history(make_teaser(4))
        s.set_read(make_article(5).id)


def test_a_damaged_index_is_rebuilt_and_nothing_else_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    _fill(path)
    _break_index(path)
    with Store.open(path) as s:
        assert len(s.search("fortschritt", limit=100)) == 30
        assert s.notice is not None and "rebuilt" in s.notice
        assert s.bookmarks() == [make_teaser(3)]
        assert s.history() == [make_teaser(4)]
        assert s.states([make_article(5).id])[make_article(5).id].read
        s.put_article(make_article(40, title="Neuer Titel"), fetched_at=T0, parser_version=1)
        assert [h.teaser.id for h in s.search("neuer titel")] == [make_article(40).id]
    assert _aside(path) == []
    with Store.open(path) as s:
        assert s.notice is None and len(s.search("fortschritt", limit=100)) == 30
        assert [h.teaser.id for h in s.search("neuer")] == [make_article(40).id]


@pytest.mark.parametrize("table", ["fts", "grams"])
def test_a_rebuilt_index_finds_compounds_again(tmp_path: Path, table: str) -> None:
    path = tmp_path / "c.sqlite3"
    _fill(path)
    with Store.open(path) as s:
        s.put_article(make_article(40, body="Die Hauptstraße wird gesperrt."),
                      fetched_at=T0, parser_version=1)
    _break_index(path, table)
    with Store.open(path) as s:
        assert [h.teaser.id for h in s.search("strasse")] == [make_article(40).id]
        assert s.notice is not None and "rebuilt" in s.notice
        assert len(s.search("bestimmung", limit=100)) == 31  # the kicker's compound
    assert _aside(path) == []


def test_cache_search_and_stats_say_what_was_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(data))
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))
    monkeypatch.setenv("COLUMNS", "120")
    _fill(data / "cache.sqlite3")
    _break_index(data / "cache.sqlite3")
    assert main(["cache", "search", "fortschritt"]) == 0
    captured = capsys.readouterr()
    assert "rebuilt" in captured.err
    assert "20 hits" in captured.out  # the default limit


def test_a_file_that_cannot_be_used_is_reported_by_search_and_stats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(data))
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))
    path = data / "cache.sqlite3"
    with Store.open(path) as s:
        for n in range(200):
            s.put_article(make_article(n), fetched_at=T0, parser_version=1)
    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()
    (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    data_bytes = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data_bytes[start : start + page_size] = bytes(range(256)) * (page_size // 256)
    path.write_bytes(bytes(data_bytes))
    assert main(["cache", "search", "fortschritt"]) == 1
    captured = capsys.readouterr()
    assert "moved aside" in captured.err  # found mid-command: said, not only "no match"
