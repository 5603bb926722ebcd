import pytest

from tazreader.taz.models import PageKind
from tazreader.taz.urls import (
    BadUrl,
    article_url,
    feed_url,
    find_section,
    parse_url,
    search_url,
    shown_url,
)


@pytest.mark.parametrize(
    "url",
    [
        "https://taz.de/Ein-bisschen-Fortschritt/!5928990/",
        "https://taz.de/!5928990/",
        "http://www.taz.de/!5928990",
        "https://taz.de/!=5928990",
        "/Ein-bisschen-Fortschritt/!5928990/",
        "https://taz.de/Ein-bisschen-Fortschritt/!5928990&s=Transgender/",
        "  https://TAZ.de/Slug/!5928990/  ",
    ],
)
def test_article_forms_have_one_canonical_url(url: str) -> None:
    t = parse_url(url)
    assert t.kind is PageKind.ARTICLE
    assert t.id == "5928990"
    assert t.url == "https://taz.de/!5928990/"


def test_section_tag_author_search_feed() -> None:
    assert parse_url("/Politik/Deutschland/!p4616/").kind is PageKind.SECTION
    debatte = find_section("Debatte")
    assert debatte is not None
    assert parse_url("http://www.taz.de/Debatte/!p9").url == debatte.url()
    assert parse_url("http://taz.de/1/debatte").url == "https://taz.de/Gesellschaft/Debatte/!p4633/"
    tag = parse_url("https://taz.de/Transgender/!t5523976/")
    assert (tag.kind, tag.id) == (PageKind.TAG, "t5523976")
    author = parse_url("/Nicole-Opitz/!a52218/")
    assert (author.kind, author.id, author.url) == (
        PageKind.AUTHOR,
        "a52218",
        "https://taz.de/Nicole-Opitz/!a52218/",
    )
    s = parse_url("https://taz.de/!s=Klima%20Krise/?search_page=0")
    assert (s.kind, s.query, s.page) == (PageKind.SEARCH, "Klima Krise", 2)
    assert s.url == search_url("Klima Krise", 2)
    assert parse_url(feed_url()).kind is PageKind.FEED
    assert feed_url("Politik") == "https://taz.de/Politik/!p4615;rss/"
    assert parse_url("https://taz.de/Politik/!p4615;rss/").kind is PageKind.FEED


def test_external_and_bad() -> None:
    assert parse_url("https://www.theguardian.com/books/").kind is PageKind.EXTERNAL
    assert parse_url("javascript:alert(1)").kind is PageKind.EXTERNAL
    assert parse_url("https://taz.de/picture/1/1900/x.jpeg").kind is PageKind.TAZ
    for bad in ["", "   ", "http://", "https://taz.de:99999/!1/", "ht\x00tp://x"]:
        with pytest.raises(BadUrl):
            parse_url(bad)


def test_mirror_base_keeps_links_on_the_mirror() -> None:
    base = "http://127.0.0.1:8765"
    assert parse_url("/Slug/!5928990/", base).url == "http://127.0.0.1:8765/!5928990/"
    assert parse_url("https://taz.de/Slug/!5928990/", base).url == "http://127.0.0.1:8765/!5928990/"
    assert article_url(6124998, base) == "http://127.0.0.1:8765/!6124998/"


def test_find_section() -> None:
    sec = find_section("Ökologie")
    assert sec is not None and sec.id == "p4624"
    assert find_section("4615") is find_section("Politik")
    assert find_section("Nowhere") is None


def test_shown_url_keeps_the_article_slug_for_display() -> None:
    def shown(url: str, base: str = "https://taz.de", page_url: str | None = None) -> str:
        return shown_url(parse_url(url, base, page_url=page_url), base)

    link = shown("/Amazon-streicht-14000-Jobs/!6124998", page_url="https://taz.de/!1/")
    assert link == "https://taz.de/Amazon-streicht-14000-Jobs/!6124998/"
    assert parse_url(link).url == "https://taz.de/!6124998/"
    assert shown("https://www.taz.de/X/!5928990&s=Suche/") == "https://taz.de/X/!5928990/"
    assert shown("/Politik/!p4615/", "http://127.0.0.1:1") == "http://127.0.0.1:1/Politik/!p4615/"
    assert shown("https://example.org/a b") == "https://example.org/a b"


def test_a_page_url_with_a_bad_port_is_ignored_for_its_links() -> None:
    # Links on a page whose own address is broken resolve against the base, not fail.
    for page_url in ("http://taz.de:99999/x/", "https://taz.de:abc/"):
        assert parse_url("/Slug/!5928990/", page_url=page_url).url == "https://taz.de/!5928990/"
        assert parse_url("x/", page_url=page_url).url == "https://taz.de/x/"
    assert parse_url("x/", page_url="https://taz.de/Politik/").url == "https://taz.de/Politik/x/"


def test_a_search_for_semicolon_rss_is_a_search_not_a_feed() -> None:
    # Found by tests/hostile/test_fuzz_urls.py: "!s=;rss&" searches for ";rss", whose address
    # writes the semicolon %3B; read again, that address was taken for a feed of "".
    t = parse_url("!s=;rss&", "https://taz.de")
    assert (t.kind, t.query, t.url) == (PageKind.SEARCH, ";rss", "https://taz.de/!s=%3Brss/")
    assert parse_url(t.url) == t
    feed = parse_url("https://taz.de/!s=Klima;rss/")
    assert (feed.kind, feed.query) == (PageKind.FEED, "Klima")


def test_a_search_with_a_slash_keeps_its_whole_query() -> None:
    # "9/11" is written 9%2F11, "C++" C%2B%2B, "A&B" A%26B; the path used to be unquoted
    # before it was split at "/" and "&" and its "+" read as spaces (found in review).
    for query in ("9/11", "Rot/Grün", "a/b c", "C++", "A&B", "50%", "a=b", "Klima;rss"):
        t = parse_url(search_url(query, 1))
        assert (t.kind, t.query) == (PageKind.SEARCH, query)
        assert parse_url(t.url) == t


def test_a_plus_as_written_is_a_space_and_options_are_unquoted() -> None:
    assert parse_url("https://taz.de/!s=Klima+Krise/").query == "Klima Krise"
    t = parse_url("https://taz.de/!s=Klima&SuchRahmen=Print&Seite=a%26b/")
    assert (t.query, t.options) == ("Klima", (("SuchRahmen", "Print"), ("Seite", "a&b")))
    assert parse_url(t.url) == t
