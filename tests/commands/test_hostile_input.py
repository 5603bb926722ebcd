"""``tazreader dump``, ``sync`` and ``cache`` against hostile servers, caches and config files:
one line on stderr and a non-zero exit, never a traceback, never a control character."""

from __future__ import annotations

import functools
import gzip
import sqlite3
import time
from pathlib import Path

import pytest

from tazreader.__main__ import main
from tazreader.commands import sync as sync_command
from tazreader.store import Store
from tazreader.taz.client import TazClient
from tazreader.taz.parse.article import PARSER_VERSION
from tests.factories import T0, make_article
from tests.hostile.checks import UNSAFE_OUTPUT
from tests.server import FixtureServer

HOSTILE_TYPE = "text/x\x1b[8m\x1b[6n\x1bc"


def hostile_type(server: FixtureServer, path: str) -> None:
    """``path`` answers 200 (even to a conditional request) with a terminal-steering type."""
    page = server.content(path)
    assert page is not None
    server.fault(path, body=page.body, content_type=HOSTILE_TYPE)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Cache and config in tmp_path; the CLI's client with a tiny backoff."""
    monkeypatch.setattr(sync_command, "TazClient", functools.partial(TazClient, backoff=0.01))
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))
    monkeypatch.delenv("TAZREADER_BASE_URL", raising=False)
    return tmp_path / "data"


def assert_clean(out: str, err: str) -> None:
    assert "Traceback" not in out + err
    assert UNSAFE_OUTPUT.search(out) is None, out
    assert UNSAFE_OUTPUT.search(err) is None, err


def test_sync_quotes_a_hostile_content_type_inert(
    data_dir: Path, fixture_server: FixtureServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture_server.any_article = True
    assert main(["--base-url", fixture_server.base_url, "sync", "--articles", "1"]) == 0
    capsys.readouterr()
    hostile_type(fixture_server, "/")  # the cached list's refresh fails
    assert main(["--base-url", fixture_server.base_url, "sync", "--articles", "1"]) == 1
    out, err = capsys.readouterr()
    assert "is not a web page (text/x[8m[6nc)" in out
    assert_clean(out, err)


def test_sync_again_after_a_server_sent_a_validator_that_cannot_be_sent_back(
    data_dir: Path, fixture_server: FixtureServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture_server.any_article = True
    page = fixture_server.content("/")
    assert page is not None
    fixture_server.route("/", page.body, headers={"ETag": '"caf\xe9"'})
    for _ in range(2):  # the second sync sends the list's validators back
        assert main(["--base-url", fixture_server.base_url, "sync", "--articles", "1"]) == 0
        out, err = capsys.readouterr()
        assert "Synced 1 list" in out and "0 failed" in out
        assert_clean(out, err)


def test_sync_with_a_retry_after_that_is_no_number(
    data_dir: Path, fixture_server: FixtureServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture_server.fault("/", status=503, retry_after="\xb2")
    assert main(["--base-url", fixture_server.base_url, "sync"]) == 1
    out, err = capsys.readouterr()
    assert "1 failed" in out and "HTTP 503" in out
    assert_clean(out, err)


def test_sync_carries_on_past_an_article_that_drips(
    data_dir: Path, fixture_server: FixtureServer, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        sync_command, "TazClient", functools.partial(TazClient, backoff=0.01, deadline=1.0)
    )
    fixture_server.any_article = True
    dripping = "/!5928990/"  # the second article of the front page
    fixture_server.fault(dripping, drip=0.2)
    start = time.monotonic()
    assert main(["--base-url", fixture_server.base_url, "sync", "--articles", "4"]) == 1
    took = time.monotonic() - start
    out, err = capsys.readouterr()
    assert "3 articles fetched" in out and "1 failed" in out and "too slow" in out
    assert took < 3.0, took
    assert len(fixture_server.hits(dripping)) == 1
    assert_clean(out, err)


# --- hosts -----------------------------------------------------------------------------


def assert_one_line(rc: int, out: str, err: str, command: str, *needles: str) -> None:
    assert rc != 0
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"tazreader {command}: "), err
    assert_clean(out, err)
    for needle in needles:
        assert needle in err, err


@pytest.mark.parametrize("url", ["https://xn--a/!5928990/", "https://xn--n3h.net/!5928990/",
                                 "https://\u2603.net/!5928990/", "https://taz.xn--a/!5928990/"])
def test_dump_an_address_whose_host_is_no_host(
    data_dir: Path, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    rc = main(["dump", url])
    out, err = capsys.readouterr()
    assert_one_line(rc, out, err, "dump", "impossible host")


def test_sync_with_a_base_or_list_whose_host_is_no_host(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc = main(["--base-url", "https://xn--a", "sync"])
    out, err = capsys.readouterr()
    assert_one_line(rc, out, err, "sync", "--base-url", "impossible host")
    rc = main(["--base-url", "https://taz.xn--a/mirror", "sync", "Politik"])
    out, err = capsys.readouterr()
    assert_one_line(rc, out, err, "sync", "impossible host")
    rc = main(["sync", "https://xn--a/Politik/!p4615/"])
    out, err = capsys.readouterr()
    assert_one_line(rc, out, err, "sync", "impossible host")


def test_dump_a_304_to_a_request_without_validators(
    data_dir: Path, fixture_server: FixtureServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture_server.fault("/!5928990/", status=304)
    rc = main(["--base-url", fixture_server.base_url, "dump", "5928990"])
    out, err = capsys.readouterr()
    assert_one_line(rc, out, err, "dump", "304", "Not Modified")
    assert "empty" not in err


# --- no traceback, whatever a server, a cache file or a config file holds ----------------


def hostile_cache(data_dir: Path, article_id: str = "6146614") -> None:
    """A cache file (as another program could leave it) whose article has an impossible date."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with Store.open(data_dir / "cache.sqlite3") as store:
        article = make_article(int(article_id) - 5_900_000)
        store.put_article(article, raw=b"<html/>", fetched_at=T0, parser_version=PARSER_VERSION)
    conn = sqlite3.connect(data_dir / "cache.sqlite3")
    with conn:
        conn.execute("UPDATE articles SET fetched_at = 1e300, published = -1e300")
    conn.close()


def test_cache_with_a_cache_file_holding_impossible_dates(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile_cache(data_dir)
    rc = main(["cache", "stats"])
    out, err = capsys.readouterr()
    assert rc == 2, out
    assert err.count("\n") == 1 and err.startswith("tazreader cache: "), err
    assert_clean(out, err)
    monkeypatch.setenv("TAZREADER_DEBUG", "1")  # for a developer: the traceback
    with pytest.raises(OverflowError):
        main(["cache", "stats"])


def test_cache_with_a_config_file_that_is_no_config(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "config.toml").write_bytes(b'cache_budget_mb = 5\x7f\ntheme = "\xff\x1b[2J"\n')
    assert main(["cache", "stats"]) == 0  # the defaults, and a word about the file
    out, err = capsys.readouterr()
    assert "tazreader offline cache" in out
    assert err.startswith("tazreader: config file") and err.count("\n") == 1, err
    assert_clean(out, err)


def test_sync_with_a_cache_file_holding_impossible_dates(
    data_dir: Path, fixture_server: FixtureServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture_server.any_article = True
    hostile_cache(data_dir)  # an article the front page lists
    rc = main(["--base-url", fixture_server.base_url, "sync", "--articles", "2"])
    out, err = capsys.readouterr()
    assert rc == 1
    assert err.count("\n") == 1 and err.startswith("tazreader sync: unexpected error"), err
    assert_clean(out, err)


def test_dump_a_decompression_bomb_and_a_hostile_type(
    data_dir: Path, fixture_server: FixtureServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture_server.fault("/!5928990/", body=gzip.compress(gzip.compress(b"\0" * 64 * 2**20)),
                         headers={"Content-Encoding": "gzip, gzip"})
    rc = main(["--base-url", fixture_server.base_url, "dump", "5928990"])
    out, err = capsys.readouterr()
    assert_one_line(rc, out, err, "dump", "too large")
    hostile_type(fixture_server, "/!6150001/")
    rc = main(["--base-url", fixture_server.base_url, "dump", "6150001"])
    out, err = capsys.readouterr()
    assert_one_line(rc, out, err, "dump", "is not a web page (text/x[8m[6nc)")
