"""`tazreader dump URL` is cache first, as the reader is: against the loopback fixture server and
a real SQLite cache in this test's own data directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tazreader.__main__ import main
from tazreader.service import Reader
from tazreader.store import Store
from tazreader.taz.models import article_to_dict
from tazreader.taz.parse.article import parse_article
from tests.server import FixtureServer

ROOT = Path(__file__).parents[2]
ARTICLE = "/Entwurf-des-Gesetzes/!5928990/"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))
    monkeypatch.delenv("TAZREADER_BASE_URL", raising=False)
    return tmp_path / "data"


def dump(capsys: pytest.CaptureFixture[str], srv: FixtureServer, *argv: str,
         offline: bool = False) -> tuple[int, str, str]:
    glob = ["--base-url", srv.base_url] + (["--offline"] if offline else [])
    rc = main([*glob, "dump", *argv])
    out, err = capsys.readouterr()
    return rc, out, err


def one_line(err: str, *needles: str) -> None:
    assert err.startswith("tazreader dump: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err


def test_a_cached_article_dumps_with_the_server_stopped(
    capsys: pytest.CaptureFixture[str], data_dir: Path, fixture_server: FixtureServer
) -> None:
    rc, first, err = dump(capsys, fixture_server, fixture_server.url(ARTICLE))
    assert (rc, err) == (0, "")
    assert first.startswith("# taz.de -- Entwurf des Selbstbestimmungsgesetzes")
    with Store.open(data_dir / "cache.sqlite3") as store:  # stored as the reader stores it
        assert store.get_article("5928990") is not None
    fixture_server.stop()
    assert dump(capsys, fixture_server, fixture_server.url(ARTICLE)) == (0, first, "")
    assert dump(capsys, fixture_server, "5928990") == (0, first, "")
    assert dump(capsys, fixture_server, "5928990", offline=True) == (0, first, "")
    rc, out, _ = dump(capsys, fixture_server, "5928990", "--format", "json")
    page = (Path(__file__).parents[1] / "fixtures" / "fundus_Taz_2024_10_23.html").read_bytes()
    fresh = parse_article(page, fixture_server.url("/!5928990/"), fixture_server.base_url)
    assert rc == 0 and json.loads(out) == article_to_dict(fresh)  # the cache keeps the model


def test_a_fresh_copy_costs_no_request_and_refresh_insists_on_the_network(
    capsys: pytest.CaptureFixture[str], data_dir: Path, fixture_server: FixtureServer
) -> None:
    rc, first, _ = dump(capsys, fixture_server, "5928990")
    assert rc == 0 and len(fixture_server.hits("*5928990*")) == 1
    assert dump(capsys, fixture_server, "5928990") == (0, first, "")
    assert len(fixture_server.hits("*5928990*")) == 1  # from the cache
    assert dump(capsys, fixture_server, "5928990", "--refresh") == (0, first, "")
    refreshed = fixture_server.hits("*5928990*")
    assert len(refreshed) == 2
    assert "if-none-match" in refreshed[-1].headers  # conditional, as the reader asks


def test_refresh_that_fails_is_a_failure(
    capsys: pytest.CaptureFixture[str], data_dir: Path, fixture_server: FixtureServer
) -> None:
    assert dump(capsys, fixture_server, "5928990")[0] == 0
    fixture_server.stop()
    rc, out, err = dump(capsys, fixture_server, "5928990", "--refresh")
    assert rc != 0 and out == ""
    one_line(err, "--refresh failed: offline", "without --refresh the cached copy is printed")
    rc, out, err = dump(capsys, fixture_server, "5928990", "--refresh", offline=True)
    assert rc != 0 and out == ""
    one_line(err, "--refresh", "--offline")


def test_a_stale_copy_is_printed_with_a_note_when_the_network_fails(
    capsys: pytest.CaptureFixture[str], data_dir: Path, fixture_server: FixtureServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rc, first, _ = dump(capsys, fixture_server, "5928990")
    assert rc == 0
    monkeypatch.setattr(Reader, "ARTICLE_FRESH", timedelta(0))
    fixture_server.stop()
    rc, out, err = dump(capsys, fixture_server, "5928990")
    assert (rc, out) == (0, first)
    one_line(err, "offline — cached copy from")


def test_a_cached_list_dumps_offline(
    capsys: pytest.CaptureFixture[str], data_dir: Path, fixture_server: FixtureServer
) -> None:
    rc, first, err = dump(capsys, fixture_server, fixture_server.url("/"))
    assert (rc, err) == (0, "")
    assert first.startswith("# taz.de")
    fixture_server.stop()
    assert dump(capsys, fixture_server, fixture_server.url("/"), offline=True) == (0, first, "")


def test_404_says_not_found(
    capsys: pytest.CaptureFixture[str], data_dir: Path, fixture_server: FixtureServer
) -> None:
    rc, out, err = dump(capsys, fixture_server, "1234567")
    assert rc != 0 and out == ""
    one_line(err, "not found", "HTTP 404")
    assert "offline" not in err


@pytest.mark.parametrize("offline", [True, False])
def test_offline_and_not_cached_says_so(
    capsys: pytest.CaptureFixture[str], data_dir: Path, fixture_server: FixtureServer,
    offline: bool,
) -> None:
    fixture_server.stop()
    rc, out, err = dump(capsys, fixture_server, "5928990", offline=offline)
    assert rc != 0 and out == ""
    one_line(err, "not in the offline cache")


def test_offline_and_not_cached_in_a_subprocess(
    data_dir: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.stop()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "LANG": "C.UTF-8"}
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    proc = subprocess.run(
        [sys.executable, "-m", "tazreader", "--offline", "--base-url", fixture_server.base_url,
         "dump", "5928990"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=60, check=False,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == (f"tazreader dump: {fixture_server.base_url}/!5928990/ is not in the "
                           "offline cache, and --offline fetches nothing\n")


def test_save_page_of_a_cached_article(
    capsys: pytest.CaptureFixture[str], data_dir: Path, fixture_server: FixtureServer,
    tmp_path: Path,
) -> None:
    assert dump(capsys, fixture_server, "5928990")[0] == 0
    fixture_server.stop()
    rc, out, err = dump(capsys, fixture_server, "5928990", "--save-page", str(tmp_path / "bug"))
    assert rc == 0 and out
    saved = tmp_path / "bug" / "taz-5928990.html"
    assert saved.read_bytes() == (Path(__file__).parents[1] / "fixtures"
                                  / "fundus_Taz_2024_10_23.html").read_bytes()
    report = (tmp_path / "bug" / "taz-5928990.report.txt").read_text("utf-8")
    assert f"source: {fixture_server.base_url}/!5928990/" in report


def test_save_page_of_a_page_that_cannot_be_read(
    capsys: pytest.CaptureFixture[str], data_dir: Path, fixture_server: FixtureServer,
    tmp_path: Path,
) -> None:
    body = b"<!doctype html><html><body><p>Kein taz-Artikel.</p></body></html>"
    fixture_server.route("/!5928990/", body)
    rc, out, err = dump(capsys, fixture_server, "5928990", "--save-page", str(tmp_path / "bug"))
    assert rc != 0 and out == ""
    assert err.count("\n") == 2 and "Traceback" not in err  # saved …, then what went wrong
    (page,) = (tmp_path / "bug").glob("*.html")
    assert page.read_bytes() == body
    with Store.open(data_dir / "cache.sqlite3") as store:  # nothing stored of it
        assert store.get_article("5928990") is None


def test_without_a_usable_cache_the_page_is_fetched_all_the_same(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    fixture_server: FixtureServer,
) -> None:
    """dump worked before it had a cache: a data directory that cannot be made costs a note."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(blocker / "data"))
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))
    rc, out, err = dump(capsys, fixture_server, "5928990")
    assert rc == 0 and out.startswith("# taz.de -- Entwurf des Selbstbestimmungsgesetzes")
    one_line(err, "the offline cache", "cannot be opened", "the page is fetched without it")
    rc, out, err = dump(capsys, fixture_server, "5928990", offline=True)
    assert rc != 0 and out == ""
    one_line(err, "cannot be opened")


def test_a_copy_an_older_parser_read_is_read_again_from_its_page(
    capsys: pytest.CaptureFixture[str], data_dir: Path, fixture_server: FixtureServer
) -> None:
    # As a tazreader before an upgrade cached it: its parse is not this parser's (here, a
    # title the page does not carry), its page is kept. dump prints this parser's reading.
    from dataclasses import replace

    from tazreader.taz.parse.article import PARSER_VERSION

    rc, first, _err = dump(capsys, fixture_server, fixture_server.url(ARTICLE))
    assert rc == 0
    with Store.open(data_dir / "cache.sqlite3") as store:
        article, fetched = store.get_article("5928990") or (None, None)
        assert article is not None and fetched is not None
        page = store.get_page(article.url)
        assert page is not None
        store.put_article(replace(article, title="Alter Titel"), raw=page.body,
                          fetched_at=fetched, parser_version=PARSER_VERSION - 1)
    fixture_server.stop()
    assert dump(capsys, fixture_server, "5928990", offline=True) == (0, first, "")
    with Store.open(data_dir / "cache.sqlite3") as store:
        again = store.get_article("5928990")
        assert again is not None and again[0].title == "Ein bisschen Fortschritt"
