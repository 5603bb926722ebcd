"""parse_article, parse_listing and parse_feed on hostile input: a valid model or ParseError.

Inputs: the real pages mutated (truncated, bytes flipped, ranges deleted or doubled, tag soup
and hostile text inserted, often right at the parts the parsers read), random tag trees in
an article/listing skeleton, random RSS, random bytes. Each call is timed (< 2 s) and
interrupted after 20 s, so a hang fails instead of stalling the suite.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tazreader.taz.errors import ParseError
from tazreader.taz.models import Article, Listing
from tazreader.taz.parse.article import parse_article, parse_comments
from tazreader.taz.parse.feed import parse_feed
from tazreader.taz.parse.listing import parse_listing
from tests.hostile.checks import bounded, check_article, check_listing
from tests.hostile.conftest import profile
from tests.hostile.strategies import (
    ARTICLE_PAGES,
    FEED_BYTES,
    FEED_PAGES,
    LISTING_BYTES,
    LISTING_PAGES,
    REAL_PAGES,
    article_skeleton,
    deep_json,
    deep_json_ld_page,
    deep_tags,
    listing_skeleton,
    mutated,
    rss_document,
    rss_items,
    tag_soup,
)

# The failing inputs are whole pages; hypothesis warns that their repr is large.
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")

ARTICLE_URLS = st.sampled_from(
    [None, "https://taz.de/!5928990/", "https://taz.de/Slug/!6666666/", "http://127.0.0.1:8/x/",
     "https://example.org/!5928990/", "javascript:alert(1)", "", "\x1b[2J"]
)
BASES = st.sampled_from(
    ["https://taz.de", "http://127.0.0.1:8080/mirror/", "https://taz.de/", "not a base", ""]
)


def article_or_error(
    data: str | bytes, url: str | None = None, base: str = "https://taz.de"
) -> Article | ParseError:
    result = bounded(lambda: parse_article(data, url, base))
    if isinstance(result, ParseError):
        assert str(result), "a ParseError must say what is wrong"
        return result
    check_article(result)
    # The cache reads a stored page's comments on their own: they must be the article's.
    assert bounded(lambda: parse_comments(data)) == result.comments
    return result


def listing_or_error(
    data: str | bytes, url: str, base: str = "https://taz.de"
) -> Listing | ParseError:
    result = bounded(lambda: parse_listing(data, url, base))
    if isinstance(result, ParseError):
        assert str(result)
        return result
    check_listing(result)
    return result


def feed_or_error(
    data: str | bytes, url: str, base: str = "https://taz.de"
) -> Listing | ParseError:
    result = bounded(lambda: parse_feed(data, url, base))
    if isinstance(result, ParseError):
        assert str(result)
        return result
    check_listing(result, "feed")
    return result


# --- parse_article ----------------------------------------------------------------------


def test_real_pages_still_parse() -> None:
    """The unmutated pages pass the same checks (so the checks are not vacuous)."""
    for data in REAL_PAGES.values():
        article = article_or_error(data)
        assert isinstance(article, Article) and article.id == "5928990"


@profile(2)
@given(mutated(ARTICLE_PAGES))
def test_article_mutated_real_page(case: tuple[str, bytes]) -> None:
    article_or_error(case[1])


@profile(0.5)
@given(mutated(REAL_PAGES), st.sampled_from(["strict", "surrogateescape", "replace", "latin-1"]))
def test_article_mutated_real_page_as_str(case: tuple[str, bytes], how: str) -> None:
    data = case[1]
    if how == "latin-1":
        text = data.decode("latin-1")
    else:
        text = data.decode("utf-8", errors="replace" if how == "strict" else how)
    article_or_error(text)


@profile()
@given(tag_soup, tag_soup, ARTICLE_URLS, BASES)
def test_article_random_tag_tree(body: str, head: str, url: str | None, base: str) -> None:
    article_or_error(article_skeleton(body, head), url, base)


@profile(0.5)
@given(tag_soup)
def test_article_bare_tag_soup(soup: str) -> None:
    article_or_error(soup)
    article_or_error(soup.encode("utf-8", "surrogatepass"))


@profile(0.5)
@given(st.binary(max_size=4096))
@example(b"")
@example(b"\x00" * 100)
@example(b"\xff\xfe" + "<html></html>".encode("utf-16-le"))
@example(b"<html><body></body></html>")
def test_article_random_bytes(data: bytes) -> None:
    article_or_error(data)


# --- parse_listing ----------------------------------------------------------------------


def test_listing_fixtures_still_parse() -> None:
    for key, data in LISTING_BYTES.items():
        listing = listing_or_error(data, LISTING_PAGES[key][1])
        assert isinstance(listing, Listing) and listing.teasers


@profile(2)
@given(mutated({**LISTING_BYTES, **REAL_PAGES}), st.data())
def test_listing_mutated_pages(case: tuple[str, bytes], data: st.DataObject) -> None:
    name, page = case
    url = LISTING_PAGES[name][1] if name in LISTING_PAGES else data.draw(
        st.sampled_from([u for _, u in LISTING_PAGES.values()])
    )
    listing_or_error(page, url)


@profile()
@given(tag_soup, st.sampled_from([u for _, u in LISTING_PAGES.values()]), BASES)
def test_listing_random_tag_tree(body: str, url: str, base: str) -> None:
    listing_or_error(listing_skeleton(body), url, base)
    listing_or_error(body, url, base)


@profile(0.5)
@given(st.binary(max_size=4096), st.sampled_from([u for _, u in LISTING_PAGES.values()]))
def test_listing_random_bytes(data: bytes, url: str) -> None:
    listing_or_error(data, url)


@profile(0.3)
@given(st.text(max_size=300))
def test_listing_random_url(url: str) -> None:
    listing_or_error(LISTING_BYTES["front"], url)


# --- parse_feed -------------------------------------------------------------------------


def test_feed_fixtures_still_parse() -> None:
    for key, data in FEED_BYTES.items():
        listing = feed_or_error(data, FEED_PAGES[key][1])
        assert isinstance(listing, Listing) and listing.teasers


@profile(2)
@given(mutated(FEED_BYTES))
def test_feed_mutated(case: tuple[str, bytes]) -> None:
    feed_or_error(case[1], FEED_PAGES[case[0]][1])


@profile()
@given(rss_items(), st.sampled_from(["taz.de - taz.de", "", "&#27;[2J", "<![CDATA[\x1b]]>"]))
def test_feed_random_items(items: str, title: str) -> None:
    doc = rss_document(items, title)
    feed_or_error(doc, "https://taz.de/!p4608;rss/")
    feed_or_error(doc.encode("utf-8", "surrogatepass"), "https://taz.de/!p4608;rss/")


@profile(0.5)
@given(st.binary(max_size=4096) | tag_soup.map(lambda s: "<rss>" + s + "</rss>"))
def test_feed_random_input(data: bytes | str) -> None:
    feed_or_error(data, "https://taz.de/!p4608;rss/")


# --- deep nesting (issue 10: 1,200 nested "[" in JSON-LD raised RecursionError) -----------


@profile(0.3)
@given(deep_json_ld_page())
def test_article_with_deep_json_ld(page: bytes) -> None:
    article_or_error(page)


@profile(0.3)
@given(deep_tags(), st.sampled_from(["body", "head", "real"]))
def test_article_with_deep_tags(nest: str, where: str) -> None:
    if where == "real":
        page = REAL_PAGES["2024"]
        at = page.index(b"typo-bodytext")
        at = page.index(b">", at) + 1
        article_or_error(page[:at] + nest.encode() + page[at:])
    else:
        article_or_error(article_skeleton(nest) if where == "body" else article_skeleton("", nest))


@profile(0.2)
@given(deep_tags(), deep_json())
def test_listing_and_feed_with_deep_nesting(nest: str, json_text: str) -> None:
    listing_or_error(listing_skeleton(nest + f"<script>{json_text}</script>"), "https://taz.de/")
    feed_or_error(rss_document(f"<item><link>https://taz.de/!5928990/</link><title>T</title>"
                               f"<description><![CDATA[{nest}]]></description></item>"),
                  "https://taz.de/!p4608;rss/")
