"""The command line speaks German to German locales (and to ``language = "de"``), English
otherwise: argparse's own words, the help texts and the commands' messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tazreader.__main__ import main
from tazreader.commands.sync import summary
from tazreader.service import SyncReport

ROOT = Path(__file__).parents[2]


def run_cli(tmp_path: Path, lang: str, *argv: str, language: str | None = None
            ) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "config.toml"
    config.write_text(f'language = "{language}"\n' if language else "", encoding="utf-8")
    env = {**os.environ, "LANG": lang, "PYTHONIOENCODING": "utf-8",
           "TAZREADER_DATA_DIR": str(tmp_path / "data"), "TAZREADER_CONFIG_FILE": str(config)}
    for name in ("LC_ALL", "LC_MESSAGES", "TAZREADER_BASE_URL"):
        env.pop(name, None)
    proc = subprocess.run([sys.executable, "-m", "tazreader", *argv], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=60, check=False)
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc


GERMAN_HELP = ("Aufruf: tazreader [-h]", "taz.de im Terminal lesen, online oder offline.",
               "Argumente:", "Optionen:", "diese Hilfe zeigen und beenden", "BEFEHL",
               "die Startseite oder Ressorts zum Offline-Lesen holen")
ENGLISH_HELP = ("usage: tazreader [-h]", "Read taz.de in a terminal, online or offline.",
                "positional arguments:", "options:", "show this help message and exit",
                "COMMAND", "fetch the front page or sections for offline reading")


@pytest.mark.parametrize(("lang", "language", "words", "others"), [
    ("de_DE.UTF-8", None, GERMAN_HELP, ENGLISH_HELP),
    ("C", "de", GERMAN_HELP, ENGLISH_HELP),
    ("C", None, ENGLISH_HELP, GERMAN_HELP),
    ("de_DE.UTF-8", "en", ENGLISH_HELP, GERMAN_HELP),
])
def test_help_in_the_language_of_the_locale_or_the_config(
    tmp_path: Path, lang: str, language: str | None, words: tuple[str, ...],
    others: tuple[str, ...],
) -> None:
    proc = run_cli(tmp_path, lang, "--help", language=language)
    assert proc.returncode == 0 and proc.stderr == ""
    for word in words:
        assert word in proc.stdout
    for word in others:
        assert word not in proc.stdout


def test_a_sub_command_s_help_in_german(tmp_path: Path) -> None:
    proc = run_cli(tmp_path, "de_DE.UTF-8", "dump", "--help")
    assert proc.returncode == 0
    assert "Aufruf: tazreader dump" in proc.stdout and "DATEI|URL" in proc.stdout
    assert "aus dem Netz laden, auch wenn der Cache eine frische" in proc.stdout


@pytest.mark.parametrize(("lang", "missing", "invalid"), [
    ("de_DE.UTF-8", "tazreader dump: Fehler: fehlende Argumente: DATEI|URL\n",
     "tazreader: Fehler: Argument BEFEHL: ungültige Wahl: 'frob' (möglich sind 'dump', "
     "'sync', 'diff', 'cache')\n"),
    ("C", "tazreader dump: error: the following arguments are required: FILE|URL\n",
     "tazreader: error: argument COMMAND: invalid choice: 'frob' (choose from 'dump', "
     "'sync', 'diff', 'cache')\n"),
])
def test_argparse_errors_in_the_language(
    tmp_path: Path, lang: str, missing: str, invalid: str
) -> None:
    proc = run_cli(tmp_path, lang, "dump")
    assert proc.returncode == 2 and proc.stderr.endswith(missing)
    assert proc.stderr.startswith("Aufruf: " if lang.startswith("de") else "usage: ")
    proc = run_cli(tmp_path, lang, "frob")
    assert proc.returncode == 2 and proc.stderr.endswith(invalid)


@pytest.mark.parametrize(("lang", "said"), [
    ("de_DE.UTF-8", "tazreader dump: https://taz.de/!5928990/ ist nicht im Offline-Cache, und "
                    "mit --offline wird nichts geladen\n"),
    ("C", "tazreader dump: https://taz.de/!5928990/ is not in the offline cache, and --offline "
          "fetches nothing\n"),
])
def test_a_command_s_message_in_the_language(tmp_path: Path, lang: str, said: str) -> None:
    proc = run_cli(tmp_path, lang, "--offline", "dump", "5928990")
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", said)


# -- in the process: main() chooses the language as the command line does ----------------


@pytest.fixture
def german_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("TAZREADER_BASE_URL", raising=False)
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))


@pytest.mark.parametrize(("argv", "said"), [
    (["dump", "http://"], "tazreader dump: URL ohne Host: 'http://'\n"),
    (["dump", "x.html", "--width", "5"], "tazreader dump: --width muss mindestens 20 sein, "
                                         "nicht 5\n"),
    (["dump", "/nirgends.html"], "tazreader dump: keine solche Datei: /nirgends.html\n"),
    (["--offline", "sync"], "tazreader sync: --offline ist angegeben, aber sync lädt aus dem "
                            "Netz. Rufen Sie es ohne --offline auf.\n"),
    (["sync", "Feuilleton"], "tazreader sync: unbekanntes Ressort 'Feuilleton' (versuchen Sie "
                             "eines von: "),
    (["--base-url", "nonsense", "sync"], "tazreader sync: --base-url: keine brauchbare "
                                         "Basis-URL: 'nonsense'"),
    (["cache", "clear"], "tazreader cache clear: kein Terminal; mit --yes wird wirklich "
                         "geleert.\n"),
])
def test_the_commands_messages_in_german(
    german_locale: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    argv: list[str], said: str,
) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    assert main(argv) != 0
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(said), err


def test_a_config_problem_in_german(
    german_locale: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "config.toml").write_text("cache_budget_mb = -1\n", encoding="utf-8")
    assert main(["--offline", "dump", "5928990"]) == 1
    err = capsys.readouterr().err
    assert "tazreader dump: cache_budget_mb: muss eine positive ganze Zahl sein\n" in err


def test_the_sync_summary_in_german(german: None) -> None:
    report = SyncReport(fetched=1, unchanged=0, failed=[("https://taz.de/!1/", "HTTP 500")],
                        lists=2, cached=3)
    assert summary(report) == (
        "Synchronisiert: 2 Listen; 1 Artikel geladen, 0 unverändert (304), 3 schon im Cache, "
        "1 fehlgeschlagen.\n  fehlgeschlagen: https://taz.de/!1/ — HTTP 500"
    )


def test_the_sync_summary_in_english() -> None:
    report = SyncReport(fetched=1, unchanged=2, failed=[], lists=1, cached=0)
    assert summary(report) == ("Synced 1 list: 1 article fetched, 2 unchanged (304), 0 already "
                               "cached, 0 failed.")


def test_a_page_that_is_no_article_in_german(
    german_locale: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "leer.html"
    page.write_text("   \n", encoding="utf-8")
    cut = tmp_path / "halb.html"
    cut.write_text("<!doctype html><html><body><p>Der Anfang", encoding="utf-8")
    assert main(["dump", str(page)]) == 1
    assert main(["dump", str(cut)]) == 1
    assert capsys.readouterr().err == (
        f"tazreader dump: {page} ist leer\n"
        f"tazreader dump: {cut}: die Seite ist abgeschnitten: Sie endet nicht mit </body> oder "
        "</html> (unvollständig geladen)\n"
    )


@pytest.mark.parametrize(("text", "language"), [
    ('language = "de"\n', "de"), ('language = "en"\n', "en"), ('language = "fr"\n', None),
    ("language = [\n", None), ("theme = 'x'\n", None), (None, None),
])
def test_the_config_s_language_read_before_the_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str | None, language: str | None
) -> None:
    from tazreader.i18n import configured

    path = tmp_path / "config.toml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(path))
    assert configured() == language
