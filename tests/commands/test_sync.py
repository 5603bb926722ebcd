"""`tazreader sync` end to end: the real CLI against the loopback fixture server."""

from __future__ import annotations

import functools
import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from rich.progress import Progress

from tazreader.__main__ import main
from tazreader.commands import sync as sync_command
from tazreader.commands.sync import list_urls
from tazreader.service import SyncEvent
from tazreader.store import Store, db
from tazreader.taz.client import TazClient
from tests.server import FixtureServer

FIXTURES = Path(__file__).parents[1] / "fixtures"
needs_front = pytest.mark.skipif(
    not (FIXTURES / "constructed_front.html").exists(),
    reason="constructed_front.html not there yet",
)
needs_section = pytest.mark.skipif(
    not list(FIXTURES.glob("constructed_section*.html")),
    reason="constructed_section*.html not there yet",
)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Cache and config in tmp_path; retries of the CLI's client with a tiny backoff."""
    monkeypatch.setattr(sync_command, "TazClient", functools.partial(TazClient, backoff=0.01))
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))
    monkeypatch.delenv("TAZREADER_BASE_URL", raising=False)
    return tmp_path / "data"


def cached_articles(data_dir: Path) -> int:
    with Store.open(data_dir / "cache.sqlite3") as store:
        return store.stats().articles


def test_list_urls() -> None:
    base = "http://127.0.0.1:9"
    assert list_urls([], base) == [base + "/"]
    assert list_urls(["Politik", "p4616", "Oeko/Oekologie"], base) == [
        base + "/Politik/!p4615/",
        base + "/Politik/Deutschland/!p4616/",
        base + "/Oeko/Oekologie/!p4624/",
    ]
    assert list_urls(["https://taz.de/Transgender/!t5523976/"], base) == [
        base + "/Transgender/!t5523976/"
    ]
    with pytest.raises(ValueError, match="unknown section 'Feuilleton'"):
        list_urls(["Feuilleton"], base)
    with pytest.raises(ValueError, match="not a list page"):
        list_urls(["https://taz.de/!5928990/"], base)


def test_offline_is_refused(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--offline", "sync"]) == 2
    assert "--offline" in capsys.readouterr().err
    assert not data_dir.exists()


def test_unknown_section_is_refused(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--base-url", "http://127.0.0.1:9", "sync", "Feuilleton"]) == 2
    err = capsys.readouterr().err
    assert "unknown section 'Feuilleton'" in err and "Politik" in err


def test_dead_network_fails_with_a_reason(
    data_dir: Path, fixture_server: FixtureServer, capsys: pytest.CaptureFixture[str]
) -> None:
    base = fixture_server.base_url
    fixture_server.stop()
    assert main(["--base-url", base, "sync"]) == 1
    out, err = capsys.readouterr()
    assert "0 lists" in out and "Could not connect" in out
    assert "offline?" in err


@needs_front
def test_a_cache_locked_by_another_program_is_one_line_not_a_traceback(
    data_dir: Path,
    fixture_server: FixtureServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 50)
    Store.open(data_dir / "cache.sqlite3").close()
    holder = sqlite3.connect(data_dir / "cache.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writing, and writing, and writing
    try:
        assert main(["--base-url", fixture_server.base_url, "sync"]) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert "could not be written (database is locked)" in err
    assert "Traceback" not in err


@needs_front
def test_sync_front_page_then_incremental(
    data_dir: Path, fixture_server: FixtureServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture_server.any_article = True
    assert main(["--base-url", fixture_server.base_url, "sync"]) == 0
    out = capsys.readouterr().out
    first = cached_articles(data_dir)
    assert first >= 3
    assert f"Synced 1 list: {first} articles fetched" in out
    requests = len(fixture_server.pages())
    assert requests == first + 1
    pictures = len(fixture_server.hits("/picture/*"))
    assert 0 < pictures <= first  # the lead pictures, too

    assert main(["--base-url", fixture_server.base_url, "sync"]) == 0
    out = capsys.readouterr().out
    assert "0 articles fetched, 1 unchanged (304)" in out
    assert f"{first} already cached" in out
    assert len(fixture_server.pages()) == requests + 1  # only the front page, answered 304
    assert len(fixture_server.hits("/picture/*")) == pictures  # kept: not asked for again
    assert cached_articles(data_dir) == first


@needs_front
def test_base_url_from_the_environment_and_articles_cap(
    data_dir: Path,
    fixture_server: FixtureServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fixture_server.any_article = True
    monkeypatch.setenv("TAZREADER_BASE_URL", fixture_server.base_url)
    assert main(["sync", "--articles", "2"]) == 0
    assert "2 articles fetched" in capsys.readouterr().out
    assert cached_articles(data_dir) == 2


@needs_front
def test_a_failing_article_is_listed_and_sets_the_exit_status(
    data_dir: Path, fixture_server: FixtureServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture_server.any_article = True
    fixture_server.fault("*!*/", status=500)  # every article, not the front page
    assert main(["--base-url", fixture_server.base_url, "sync", "--articles", "1"]) == 1
    out = capsys.readouterr().out
    assert "1 failed" in out and "HTTP 500" in out
    assert cached_articles(data_dir) == 0


@needs_front
def test_base_url_from_the_config_file(
    data_dir: Path, tmp_path: Path, fixture_server: FixtureServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fixture_server.any_article = True
    (tmp_path / "config.toml").write_text(
        f'base_url = "{fixture_server.base_url}"\n', encoding="utf-8"
    )
    assert main(["sync", "--articles", "1"]) == 0
    assert "1 article fetched" in capsys.readouterr().out
    assert fixture_server.hits()


def test_unusable_data_dir_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(blocker / "data"))
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))
    assert main(["--base-url", "http://127.0.0.1:9", "sync"]) == 1
    assert "cannot open the cache" in capsys.readouterr().err


@needs_section
def test_sync_a_named_section(
    data_dir: Path, fixture_server: FixtureServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture_server.any_article = True
    assert main(["--base-url", fixture_server.base_url, "sync", "Politik", "--articles", "2"]) == 0
    assert "Synced 1 list: 2 articles fetched" in capsys.readouterr().out
    assert fixture_server.hits()[0].path == "/Politik/!p4615/"


@needs_front
def test_as_a_subprocess(data_dir: Path, fixture_server: FixtureServer) -> None:
    fixture_server.any_article = True
    done = subprocess.run(
        [sys.executable, "-m", "tazreader", "--base-url", fixture_server.base_url, "sync",
         "--articles", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "1 article fetched" in done.stdout
    assert cached_articles(data_dir) == 1


def test_progress_bar_follows_the_events() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80)
    with Progress(console=console, auto_refresh=False) as progress:
        bar = sync_command._Bar(progress, lists=2)
        bar(SyncEvent("list", "http://x/", 0, 0, "fetched"))
        bar(SyncEvent("list", "http://x/Politik/!p4615/", 0, 0, "failed", "offline"))
        bar(SyncEvent("plan", "", 0, 3))
        bar(SyncEvent("article", "http://x/!1234567/", 1, 3, "fetched"))
        bar(SyncEvent("article", "http://x/!1234568/", 2, 3, "failed", "HTTP 500"))
        lists, articles = progress.tasks
        assert (lists.completed, lists.total) == (2, 2)
        assert (articles.description, articles.completed, articles.total) == ("Articles", 2, 3)
        progress.refresh()
    assert "Articles" in out.getvalue()


@needs_front
def test_quiet_sync_says_nothing_when_all_is_well_and_the_problems_otherwise(
    data_dir: Path, fixture_server: FixtureServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """``sync --quiet`` for cron and systemd timers: silence on success, problems on stderr
    (cron mails what a job prints) and a non-zero exit."""
    fixture_server.any_article = True
    assert main(["--base-url", fixture_server.base_url, "sync", "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("", "")
    assert cached_articles(data_dir) >= 3
    fixture_server.fault("/Politik/!p4615/", status=500)
    assert main(["--base-url", fixture_server.base_url, "sync", "-q", "Politik"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "failed: " in err and "HTTP 500" in err
