"""`tazreader diff`: the real command on a real cache file that has kept two versions of the
real page (the seed article's two corrections applied to it, tests/revisions.py), compared
with the expected output; its failures are one line each."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tazreader.__main__ import main
from tazreader.store import Store
from tazreader.taz.models import Paragraph, Segment
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tests.revisions import page
from tests.server import FIXTURES

WORDS = FIXTURES / "expected_diff_5928990.txt"
UNIFIED = FIXTURES / "expected_diff_5928990_unified.txt"
# Version 1 first fetched, fetched again unchanged, then version 2 (UTC; printed in Berlin time).
FETCHES = ((1, datetime(2025, 12, 5, 8, 0, tzinfo=UTC)),
           (1, datetime(2025, 12, 6, 7, 0, tzinfo=UTC)),
           (2, datetime(2025, 12, 6, 8, 14, tzinfo=UTC)))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))
    path = tmp_path / "data" / "cache.sqlite3"
    with Store.open(path) as store:
        for version, when in FETCHES:
            raw = page(version)
            store.put_article(parse_article(raw), raw=raw, fetched_at=when,
                              parser_version=PARSER_VERSION, revise=True)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(["diff", *argv])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.mark.parametrize("source", ["5928990", "!5928990", "https://taz.de/!5928990/",
                                    "https://taz.de/Selbstbestimmungsgesetz/!5928990/"])
def test_words_are_the_expected_diff(cache: Path, capsys: pytest.CaptureFixture[str],
                                     source: str) -> None:
    rc, out, err = run(capsys, source)
    assert (rc, err) == (0, "")
    assert out == WORDS.read_text(encoding="utf-8")
    assert out.count("[-") == 2 and out.count("{+") == 1  # exactly the two corrections


def test_unified_is_the_expected_line_diff(cache: Path, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    rc, out, err = run(capsys, "5928990", "--format", "unified", "--revision", "2")
    assert (rc, err) == (0, "")
    assert out == UNIFIED.read_text(encoding="utf-8")


def test_an_older_revision_and_page_text_that_could_steer_a_terminal(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(cache) as store:
        current = parse_article(page(2))
        hostile = Paragraph((Segment("Neu: \x1b[2J[bold]fett[/bold] \u202eumgedreht"),))
        store.put_article(replace(current, blocks=(*current.blocks, hostile)),
                          fetched_at=datetime(2025, 12, 7, tzinfo=UTC),
                          parser_version=PARSER_VERSION, revise=True)
    rc, out, err = run(capsys, "5928990")
    assert rc == 0 and "version 3 of 3" in out
    assert "{+Neu: [2J[bold]fett[/bold] umgedreht+}" in out  # as text; ESC and RLO dropped
    assert "\x1b" not in out and "\u202e" not in out
    rc, older, _ = run(capsys, "5928990", "--revision", "2")
    assert rc == 0 and older == WORDS.read_text(encoding="utf-8").replace("of 2", "of 3")


@pytest.mark.parametrize(("argv", "said"), [
    (["6135282"], "'6135282' is not in the offline cache"),
    (["hallo\x1b[31m"], "is not in the offline cache"),
    (["5928990", "--revision", "1"], "--revision must be a version from 2 to 2"),
    (["5928990", "--revision", "3"], "--revision must be a version from 2 to 2"),
    (["5928990", "--revision", "zwei"], "not 'zwei'"),
])
def test_what_cannot_be_shown_is_one_line(
    cache: Path, capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    rc, out, err = run(capsys, *argv)
    assert rc == 1 and out == ""
    assert err.startswith("tazreader diff: ") and err.count("\n") == 1 and said in err
    assert "\x1b" not in err


def test_an_article_that_never_changed_has_no_diff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))
    with Store.open(tmp_path / "data" / "cache.sqlite3") as store:
        raw = page(1)
        store.put_article(parse_article(raw), raw=raw, fetched_at=FETCHES[0][1],
                          parser_version=PARSER_VERSION, revise=True)
    rc, out, err = run(capsys, "5928990")
    assert rc == 1 and out == ""
    assert err == ("tazreader diff: only one version of '5928990' is kept: its text has not "
                   "changed since it was first read\n")


def test_cache_stats_counts_the_changed_articles(
    cache: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    assert main(["cache", "stats"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if "Changed articles" in line)
    assert "│ 1 (1 earlier version kept, " in row


def test_a_cache_file_that_is_no_database_is_set_aside_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "cache.sqlite3").write_bytes(b"\x1b[2J not a database " * 100)
    rc, out, err = run(capsys, "5928990")
    assert rc == 1 and out == "" and "Traceback" not in err
    assert "moved aside" in err and err.rstrip().endswith("is not in the offline cache (an "
                                                           "article's address or id, e.g. "
                                                           "5928990)")
