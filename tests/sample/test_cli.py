"""``tazreader --sample`` as a process: paints the sample, then leaves nothing behind."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tazreader.__main__ import build_parser
from tazreader.store import Store
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tests.sample.helpers import snapshot
from tests.server import FIXTURES

ROOT = Path(__file__).resolve().parents[2]


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
    marker = tmp_path / "painted"
    env = dict(
        os.environ,
        TAZREADER_DATA_DIR=str(data),
        TAZREADER_CONFIG_FILE=str(tmp_path / "config.toml"),
        TAZREADER_FIRST_PAINT_FILE=str(marker),  # the app exits after its first painted list
        TMPDIR=str(temp),
        TERM="xterm-256color",
        PYTHONPATH=str(ROOT),
    )
    env.pop("TAZREADER_BASE_URL", None)
    master, slave = pty.openpty()
    start = time.time()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tazreader", "--sample"],
        stdin=slave, stdout=slave, stderr=slave, env=env, cwd=tmp_path,
    )
    os.close(slave)
    output = b""
    try:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        assert proc.wait(timeout=30) == 0, output[-2000:]
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert float(marker.read_text(encoding="utf-8")) >= start
    assert b"Beispielausgabe" in output
    assert list(temp.iterdir()) == []  # the sample's temporary data directory is gone
    assert snapshot(data) == before
    assert not (tmp_path / "config.toml").exists()
