"""parse_article on the two real taz pages, the constructed fixtures and broken input."""

from __future__ import annotations

import contextlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tazreader.taz.errors import ParseError
from tazreader.taz.models import (
    Article,
    Author,
    Crumb,
    Figure,
    Image,
    InfoBox,
    ListBlock,
    PageKind,
    Paragraph,
    Question,
    Quote,
    Subhead,
    Tag,
    article_from_dict,
    article_to_dict,
)
from tazreader.taz.parse.article import PARSER_VERSION, parse_article

FIXTURES = Path(__file__).parent.parent / "fixtures"
BERLIN = ZoneInfo("Europe/Berlin")
SHY = "\u00ad"


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture(scope="module")
def new() -> Article:
    return parse_article(load("fundus_Taz_2024_10_23.html"))


@pytest.fixture(scope="module")
def old() -> Article:
    return parse_article(load("fundus_Taz_2023_04_28.html"))


def fundus(version: str) -> dict[str, Any]:
    data: dict[str, dict[str, Any]] = json.loads((FIXTURES / "fundus_Taz.json").read_text("utf-8"))
    return data[version]


def fundus_paragraphs(version: str) -> list[str]:
    return [
        p.replace(SHY, "")
        for section in fundus(version)["body"]["sections"]
        for p in section["paragraphs"]
    ]


def paragraphs(article: Article) -> list[str]:
    return [b.text for b in article.blocks if isinstance(b, Paragraph)]


# The real text of article !5928990 (identical in both designs), copied from the pages.
REAL_PARAGRAPHS = [
    "Na endlich! Es gibt einen Referentenentwurf zum Selbstbestimmungsgesetz. Die Ministerien "
    "der Justiz von Marco Buschmann (FDP) und Familie von Lisa Paus (Grüne) haben sich geeinigt. "
    "Der Entwurf zeigt: Mit der FDP ist immerhin ein bisschen Fortschritt im (Queer-)Feminismus "
    "zu haben. Ein Feminismus zwar, der mit wirtschaftsliberalen Interessen auf jeden Fall "
    "vereinbar sein muss und viele Wenn und Aber vorsieht, aber ein Vorankommen bedeutet.",
    "Zum Hintergrund: Das Gesetz soll regeln, wie möglichst niedrigschwellig Vorname und "
    "Geschlechtseintrag geändert werden können. Bislang gilt das Transsexuellengesetz (TSG), das "
    "1980 unter der diskriminierenden Annahme entstand, trans, inter und nichtbinäre Menschen "
    "seien „krank“.",
    "Mehrere Male hat das Verfassungsgericht das TSG als verfassungswidrig eingestuft, immer "
    "wieder wurde es nachgebessert. Bis heute ist das Prozedere für Betroffene teuer und "
    "entwürdigend: Um den Geschlechtseintrag anzupassen, sind Gerichtsverfahren und zwei "
    "psychologische Gutachten nötig. Wann bekamen Sie Ihre Schamhaare? Wie oft masturbieren "
    "Sie? Niemand sollte diese Fragen beantworten müssen, wenn es um die Änderung des "
    "Geschlechtseintrags geht.",
    "Das Gesetz wird mit großer Hoffnung von trans, inter und nichtbinären Menschen erwartet, "
    "die nichts weiter wollen als einen respektvollen Umgang. Den will die Bundesregierung mit "
    "dem „Gesetz über die Selbstbestimmung in Bezug auf den Geschlechtseintrag“ schaffen.",
    "Es ist vorgesehen, dass der Geschlechtseintrag sowie der Vorname künftig auf dem Standesamt "
    "geändert werden können. Nach einer dreimonatigen Wartezeit ist die Änderung gültig. Kinder "
    "und Jugendliche sollen mit dem Einverständnis ihrer Sorgeberechtigten Vornamen sowie "
    "Geschlechtseintrag ändern können. Vieles im Entwurf trägt die Handschrift der FDP, etwa die "
    "dreimonatige Wartezeit, die in den veröffentlichten Eckpunkten nicht angedacht war.",
    "Auch soll es eine gesonderte Klausel zum Hausrecht geben. Demnach ist beim Eintritt in "
    "Frauensaunen und Umkleidekabinen das Geschlecht im Personenstandsregister nicht "
    "ausschlaggebend. Das ist nicht gerade liberal. Im Gesetzentwurf wird betont, dass es die "
    "Rechtslage im Hausrecht nicht verändert. Allerdings ist eine betonte Erwähnung in diesem "
    "Zusammenhang eine absurde Verschiebung der Debatte. Der Entwurf ist also schon jetzt ein "
    "Kompromiss und sollte von der Regierung nicht noch weiter abgeschwächt werden.",
    "Wenn es zu weiteren Beschlüssen kommt wie etwa zur gesundheitlichen Versorgung von trans, "
    "inter und nichtbinären Menschen, ist man in der Koalition hoffentlich mutiger. Auch "
    "FDP-Männern würde dadurch nichts weggenommen.",
]

REAL_LINKS = [
    ("Es gibt einen Referentenentwurf zum Selbstbestimmungsgesetz", "https://taz.de/Einigung-auf-Gesetzentwurf/!5931168/"),
    ("Bislang gilt das Transsexuellengesetz (TSG)", "https://taz.de/Transrechte-in-Deutschland/!5903898/"),
    ("mit großer Hoffnung", "https://taz.de/Expert_in-ueber-Selbstbestimmungsgesetz/!5926716/"),
    ("Frauensaunen und Umkleidekabinen", "https://taz.de/Debatten-ueber-Selbstbestimmungsgesetz/!5905243/"),
    ("nicht noch weiter abgeschwächt werden", "https://taz.de/Entwurf-zum-Selbstbestimmungsgesetz/!5921977/"),
]
AUTHOR = Author("Nicole Opitz", "https://taz.de/Nicole-Opitz/!a52218/")
PUBLISHED = datetime(2023, 4, 28, 18, 41, tzinfo=BERLIN)
SECTIONS = (
    Crumb("Politik", "https://taz.de/Politik/!p4615/"),
    Crumb("Deutschland", "https://taz.de/Politik/Deutschland/!p4616/"),
)
CAPTION = (
    "Marco Buschmann und Lisa Paus bei der Vorstellung der Eckpunkte des Selbstbestimmungsgesetzes"
)
PICTURE = (
    "https://taz.de/picture/6236752/{}/Buschmann-Paus-Transsexuelle-Selbstbestimmungsrecht-1.jpeg"
)


# --- the real NEW-design page (Oct 2024) -----------------------------------------------


def test_new_head_fields(new: Article) -> None:
    assert new.id == "5928990"
    assert new.url == "https://taz.de/!5928990/"
    assert new.kicker == "Entwurf des Selbstbestimmungsgesetzes"
    assert new.title == "Ein bisschen Fortschritt"
    assert new.headline == fundus("V1")["title"]
    assert new.teaser == fundus("V2")["body"]["summary"][0]
    assert new.authors == (AUTHOR,)  # the bio box at the end is not a second author
    assert new.byline == "Kommentar von"
    assert new.genre == "Kommentar"
    assert new.published == PUBLISHED
    assert new.published is not None and new.published.utcoffset() is not None
    assert new.sections == SECTIONS


def test_new_body_in_order(new: Article) -> None:
    assert paragraphs(new) == REAL_PARAGRAPHS
    assert [type(b).__name__ for b in new.blocks] == ["Paragraph"] * 5 + ["Subhead"] + [
        "Paragraph"
    ] * 2
    assert new.blocks[5] == Subhead("Sonderklausel beim Hausrecht")


def test_new_drop_cap_is_joined(new: Article) -> None:
    first = paragraphs(new)[0]
    assert first.startswith("Na endlich! ")
    assert "N a endlich" not in first


def test_new_against_fundus(new: Article) -> None:
    # fundus loses the drop-cap paragraph in V2; everything after it must agree.
    assert paragraphs(new)[1:] == fundus_paragraphs("V2")
    assert paragraphs(new) == fundus_paragraphs("V1")
    assert [s.name for s in new.sections] + [a.name for a in new.authors] == [
        "Politik",
        "Deutschland",
        *fundus("V2")["authors"],
    ]


def test_new_leaves_out_ads_appeal_bio_comments(new: Article) -> None:
    text = " ".join(paragraphs(new))
    for unwanted in ("Links lesen", "taz zahl ich", "Redakteurin", "Seit 2019", "Kommentare",
                     "Diesen Artikel teilen", "Anzeige"):
        assert unwanted not in text


def test_new_links(new: Article) -> None:
    assert [(lk.text, lk.url) for lk in new.links] == REAL_LINKS
    assert all(lk.kind is PageKind.ARTICLE for lk in new.links)
    # Segment.link numbers point at the right link, in order of appearance.
    marked = [
        (seg.text, seg.link)
        for block in new.blocks
        if isinstance(block, Paragraph)
        for seg in block.segments
        if seg.link is not None
    ]
    assert marked == [(text, n) for n, (text, _) in enumerate(REAL_LINKS, start=1)]


def test_new_image(new: Article) -> None:
    assert new.image is not None
    assert new.image.url == PICTURE.format(1900)
    assert "/14/" not in new.image.url
    assert new.image.caption == CAPTION
    assert new.image.credit == "Foto: Felix Zahn/imago"
    assert new.image.alt == "Marco Buschmann und Lisa Paus in den Räumen der Bundespressekonferemz"
    assert fundus("V2")["images"][0]["caption"] == CAPTION


def test_new_tags(new: Article) -> None:
    assert new.tags == (
        Tag(
            "Schwerpunkt LGBTQIA-Communities",
            "https://taz.de/Schwerpunkt-LGBTQIA-Communities/!t5025674/",
            True,
        ),
        Tag("Transgender", "https://taz.de/Transgender/!t5523976/", False),
    )
    assert [t.name for t in new.tags] == fundus("V2")["topics"]


def test_new_related(new: Article) -> None:
    assert [(t.id, t.url, t.kicker, t.title) for t in new.related] == [
        ("5937342", "https://taz.de/!5937342/", "Neues Selbstbestimmungsgesetz",
         "Trans im Verteidigungsfall"),
        ("5938231", "https://taz.de/!5938231/", "Neues Selbstbestimmungsgesetz",
         "Lehrstunde in Demokratie"),
        ("5931168", "https://taz.de/!5931168/", "Einigung auf Gesetzentwurf",
         "Selbstbestimmung rückt näher"),
    ]
    assert [t.authors for t in new.related] == [
        (Author("Jayrôme C. Robinet"),),
        (Author("Nicole Opitz"),),
        (Author("Nicole Opitz"),),
    ]
    assert new.related[0].teaser == (
        "Russlands Krieg gegen die Ukraine wirkt bis in den Referentenentwurf für das neue "
        "Selbstbestimmungsgesetz hinein. Leider auch hier natürlich negativ."
    )
    assert new.related[2].teaser.startswith("Justiz- und Familienministerium haben sich")
    assert new.related[0].image == "https://taz.de/picture/6317532/1900/33022792-1.jpeg"


def test_new_str_and_bytes_agree() -> None:
    raw = load("fundus_Taz_2024_10_23.html")
    assert parse_article(raw.decode("utf-8")) == parse_article(raw)


def test_new_round_trips_through_json(new: Article) -> None:
    assert article_from_dict(json.loads(json.dumps(article_to_dict(new)))) == new


def test_mirror_base_keeps_the_mirror() -> None:
    base = "http://127.0.0.1:8765"
    a = parse_article(
        load("fundus_Taz_2024_10_23.html"),
        url=f"{base}/Entwurf-des-Selbstbestimmungsgesetzes/!5928990/",
        base=base,
    )
    assert a.url == f"{base}/!5928990/"
    assert [lk.url for lk in a.links] == [u.replace("https://taz.de", base) for _, u in REAL_LINKS]
    assert a.authors == (Author("Nicole Opitz", f"{base}/Nicole-Opitz/!a52218/"),)
    assert a.tags[1].url == f"{base}/Transgender/!t5523976/"


# --- the real OLD-design page (Apr 2023) -----------------------------------------------


def test_old_head_fields(old: Article) -> None:
    assert old.id == "5928990"
    assert old.url == "https://taz.de/!5928990/"
    assert (old.kicker, old.title) == ("Entwurf des Selbstbestimmungsgesetzes",
                                       "Ein bisschen Fortschritt")
    assert old.teaser == fundus("V1")["body"]["summary"][0]
    assert old.authors == (AUTHOR,)
    assert old.byline == "Kommentar von"
    assert old.genre == "Kommentar"
    assert old.published == PUBLISHED
    assert old.sections == SECTIONS


def test_old_body_links_subheads(old: Article) -> None:
    assert paragraphs(old) == REAL_PARAGRAPHS
    assert paragraphs(old) == fundus_paragraphs("V1")
    assert [b for b in old.blocks if isinstance(b, Subhead)] == [
        Subhead("Sonderklausel beim Hausrecht")
    ]
    assert old.blocks.index(Subhead("Sonderklausel beim Hausrecht")) == 5
    assert [(lk.text, lk.url) for lk in old.links] == REAL_LINKS
    text = " ".join(paragraphs(old))
    assert "Ihr kleiner Beitrag" not in text and "Fehler auf taz.de" not in text


def test_old_image(old: Article) -> None:
    assert old.image is not None
    assert old.image.url == PICTURE.format(948)
    assert old.image.caption == CAPTION
    assert old.image.credit == "Foto: Felix Zahn/imago"


def test_old_tags_and_related(old: Article) -> None:
    assert old.tags == (
        Tag(
            "Schwerpunkt LGBTQIA-Community",
            "https://taz.de/Schwerpunkt-LGBTQIA-Community/!t5025674/",
            True,
        ),
        Tag("Transgender", "https://taz.de/Transgender/!t5523976/", False),
    )
    assert [(t.id, t.kicker, t.title, t.authors) for t in old.related] == [
        ("5931168", "Einigung auf Gesetzentwurf", "Selbstbestimmung rückt näher",
         (Author("Nicole Opitz"),)),
        ("5923451", "Urteil zu Elterndefinition", "Trans Vater weiterhin „Mutter“",
         (Author("Nicole Opitz"),)),
        ("5923521", "„Harry Potter“-Star Radcliffe", "Trans Personen eine Stimme geben",
         (Author("Isabella Caldart"),)),
    ]
    assert old.related[0].teaser == (
        "Justiz- und Familienministerium haben sich auf einen Entwurf zum "
        "Selbstbestimmungsgesetz geeinigt. Nächste Woche geht er in die Verbandsanhörung."
    )
    assert old.related[2].teaser.startswith("Positioniert sich gegen die hasserfüllte")


# --- constructed fixtures ----------------------------------------------------------------


def test_constructed_h2_headline_2025() -> None:
    a = parse_article(load("constructed_article_h2_2025.html"))
    assert (a.id, a.kicker, a.title) == ("6150001", "Der Streit um die Gärten", "Hoffnung ist grün")
    assert a.authors == (Author("Mira Albrecht", "https://taz.de/Mira-Albrecht/!a90001/"),)
    assert a.byline == "Kolumne Stadtgespräch von"
    assert a.genre == "Kolumne"
    assert a.published == datetime(2026, 1, 15, 15, 50, tzinfo=BERLIN)
    assert a.sections == (
        Crumb("Gesellschaft", "https://taz.de/Gesellschaft/!p4611/"),
        Crumb("Kolumnen", "https://taz.de/Gesellschaft/Kolumnen/!p4634/"),
    )
    assert a.image is not None
    assert a.image.url == "https://taz.de/picture/8200001/1200/Kleingarten-Protest-1.jpeg"
    assert a.image.caption == "Protest vor der Kolonie „Abendrot“ im Dezember 2025"
    assert a.image.credit == "Foto: Kai Brenner/imago"
    assert paragraphs(a)[0].startswith("Widerstand wächst hier zwischen Beeten.")
    lst = a.blocks[2]
    assert isinstance(lst, ListBlock) and not lst.ordered
    assert ["".join(s.text for s in item) for item in lst.items] == [
        "Erhalt der Kolonie als Grünfläche",
        "Wohnungen auf den leeren Büroflächen am Bahnhof",
    ]
    assert a.blocks[3] == Subhead("Was bleibt")
    assert len(a.blocks) == 5  # no ad, no "taz zahl ich", no bio, no comment
    assert [(lk.url, lk.kind) for lk in a.links] == [
        ("https://taz.de/Bauplaene-am-Stadtrand/!6149001/", PageKind.ARTICLE),
        ("https://www.example.org/offener-brief", PageKind.EXTERNAL),
        ("https://taz.de/Leerstand-in-der-Stadt/!6140002/", PageKind.ARTICLE),
    ]
    assert lst.items[1][1].link == 3
    assert a.tags == (
        Tag("Schwerpunkt Stadtland", "https://taz.de/Schwerpunkt-Stadtland/!t5009001/", True),
        Tag("Kleingärten", "https://taz.de/Kleingaerten/!t5100002/", False),
    )
    assert [(t.id, t.kicker, t.title, t.authors) for t in a.related] == [
        ("6149001", "Bauen am Stadtrand", "Beton statt Bohnen", (Author("Jonas Feld"),))
    ]
    assert "\u200b" not in a.headline


def test_constructed_multi_author() -> None:
    a = parse_article(load("constructed_article_multi_author.html"))
    assert a.authors == (
        Author("Anna Schmidt", "https://taz.de/Anna-Schmidt/!a12345/"),
        Author("Max Müller", "https://taz.de/Max-Mueller/!a67890/"),
    )
    assert a.byline == "Interview von"
    assert a.genre == "Interview"
    assert a.title == "„Die Städte sind nicht vorbereitet“"
    # The questions are the paragraphs bold as a whole; "Ute Brandt:" alone is bold in an answer.
    body = [(type(b).__name__, b.text) for b in a.blocks if isinstance(b, Paragraph | Question)]
    assert body == [
        ("Question", "taz: Frau Brandt, wie heiß wird der Sommer?"),
        ("Paragraph", "Ute Brandt: Heißer als der letzte, wenn die Prognosen stimmen."),
        ("Question", "Was müssten die Städte tun?"),
        ("Paragraph", "Schatten schaffen, Bäume pflanzen – und Hitzepläne endlich umsetzen."),
    ]
    assert a.sections[-1] == Crumb("Ökologie", "https://taz.de/Oeko/Oekologie/!p4624/")


def test_constructed_quote_and_info_box() -> None:
    a = parse_article(load("constructed_article_boxes.html"))
    kinds = [type(b).__name__ for b in a.blocks]
    assert kinds == ["Paragraph", "Quote", "Paragraph", "ListBlock", "InfoBox", "Figure",
                     "Paragraph"]
    quote = a.blocks[1]
    assert isinstance(quote, Quote)
    assert quote.text == (
        "„Wir haben die Lauben selbst gebaut. Wir lassen sie nicht einfach abreißen.“"
    )
    assert quote.source == "Hasan Demir, Vorsitzender des Vereins"
    assert "\ue80f" not in quote.text
    lst = a.blocks[3]
    assert isinstance(lst, ListBlock) and lst.ordered and len(lst.items) == 3
    box = a.blocks[4]
    assert isinstance(box, InfoBox)
    assert box.title == "Kleingärten in Zahlen"
    assert ["".join(s.text for s in p) for p in box.paragraphs] == [
        "In Bremen gibt es rund 17.000 Parzellen.",
        "Mehr dazu beim Landesverband.",
    ]
    assert box.paragraphs[1][1].link == 1
    assert a.links[0].url == "https://www.example.org/kleingartenverband"
    assert a.genre == "Reportage"
    assert a.sections == ()
    # A picture before the last paragraph (the sample edition shows it), and no lead picture.
    picture = a.blocks[5]
    assert isinstance(picture, Figure) and a.image is None
    assert picture.image == Image(
        "https://taz.de/picture/8300033/1900/Kleingarten-Laube-Abend-1.jpeg",
        "Abend in der Kolonie: die Laube der Familie Demir", "Foto: Jana Reuter/taz",
        "Eine Gartenlaube am Abend")


def test_constructed_news_report() -> None:
    a = parse_article(load("constructed_article_news.html"))
    assert a.genre == "Bericht"
    assert a.byline == "Von"
    assert a.authors == (Author("Tobias Hartmann", "https://taz.de/Tobias-Hartmann/!a70002/"),)
    assert a.published == datetime(2025, 11, 20, 9, 12, tzinfo=BERLIN)
    # No JSON-LD breadcrumb here: the sections come from the IVW page-view path.
    assert a.sections == (
        Crumb("Öko", "https://taz.de/Oeko/!p4610/"),
        Crumb("Verkehr", "https://taz.de/Oeko/Verkehr/!p4628/"),
    )
    assert a.image is not None
    assert a.image.url == "https://taz.de/picture/8300001/1020/Busdepot-1.jpeg"
    assert (a.image.caption, a.image.credit) == ("Stillstand im Depot Lichtenberg",
                                                 "Foto: Ria Sommer/dpa")
    assert [lk.kind for lk in a.links] == [PageKind.ARTICLE, PageKind.SECTION]
    assert a.links[1].url == "https://taz.de/Oeko/Verkehr/!p4628/"
    assert [t.schwerpunkt for t in a.tags] == [False, True]
    assert a.related == ()


# --- fallbacks: meta tags and JSON-LD ----------------------------------------------------

META_ONLY = """<!DOCTYPE html><html><head>
<link rel="canonical" href="https://taz.de/Ein-Text/!6150009/">
<meta name="taz:title" data-id="6150009" content="Dachzeile: Der Titel&#8203;">
<meta name="description" content="Der Vorspann.">
<meta property="article:author" content="Jana Reuter">
<meta property="article:published_time" content="2025-03-01T08:00:00">
<meta property="og:image" content="https://taz.de/picture/1/1200/bild.jpeg ">
{ld}
</head><body><main></main></body></html>"""

LD = """<script type="application/ld+json">{"@type":"NewsArticle","headline":"Dachzeile: Der Titel",
"articleBody":"\\n  B eginn des Textes hier.\\n  Zwischentitel\\n  Zweiter Absatz.\\n",
"author":[{"@type":"Person","name":"Jana Reuter","url":"https://taz.de/Jana-Reuter/!a70001/"}],
"datePublished":"2025-03-01T08:00:00+01:00"}</script>"""


def test_meta_and_json_ld_fallback() -> None:
    a = parse_article(META_ONLY.format(ld=LD))
    assert (a.id, a.kicker, a.title, a.teaser) == ("6150009", "Dachzeile", "Der Titel",
                                                   "Der Vorspann.")
    assert a.authors == (Author("Jana Reuter", "https://taz.de/Jana-Reuter/!a70001/"),)
    assert a.published == datetime(2025, 3, 1, 8, 0, tzinfo=BERLIN)
    assert a.image is not None and a.image.url == "https://taz.de/picture/1/1200/bild.jpeg"
    assert paragraphs(a) == ["Beginn des Textes hier.", "Zweiter Absatz."]
    assert a.blocks[1] == Subhead("Zwischentitel")


def test_meta_only_without_text_is_refused() -> None:
    with pytest.raises(ParseError, match="no article text"):
        parse_article(META_ONLY.format(ld=""))


# --- broken input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        ("   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "not a web page"),
        ("just some words, no markup at all", "not a web page"),
    ],
)
def test_refuses_empty_and_garbage(data: str | bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_article(data)


def test_refuses_a_page_cut_off_mid_tag() -> None:
    raw = load("fundus_Taz_2024_10_23.html").decode("utf-8")
    cut = raw[: raw.index('<p class="bodytext paragraph  typo-bodytext') + 20]
    with pytest.raises(ParseError, match="cut off"):
        parse_article(cut)


def test_refuses_a_non_taz_page() -> None:
    page = """<!DOCTYPE html><html><head><title>Beispiel</title>
    <link rel="canonical" href="https://example.com/news/!5928990/"></head>
    <body><article><h1>Eine Nachricht</h1><p>Text.</p></article></body></html>"""
    with pytest.raises(ParseError, match="not a taz.de article"):
        parse_article(page, url="https://example.com/news/!5928990/")


def test_refuses_an_article_without_headline_or_text() -> None:
    no_text = """<!DOCTYPE html><html><head>
    <meta name="taz:title" data-id="6150010" content="Nur: Titel"></head>
    <body><main><article class="module-article"><h1><span>Nur</span><span>Titel</span></h1>
    </article></main></body></html>"""
    with pytest.raises(ParseError, match="no article text"):
        parse_article(no_text)
    no_title = """<!DOCTYPE html><html><head><link rel="canonical" href="https://taz.de/!6150011/">
    </head><body><main><article class="module-article"><div class="main-article-corpus">
    <p class="typo-bodytext">Text ohne Titel.</p></div></article></main></body></html>"""
    with pytest.raises(ParseError, match="no headline"):
        parse_article(no_title)


def test_refuses_the_taz_front_page_as_an_article() -> None:
    page = """<!DOCTYPE html><html><head><link rel="canonical" href="https://taz.de/">
    <title>taz.de</title></head><body><main><section class="outerwrapper">
    <a class="teaser-link" href="/Slug/!6150012/"><span>Titel</span></a></section></main>
    </body></html>"""
    with pytest.raises(ParseError, match="not a taz.de article"):
        parse_article(page, url="https://taz.de/")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400)))
def test_only_parse_error_on_arbitrary_input(data: str | bytes) -> None:
    with contextlib.suppress(ParseError):
        parse_article(data)


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=160_000))
def test_truncated_real_page_never_gives_a_half_article(cut: int) -> None:
    raw = load("fundus_Taz_2024_10_23.html").decode("utf-8")
    if cut >= raw.rfind("</html>"):
        return
    with pytest.raises(ParseError):
        parse_article(raw[:cut])


def test_parser_version_is_an_int() -> None:
    assert isinstance(PARSER_VERSION, int) and PARSER_VERSION >= 1


# --- encodings and markup variants --------------------------------------------------------


def test_windows_1252_bytes_are_decoded_by_their_charset() -> None:
    page = load("constructed_article_news.html").decode("utf-8")
    latin = page.replace("charset=UTF-8", "charset=windows-1252").encode("cp1252")
    a = parse_article(latin)
    assert a.kicker == "Streik im Nahverkehr"
    assert paragraphs(a)[0].startswith("Die Gewerkschaft Verdi hat für Freitag")


def test_utf8_bom_and_xml_declaration() -> None:
    page = load("constructed_article_news.html").decode("utf-8")
    decl = '<?xml version="1.0" encoding="utf-8"?>\n' + page
    assert parse_article(b"\xef\xbb\xbf" + decl.encode("utf-8")).title == "Busse bleiben im Depot"
    assert parse_article(decl).title == "Busse bleiben im Depot"


VARIANT = """<!DOCTYPE html><html><head>
<meta name="taz:title" data-id="6150020" content="Ohne Spans: Ein Titel">
<meta name="taz:tag" content="Schwerpunkt Klimawandel">
<meta name="taz:tag" content="Energie">
</head><body><main><article class="module columns article module-article">
<h1>Ohne Spans: Ein Titel</h1>
<div class="author-container"><div class="typo-name-detail"><span class="typo-name-detail">Von
</span><span class="typo-name-detail-bold">Agenturen</span></div></div>
<div class="main-article-corpus"><div class="columns">
<h2 class="typo-head-small headline">Ein Zwischentitel</h2>
<p class="bodytext paragraph typo-bodytext">Erster<br>Satz mit <em>Betonung</em> und
<a href="mailto:leserbriefe@taz.de"> Mail </a> und <a href="#kommune">Anker</a>.</p>
<figure data-for="webelement_picture"><figcaption>Bild im Text</figcaption></figure>
<p class="bodytext typo-bodytext"><span><span>W</span></span> <span>ie ohne Klassen.</span></p>
</div></div></article>
<div id="content_nav"><a href="/Schwerpunkt-Klimawandel/!t5008262/">#Klimawandel</a>
<a href="/Energie/!t5007778/">#Energie</a><a href="/Wind/!t5000001/">#Wind</a></div>
</main></body></html>"""


def test_markup_variants() -> None:
    a = parse_article(VARIANT)
    # a heading without spans is split with the help of taz:title
    assert (a.kicker, a.title) == ("Ohne Spans", "Ein Titel")
    # a name without an author page is still an author
    assert a.authors == (Author("Agenturen"),)
    assert (a.byline, a.genre) == ("Von", "Bericht")
    assert a.blocks[0] == Subhead("Ein Zwischentitel")  # the body h2 is not the headline
    assert paragraphs(a) == ["Erster Satz mit Betonung und Mail und Anker.", "Wie ohne Klassen."]
    # a link's edge spaces go to the text around it
    first = a.blocks[1]
    assert isinstance(first, Paragraph)
    assert [s.text for s in first.segments] == ["Erster Satz mit Betonung und ", "Mail",
                                                " und Anker."]
    # mailto is numbered (external), an in-page anchor is not a link
    assert [(lk.text, lk.url, lk.kind) for lk in a.links] == [
        ("Mail", "mailto:leserbriefe@taz.de", PageKind.EXTERNAL)
    ]
    assert len(a.blocks) == 3  # the picture web element in the body is left out
    # meta tags without ids meet their page links by name
    assert a.tags == (
        Tag("Schwerpunkt Klimawandel", "https://taz.de/Schwerpunkt-Klimawandel/!t5008262/", True),
        Tag("Energie", "https://taz.de/Energie/!t5007778/", False),
        Tag("Wind", "https://taz.de/Wind/!t5000001/", False),
    )


def test_byline_names_are_split_like_the_listings() -> None:
    # The same name splitting as the teasers of a listing (parse._german.split_names).
    page = VARIANT.replace(
        '<span class="typo-name-detail-bold">Agenturen</span>',
        '<span class="typo-name-detail-bold">Anna Schmidt, Jo Ko&amp;Max Müller</span>',
    )
    assert parse_article(page).authors == (
        Author("Anna Schmidt"),
        Author("Jo Ko"),
        Author("Max Müller"),
    )
