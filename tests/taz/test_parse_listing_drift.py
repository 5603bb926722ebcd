"""Listings as taz's markup drifts (#15): a search keeps its options from page to page, the
next page is also Bulma's ``a.pagination-next``, print-archive hits are dated by their issue,
and a tag's or an author's feed is a feed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tazreader.service.sources import Search, source_for_url, source_from_json
from tazreader.taz.errors import ParseError
from tazreader.taz.models import Author, PageKind
from tazreader.taz.parse.dispatch import parse_list
from tazreader.taz.parse.listing import parse_listing
from tazreader.taz.urls import parse_url, search_url

FIXTURES = Path(__file__).parent.parent / "fixtures"
OPTIONS_PAGE = FIXTURES / "constructed_search_print_options.html"
SEARCH = "https://taz.de/!s=gute+nachricht&SuchRahmen=Print&isWochenende=1/"
CANONICAL = "https://taz.de/!s=gute%20nachricht&SuchRahmen=Print&isWochenende=1/"


def test_search_options_stay_in_the_url() -> None:
    t = parse_url("https://taz.de/!s=gute+nachricht&ExportStatus=Intern&SuchRahmen=Print"
                  "&Seite=17&isWochenende=1/")
    assert (t.kind, t.query, t.page) == (PageKind.SEARCH, "gute nachricht", 1)
    assert t.options == (("ExportStatus", "Intern"), ("SuchRahmen", "Print"), ("Seite", "17"),
                         ("isWochenende", "1"))
    assert parse_url(t.url).url == t.url
    # Empty and repeated options and the old Offset paging are dropped (excerpt §6's URL).
    blog = parse_url("https://taz.de/Artikel-mit-Blog-auf-Seite-33/!s=Blog&Seite=33&Offset=60"
                     "&Seite=")
    assert blog.url == "https://taz.de/!s=Blog&Seite=33/"
    assert search_url("Blog", 3, options=(("Seite", "33"),)) == (
        "https://taz.de/!s=Blog&Seite=33/?search_page=1")


def test_a_search_with_options_keeps_them_on_its_next_page() -> None:
    listing = parse_list(OPTIONS_PAGE.read_bytes(), SEARCH)
    assert (listing.kind, listing.url, listing.query, listing.total) == (
        PageKind.SEARCH, CANONICAL, "gute nachricht", 9)
    assert listing.next_url == CANONICAL + "?search_page=0"
    page2 = parse_url(listing.next_url)
    assert (page2.page, page2.options) == (2, (("SuchRahmen", "Print"), ("isWochenende", "1")))


def test_the_next_page_counted_but_not_linked_keeps_the_options() -> None:
    raw = OPTIONS_PAGE.read_text("utf-8")
    start, end = raw.index('<nav class="pagination'), raw.index("</nav>") + len("</nav>")
    listing = parse_list(raw[:start] + raw[end:], SEARCH)
    assert listing.next_url == CANONICAL + "?search_page=0"


def test_the_next_page_is_found_as_pagination_next() -> None:
    raw = OPTIONS_PAGE.read_text("utf-8").replace(
        '<p class="typo-r-search-count">Suchergebnis 1 bis 3 von 9</p>', "")
    listing = parse_list(raw, SEARCH)
    assert listing.total is None
    assert listing.next_url == CANONICAL + "?search_page=0"


def test_print_archive_hits_have_kicker_author_and_issue_date() -> None:
    listing = parse_list(OPTIONS_PAGE.read_bytes(), SEARCH)
    assert [(t.id, t.kicker, t.title, t.authors, t.published) for t in listing.teasers] == [
        ("6140101", "die gute nachricht", "Störche kehren zurück", (Author("Lea Sommer"),),
         date(2026, 1, 10)),
        ("6135202", "die gute nachricht", "Mehr Solarstrom als je zuvor", (Author("Jonas Feld"),),
         date(2026, 1, 3)),
        ("6129303", "die gute nachricht", "Ein Luchs im Harz", (), date(2025, 12, 27)),
    ]
    assert listing.teasers[2].teaser == "Wildkameras zeigen ein Jungtier, das erste seit Jahren."
    assert listing.print_archive == ("6140101", "6135202", "6129303")


def test_the_app_loads_a_search_with_its_options() -> None:
    source = source_for_url(SEARCH)
    assert source == Search("gute nachricht", 1, (("SuchRahmen", "Print"), ("isWochenende", "1")))
    assert source.url() == CANONICAL
    assert source_from_json(source.to_json()) == source
    assert source_from_json({"kind": "search", "query": "Klima", "page": 2}) == Search("Klima", 2)


@pytest.mark.parametrize(("url", "canonical"), [
    ("https://taz.de/Schwerpunkt-Klimawandel/!t5008262;rss/",
     "https://taz.de/Schwerpunkt-Klimawandel/!t5008262;rss/"),
    ("/Nicole-Opitz/!a52218;rss", "https://taz.de/Nicole-Opitz/!a52218;rss/"),
])
def test_tag_and_author_feeds_are_feeds(url: str, canonical: str) -> None:
    t = parse_url(url)
    assert (t.kind, t.url) == (PageKind.FEED, canonical)


def test_a_tag_feed_is_read_as_a_feed() -> None:
    url = "https://taz.de/Schwerpunkt-Klimawandel/!t5008262;rss/"
    feed = parse_list((FIXTURES / "constructed_feed_tag_klimawandel.xml").read_bytes(), url)
    assert (feed.kind, feed.url, feed.title) == (PageKind.FEED, url,
                                                 "taz.de - Schwerpunkt Klimawandel")
    assert [(t.id, t.kicker, t.title) for t in feed.teasers] == [
        ("6153201", "Hitze in der Stadt", "Die Bäume sterben zuerst"),
        ("6153102", "Klimaklage", "Ein Bauer aus Peru gibt nicht auf"),
    ]
    with pytest.raises(ParseError, match="is a feed"):
        parse_listing(b"<html></html>", url)
