"""Text from pages is data, never markup or control: the hostile article end to end (no app).

``tests/fixtures/constructed_article_hostile.html`` puts Rich/Textual markup, ANSI/OSC escapes
(raw and as ``&#27;``), C1 controls, bidi overrides, NUL and BEL into every field a reader sees,
and links to ``javascript:``, ``file:`` and ``data:`` URLs. The parser keeps the markup as
literal text and drops the control characters; ``tazreader dump`` (text, Markdown, JSON) and
``tazreader cache search`` print no terminal control characters, even for a model that still
holds some (defence in depth).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tazreader.__main__ import main
from tazreader.commands.dump import render
from tazreader.store import Store
from tazreader.taz.models import (
    Article,
    Author,
    Image,
    InfoBox,
    Link,
    ListBlock,
    PageKind,
    Paragraph,
    Quote,
    Segment,
    Subhead,
    Tag,
    Teaser,
)
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tazreader.taz.textedition import render_markdown, render_text
from tests.hostile.checks import UNSAFE_OUTPUT, check_article
from tests.server import FixtureServer, scan_articles

FIXTURE = Path(__file__).parent.parent / "fixtures" / "constructed_article_hostile.html"
T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
# What the page's hostile sequences must never turn back into.
ESCAPES = ("\x1b", "\x07", "\x00", "\x9b", "\u202e", "\u2066", "\x7f", "\x08")


@pytest.fixture(scope="module")
def hostile() -> Article:
    return parse_article(FIXTURE.read_bytes(), "https://taz.de/Hostile/!6666666/")


def raw_control_article() -> Article:
    """A model that still holds raw control characters everywhere (as if a parser slipped)."""
    bad = "[bold red]x[/] \x1b[2J\x1b]52;c;aGVsbG8=\x07\x1b]8;;http://evil/\x1b\\ \u202e\x00\x9b"
    return Article(
        id="6666667",
        url="https://taz.de/!6666667/",
        title=f"Rohtitel {bad}",
        kicker=f"Roh {bad}",
        teaser=f"Rohteaser {bad}",
        authors=(Author(f"Roh Autor {bad}", "https://taz.de/Roh/!a1/"),),
        byline=f"Von {bad}",
        published=datetime(2025, 11, 20, 9, 12, tzinfo=UTC),
        genre="Bericht",
        image=Image("https://taz.de/picture/1/1020/x.jpeg", f"Bild {bad}", f"Foto: {bad}", bad),
        blocks=(
            Paragraph((Segment(f"Rohabsatz {bad} "), Segment(f"Link {bad}", 1))),
            Subhead(f"Zwischen {bad}"),
            Quote((Segment(f"Zitat {bad}"),), f"Quelle {bad}"),
            InfoBox(f"Kasten {bad}", ((Segment(f"Info {bad}"),),)),
            ListBlock(((Segment(f"Punkt {bad}"),),)),
        ),
        links=(Link(f"Link {bad}", "javascript:alert(1)\x1b[2J", PageKind.EXTERNAL),),
        tags=(Tag(f"Tag {bad}", "https://taz.de/T/!t1/"),),
        related=(Teaser("5928990", "https://taz.de/!5928990/", f"Nachbar {bad}", f"K {bad}",
                        f"Teaser {bad}", (Author(f"Mal {bad}"),)),),
    )


def assert_inert(text: str, where: str) -> None:
    m = UNSAFE_OUTPUT.search(text)
    if m is not None:
        around = text[max(0, m.start() - 40) :][:80]
        raise AssertionError(f"{where}: {m.group()!r} at {m.start()}: {around!r}")


# --- the parser -------------------------------------------------------------------------


def test_fixture_is_what_it_claims() -> None:
    raw = FIXTURE.read_bytes()
    for needle in (b"\x1b[2J", b"\x1b]52;c;aGVsbG8=\x07", b"\x1b]8;;http://evil/\x1b\\", b"&#27;",
                   "\u202e".encode(), b"\x00", "\x9b".encode(), b"javascript:alert(1)",
                   b"file:///etc/passwd", b"data:text/html", b"[@click=app.quit]quit[/]",
                   "\u200e".encode(), b"&#x200F;"):
        assert needle in raw, needle


def test_parser_keeps_markup_as_text_and_drops_controls(hostile: Article) -> None:
    check_article(hostile)  # no control/bidi character anywhere in the model
    assert hostile.id == "6666666"
    assert hostile.kicker == "[bold red]Kicker[/][2J"
    assert hostile.title == "Titel [@click=app.quit]quit[/]]52;c;aGVsbG8="
    assert hostile.teaser.startswith("Teaser [link=https://evil.example/]hier[/link] ")
    assert "]8;;http://evil/\\Klick" in hostile.teaser and "[31mrot[0m" in hostile.teaser
    assert hostile.authors == (
        Author("[b]Eve[/b] [2J Mallory", "https://taz.de/Eve-Mallory/!a66666/"),
    )
    assert hostile.image is not None
    assert hostile.image.caption == "Bild [red]rot[/red] ]52;c;aGVsbG8=31m"
    assert hostile.image.credit == "Foto: evil[/]"
    assert hostile.image.alt == "[i]alt[/i][2J"
    first = hostile.blocks[0]
    assert isinstance(first, Paragraph)
    assert first.text.startswith("Absatz eins mit [bold red]x[/] und [@click=app.quit]quit[/] als")
    assert Subhead("[2J[bold]Zwischen[/bold]titel") in hostile.blocks
    controls = next(b for b in hostile.blocks if isinstance(b, Paragraph) and "NUL" in b.text)
    assert controls.text.startswith("Steuerzeichen: NULroh, ")
    assert "Bidi rohisoliert und Entity, Löschen ." in controls.text
    quote = next(b for b in hostile.blocks if isinstance(b, Quote))
    assert quote.text == "„[blink]Zitat[/blink]]52;c;aGVsbG8=“"
    listing = next(b for b in hostile.blocks if isinstance(b, ListBlock))
    assert [item[0].text for item in listing.items] == [
        "Punkt [b]eins[/b][2J", "Punkt zwei ]52;c;aGVsbG8=",
    ]
    last = hostile.blocks[-1]
    assert isinstance(last, Paragraph)
    assert last.text == "Schluss mit \\[escaped] und [/] und [link=file:///etc/passwd]Datei[/link]."
    assert [t.name for t in hostile.tags] == [
        "[bold]Tag[/][2Jeins", "[@click=app.quit]Zwei[/]]8;;http://evil/\\",
    ]
    (related,) = hostile.related
    assert related.title == "Ein [@click=app.quit]Nachbar[/]]52;c;aGVsbG8="
    assert related.kicker == "[bold]Verwandt[/bold][2J"
    assert related.authors == (Author("[b]Mal[/b][2Jlory"),)


def test_file_and_data_links_are_listed_as_external(hostile: Article) -> None:
    by_url = {link.url: link for link in hostile.links}
    passwd = by_url["file:///etc/passwd"]
    assert (passwd.text, passwd.kind) == ("passwd[2J", PageKind.EXTERNAL)
    data = by_url["data:text/html,<script>alert(1)</script>"]
    assert (data.text, data.kind) == ("data-Link", PageKind.EXTERNAL)
    assert by_url["https://example.org/seite"].kind is PageKind.EXTERNAL
    assert by_url["https://example.org/seite"].text == "]8;;http://evil/\\Beispiel]8;;\\"
    taz = next(link for link in hostile.links if link.kind is PageKind.ARTICLE)
    assert taz.text == "[31mrot[0m [1mfett"
    assert not PageKind.EXTERNAL.opens_inside


def test_javascript_link_is_listed_as_external(hostile: Article) -> None:
    js = [link for link in hostile.links if link.url.lower().startswith("javascript:")]
    assert [(lk.text, lk.url, lk.kind) for lk in js] == [
        ("[@click=app.quit]Klick[/]", "javascript:alert(1)", PageKind.EXTERNAL)
    ]


def test_fixture_is_served_by_the_fixture_server(fixture_server: FixtureServer) -> None:
    assert scan_articles()["6666666"] == FIXTURE
    response = httpx.get(fixture_server.url("/Hostile/!6666666/"))
    assert response.status_code == 200
    assert response.content == FIXTURE.read_bytes()


@pytest.mark.parametrize(
    "raw",
    ["a\u200eb\u200fc\u061cd", "a\u202eb\u2066c\u2069d", "a\x00b\x1bc\x9bd", "a\u206ab\u206fcd"],
)
def test_clean_drops_bidi_marks_and_controls(raw: str) -> None:
    from tazreader.commands.cache import _safe
    from tazreader.commands.dump import safe_text
    from tazreader.taz.text import clean

    assert clean(raw) == "abcd"
    assert UNSAFE_OUTPUT.search(safe_text(raw)) is None
    assert UNSAFE_OUTPUT.search(_safe(raw)) is None


# --- the text edition and `tazreader dump` --------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_dump_output_is_inert(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dump", str(FIXTURE), "--format", fmt]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert_inert(out, f"dump --format {fmt}")
    if fmt == "text":
        # The title wraps at the width like the body: the markup stays literal text.
        assert "# taz.de -- [bold red]Kicker[/][2J: Titel\n[@click=app.quit]quit[/]" in out
        assert "Ein [1][[@click=app.quit]Klick[/]] auf ein Skript." in out
        assert "[1] javascript:alert(1)" in out
        assert "[2] file:///etc/passwd" in out
        assert "[3] data:text/html,<script>alert(1)</script>" in out
    elif fmt == "markdown":
        assert r"\[@click=app.quit\]quit\[/\]" in out  # escaped for Markdown, still the text
    else:
        data = json.loads(out)
        assert data["title"] == "Titel [@click=app.quit]quit[/]]52;c;aGVsbG8="
        assert_inert(json.dumps(data, ensure_ascii=False), "dump --format json, decoded")


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_dump_render_is_inert_even_for_a_raw_model(fmt: str) -> None:
    article = raw_control_article()
    out = render(article, fmt, 72)
    assert_inert(out, f"render {fmt}")
    assert "Rohtitel [bold red]x[/]" in out or "Rohtitel \\[bold red\\]x\\[/\\]" in out
    if fmt == "json":
        # escaped as \u001b …: still the same JSON, inert on a terminal
        assert json.loads(out)["title"].startswith("Rohtitel [bold red]x[/] \x1b[2J")


def test_render_functions_of_the_parsed_article_are_inert(hostile: Article) -> None:
    assert_inert(render_text(hostile, 40), "render_text")
    assert_inert(render_markdown(hostile), "render_markdown")


# --- `tazreader cache search` ----------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hostile: Article) -> Path:
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))
    monkeypatch.setenv("COLUMNS", "100")
    with Store.open(tmp_path / "data" / "cache.sqlite3") as store:
        store.put_article(hostile, raw=FIXTURE.read_bytes(), fetched_at=T0,
                          parser_version=PARSER_VERSION)
        store.put_article(raw_control_article(), fetched_at=T0, parser_version=PARSER_VERSION)
    return tmp_path / "data"


@pytest.mark.parametrize(
    ("query", "needle"),
    [("quit", "[@click=app.quit]"), ("steuerzeichen", "«Steuerzeichen»"),
     ("mallory", "Mallory"), ("zitat", "Zitat"), ("rohabsatz", "«Rohabsatz»"),
     ("evil", "evil"), ("2J", "[2J")],
)
def test_cache_search_output_is_inert(
    data_dir: Path, capsys: pytest.CaptureFixture[str], query: str, needle: str
) -> None:
    assert main(["cache", "search", query]) == 0
    out, err = capsys.readouterr()
    assert_inert(out, f"cache search {query}")
    assert_inert(err, f"cache search {query} (stderr)")
    assert "\x1b" not in out  # not a terminal: not even styling
    assert needle in out


def test_cache_search_on_a_colour_terminal_emits_only_styling(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert main(["cache", "search", "titel"]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" in out, "expected rich's own colours here"
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)  # rich's SGR colour codes, nothing else
    assert_inert(plain, "cache search on a colour terminal")
    assert "[@click=app.quit]quit[/]" in plain


# --- what the user typed comes back in messages: inert too ---------------------------------

HOSTILE_ARGS = (
    "/nonexistent/\x1b[2J\u202e\x9b[@click=app.quit]x[/].html",
    "http://127.0.0.1:9/\x1b]52;c;aGVsbG8=\x07",
    "https://\u202eevil.example/\x1b[2J",
    "javascript:alert(1)\x1b[2J",
)


@pytest.mark.parametrize("arg", HOSTILE_ARGS)
def test_dump_errors_about_hostile_arguments_are_inert(
    arg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["dump", arg]) != 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("tazreader dump: ") and err.count("\n") == 1, err
    assert_inert(err, "dump error")


@pytest.mark.parametrize("query", ["\x1b[7zzqq\u202e", "[@click=app.quit]x[/] \x9b31m nichtda"])
def test_cache_search_echo_of_a_hostile_query_is_inert(
    data_dir: Path, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    assert main(["cache", "search", query]) == 1
    out, err = capsys.readouterr()
    assert "No cached article matches" in out
    assert_inert(out + err, "cache search echo")


# --- the hostile search page (list entries) --------------------------------------------------

SEARCH = FIXTURE.parent / "constructed_search_hostile.html"


def test_hostile_search_page_keeps_markup_and_drops_controls(
    fixture_server: FixtureServer,
) -> None:
    from tazreader.taz.parse.listing import parse_listing
    from tests.hostile.checks import check_listing

    raw = SEARCH.read_bytes()
    assert b"\x1b]52;c;aGVsbG8=\x07" in raw and b"&#27;[2J" in raw and b"\x00" in raw
    listing = parse_listing(raw, "https://taz.de/!s=hostile/")
    check_listing(listing, "search")
    first, second, third = listing.teasers
    assert (first.id, first.kicker) == ("6666666", "[bold red]Kicker[/][2J")
    assert first.title.startswith("Titel [@click=app.quit]quit[/]]52;c;aGVsbG8=")
    assert second.title == "Zweiter [@click=app.bell]Treffer[/] ]52;c;aGVsbG8= iso"
    assert second.authors[0].name == "Mallory [i]Eve[/i]"
    assert (third.id, third.title) == ("5928990", "Ein echter Titel")
    response = httpx.get(fixture_server.url("/!s=hostile/"))
    assert response.status_code == 200 and response.content == raw


def test_image_urls_are_web_addresses_only() -> None:
    """A javascript: picture address is dropped, not kept as the article's or a teaser's image."""
    from pathlib import Path

    from tazreader.taz.parse.feed import parse_feed

    fixtures = Path(__file__).parents[1] / "fixtures"
    evil = b"javascript:alert(1)//picture/"
    page = (fixtures / "fundus_Taz_2024_10_23.html").read_bytes()
    article = parse_article(page.replace(b"https://taz.de/picture/", evil))
    assert article.image is None
    assert parse_article(page).image is not None  # the same page with real addresses has one
    feed = (fixtures / "constructed_feed_main.xml").read_bytes()
    poisoned = parse_feed(feed.replace(b"https://taz.de/picture/", evil), "https://taz.de/!p4608;rss/")
    assert [t.image for t in poisoned.teasers if t.image] == []
    assert any(t.image for t in parse_feed(feed, "https://taz.de/!p4608;rss/").teasers)
