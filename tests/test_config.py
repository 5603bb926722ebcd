from pathlib import Path

import pytest

from tazreader import config, paths
from tazreader.config import Config


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    cfg = config.load(tmp_path / "nope.toml")
    assert cfg == Config()


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


# --- writing one value -----------------------------------------------------------------

USERS_FILE = """\
# my tazreader, hand-written
base_url = "http://mirror.example"  # the mirror at work
cache_budget_mb = 42

[keymap]
# vim all the way
next_link = "n,ctrl+n"
"next\\u007flink" = "x"  # an id with a DEL in it, escaped as TOML wants
"""


def test_set_value_changes_that_key_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(USERS_FILE, encoding="utf-8")
    config.set_value(path, "theme", "nord")
    text = path.read_text(encoding="utf-8")
    assert text.replace('theme = "nord"\n', "") == USERS_FILE  # comments, order, escapes kept
    cfg = config.load(path)  # and the next load works
    assert (cfg.theme, cfg.base_url, cfg.cache_budget_mb) == ("nord", "http://mirror.example", 42)
    assert cfg.keymap == {"next_link": "n,ctrl+n", "next\x7flink": "x"}
    config.set_value(path, "theme", 'dra\x7fcula "x"')
    assert config.load(path).theme == 'dra\x7fcula "x"'
    assert not cfg.problems and not config.load(path).problems
    assert not list(tmp_path.glob(".*.tmp")), "atomic write left a temp file"


def test_set_value_starts_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    config.set_value(path, "theme", "nord")
    assert config.load(path) == Config(theme="nord")


def test_set_value_never_writes_the_command_line_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(USERS_FILE, encoding="utf-8")
    monkeypatch.setenv("TAZREADER_BASE_URL", "http://from-env.example")
    assert config.load(path, base_url="http://127.0.0.1:9").base_url == "http://127.0.0.1:9"
    config.set_value(path, "theme", "nord")
    text = path.read_text(encoding="utf-8")
    assert "127.0.0.1" not in text and "from-env" not in text
    monkeypatch.delenv("TAZREADER_BASE_URL")
    assert config.load(path).base_url == "http://mirror.example"


@pytest.mark.parametrize("broken", ["base_url = \"http://x\nthem = [", "a = 1\na = 2\n",
                                    b"theme = \"\xff\"\n"])
def test_set_value_refuses_a_file_that_does_not_parse(tmp_path: Path, broken: str | bytes) -> None:
    path = tmp_path / "config.toml"
    data = broken if isinstance(broken, bytes) else broken.encode()
    path.write_bytes(data)
    with pytest.raises(config.ConfigError) as info:
        config.set_value(path, "theme", "nord")
    assert str(path) in str(info.value) and "\n" not in str(info.value)
    assert path.read_bytes() == data  # left exactly as it was
