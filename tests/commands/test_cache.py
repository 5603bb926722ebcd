"""`tazreader cache …` against a real cache file in tmp_path."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from tazreader.__main__ import main
from tazreader.store import Store
from tests.factories import T0, make_article


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))
    monkeypatch.setenv("COLUMNS", "120")
    return tmp_path / "data"


def _fill(data_dir: Path) -> None:
    with Store.open(data_dir / "cache.sqlite3") as s:
        s.put_article(
            make_article(1, title="Öko-Bauern [bold]protestieren[/bold]",
                         body="Die Hauptstraße wird \x1b[31mgesperrt."),
            raw=b"<html/>", fetched_at=T0, parser_version=1,
        )
        s.put_article(make_article(2, title="Verkehr"), fetched_at=T0, parser_version=1)
        s.add_bookmark(make_article(2).teaser_entry())


def test_path(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cache", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(data_dir / "cache.sqlite3")


def test_stats_table(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fill(data_dir)
    assert main(["cache", "stats"]) == 0
    out = capsys.readouterr().out
    assert "tazreader offline cache" in out
    assert "Articles" in out and "│ 2 " in out.replace("  ", " ")
    assert "Bookmarks" in out
    assert "Schema version" in out


def test_search_prints_hits_as_text_not_markup(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fill(data_dir)
    assert main(["cache", "search", "hauptstrasse"]) == 0
    out = capsys.readouterr().out
    assert "Öko-Bauern [bold]protestieren[/bold]" in out  # markup-like text shown literally
    assert "«Hauptstraße»" in out
    assert "\x1b" not in out  # no escape sequence from page text reaches the terminal
    assert "https://taz.de/!5900001/" in out
    assert "1 hit" in out


def test_search_without_hits_and_hostile_query(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fill(data_dir)
    assert main(["cache", "search", '"NEAR( *']) == 1
    assert "No cached article matches" in capsys.readouterr().out
    assert main(["cache", "search", "verk", "--limit", "1"]) == 0
    assert "Verkehr" in capsys.readouterr().out


def test_prune_reports(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fill(data_dir)
    assert main(["cache", "prune"]) == 0
    out = capsys.readouterr().out
    assert "Evicted 0 cached items; 2 articles left" in out


def test_clear_needs_yes_when_not_a_terminal(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(data_dir)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["cache", "clear"]) == 2
    assert "--yes" in capsys.readouterr().err
    with Store.open(data_dir / "cache.sqlite3") as s:
        assert s.stats().articles == 2
    assert main(["cache", "clear", "--yes"]) == 0
    assert "Cleared: 2 articles" in capsys.readouterr().out
    with Store.open(data_dir / "cache.sqlite3") as s:
        assert s.stats().articles == 0 and s.bookmarks() == []


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "cleared"), [("n\n", False), ("", False), ("j\n", True)])
def test_clear_asks_on_a_terminal(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    answer: str, cleared: bool,
) -> None:
    _fill(data_dir)
    monkeypatch.setattr("sys.stdin", _Tty(answer))
    assert main(["cache", "clear"]) == (0 if cleared else 2)
    assert "[y/N]" in capsys.readouterr().out
    with Store.open(data_dir / "cache.sqlite3") as s:
        assert s.stats().articles == (0 if cleared else 2)


def test_corrupt_file_is_reported_and_replaced(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "cache.sqlite3").write_bytes(b"not a database at all" * 10)
    assert main(["cache", "stats"]) == 0
    captured = capsys.readouterr()
    assert "moved aside" in captured.err
    assert "Articles" in captured.out


def test_prune_uses_the_configured_budget(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "config.toml").write_text("cache_budget_mb = 1\n", encoding="utf-8")
    with Store.open(data_dir / "cache.sqlite3") as s:
        for n in range(60):
            s.put_article(make_article(n), raw=os.urandom(30_000), fetched_at=T0,
                          parser_version=1)
        s.add_bookmark(make_article(0).teaser_entry())
    assert main(["cache", "prune"]) == 0
    out = capsys.readouterr().out
    assert "Evicted " in out and "budget 1.0 MB" in out
    with Store.open(data_dir / "cache.sqlite3") as s:
        st = s.stats()
        assert 0 < st.articles < 60 and st.used_bytes <= 1024 * 1024
        assert s.get_article(make_article(0).id) is not None
