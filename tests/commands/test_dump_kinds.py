"""`tazreader dump` for every page kind (#15): lists in the text edition's plain style, a
warning for an article not fully understood, and ``--save-page`` for a bug report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tazreader.__main__ import main

FIXTURES = Path(__file__).parents[1] / "fixtures"
REAL = FIXTURES / "fundus_Taz_2024_10_23.html"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """dump reads and fills the offline cache: this test's own, in tmp_path."""
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))
    monkeypatch.delenv("TAZREADER_BASE_URL", raising=False)


def dump(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(["dump", *argv])
    out, err = capsys.readouterr()
    return rc, out, err


def test_a_search_page_prints_its_list(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = dump(capsys, str(FIXTURES / "constructed_search_klima.html"))
    assert (rc, err) == (0, "")
    chunks = out.split("\n\n")
    assert chunks[0] == "# taz.de -- Suche: Klima"
    assert chunks[1] == (
        "Klimaschutz im Verkehr: Das Tempolimit kommt nicht\n"
        "Die Koalition hat sich wieder nicht geeinigt. Dabei wäre ein Tempolimit\n"
        "die billigste Klimaschutzmaßnahme.\n"
        "10.2.2026 · Tanja Tricarico\n"
        "https://taz.de/!6153377/"
    )
    assert chunks[-1] == "Nächste Seite: https://taz.de/!s=Klima/?search_page=0\n"
    assert len(chunks) == 1 + 20 + 1


@pytest.mark.parametrize(("name", "title", "first"), [
    ("constructed_front.html", "taz.de", "Der Kampf um Rojava: Hoffnung ist kurdisch"),
    ("constructed_section_politik.html", "Politik", "Grenzübergang Rafah: Krieg auf Sparflamme"),
    ("constructed_tag_transgender.html", "Transgender",
     "Long Covid und Transition: „Ich bin nicht so der Typ für Utopien“"),
    ("constructed_author_opitz.html", "Nicole Opitz",
     "Neues Selbstbestimmungsgesetz: Lehrstunde in Demokratie"),
    ("constructed_feed_politik.xml", "taz.de - Politik",
     "Grenzübergang Rafah: Krieg auf Sparflamme"),
])
def test_every_list_kind_prints_title_then_teasers(
    capsys: pytest.CaptureFixture[str], name: str, title: str, first: str
) -> None:
    rc, out, err = dump(capsys, str(FIXTURES / name))
    assert (rc, err) == (0, "")
    chunks = out.split("\n\n")
    assert chunks[0] == f"# taz.de -- {title}"
    entries = [c for c in chunks[1:] if not c.startswith("> ")]
    assert entries[0].split("\n")[0] == first
    assert all(e.rstrip("\n").split("\n")[-1].startswith("https://taz.de/!") for e in entries)


def test_a_list_as_json_is_the_model(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = dump(capsys, str(FIXTURES / "constructed_search_klima.html"), "--format",
                        "json")
    assert (rc, err) == (0, "")
    data = json.loads(out)
    assert (data["kind"], data["query"], data["total"], data["page"]) == ("search", "Klima", 347,
                                                                          1)
    assert data["print_archive"] == ["1204377", "1311920"]


def _table_page(tmp_path: Path) -> Path:
    raw = REAL.read_text("utf-8")
    start = raw.index('<p class="bodytext paragraph  typo-bodytext is-block column pv-0 '
                      'is-8-tablet mgh-auto-tablet mobile-order-4" pos="3">')
    end = raw.index('<h2 class="typo-head-small headline')
    page = tmp_path / "tabelle.html"
    page.write_text(raw[:start] + "<table><tr><td>" + raw[start:end] + "</td></tr></table>"
                    + raw[end:], encoding="utf-8")
    return page


def test_an_article_not_fully_understood_is_printed_with_a_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rc, out, err = dump(capsys, str(_table_page(tmp_path)))
    assert rc == 0
    assert out.startswith("# taz.de -- Entwurf des Selbstbestimmungsgesetzes")
    assert err.count("\n") == 1
    assert err.startswith("tazreader dump: warning: this page is not fully understood (text "
                          "read: ")
    assert '"Mehrere Male hat das Verfassungsgericht das TSG als …"' in err
    assert err.rstrip().endswith("open it in a browser to read it whole: https://taz.de/!5928990/")
    rc, out, err = dump(capsys, str(_table_page(tmp_path)), "--format", "json")
    coverage = json.loads(out)["coverage"]
    assert coverage["incomplete"] is True and coverage["kept"] < 0.9


def test_a_whole_article_gets_no_warning(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = dump(capsys, str(REAL), "--format", "json")
    assert (rc, err) == (0, "")
    assert json.loads(out)["coverage"] == {"kept": 1.0, "incomplete": False, "missing": [],
                                           "fallback": False}


def test_save_page_keeps_the_page_and_a_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "bug"
    rc, out, err = dump(capsys, str(_table_page(tmp_path)), "--save-page", str(folder))
    assert rc == 0 and out
    page, report = folder / "taz-5928990.html", folder / "taz-5928990.report.txt"
    assert page.read_bytes() == _table_page(tmp_path).read_bytes()
    assert f"saved: {page}, {report}" in err
    text = report.read_text("utf-8").splitlines()
    assert text[0].startswith("# tazreader parse report")
    assert "result: article 5928990" in text
    assert any(line.startswith("text read: ") and "(incomplete)" in line for line in text)
    assert "missing: Mehrere Male hat das Verfassungsgericht das TSG als …" in text
    assert "blocks: 4 paragraph, 1 subhead" in text


def test_save_page_keeps_a_page_that_cannot_be_parsed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "anderswo.html"
    other.write_text("<!doctype html><html><head><title>Anderswo</title></head><body><h1>Hallo"
                     "</h1><p>Kein taz-Artikel.</p></body></html>", encoding="utf-8")
    rc, out, err = dump(capsys, str(other), "--save-page", str(tmp_path / "bug"))
    assert rc == 1 and out == ""
    assert err.count("\n") == 2  # saved …, then what went wrong
    report = (tmp_path / "bug" / "taz-anderswo.report.txt").read_text("utf-8")
    assert "result: not parsed" in report and "error: " in report
    assert (tmp_path / "bug" / "taz-anderswo.html").read_bytes() == other.read_bytes()


def test_a_json_ld_only_article_is_printed_with_its_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.taz.test_parse_article import LD, META_ONLY

    page = tmp_path / "nur-json-ld.html"
    page.write_text(META_ONLY.format(ld=LD), encoding="utf-8")
    rc, out, err = dump(capsys, str(page))
    assert rc == 0 and "Beginn des Textes hier." in out
    assert err == ("tazreader dump: warning: this page is not understood; its text comes only "
                   "from its JSON-LD articleBody — open it in a browser to read it whole: "
                   "https://taz.de/!6150009/\n")
