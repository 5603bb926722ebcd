"""The interface speaks German to German locales: the catalog is complete, compiled, in step
with the code, and chosen by the locale or the config."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from tazreader import i18n
from tazreader.config import Config, load

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "tazreader" / "locale"
PO = LOCALE / "de" / "LC_MESSAGES" / "tazreader.po"
MO = PO.with_suffix(".mo")
_FIELD = re.compile(r"\{[^{}]*\}")


def _msgids_in_code() -> set[str | tuple[str, ...]]:
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "tazreader"), method_map=[("**.py", "python")]
    ):
        if isinstance(message, tuple):
            found.add(tuple(m for m in message if m))
        elif message:
            found.add(message)
    return found


def _ids(catalog: object) -> set[str | tuple[str, ...]]:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}  # type: ignore[attr-defined]


def test_every_message_of_the_code_is_in_the_catalog_and_nothing_else() -> None:
    with PO.open("rb") as f:
        catalog = read_po(f, locale="de")
    in_code = _msgids_in_code()
    in_po = _ids(catalog)
    assert in_code - in_po == set(), "run pybabel extract/update (tazreader/i18n.py)"
    assert in_po - in_code == set(), "messages the code no longer has"


def test_every_message_is_translated_with_the_same_fields() -> None:
    with PO.open("rb") as f:
        catalog = read_po(f, locale="de")
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(strings), f"not translated: {message.id!r}"
        fields = set(_FIELD.findall(ids[-1]))
        for text in strings:
            assert set(_FIELD.findall(text)) <= fields | set(_FIELD.findall(ids[0])), text


def test_the_compiled_catalog_is_the_catalog() -> None:
    with PO.open("rb") as f:
        catalog = read_po(f, locale="de")
    fresh = io.BytesIO()
    write_mo(fresh, catalog)
    fresh.seek(0)
    with MO.open("rb") as f:
        shipped = read_mo(f)
    def table(messages: object) -> dict[object, object]:
        def key(value: object) -> object:
            return tuple(value) if isinstance(value, list | tuple) else value

        return {key(m.id): key(m.string) for m in messages if m.id}  # type: ignore[attr-defined]

    assert table(read_mo(fresh)) == table(shipped), (
        "run pybabel compile -d tazreader/locale -D tazreader"
    )


@pytest.mark.parametrize(
    ("env", "language"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de_AT"}, "de"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "de_CH.UTF-8", "LANG": "en_GB"}, "de"),
        ({"LC_MESSAGES": "en_US", "LANG": "de_DE"}, "en"),
        ({"LC_ALL": "", "LANG": "de_DE"}, "de"),
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
    ],
)
def test_the_locale_chooses_the_language(env: dict[str, str], language: str) -> None:
    assert i18n.from_locale(env) == language


def test_the_config_overrides_the_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "config.toml"
    path.write_text('language = "de"\n', encoding="utf-8")
    assert load(path).language == "de"
    path.write_text('language = "fr"\n', encoding="utf-8")
    cfg = load(path)
    assert cfg.language == "" and any("language" in p for p in cfg.problems)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert i18n.set_language(Config().language or None) == "de"
    assert i18n._("Front page") == "Startseite"
    assert i18n.set_language("en") == "en"
    assert i18n._("Front page") == "Front page"


def test_an_installed_wheel_carries_the_german_catalog(tmp_path: Path) -> None:
    """The .mo is package data: a wheel built from (a copy of) the tree holds it."""
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "tazreader", tree / "tazreader",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tree / name)
    out = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(tree)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    import zipfile

    (wheel,) = tmp_path.glob("tazreader-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "tazreader/locale/de/LC_MESSAGES/tazreader.mo" in names
