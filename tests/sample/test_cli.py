"""``tazreader --sample`` as a process: paints the sample, then leaves nothing behind."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tazreader.__main__ import build_parser
from tazreader.store import Store
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tests.sample.helpers import snapshot
from tests.server import FIXTURES
from tests.terminal import run_until_first_paint


def test_help_offers_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args(["--help"])
    assert done.value.code == 0
    assert "--sample" in capsys.readouterr().out
    assert build_parser().parse_args(["--sample"]).sample is True


def test_tazreader_sample_paints_the_sample_and_cleans_up(
    tmp_path: Path, _isolated: Path
) -> None:
    data = tmp_path / "data"
    raw = (FIXTURES / "constructed_article_news.html").read_bytes()
    with Store.open(data / "cache.sqlite3") as store:
        store.put_article(parse_article(raw), raw=raw, fetched_at=datetime.now(UTC),
                          parser_version=PARSER_VERSION)
    before = snapshot(data)
    temp = _isolated  # empty: the sample must leave it so
    env = dict(
        os.environ,
        TAZREADER_DATA_DIR=str(data),
        TAZREADER_CONFIG_FILE=str(tmp_path / "config.toml"),
        TMPDIR=str(temp),
        LANG="de_DE.UTF-8",  # the sample edition in German, as its readers see it
    )
    for name in ("TAZREADER_BASE_URL", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    run = run_until_first_paint(["--sample"], env, tmp_path)
    assert run.returncode == 0, run.output[-2000:]
    assert run.painted >= run.started
    assert b"Beispielausgabe, offline" in run.output
    assert list(temp.iterdir()) == []  # the sample's temporary data directory is gone
    assert snapshot(data) == before
    assert not (tmp_path / "config.toml").exists()
