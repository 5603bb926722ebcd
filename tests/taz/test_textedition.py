"""The text edition against the real sample (tests/fixtures/seed_text_edition.txt) and by rule."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tazreader.taz.dates import text_edition_day
from tazreader.taz.models import (
    Article,
    Author,
    Embed,
    Figure,
    Image,
    InfoBox,
    Link,
    ListBlock,
    PageKind,
    Paragraph,
    Question,
    Quote,
    Segment,
    Subhead,
    Tag,
    Teaser,
    TickerEntry,
)
from tazreader.taz.textedition import render_markdown, render_text, wrap
from tests.factories import bare_article

BERLIN = ZoneInfo("Europe/Berlin")
SEED = Path(__file__).parent.parent / "fixtures" / "seed_text_edition.txt"
_FRAME = re.compile(r"^\| (.*?) \|(?: \|)?$")  # the last line lost its second bar
_MARK = re.compile(r"\[(\d+)\]\[([^\]]*)\]")


def seed_lines() -> list[str]:
    """The sample without the mirror's ``| … | |`` frame, one entry per line."""
    lines = []
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        m = _FRAME.match(raw)
        assert m is not None, raw
        lines.append(m.group(1))
    return lines


def inline_from(text: str) -> tuple[Segment, ...]:
    """Text with ``[n][…]`` marks back into segments."""
    segs: list[Segment] = []
    pos = 0
    for m in _MARK.finditer(text):
        if m.start() > pos:
            segs.append(Segment(text[pos : m.start()]))
        segs.append(Segment(m.group(2), int(m.group(1))))
        pos = m.end()
    if pos < len(text):
        segs.append(Segment(text[pos:]))
    return tuple(segs)


# Line ranges (1-based, inclusive) of the sample's parts; its mirror dropped the blank lines,
# so paragraph ends were read off the line lengths (a line ends early where the next word of
# the same paragraph would have fitted).
BODY = [
    ("p", 6, 10), ("p", 11, 13), ("p", 14, 16), ("p", 17, 21), ("h", 22, 22),
    ("p", 23, 26), ("p", 27, 29), ("p", 30, 32), ("h", 33, 33), ("p", 34, 38),
    ("p", 39, 45), ("p", 46, 49), ("h", 50, 50), ("p", 51, 58), ("p", 59, 64),
    ("p", 65, 68), ("p", 69, 75),
]
RELATED = [(99, 101), (102, 104), (105, 108), (109, 111)]
# Two paragraphs where the sample breaks a line early although the next word fits at 75
# columns (both contain "Arbeiter:innen"; probably invisible characters the mirror dropped).
NOT_GREEDY = {(46, 49), (59, 64)}


def seed_article() -> Article:
    s = seed_lines()

    def join(a: int, b: int) -> str:
        return " ".join(s[a - 1 : b])

    blocks: list[Paragraph | Subhead] = []
    for kind, a, b in BODY:
        blocks.append(Subhead(s[a - 1][3:]) if kind == "h" else Paragraph(inline_from(join(a, b))))
    kicker, title = s[0].removeprefix("# taz.de -- ").split(": ", 1)
    links = []
    for line in s[77:84]:
        n, url = line.split(" ", 1)
        url = "https://taz.de" + url if url.startswith("/") else url.rstrip("…")
        links.append(Link(f"link {n}", url, PageKind.EXTERNAL))
    tags = tuple(
        Tag(t.removeprefix("Schwerpunkt "), None, t.startswith("Schwerpunkt ")) for t in s[87:97]
    )
    related = []
    for a, b in RELATED:
        rk, rt = s[a - 1].split(": ", 1)
        related.append(Teaser(id=str(a), url=f"https://taz.de/!{a}/", title=rt, kicker=rk,
                              teaser=join(a + 1, b)))
    return Article(
        id="6130000",
        url="https://taz.de/!6130000/",
        title=title,
        kicker=kicker,
        teaser=join(2, 4).replace("> ", ""),
        authors=(Author("Jonas Wahmkow", "https://taz.de/Jonas-Wahmkow/!a1/"),),
        byline="Kommentar von",
        published=datetime(2025, 12, 5, 9, 30, tzinfo=BERLIN),
        image=Image("https://taz.de/picture/1/1900/a.jpeg", s[4].removeprefix("Bild: "),
                    "Foto: Someone/dpa"),
        blocks=tuple(blocks),
        links=tuple(links),
        tags=tags,
        related=tuple(related),
    )


def test_seed_article_renders_like_the_sample() -> None:
    s = seed_lines()
    out = render_text(seed_article(), width=75).splitlines()
    nonblank = [line for line in out if line]
    # Head and body up to the two non-greedy paragraphs, line for line.
    assert nonblank[:45] == s[:45]
    # Body: words and marks equal everywhere; lines equal outside the two odd paragraphs.
    body_ours = nonblank[: nonblank.index("5 Dec 2025")]
    body_seed = s[:75]
    assert " ".join(body_ours).split() == " ".join(body_seed).split()
    ours_map = _regions(body_ours, body_seed)
    for (a, b), lines in ours_map.items():
        if (a, b) in NOT_GREEDY:
            assert len(lines) == b - a + 1
        else:
            assert lines == s[a - 1 : b], (a, b)
    # Date and sections.
    tail = nonblank[len(body_ours) :]
    seed_tail = s[75:]
    assert tail[0] == seed_tail[0] == "5 Dec 2025"
    assert tail[1] == "## LINKS"
    for ours_link, seed_link in zip(tail[2:9], seed_tail[2:9], strict=True):
        num, url = seed_link.split(" ", 1)
        url = "https://taz.de" + url if url.startswith("/") else url.rstrip("…")
        assert ours_link.startswith(f"{num} {url}")
    assert tail[9:] == seed_tail[9:]


def _regions(ours: list[str], seed: list[str]) -> dict[tuple[int, int], list[str]]:
    """Cut our body lines into the sample's regions by matching each region's first word."""
    out: dict[tuple[int, int], list[str]] = {}
    regions = [(a, b) for _, a, b in BODY]
    starts = []
    i = 5  # after title, teaser, caption
    for a, _ in regions:
        first = seed[a - 1]
        while ours[i] != first and not ours[i].startswith(first.split()[0] + " "):
            i += 1
        starts.append(i)
        i += 1
    starts.append(len(ours))
    for k, region in enumerate(regions):
        out[region] = ours[starts[k] : starts[k + 1]]
    return out


def test_blank_line_rhythm() -> None:
    out = render_text(seed_article(), width=75)
    assert out.endswith("Klima-Killer.\n")
    assert "\n\n\n" not in out
    lines = out.splitlines()
    # Title, blank, teaser (3 lines), blank, caption, blank, first paragraph.
    assert lines[0].startswith("# taz.de -- ")
    assert lines[1] == ""
    assert [bool(x) for x in lines[2:9]] == [True, True, True, False, True, False, True]
    # Section heads are followed by one blank line; LINKS entries are consecutive.
    i = lines.index("## LINKS")
    assert lines[i - 1] == "" and lines[i + 1] == "" and lines[i + 2].startswith("[1] ")
    assert all(line.startswith(f"[{n}] ") for n, line in enumerate(lines[i + 2 : i + 9], 1))
    j = lines.index("## ARTIKEL ZUM THEMA")
    assert lines[j + 2 : j + 6] == [
        "Amazon-Lager in Erfurt: Der tote Mitarbeiter",
        "Mitte November bricht in einem Amazon-Lager in Erfurt ein Mitarbeiter",
        "zusammen und stirbt. Verdi gibt dem Konzern eine Mitschuld, der wiegelt ab.",
        "",
    ]


def test_minimal_article_has_no_empty_sections() -> None:
    out = render_text(bare_article(Paragraph((Segment("Nur ein Satz."),))))
    assert out == "# taz.de -- T\n\nNur ein Satz.\n"


def test_kicker_and_date_without_leading_zero() -> None:
    a = bare_article(kicker="Kick", published=datetime(2024, 3, 7, 0, 5, tzinfo=BERLIN))
    assert render_text(a) == "# taz.de -- Kick: T\n\n7 Mar 2024\n"
    assert text_edition_day(a.published) == "7 Mar 2024"
    months = [text_edition_day(datetime(2020, m, 10, tzinfo=BERLIN)) for m in range(1, 13)]
    late_utc = datetime(2024, 3, 7, 23, 30, tzinfo=ZoneInfo("UTC"))  # 8 March in Berlin
    assert text_edition_day(late_utc) == "8 Mar 2024"
    assert [m.split()[1] for m in months] == [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def test_mark_stays_glued_and_wraps_over_lines() -> None:
    para = Paragraph((
        Segment("aaaa bbbb "),
        Segment("cccc dddd eeee", 1),
        Segment(". ffff"),
    ))
    out = render_text(bare_article(para, links=(Link("x", "https://e.org/", PageKind.EXTERNAL),)),
                      width=20)
    body = out.split("\n\n")[1]
    assert body.splitlines() == ["aaaa bbbb [1][cccc", "dddd eeee]. ffff"]


def test_leading_space_of_link_text_moves_before_the_mark() -> None:
    para = Paragraph((Segment("Siehe"), Segment(" dort", 2), Segment(".")))
    assert "Siehe [2][dort]." in render_text(bare_article(para))


def test_adjacent_segments_of_one_link_form_one_mark() -> None:
    para = Paragraph((Segment("ein "), Segment("lan", 1), Segment("ger Link", 1)))
    assert "ein [1][langer Link]\n" in render_text(bare_article(para))


def test_wrap_never_breaks_a_word_and_respects_width() -> None:
    long = "x" * 30
    assert wrap(f"ab {long} cd", 20) == ["ab", long, "cd"]
    text = " ".join(f"w{i:03d}" for i in range(200))
    for width in (20, 33, 72):
        lines = wrap(text, width)
        assert all(len(line) <= width for line in lines)
        assert " ".join(lines) == text
        # greedy: the next line's first word would not have fitted
        for a, b in zip(lines, lines[1:], strict=False):
            assert len(a) + 1 + len(b.split()[0]) > width


def test_teaser_lines_start_with_quote_marker_within_width() -> None:
    a = bare_article(teaser="Eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf")
    lines = render_text(a, width=24).splitlines()[2:]
    assert lines == ["> Eins zwei drei vier", "> fünf sechs sieben acht", "> neun zehn elf zwölf"]
    assert max(len(line) for line in lines) == 24


def test_title_caption_subheads_and_related_titles_wrap_to_the_width_too() -> None:
    cap = "Ein sehr langer Bildtext, der weit über die Breite hinausgeht und umbricht"
    a = bare_article(
        Subhead("Eine Zwischenzeile, die ebenso zu lang ist für vierzig Spalten"),
        image=Image("https://taz.de/picture/1/1900/x.jpeg", cap, "Foto: A/B"),
        title="Ein Titel, der für eine schmale Ausgabe viel zu lang geraten ist",
        related=(Teaser("6000001", "https://taz.de/!6000001/",
                        "Ein verwandter Artikel mit einem ebenfalls langen Titel"),),
    )
    out = render_text(a, width=40)
    assert max(len(line) for line in out.splitlines()) <= 40
    assert out.startswith("# taz.de -- Ein Titel, der für eine\nschmale Ausgabe")
    assert "\nBild: Ein sehr langer Bildtext, der weit\nüber die Breite" in out
    assert "\n## Eine Zwischenzeile, die ebenso zu\n   lang ist" in out
    assert "\nEin verwandter Artikel mit einem\nebenfalls langen Titel" in out
    assert "Foto" not in out  # the text edition names no credit


def test_quote_infobox_list_and_subhead() -> None:
    a = bare_article(
        Subhead("Zwischen"),
        Quote((Segment("„Wir bleiben.“"),), "Eine Sprecherin"),
        InfoBox("Zum Thema", ((Segment("Erster Absatz."),), (Segment("Zweiter "),
                                                             Segment("Absatz", 1)))),
        ListBlock(((Segment("eins"),), (Segment("zwei zwei zwei zwei zwei"),)), ordered=True),
        ListBlock(((Segment("a"),),)),
        links=(Link("Absatz", "https://taz.de/!6000000/", PageKind.ARTICLE),),
    )
    out = render_text(a, width=20)
    assert out.split("\n\n")[1:] == [
        "## Zwischen",
        "> „Wir bleiben.“\n> – Eine Sprecherin",
        "| Zum Thema\n|\n| Erster Absatz.\n|\n| Zweiter\n| [1][Absatz]",
        "1. eins\n2. zwei zwei zwei\n   zwei zwei",
        "- a",
        "## LINKS",
        "[1] https://taz.de/!6000000/\n",
    ]


def test_sections_authors_tags_schwerpunkt_related() -> None:
    a = bare_article(
        authors=(Author("Nicole Opitz", "https://taz.de/Nicole-Opitz/!a52218/"), Author("B C")),
        tags=(Tag("Transgender", "https://taz.de/Transgender/!t5523976/"),
              Tag("LGBTQIA", None, schwerpunkt=True)),
        related=(Teaser("2", "https://taz.de/!2000000/", "Titel", "Kicker",
                        "Ein Teaser mit mehr Wörtern als passen"),
                 Teaser("3", "https://taz.de/!3000000/", "Ohne Kicker")),
    )
    out = render_text(a, width=24)
    assert out.split("\n\n")[1:] == [
        "## AUTOREN", "Nicole Opitz\nB C",
        "## TAGS", "Transgender\nSchwerpunkt LGBTQIA",
        "## ARTIKEL ZUM THEMA",
        "Kicker: Titel\nEin Teaser mit mehr\nWörtern als passen",
        "Ohne Kicker\n",
    ]


def test_width_below_minimum_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 20"):
        render_text(bare_article(), width=19)
    assert render_text(bare_article(), width=20)


def test_markdown_reference_links_and_sections() -> None:
    a = seed_article()
    md = render_markdown(a)
    assert md.startswith("# Amazon-Beschäftigte warnen vor KI: Stürmt die Maschinen!\n\n> Amazons")
    assert "aufhorchen. [In einem offenen Brief fordern über 1.100 Amazon-Beschäftigte" in md
    assert "Kurswechsel in der KI-Entwicklung auf.][1] Es sind" in md
    assert "[Wissensaufgaben" not in md and "übernehmen könne.][3] \n" not in md
    assert "\n## Ein Aufbegehren von denen, die KI entwickeln\n" in md
    assert "\n## LINKS\n\n[1]: <https://www.amazonclimatejustice.org/open-letter>\n" in md
    assert "[3]: <https://taz.de/Amazon-streicht-14000-Jobs/!6124998>" in md
    assert "\n## AUTOREN\n\n- [Jonas Wahmkow](<https://taz.de/Jonas-Wahmkow/!a1/>)\n" in md
    assert "\n- Schwerpunkt USA unter Trump\n" in md
    assert "**[Amazon-Lager in Erfurt: Der tote Mitarbeiter](<https://taz.de/!99/>)**  \n" in md
    assert "Kommentar von Jonas Wahmkow · 5 Dec 2025" in md
    assert "![Das inzwischen geschlossene" in md and "*Bild: Das inzwischen" in md
    # Every mark has a definition.
    used = {int(n) for n in re.findall(r"\]\[(\d+)\]", md)}
    defined = {int(n) for n in re.findall(r"^\[(\d+)\]: <", md, re.M)}
    assert used == defined == set(range(1, 8))


def test_markdown_escapes_text_that_would_become_markup() -> None:
    a = bare_article(
        Paragraph((Segment("# keine Überschrift mit *Stern* und [Klammer]"),)),
        Paragraph((Segment("1. kein Listenpunkt"),)),
        title="Kurd*innen <b>",
    )
    md = render_markdown(a)
    assert md.splitlines()[0] == "# Kurd\\*innen \\<b\\>"
    assert "\n\\# keine Überschrift mit \\*Stern\\* und \\[Klammer\\]\n" in md
    assert "\n1\\. kein Listenpunkt\n" in md


_words = st.text(alphabet="abcäöß.,„“-:!?()", min_size=1, max_size=14)
_runs = st.lists(_words, min_size=1, max_size=8).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(
    runs=st.lists(st.tuples(_runs, st.booleans(), st.sampled_from(["", " "])), min_size=1,
                  max_size=12),
    width=st.integers(min_value=20, max_value=90),
)
def test_wrapped_paragraph_properties(
    runs: list[tuple[str, bool, str]], width: int
) -> None:
    segs = []
    n = 0
    for text, linked, space in runs:
        if linked:
            n += 1
        segs.append(Segment(space + text + space, n if linked else None))
    links = tuple(Link(str(i), f"https://e.org/{i}", PageKind.EXTERNAL) for i in range(1, n + 1))
    out = render_text(bare_article(Paragraph(tuple(segs)), links=links), width=width)
    body = out.split("\n\n")[1].splitlines()
    for line in body:
        # Within the width unless one unbreakable word is longer on its own.
        assert len(line) <= width or " " not in line
        # A mark's "[n][" is never left at the end of a line, apart from its text.
        assert not re.search(r"\[\d+\]\[$", line)
        assert line == line.strip()
    # Wrapping only moves line breaks: the words are those of the marked-up text.
    marked = "".join(
        f"{' ' if s.text.startswith(' ') else ''}[{s.link}][{s.text.lstrip()}]" if s.link
        else s.text
        for s in segs
    )
    assert " ".join(body).split() == marked.split()
    assert [int(m) for m in re.findall(r"\[(\d+)\]\[", " ".join(body))] == list(range(1, n + 1))


# --- the blocks of interviews, live tickers and embeds, and agency pieces ------------------

DRIFT = Article(
    id="6150010",
    url="https://taz.de/!6150010/",
    title="Der Tag",
    blocks=(
        Question((Segment("taz: Wie war "), Segment("der Tag", 1), Segment("?"))),
        Paragraph((Segment("Lang."),)),
        Embed("video", "Die Rede im Wortlaut", 2),
        Embed("post", "", None),
        TickerEntry("14:32 Uhr", "Bahn streikt", ((Segment("Kein Zug fährt."),),
                                                  (Segment("Auch morgen nicht. (dpa)"),))),
    ),
    links=(
        Link("der Tag", "https://taz.de/!6150011/", PageKind.ARTICLE),
        Link("Video: Die Rede im Wortlaut", "https://www.youtube-nocookie.com/embed/abc",
             PageKind.EXTERNAL),
    ),
    source="dpa",
)


def test_question_embed_ticker_and_source_in_the_text_edition() -> None:
    assert render_text(DRIFT, 72) == (
        "# taz.de -- Der Tag\n\n"
        "*taz: Wie war [1][der Tag]?*\n\n"
        "Lang.\n\n"
        "[2][Video: Die Rede im Wortlaut]\n\n"
        "Beitrag\n\n"
        "+++ 14:32 Uhr +++ Bahn streikt\n\nKein Zug fährt.\n\nAuch morgen nicht. (dpa)\n\n"
        "## LINKS\n\n"
        "[1] https://taz.de/!6150011/\n[2] https://www.youtube-nocookie.com/embed/abc\n\n"
        "## QUELLE\n\n"
        "dpa\n"
    )


def test_question_embed_ticker_and_source_in_markdown() -> None:
    md = render_markdown(DRIFT).split("\n\n")
    assert md[1:7] == [
        "**taz: Wie war [der Tag][1]?**",
        "Lang.",
        "[Video: Die Rede im Wortlaut][2]",
        "Beitrag",
        "### 14:32 Uhr · Bahn streikt",
        "Kein Zug fährt.",
    ]
    assert "dpa" in md[8]


# --- pictures inside the body ---------------------------------------------------------------

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_a_body_picture_is_its_caption_at_its_place_like_the_lead_picture() -> None:
    from tazreader.taz.parse.article import parse_article

    a = parse_article((FIXTURES / "constructed_drift_body_pictures.html").read_bytes())
    chunks = render_text(a, 72).split("\n\n")
    assert chunks[2:10] == [
        "Bild: Der junge Wald am Neuköllner Schifffahrtskanal",  # the lead picture's caption
        "Wo vor zehn Jahren noch ein Parkplatz war, stehen heute dreihundert\njunge Erlen.",
        "Die Anwohnerinnen haben sie selbst gepflanzt, Stück für Stück, an jedem\n"
        "ersten Samstag im Monat.",
        "Bild: Pflanzaktion im März: jeder Baum hat eine Patin",  # no credit, as the lead's
        "Im Sommer ist es unter den Bäumen vier Grad kühler als auf der Straße\ndaneben.",
        "## Mehr Flächen am Wasser",
        "Der Bezirk will nun [1][weitere Flächen am Kanal begrünen], sagt die\nStadträtin.",
        "Bild: Die Flächen, die der Bezirk begrünen will",
    ]
    # Wrapped like the lead's caption, the second line without a prefix; none without caption.
    long = Article("1", "https://taz.de/!1/", "T", blocks=(
        Figure(Image("https://taz.de/picture/1/85/a.jpeg", "Ein langer Satz unter dem Bild "
                     "über die Flächen am Kanal, die der Bezirk begrünen will")),
        Figure(Image("https://taz.de/picture/2/85/b.jpeg", "", "Foto: nur der Name")),
        Paragraph((Segment("Text."),)),
    ))
    assert render_text(long, 40).split("\n\n")[1:] == [
        "Bild: Ein langer Satz unter dem Bild\nüber die Flächen am Kanal, die der\n"
        "Bezirk begrünen will",
        "Text.\n",
    ]


def test_a_body_picture_in_markdown_is_a_picture_with_its_caption_and_credit() -> None:
    a = Article("1", "https://taz.de/!1/", "T", blocks=(
        Paragraph((Segment("Vorher."),)),
        Figure(Image("https://taz.de/picture/1/1900/a b.jpeg", "Das *Ufer*", "Foto: A/dpa",
                     "Ein Ufer")),
        Figure(Image("https://taz.de/picture/2/1900/c.jpeg", "", "Foto: B")),
    ))
    md = render_markdown(a).split("\n\n")
    assert md[2:4] == [
        "![Ein Ufer](<https://taz.de/picture/1/1900/a%20b.jpeg>)\n"
        "*Bild: Das \\*Ufer\\* (Foto: A/dpa)*",
        "![](<https://taz.de/picture/2/1900/c.jpeg>)\n*Bild: Foto: B*\n",
    ]
