from pathlib import Path

import pytest

from tazreader import config, paths
from tazreader.config import Config


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    cfg = config.load(tmp_path / "nope.toml")
    assert cfg == Config()


def test_round_trip_with_awkward_strings(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    cfg = Config(
        base_url="http://127.0.0.1:8080",
        theme='nord "quoted" \\ back',
        keymap={"next_link": "n,ctrl+n", "quit": "q"},
        cache_budget_mb=42,
        start_list="p4615",
    )
    config.save(cfg, path)
    assert config.load(path) == cfg
    assert not list(path.parent.glob(".*.tmp")), "atomic write left a temp file"


def test_broken_file_is_reported_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('base_url = "ftp://x"\ncache_budget_mb = -3\nkeymap = 5\n', encoding="utf-8")
    cfg = config.load(path)
    assert cfg.base_url == "https://taz.de"
    assert cfg.cache_budget_mb == 500
    assert len(cfg.problems) == 3
    path.write_text("cache_budget_mb = true\n", encoding="utf-8")  # TOML true is no size
    cfg = config.load(path)
    assert cfg.cache_budget_mb == 500
    assert cfg.problems == ("cache_budget_mb: must be a positive whole number",)
    path.write_text("this is [not toml", encoding="utf-8")
    cfg = config.load(path)
    assert cfg.problems and "not valid TOML" in cfg.problems[0]


def test_base_url_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "config.toml"
    path.write_text('base_url = "http://from-file.example"\n', encoding="utf-8")
    assert config.load(path).base_url == "http://from-file.example"
    monkeypatch.setenv("TAZREADER_BASE_URL", "http://from-env.example/")
    assert config.load(path).base_url == "http://from-env.example"
    assert config.load(path, base_url="http://127.0.0.1:9").base_url == "http://127.0.0.1:9"


def test_paths_follow_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "c.toml"))
    assert paths.database_file() == tmp_path / "data" / "cache.sqlite3"
    assert paths.config_file() == tmp_path / "c.toml"
    assert not (tmp_path / "data").exists(), "paths must not create directories"


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    from tazreader.__main__ import main

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"tazreader {version('tazreader')}\n"
