"""The theme picked in the app is saved into the user's own config file, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from tazreader import config
from tazreader.store import Store
from tests.app.conftest import notifications, offline_app, settle

USERS_FILE = """\
# my tazreader, hand-written
base_url = "http://mirror.example"  # the mirror at work
cache_budget_mb = 42

[keymap]
# vim all the way
next_link = "n,ctrl+n"
"next\\u007flink" = "x"
"""


async def test_a_theme_change_keeps_the_users_file_and_not_the_command_line(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(USERS_FILE, encoding="utf-8")
    monkeypatch.setenv("TAZREADER_BASE_URL", "http://from-env.example")
    cfg = config.load(path, base_url="http://127.0.0.1:9")  # as `tazreader --base-url …`
    app = offline_app(store, cfg, config_path=path, save_config=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    text = path.read_text(encoding="utf-8")
    assert text == USERS_FILE.replace("cache_budget_mb = 42\n",
                                      'cache_budget_mb = 42\ntheme = "nord"\n')
    monkeypatch.delenv("TAZREADER_BASE_URL")
    again = config.load(path)
    assert (again.theme, again.base_url, again.cache_budget_mb) == (
        "nord", "http://mirror.example", 42)
    assert again.keymap == {"next_link": "n,ctrl+n", "next\x7flink": "x"}


async def test_a_file_with_a_typo_is_not_overwritten(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    typo = USERS_FILE.replace('cache_budget_mb = 42', 'cache_budget_mb = 42"')
    path.write_text(typo, encoding="utf-8")
    cfg = config.load(path)
    app = offline_app(store, cfg, config_path=path, save_config=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
        said = [m for m in notifications(app) if "not saved" in m]
    assert path.read_text(encoding="utf-8") == typo
    assert len(said) == 1 and "not valid TOML" in said[0] and "\n" not in said[0]
