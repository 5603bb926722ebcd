"""parse_listing on the constructed listing pages, the third-party reduced search pages and
broken input. The fixtures are described in tests/fixtures/README.md."""

from __future__ import annotations

import contextlib
import random
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tazreader.taz.errors import ParseError
from tazreader.taz.models import Author, Listing, Teaser, listing_from_dict, listing_to_dict
from tazreader.taz.parse._german import byline_names, parse_de_date, split_names
from tazreader.taz.parse.dispatch import parse_list
from tazreader.taz.parse.listing import parse_listing
from tazreader.taz.urls import search_url

FIXTURES = Path(__file__).parent.parent / "fixtures"
MIRROR = "http://127.0.0.1:8765"


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def heads(listing: Listing) -> list[tuple[str, str, str]]:
    return [(t.id, t.kicker, t.title) for t in listing.teasers]


def by_id(listing: Listing, aid: str) -> Teaser:
    found = [t for t in listing.teasers if t.id == aid]
    assert len(found) == 1, aid
    return found[0]


# --- front page -------------------------------------------------------------------------

FRONT = [
    ("6146614", "Der Kampf um Rojava", "Hoffnung ist kurdisch"),
    ("5928990", "Entwurf des Selbstbestimmungsgesetzes", "Ein bisschen Fortschritt"),
    ("6135480", "Syrien nach dem Sturz von Assad", "Ende einer Ewigkeit"),
    ("6153120", "Grenzübergang Rafah", "Krieg auf Sparflamme"),
    ("6150002", "Forscherin über Hitzesommer", "„Die Städte sind nicht vorbereitet“"),
    ("6149001", "Bauen am Stadtrand", "Beton statt Bohnen"),
    ("6150004", "Streik im Nahverkehr", "Busse bleiben im Depot"),
    ("6151342", "Lebensmittelpreise", "Schokolade wird günstiger"),
    ("6150001", "Der Streit um die Gärten", "Hoffnung ist grün"),
    ("6152010", "Mechthild Seithe über Sozialarbeit", "„Es ist noch schlimmer geworden“"),
    ("6028871", "Anschlag in Solingen", "Alte Wunden, neue Wunden"),
    ("5536273", "40 Jahre taz: Die Gründer-Ausgabe", "Die bewegte Zeitung"),
    ("5937342", "Neues Selbstbestimmungsgesetz", "Trans im Verteidigungsfall"),
    ("5938231", "Neues Selbstbestimmungsgesetz", "Lehrstunde in Demokratie"),
    ("6142230", "Wegner und der Stromausfall", "Tennis statt Krisenstab"),
    ("6013384", "Long Covid und Transition", "„Ich bin nicht so der Typ für Utopien“"),
    ("6142511", "Geschichte des Zionismus", "Ein Staat für alle?"),
    ("6151877", "Versicherungsbetrug in China", "Geschäftsmodell Psychiatrie"),
    ("5931168", "Einigung auf Gesetzentwurf", "Selbstbestimmung rückt näher"),
    ("6150003", "Kleingärten in Bremen", "Die letzte Saison?"),
    ("6152904", "Verhandlungen in Abu Dhabi", "Frieden in weiter Ferne"),
]


@pytest.fixture(scope="module")
def front() -> Listing:
    return parse_listing(load("constructed_front.html"), "https://taz.de/")


def test_front_teasers_in_order(front: Listing) -> None:
    assert (front.kind, front.url, front.title) == ("front", "https://taz.de/", "taz.de")
    assert heads(front) == FRONT
    assert front.total is None and front.next_url is None


def test_front_skips_ads_nav_footer_tzi_and_podcast(front: Listing) -> None:
    ids = [t.id for t in front.teasers]
    assert "6150999" not in ids  # the "Anzeige" inside the ad zone
    assert "6041803" not in ids  # footer link
    assert ids[-1] == "6152904"  # its header-nav link does not count: place of the module copy
    titles = {t.title for t in front.teasers}
    assert "Der politische Podcast der taz" not in titles
    assert not any("zahl ich" in t.title or "unterstützen" in t.title for t in front.teasers)


def test_front_duplicate_is_one_teaser_at_its_first_place(front: Listing) -> None:
    ids = [t.id for t in front.teasers]
    assert len(ids) == len(set(ids)) == 21
    t = by_id(front, "5928990")
    assert ids.index("5928990") == 1
    assert t == Teaser(
        id="5928990",
        url="https://taz.de/!5928990/",
        title="Ein bisschen Fortschritt",
        kicker="Entwurf des Selbstbestimmungsgesetzes",
        teaser="Das alte, diskriminierende Transsexuellengesetz ist endlich bald Geschichte. "
        "Das neue Gesetz sollte nicht weiter verwässert werden.",
        authors=(Author("Nicole Opitz"),),
        published=None,
        image="https://taz.de/picture/6236752/1900/"
        "Buschmann-Paus-Transsexuelle-Selbstbestimmungsrecht-1.jpeg",
    )


def test_front_teaser_fields(front: Listing) -> None:
    lead = by_id(front, "6146614")
    assert lead.teaser == (
        "Schon wieder werden die Kurd:innen im Stich gelassen. Und wieder einmal von denen, "
        "die sich Freiheit und Demokratie auf die Fahnen schreiben."
    )
    assert lead.authors == (Author("Daniela Sepehri"),)
    assert lead.image == "https://taz.de/picture/8208677/1900/40212592.jpeg"
    assert by_id(front, "6150002").authors == (Author("Anna Schmidt"), Author("Max Müller"))
    assert by_id(front, "6150003").authors == (Author("Jana Reuter"),)
    assert by_id(front, "6151342").authors == ()
    assert by_id(front, "6151342").image is None
    assert by_id(front, "6152010").image is None
    assert by_id(front, "6142230").teaser.startswith("Statt rechtzeitig bei den Menschen zu sein")
    for t in front.teasers:
        assert t.url == f"https://taz.de/!{t.id}/"
        assert t.teaser, t.id
        assert t.image is None or (
            t.image.startswith("https://taz.de/picture/") and "/14/" not in t.image
        )


def test_front_on_a_mirror_stays_on_the_mirror() -> None:
    listing = parse_listing(load("constructed_front.html"), MIRROR + "/", MIRROR)
    assert listing.url == MIRROR + "/"
    assert heads(listing) == FRONT
    for t in listing.teasers:
        assert t.url == f"{MIRROR}/!{t.id}/"
        assert t.image is None or t.image.startswith(MIRROR + "/picture/")


def test_text_and_bytes_give_the_same_listing(front: Listing) -> None:
    text = load("constructed_front.html").decode("utf-8")
    assert parse_listing(text, "https://taz.de/") == front


def test_encodings_utf8_with_a_stray_byte_and_latin1() -> None:
    page = load("thirdparty_BadMomber_taz_search_results.html")
    stray = page.replace(b"Hunderttausende", b"Hundert\xfftausende")
    assert parse_listing(stray, "https://taz.de/!s=Grok/").teasers[0].teaser == (
        "Hundert?tausende sind betroffen."
    )
    latin1 = page.decode("utf-8").encode("latin-1")
    teasers = parse_listing(latin1, "https://taz.de/!s=Grok/").teasers
    assert teasers[2].title == "Künstliche Intelligenz im Wandel"
    assert teasers[2].authors == (Author("Hans Müller"),)


def test_listing_survives_the_json_round_trip(front: Listing) -> None:
    assert listing_from_dict(listing_to_dict(front)) == front


# --- section, tag, author ---------------------------------------------------------------


def test_section_with_date_lines_between_teasers() -> None:
    listing = parse_listing(
        load("constructed_section_politik.html"), "https://taz.de/Politik/!p4615"
    )
    assert (listing.kind, listing.url, listing.title) == (
        "section",
        "https://taz.de/Politik/!p4615/",
        "Politik",
    )
    assert [(t.id, t.published) for t in listing.teasers] == [
        ("6153120", date(2026, 2, 6)),
        ("6152904", date(2026, 2, 5)),
        ("6146614", date(2026, 1, 15)),
        ("6135480", date(2025, 12, 8)),
        ("5938231", date(2023, 5, 31)),
        ("5937342", date(2023, 5, 26)),
        ("5928990", date(2023, 4, 28)),
        ("5931168", date(2023, 4, 28)),
    ]
    t = by_id(listing, "5937342")
    assert (t.kicker, t.title, t.authors) == (
        "Neues Selbstbestimmungsgesetz",
        "Trans im Verteidigungsfall",
        (Author("Jayrôme C. Robinet"),),
    )
    assert t.teaser == (
        "Russlands Krieg gegen die Ukraine wirkt bis in den Referentenentwurf für das neue "
        "Selbstbestimmungsgesetz hinein. Leider auch hier natürlich negativ."
    )
    assert by_id(listing, "6135480").authors == (Author("Anita Starosta"),)
    assert by_id(listing, "6153120").image is None


def test_unknown_section_takes_its_title_from_the_page() -> None:
    listing = parse_listing(
        load("constructed_section_politik.html"), "https://taz.de/Politik/Neu/!p9999/"
    )
    assert (listing.kind, listing.url, listing.title) == (
        "section",
        "https://taz.de/Politik/Neu/!p9999/",
        "Politik",
    )
    assert len(listing.teasers) == 8


def test_tag_page() -> None:
    listing = parse_listing(
        load("constructed_tag_transgender.html"), "https://taz.de/Transgender/!t5523976/"
    )
    assert (listing.kind, listing.title, listing.description) == (
        "tag",
        "Transgender",
        "Artikel zum Thema Transgender",
    )
    assert [(t.id, t.title, t.published) for t in listing.teasers] == [
        ("6013384", "„Ich bin nicht so der Typ für Utopien“", date(2024, 6, 22)),
        ("5938231", "Lehrstunde in Demokratie", date(2023, 5, 31)),
        ("5937342", "Trans im Verteidigungsfall", date(2023, 5, 26)),
        ("5931168", "Selbstbestimmung rückt näher", date(2023, 4, 28)),
        ("5928990", "Ein bisschen Fortschritt", date(2023, 4, 28)),
    ]
    assert by_id(listing, "6013384").authors == (Author("Jana Petersen"),)
    assert by_id(listing, "5931168").authors == (Author("Nicole Opitz"),)


def test_author_page_name_bio_and_articles() -> None:
    listing = parse_listing(
        load("constructed_author_opitz.html"), "https://taz.de/Nicole-Opitz/!a52218/"
    )
    assert (listing.kind, listing.url, listing.title) == (
        "author",
        "https://taz.de/Nicole-Opitz/!a52218/",
        "Nicole Opitz",
    )
    assert listing.description == (
        "Seit 2019 bei der taz. Interessiert sich vor allem für Feminismus, Gesundheit & soziale "
        "Ungleichheit. BVHK-Journalismuspreis 2023. Derzeit in Schreibpause."
    )
    assert listing.role == "Redakteurin"
    assert [(t.id, t.kicker, t.published) for t in listing.teasers] == [
        ("5938231", "Neues Selbstbestimmungsgesetz", date(2023, 5, 31)),
        ("5931168", "Einigung auf Gesetzentwurf", date(2023, 4, 28)),
        ("5928990", "Entwurf des Selbstbestimmungsgesetzes", date(2023, 4, 28)),
        ("5921188", "Reform des Abtreibungsrechts", date(2023, 3, 31)),
        ("5915002", "Equal Pay Day", date(2023, 3, 7)),
    ]
    assert all(t.authors == (Author("Nicole Opitz"),) for t in listing.teasers)
    assert by_id(listing, "5915002").image == (
        "https://taz.de/picture/6180442/1900/Equal-Pay-Day-Demo-1.jpeg"
    )
    assert by_id(listing, "5921188").image is None


# --- search -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def klima() -> Listing:
    return parse_listing(load("constructed_search_klima.html"), "https://taz.de/!s=Klima/")


def test_search_count_next_page_and_hits(klima: Listing) -> None:
    assert (klima.kind, klima.url, klima.title) == (
        "search",
        "https://taz.de/!s=Klima/",
        "Suche: Klima",
    )
    assert klima.total == 347
    assert klima.next_url == "https://taz.de/!s=Klima/?search_page=0" == search_url("Klima", 2)
    assert len(klima.teasers) == 20
    assert heads(klima)[:3] == [
        ("6153377", "Klimaschutz im Verkehr", "Das Tempolimit kommt nicht"),
        ("6153102", "Klimaklage gegen RWE", "Ein Bauer aus Peru gibt nicht auf"),
        ("6152860", "Klimageld", "Versprochen, vergessen"),
    ]
    first = klima.teasers[0]
    assert first == Teaser(
        id="6153377",
        url="https://taz.de/!6153377/",
        title="Das Tempolimit kommt nicht",
        kicker="Klimaschutz im Verkehr",
        teaser="Die Koalition hat sich wieder nicht geeinigt. Dabei wäre ein Tempolimit die "
        "billigste Klimaschutzmaßnahme.",
        authors=(Author("Tanja Tricarico"),),
        published=date(2026, 2, 10),
    )
    assert by_id(klima, "6152860").authors == (Author("Malte Kreutzfeldt"),)
    assert by_id(klima, "6150002").authors == (Author("Anna Schmidt"), Author("Max Müller"))
    assert by_id(klima, "6150002").image == (
        "https://taz.de/picture/8190412/1900/Hitze-Stadt-Trinkbrunnen-1.jpeg"
    )
    assert by_id(klima, "6147001").authors == ()


def test_search_print_archive_hits_are_kept_and_marked(klima: Listing) -> None:
    assert klima.print_archive == ("1204377", "1311920")
    assert klima.query == "Klima" and klima.page == 1
    old = by_id(klima, "1311920")
    # A print-archive hit has a kicker and is dated by its issue: "Ausgabe vom 28.3.1995,".
    assert (old.kicker, old.title, old.published) == (
        "UN-Klimakonferenz",
        "Klimagipfel ohne Klima",
        date(1995, 3, 28),
    )
    first = by_id(klima, "1204377")
    assert (first.kicker, first.published, first.authors) == (
        "Klimapolitik", date(1990, 10, 15), (Author("Ute Scheub"),))
    assert first.teaser.startswith("Die Bundesregierung legt")
    assert old.teaser == (
        "In Berlin beginnt die erste UN-Klimakonferenz. Die Industriestaaten wollen sich auf "
        "nichts festlegen."
    )
    assert old.authors == (Author("Hermann-Josef Tenhagen"),)
    assert [t.id for t in klima.teasers][-2:] == ["1204377", "1311920"]


def test_search_page_two_points_to_page_three() -> None:
    listing = parse_listing(
        load("constructed_search_klima.html"), "https://taz.de/!s=Klima/?search_page=0"
    )
    assert listing.url == search_url("Klima", 2)
    assert listing.page == 2
    assert listing.next_url == "https://taz.de/!s=Klima/?search_page=1"


def test_thirdparty_search_results() -> None:
    listing = parse_listing(
        load("thirdparty_BadMomber_taz_search_results.html"), "https://taz.de/!s=Grok%2BHitler/"
    )
    assert listing.total == 3 and listing.next_url is None
    assert listing.teasers == (
        Teaser(
            id="6012345",
            url="https://taz.de/!6012345/",
            title="Grok und die Folgen für die Demokratie",
            kicker="Grok und die Folgen",
            teaser="Hunderttausende sind betroffen.",
            published=date(2026, 1, 15),
            image="https://taz.de/picture/1234",
        ),
        Teaser(
            id="6023456",
            url="https://taz.de/!6023456/",
            title="KI-Skandal weitet sich aus",
            kicker="KI-Skandal",
            teaser="Die Lage spitzt sich zu.",
            authors=(Author("Erika Musterfrau"),),
            published=date(2025, 12, 3),
            image="https://taz.de/picture/2345",
        ),
        Teaser(
            id="6034567",
            url="https://taz.de/!6034567/",
            title="Künstliche Intelligenz im Wandel",
            kicker="KI im Wandel",
            teaser="Ein Kommentar zur KI-Debatte.",
            authors=(Author("Hans Müller"),),
            published=date(2025, 8, 22),
            image="https://taz.de/picture/3456",
        ),
    )


def test_search_next_url_computed_from_the_count_without_a_nav() -> None:
    page = load("thirdparty_BadMomber_taz_search_results.html").replace(b"von 3<", b"von 1.234<")
    listing = parse_listing(page, "https://taz.de/!s=Grok/")
    assert listing.total == 1234
    assert listing.next_url == search_url("Grok", 2)


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("constructed_search_empty.html", "https://taz.de/!s=Quantenb%C3%A4ckerei/"),
        ("thirdparty_BadMomber_taz_search_empty.html", "https://taz.de/!s=xyzzy/"),
    ],
)
def test_honest_empty_search_is_an_empty_listing(name: str, url: str) -> None:
    listing = parse_listing(load(name), url)
    assert (listing.kind, listing.teasers, listing.total, listing.next_url) == (
        "search",
        (),
        0,
        None,
    )


def test_empty_search_keeps_the_query() -> None:
    listing = parse_listing(
        load("constructed_search_empty.html"), "https://taz.de/!s=Quantenb%C3%A4ckerei/"
    )
    assert listing.title == "Suche: Quantenbäckerei"
    assert listing.query == "Quantenbäckerei"


def test_search_counting_hits_but_showing_none_is_an_error() -> None:
    page = load("constructed_search_empty.html").replace(
        b"Suchergebnis: nichts gefunden", b"Suchergebnis 1 bis 20 von 347"
    )
    with pytest.raises(ParseError, match="347"):
        parse_listing(page, "https://taz.de/!s=Klima/")


def test_search_page_without_hits_or_count_is_an_error() -> None:
    page = b"<html><body><p>Wartungsarbeiten</p></body></html>"
    with pytest.raises(ParseError, match="no search results"):
        parse_listing(page, "https://taz.de/!s=Klima/")


# --- kinds and hand-offs ----------------------------------------------------------------


def test_kind_from_markup_when_the_url_says_nothing() -> None:
    listing = parse_listing(
        load("thirdparty_BadMomber_taz_search_results.html"), "https://taz.de/Suche/ergebnisse"
    )
    assert listing.kind == "search" and listing.total == 3
    listing = parse_listing(load("constructed_author_opitz.html"), "https://taz.de/autorin")
    assert listing.kind == "author" and listing.title == "Nicole Opitz"


def test_a_feed_url_is_handed_to_the_feed_parser() -> None:
    feed = load("constructed_feed_politik.xml")
    listing = parse_list(feed, "https://taz.de/Politik/!p4615;rss/")
    assert listing.kind == "feed" and len(listing.teasers) == 6
    front = load("constructed_front.html")
    assert parse_list(front, "https://taz.de/") == parse_listing(front, "https://taz.de/")
    with pytest.raises(ParseError, match="is a feed"):
        parse_listing(feed, "https://taz.de/Politik/!p4615;rss/")


def test_later_copies_fill_what_the_first_lacks() -> None:
    page = """<html><body><main>
    <div class="article-teaser"><a class="teaser-link" href="/X/!6100001/">
      <span class="typo-r-topline">Kurz</span><span class="headline typo-r-head-small">Titel</span>
    </a></div>
    <div class="article-teaser"><a class="teaser-link" href="/Y/!6100002/">
      <span class="typo-r-topline">Andere</span><span class="typo-r-head-small">Zweiter</span>
    </a></div>
    <div class="article-teaser"><a class="teaser-link" href="https://taz.de/!6100001/">
      <span class="typo-r-topline">Kurz</span><span class="typo-r-head-small">Titel</span></a>
      <p class="typo-r-subline">Der lange Text.</p><p>Von Ada Muster</p><p>3.2.2026</p>
    </div></main></body></html>"""
    listing = parse_listing(page, "https://taz.de/Politik/!p4615/")
    assert [t.id for t in listing.teasers] == ["6100001", "6100002"]
    first = listing.teasers[0]
    assert (first.title, first.teaser, first.authors, first.published) == (
        "Titel",
        "Der lange Text.",
        (Author("Ada Muster"),),
        date(2026, 2, 3),
    )


def test_flat_module_without_boxes() -> None:
    page = """<html><body><main><section class="outerwrapper"><div class="module columns">
    <a class="teaser-link" href="/A/!6100001/"><span class="typo-r-topline">Eins</span>
      <span class="headline typo-r-head-small">Erster</span></a>
    <p class="typo-r-subline">Text eins.</p><p>Von Ada Muster</p>
    <a class="teaser-link" href="/B/!6100002/"><span class="typo-r-topline">Zwei</span>
      <span class="headline typo-r-head-small">Zweiter</span></a>
    <p class="typo-r-subline">Text zwei.</p>
    <div class="ad_zone"><p>Anzeige: Kaufen Sie jetzt.</p></div>
    <a class="teaser-link" href="/C/!6100003/"><span class="typo-r-topline">Drei</span>
      <span class="headline typo-r-head-small">Dritter</span></a>
    </div></section></main></body></html>"""
    listing = parse_listing(page, "https://taz.de/Politik/!p4615/")
    assert [(t.id, t.kicker, t.title, t.teaser, t.authors) for t in listing.teasers] == [
        ("6100001", "Eins", "Erster", "Text eins.", (Author("Ada Muster"),)),
        ("6100002", "Zwei", "Zweiter", "Text zwei.", ()),
        ("6100003", "Drei", "Dritter", "", ()),
    ]


def test_author_links_inside_a_box_give_author_urls() -> None:
    page = """<html><body><main><section>
    <article class="article-teaser"><a class="teaser-link" href="/A/!6100001/">
      <span class="typo-r-topline">K</span><span class="typo-r-head-medium">T</span></a>
      <a href="/Nicole-Opitz/!a52218/"><span class="typo-r-name">Nicole Opitz</span></a>
    </article>
    <article class="article-teaser"><a class="teaser-link" href="/B/!6100002/">
      <span class="typo-r-topline">K2</span><span class="typo-r-head-medium">T2</span></a>
    </article></section></main></body></html>"""
    listing = parse_listing(page, "https://taz.de/Politik/!p4615/", MIRROR)
    assert listing.teasers[0].authors == (
        Author("Nicole Opitz", f"{MIRROR}/Nicole-Opitz/!a52218/"),
    )
    assert listing.teasers[1].authors == ()


# --- broken input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        ("", "empty"),
        (random.Random(7).randbytes(6000), "binary"),
        (b"\x89PNG\r\n\x1a\n" + random.Random(8).randbytes(3000), "binary"),
    ],
)
def test_empty_and_binary_input(data: bytes | str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_listing(data, "https://taz.de/")


def test_truncated_mid_tag_is_an_error() -> None:
    page = load("constructed_front.html")
    cut = page.index(b'<a href="/Neues-Selbstbestimmungsgesetz/!5938231/" class="mgt-sm')
    with pytest.raises(ParseError, match="cut off"):
        parse_listing(page[: cut + 30], "https://taz.de/")


@pytest.mark.parametrize(
    "name",
    [
        "fundus_Taz_2024_10_23.html",
        "fundus_Taz_2023_04_28.html",
        "thirdparty_BadMomber_taz_article.html",
    ],
)
def test_an_article_page_is_no_listing(name: str) -> None:
    with pytest.raises(ParseError, match="article"):
        parse_listing(load(name), "https://taz.de/Politik/!p4615/")


def test_an_article_url_is_no_listing() -> None:
    with pytest.raises(ParseError, match="article"):
        parse_listing(load("constructed_front.html"), "https://taz.de/Slug/!5928990/")


def test_a_page_without_taz_teasers_is_an_error() -> None:
    page = b"""<!DOCTYPE html><html><head><title>Example</title></head><body><main>
    <a class="teaser-link" href="https://example.org/!1234567/"><h3>Elsewhere</h3></a>
    <a href="/impressum/">Impressum</a></main></body></html>"""
    with pytest.raises(ParseError, match="no article teasers"):
        parse_listing(page, "https://taz.de/Politik/!p4615/")


@pytest.mark.parametrize("url", ["", "A:", "javascript:alert(1)", "mailto:x@taz.de"])
def test_an_unusable_url_is_a_parse_error(url: str) -> None:
    with pytest.raises(ParseError, match="URL"):
        parse_listing(load("constructed_front.html"), url)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000) | st.text(max_size=3000))
def test_random_input_raises_only_parse_error(data: bytes | str) -> None:
    with contextlib.suppress(ParseError):
        parse_listing(data, "https://taz.de/")


_FRONT = load("constructed_front.html")


@settings(max_examples=40, deadline=None)
@given(st.integers(0, len(_FRONT)), st.integers(0, len(_FRONT)))
def test_cut_and_spliced_front_page_raises_only_parse_error(a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    try:
        listing = parse_listing(_FRONT[:lo] + _FRONT[hi:], "https://taz.de/")
    except ParseError:
        return
    assert listing.teasers and all(
        t.title and t.url.startswith("https://taz.de/!") for t in listing.teasers
    )


# --- helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9.1.2026", date(2026, 1, 9)),
        (" 28.4.2023 ", date(2023, 4, 28)),
        ("2026-01-09", date(2026, 1, 9)),
        ("31.2.2026", None),
        ("9.1.", None),
        ("18:41 Uhr", None),
    ],
)
def test_parse_de_date(text: str, expected: date | None) -> None:
    assert parse_de_date(text) == expected


def test_names_and_bylines() -> None:
    assert split_names("Ulrike Winkelmann, Barbara Junge und Katrin Gottschalk") == [
        "Ulrike Winkelmann",
        "Barbara Junge",
        "Katrin Gottschalk",
    ]
    assert byline_names("VonUlrike Winkelmann, Barbara JungeundKatrin Gottschalk") == [
        "Ulrike Winkelmann",
        "Barbara Junge",
        "Katrin Gottschalk",
    ]
    assert byline_names("Kolumne Prinzip Hoffnung von Daniela Sepehri") == ["Daniela Sepehri"]
    assert byline_names("Interview von Jonas Wahmkow") == ["Jonas Wahmkow"]
    assert byline_names("Die Kritik von Verbänden ist laut.") is None
    assert byline_names("Kommentar von") is None
