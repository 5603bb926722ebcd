"""The comments in reading order (``threaded``) and as ``## KOMMENTARE`` (``dump --comments``)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tazreader.__main__ import main
from tazreader.taz.comments import comments_markdown, comments_text, threaded
from tazreader.taz.models import Article, Comment, Comments
from tazreader.taz.parse.article import parse_article
from tests.hostile.checks import UNSAFE_OUTPUT

FIXTURES = Path(__file__).parent.parent / "fixtures"
REAL = FIXTURES / "fundus_Taz_2024_10_23.html"
HOSTILE = FIXTURES / "constructed_article_comments_hostile.html"


@pytest.fixture(scope="module")
def real() -> Article:
    return parse_article(REAL.read_bytes())


def order(comments: Comments, newest_first: bool | None = None) -> list[tuple[str, int]]:
    return [(c.id, depth) for c, depth in threaded(comments, newest_first)]


def test_threaded_keeps_page_order_and_puts_replies_under_their_comment(real: Article) -> None:
    assert real.comments is not None
    # The page serves the newest first (11:14 before 10:57), the reply under its comment.
    assert order(real.comments) == [("4515522", 0), ("4517276", 1), ("4515509", 0)]
    assert order(real.comments, newest_first=True) == order(real.comments)


def test_oldest_first_moves_the_first_level_only(real: Article) -> None:
    assert real.comments is not None
    assert order(real.comments, newest_first=False) == [
        ("4515509", 0), ("4515522", 0), ("4517276", 1),
    ]


def test_comments_without_time_go_last_and_odd_replies_never_loop() -> None:
    t = datetime(2025, 1, 1, tzinfo=UTC)
    comments = Comments((
        Comment("1", "ohne Zeit"),
        Comment("2", "alt", t),
        Comment("3", "neu", t.replace(year=2026)),
        Comment("4", "Antwort auf Fehlendes", t, reply_to="99"),  # parent not on the page
        Comment("5", "sich selbst", t, reply_to="5"),
        Comment("6", "Antwort", t, reply_to="3"),
    ))
    assert order(comments, newest_first=True) == [
        ("3", 0), ("6", 1), ("2", 0), ("4", 0), ("5", 0), ("1", 0),
    ]
    assert order(comments, newest_first=False) == [
        ("2", 0), ("4", 0), ("5", 0), ("3", 0), ("6", 1), ("1", 0),
    ]
    # A cycle from a damaged cache (1 answers 2 answers 1) shows each comment once.
    loop = Comments((Comment("1", "a", reply_to="2"), Comment("2", "b", reply_to="1")))
    assert order(loop) == [("1", 0), ("2", 1)]


def test_text_section_of_the_real_page(real: Article) -> None:
    text = comments_text(real, 60)
    lines = text.splitlines()
    assert lines[:4] == ["## KOMMENTARE", "", "3 Kommentare · Kommentarfunktion geschlossen", ""]
    heads = [line for line in lines if " · " in line and line.rstrip().endswith(("11:14", "19:04",
                                                                                 "10:57"))]
    assert heads == [
        "Elon Musk kommt nicht ins Berghain · 29 Apr 2023 11:14",
        "    663534 (Profil gelöscht) · 2 May 2023 19:04",
        "Magnus_15 · 29 Apr 2023 10:57",
    ]
    assert all(len(line) <= 60 for line in lines)
    # Every paragraph, word for word, in the order of the thread; a reply's indented.
    assert real.comments is not None
    paragraphs = text.split("\n\n")
    for comment, depth in threaded(real.comments):
        for p in comment.paragraphs:
            chunk = next(c for c in paragraphs if c.split() == p.split())
            assert all(line.startswith("    " * depth) for line in chunk.splitlines())
            assert depth or not chunk.startswith(" ")


@pytest.mark.parametrize(
    ("comments", "line"),
    [
        (None, "Die Seite hat keine Kommentarspalte."),
        (Comments(), "Noch keine Kommentare."),
        (Comments(count=0, closed=True),
         "Keine Kommentare; die Kommentarfunktion ist geschlossen."),
        (Comments(count=2, scripted=True),
         "Die Seite nennt 2 Kommentare, lädt sie aber per Skript nach."),
        (Comments(scripted=True), "Die Seite lädt ihre Kommentare per Skript nach."),
        (Comments((Comment("1", "A", None, ("x",)),), count=4, scripted=True),
         "1 Kommentar von 4; den Rest lädt die Seite per Skript nach"),
    ],
)
def test_each_case_says_what_it_is(real: Article, comments: Comments | None, line: str) -> None:
    text = comments_text(replace(real, comments=comments), 72)
    assert text.splitlines()[2] == line


def test_markdown_quotes_a_reply_deeper(real: Article) -> None:
    md = comments_markdown(real)
    assert md.startswith("## KOMMENTARE\n\n3 Kommentare · Kommentarfunktion geschlossen\n\n")
    assert "**Elon Musk kommt nicht ins Berghain · 29 Apr 2023 11:14**\n\nDer Entwurf" in md
    assert "> **663534 (Profil gelöscht) · 2 May 2023 19:04**\n>\n> Ich denke doch" in md
    assert "**Magnus\\_15 · 29 Apr 2023 10:57**" in md  # escaped for Markdown


def test_dump_appends_comments_only_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dump", str(REAL)]) == 0
    plain = capsys.readouterr().out
    assert "## KOMMENTARE" not in plain
    assert main(["dump", str(REAL), "--comments"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(plain)
    assert out[len(plain):].startswith("\n## KOMMENTARE\n\n3 Kommentare")
    assert out.endswith("weil sie\nbefürchten dass Frauenräume gefährdet sind.\n")  # width 72


def test_dump_markdown_and_json_carry_the_comments(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dump", str(REAL), "--format", "markdown", "--comments"]) == 0
    assert "\n## KOMMENTARE\n" in capsys.readouterr().out
    assert main(["dump", str(REAL), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["author"] for c in data["comments"]["items"]] == [
        "Elon Musk kommt nicht ins Berghain", "663534 (Profil gelöscht)", "Magnus_15",
    ]
    assert data["comments"]["items"][1]["reply_to"] == "4515522"


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_dump_of_hostile_comments_is_inert(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dump", str(HOSTILE), "--format", fmt, "--comments"]) == 0
    out = capsys.readouterr().out
    assert UNSAFE_OUTPUT.search(out) is None
    if fmt == "text":
        assert "[bold red]Troll[/] [2JHeinz · 20 Nov 2025 10:15" in out
        assert "Erster [@click=app.quit]quit[/] Absatz [2J]52;c;aGVsbG8= mit" in out
        assert "\n    663535 (Profil gelöscht) · 21 Nov 2025 08:30\n" in out
        assert "\nOhne Zeit\n" in out  # no time: the name alone


def test_a_model_with_raw_controls_is_made_inert_on_the_way_out(real: Article) -> None:
    from tazreader.commands.dump import render

    bad = "[b]x[/] \x1b[2J\x1b]52;c;aGVsbG8=\x07 \u202e\x00\x9b"
    article = replace(real, comments=Comments((Comment("1", f"A {bad}", None, (f"T {bad}",)),)))
    for fmt in ("text", "markdown", "json"):
        assert UNSAFE_OUTPUT.search(render(article, fmt, 72, comments=True)) is None
