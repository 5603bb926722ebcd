"""Page shapes the parsers must read as taz's markup drifts (issue #15): live tickers,
interviews, web elements known by class, embeds, bylines, agency pieces and a body whose
wrapper, paragraphs, subheads, picture, breadcrumb, date and related box moved or were renamed.

Each test reads a constructed fixture (tests/fixtures/README.md says what each follows) and
compares the exact text of the fixture, in order."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tazreader.taz.models import (
    Article,
    Author,
    Block,
    Crumb,
    Embed,
    InfoBox,
    Link,
    ListBlock,
    PageKind,
    Paragraph,
    Question,
    Quote,
    Segment,
    Subhead,
    TickerEntry,
)
from tazreader.taz.parse.article import parse_article

FIXTURES = Path(__file__).parent.parent / "fixtures"
BERLIN = ZoneInfo("Europe/Berlin")


def parse(name: str) -> Article:
    return parse_article((FIXTURES / name).read_bytes())


def text(segments: tuple[Segment, ...]) -> str:
    return "".join(s.text for s in segments)


def shape(blocks: tuple[Block, ...]) -> list[tuple[str, ...]]:
    """Each block as its kind and its texts, in order."""
    out: list[tuple[str, ...]] = []
    for b in blocks:
        match b:
            case Paragraph() | Question():
                out.append((b.kind, b.text))
            case Subhead(text=t):
                out.append(("subhead", t))
            case Quote(source=source):
                out.append(("quote", b.text, source))
            case InfoBox(title=title, paragraphs=paras):
                out.append(("infobox", title, *(text(p) for p in paras)))
            case ListBlock(items=items):
                out.append(("list", *(text(i) for i in items)))
            case Embed(medium=medium, title=title, link=link):
                out.append(("embed", medium, title, str(link)))
            case TickerEntry(time=time, heading=heading, paragraphs=paras):
                out.append(("ticker", time, heading, *(text(p) for p in paras)))
    return out


def test_live_ticker_entries_in_and_after_the_corpus_are_all_kept_in_order() -> None:
    a = parse("constructed_drift_ticker.html")
    assert shape(a.blocks) == [
        ("paragraph", "Letzte Aktualisierung: 14.32 Uhr."),
        ("paragraph", "Seit dem frühen Morgen fahren weder Busse noch Bahnen."),
        ("ticker", "14:32 Uhr", "Verdi kündigt weitere Streiks an",
         "Die Gewerkschaft will auch am Montag streiken. Ein Angebot der Arbeitgeber gebe es "
         "nicht. (dpa)"),
        ("ticker", "12:05 Uhr", "Senat ruft zum Radfahren auf",
         "Die Verkehrssenatorin bittet, aufs Rad umzusteigen.", "Leihräder seien kostenlos. (epd)"),
        ("ticker", "9:40 Uhr", "Schulen bleiben offen",
         "Wer nicht kommen kann, ist entschuldigt, sagt die Bildungsverwaltung."),
        ("ticker", "7:15 Uhr", "Erste Staus am Stadtrand",
         "Auf den Einfallstraßen staut sich der Verkehr. Die Polizei rät, zu Hause zu bleiben. "
         "(afp)"),
    ]
    entry = a.blocks[2]
    assert isinstance(entry, TickerEntry) and entry.paragraphs[0][1] == Segment("Angebot", 1)
    assert a.links == (Link("Angebot", "https://taz.de/Tarifstreit-im-Nahverkehr/!6150019/",
                            PageKind.ARTICLE),)


def test_interview_questions_are_the_paragraphs_bold_as_a_whole() -> None:
    a = parse("constructed_drift_interview.html")
    assert shape(a.blocks) == [
        ("question", "taz: Frau Kaya, ganz Berlin steht still. Ist das noch verhältnismäßig?"),
        ("paragraph", "Aylin Kaya: Ein Streik soll wehtun, sonst wäre er keiner."),
        ("question", "Und wer kein Auto hat?"),
        ("paragraph", "Der trägt die Last, das stimmt. Deshalb ist der Bus kein Luxus."),
        ("question", "Was folgt daraus?"),
        ("paragraph", "Mehr Geld für den Nahverkehr, nicht weniger."),
    ]
    question = a.blocks[2]
    assert isinstance(question, Question) and question.segments[1] == Segment("Auto", 1)
    # The plain-text byline "Von A und B" (no author link, no meta) names both.
    assert (a.byline, a.authors, a.genre) == (
        "Von", (Author("Jonas Feld"), Author("Lea Sommer")), "Interview")


def test_web_elements_known_by_class_and_embeds_as_placeholders() -> None:
    a = parse("constructed_drift_webelements.html")
    assert shape(a.blocks) == [
        ("paragraph", "Die Senatorin hat ihren Plan vorgestellt."),
        ("quote", "„Wer Bus fährt, soll nicht im Stau stehen.“", "Carla Nowak, Verkehrssenatorin"),
        ("embed", "video", "Die Senatorin stellt den Plan vor", "1"),
        ("paragraph", "Geplant sind:"),
        ("list", "40 Kilometer neue Busspuren,", "Vorrang für Busse an Ampeln,",
         "ein Takt von zehn Minuten."),
        ("embed", "post", "Beitrag des Fahrgastverbands", "2"),
        ("infobox", "Der Plan in Zahlen", "Kosten: 120 Millionen Euro bis 2030."),
        ("quote", "„Das ist ein Anfang, mehr nicht.“", "Fahrgastverband"),
        ("embed", "audio", "Bundestalk: Der Bus und die Stadt", "3"),
        ("paragraph", "Der Senat entscheidet im März."),
    ]
    assert [(lk.text, lk.url, lk.kind) for lk in a.links] == [
        ("Video: Die Senatorin stellt den Plan vor",
         "https://www.youtube-nocookie.com/embed/Xy12Ab", PageKind.EXTERNAL),
        ("Beitrag: Beitrag des Fahrgastverbands", "https://www.instagram.com/p/C0dE9fG/embed",
         PageKind.EXTERNAL),
        ("Audio: Bundestalk: Der Bus und die Stadt", "https://player.podigee.com/bundestalk/42",
         PageKind.EXTERNAL),
    ]
    body = " ".join(b.text for b in a.blocks if isinstance(b, Paragraph))
    assert "Externer Inhalt" not in body and "Inhalt laden" not in body  # no consent text


def test_a_column_title_in_the_bold_byline_span_is_no_author() -> None:
    a = parse("constructed_drift_kolumne.html")
    assert a.authors == (Author("Paula Winter", "https://taz.de/Paula-Winter/!a90005/"),)
    assert (a.byline, a.genre) == ("Kolumne Ernsthaft? von", "Kolumne")
    assert (a.kicker, a.title) == ("Kolumne Ernsthaft?", "Warum der Bus zu spät kommt")


def test_an_agency_piece_names_the_agency_and_drops_its_prefix() -> None:
    a = parse("constructed_drift_agency.html")
    assert (a.source, a.authors) == ("dpa", ())
    # The body stands in div.columns.is-multiline, no main-article-corpus around it.
    assert shape(a.blocks) == [
        ("paragraph", "Die Gewerkschaft und die Bahn haben sich am Sonntagabend geeinigt."),
        ("paragraph", "Ab Montag fahren die Züge wieder nach Plan, teilte die Bahn mit."),
    ]
    assert a.teaser == "Die Lokführer fahren wieder. Der Streik ist abgesagt."


def test_an_agency_named_in_the_byline() -> None:
    page = (FIXTURES / "constructed_drift_kolumne.html").read_text("utf-8").replace(
        '<span class="typo-name-detail ">Kolumne </span><span class="typo-name-detail-bold">'
        'Ernsthaft?</span><span class="typo-name-detail "> von </span>',
        '<span class="typo-name-detail ">afp | Von </span>',
    )
    a = parse_article(page)
    assert (a.source, a.byline) == ("afp", "Von")
    assert a.authors == (Author("Paula Winter", "https://taz.de/Paula-Winter/!a90005/"),)
    assert shape(a.blocks)[0] == ("paragraph", "Um 7:12 Uhr soll er kommen, um 7:31 Uhr kommt er.")


def test_taz_own_dateline_is_no_agency() -> None:
    page = (FIXTURES / "constructed_drift_agency.html").read_text("utf-8").replace(
        "dpa | Die Gewerkschaft", "Berlin taz | Die Gewerkschaft")
    a = parse_article(page)
    assert a.source == ""
    assert shape(a.blocks)[0][1].startswith("Berlin taz | Die Gewerkschaft")


def test_drifted_body_wrapper_picture_breadcrumb_date_and_related() -> None:
    a = parse("constructed_drift_body.html")
    assert shape(a.blocks) == [
        ("paragraph", "In der Hauptstraße gibt es seit Montag einen Radweg."),
        ("paragraph", "Er besteht aus zwei weißen Linien und sehr viel Hoffnung."),
        ("subhead", "Linien statt Poller"),
        ("paragraph", "Poller sollen im Sommer folgen, sagt der Bezirk."),
    ]
    assert a.sections == (
        Crumb("Öko", "https://taz.de/Oeko/!p4610/"),
        Crumb("Verkehr", "https://taz.de/Oeko/Verkehr/!p4628/"),
    )
    assert a.published == datetime(2026, 2, 4, 7, 45, tzinfo=BERLIN)
    assert a.image is not None
    assert (a.image.url, a.image.caption, a.image.credit) == (
        "https://taz.de/picture/8400001/1200/Radweg-Farbe-1.jpeg",
        "Über Nacht gemalt: der Radweg in der Hauptstraße", "Foto: Ria Sommer/taz")
    assert [(t.id, t.kicker, t.title, t.teaser) for t in a.related] == [
        ("6150026", "Farbe im Verkehr", "Wenn der Pinsel plant",
         "Immer mehr Städte malen statt zu bauen.")]


def test_subheads_and_paragraphs_outside_a_split_corpus() -> None:
    a = parse("constructed_drift_split.html")
    assert shape(a.blocks) == [
        ("paragraph", "Um 20:15 Uhr rollt der Zug aus dem Hauptbahnhof."),
        ("paragraph", "Im Abteil riecht es nach Kaffee."),
        ("subhead", "Schlaf im Takt der Schienen"),
        ("paragraph", "Gegen Mitternacht wird es still."),
        ("paragraph", "In Wien ist es schon hell."),
    ]
    assert (a.kicker, a.title) == ("Nachtzüge", "Die Rückkehr der Liegewagen")
    assert [(t.id, t.title) for t in a.related] == [("6150028", "Schlafend nach Süden")]
