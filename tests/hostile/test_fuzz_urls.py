"""urls.parse_url / shown_url on hostile links, relative to hostile page URLs.

The one place for fuzzing URLs: any string is BadUrl or a URL, never another exception, and
a taz URL's canonical form is stable; with a page URL and a mirror base, and through
``shown_url`` (the display form that keeps an article's slug), the shown form parses back to
the same canonical URL; taz kinds stay on the base, http(s) only.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from hypothesis import given
from hypothesis import strategies as st

from tazreader.taz.models import PageKind
from tazreader.taz.urls import BadUrl, parse_url, shown_url
from tests.hostile.checks import check_text
from tests.hostile.conftest import profile
from tests.hostile.strategies import URL_PIECES, hrefs

BASES = st.sampled_from(["https://taz.de", "http://127.0.0.1:8080", "http://127.0.0.1:9/m/"])
PAGE_URLS = st.none() | st.sampled_from(
    ["https://taz.de/Slug/!5928990/", "http://127.0.0.1:9/m/!s=x/", "https://example.org/a/b",
     "javascript:alert(1)", "file:///etc/", "https://taz.de/", "https://initial-scale=1, x/"]
) | st.lists(st.sampled_from(URL_PIECES), max_size=6).map("".join)


@profile(4)
@given(st.lists(st.sampled_from(URL_PIECES) | st.text(max_size=6), max_size=12).map("".join))
def test_parse_url_never_raises_anything_but_badurl(raw: str) -> None:
    try:
        t = parse_url(raw)
    except BadUrl:
        return
    assert isinstance(t.kind, PageKind)
    if t.kind is not PageKind.EXTERNAL:
        assert t.url.startswith("https://taz.de/")
        again = parse_url(t.url)
        assert again.url == t.url, "canonical form must be stable"
        assert again.kind is t.kind


@profile(4)
@given(hrefs | st.text(max_size=40), BASES, PAGE_URLS)
def test_shown_and_canonical_agree(href: str, base: str, page_url: str | None) -> None:
    try:
        t = parse_url(href, base, page_url=page_url)
    except BadUrl:
        return
    shown = shown_url(t, base)
    assert isinstance(shown, str) and shown
    check_text(shown, "shown_url()", url=True)
    assert parse_url(shown, base).url == t.url if t.kind is not PageKind.EXTERNAL else True
    if t.kind is PageKind.EXTERNAL:
        return
    base_parts = urlsplit(base)
    for url in (t.url, shown):
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https"), url
        assert parts.netloc == base_parts.netloc, (url, base)
    again = parse_url(t.url, base)
    assert (again.url, again.kind) == (t.url, t.kind), "canonical form must be stable"
