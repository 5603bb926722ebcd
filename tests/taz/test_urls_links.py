"""Which links are taz links: decided by the host a browser would go to."""

from __future__ import annotations

import pytest

from tazreader.app.browser import browser_problem
from tazreader.app.widgets.link_pane import entries_for, short_url
from tazreader.taz.models import Article, Link, PageKind
from tazreader.taz.urls import BadUrl, ascii_host, parse_url

CYRILLIC = "https://t\u0430z.de/Politik/!5928990/"  # tаz.de: an а from the Cyrillic alphabet


def kind_of(url: str, page_url: str | None = None) -> PageKind:
    """What the reader makes of a link: a URL it cannot read at all goes nowhere inside."""
    try:
        return parse_url(url, page_url=page_url).kind
    except BadUrl:
        return PageKind.EXTERNAL


@pytest.mark.parametrize(
    "url",
    [
        "https://taz.de:x@evil.com/!5928990/",
        "https://taz.de:443@evil.com/",
        "https://taz.de@evil.com/!5928990/",
        "https://user:pw@taz.de/!5928990/",  # user info: another site, whatever the host
        "https://evil.com\\@taz.de/!5928990/",  # a browser goes to evil.com
        "https://evil.com\\taz.de/!5928990/",
        "\\\\evil.com/!5928990/",  # relative: //evil.com/… to a browser
        CYRILLIC,
    ],
)
def test_not_a_taz_link(url: str) -> None:
    assert kind_of(url, page_url="https://taz.de/!6000000/") is PageKind.EXTERNAL


def test_the_external_link_goes_where_the_browser_goes() -> None:
    assert parse_url("https://evil.com\\@taz.de/x").url == "https://evil.com/@taz.de/x"
    assert parse_url("\\\\evil.com/x?a=\\b", page_url="https://taz.de/").url == (
        "https://evil.com/x?a=\\b"  # a backslash in the query is just a backslash
    )


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://taz.de:443/!5928990/", PageKind.ARTICLE),
        ("https://www.taz.de/!5928990/", PageKind.ARTICLE),
        ("https://TAZ.de/!5928990/", PageKind.ARTICLE),
        ("/Politik\\!p4615/", PageKind.SECTION),  # \ as / in the path, as in a browser
    ],
)
def test_still_taz_links(url: str, kind: PageKind) -> None:
    assert kind_of(url) is kind


def test_the_browser_check_reads_a_backslash_as_a_browser_does() -> None:
    assert browser_problem("https://evil.com\\@taz.de/") is not None
    assert browser_problem("https://taz.de\\@evil.com/") is not None
    assert browser_problem("https://example.org/a?q=\\") is None
    assert browser_problem("https://example.org/a\\b") is None  # same host either way


def test_an_international_host_is_shown_with_its_ascii_form() -> None:
    assert ascii_host("t\u0430z.de") == "xn--tz-7kc.de"
    assert ascii_host("taz.de") == "taz.de"
    shown = short_url(CYRILLIC, inside=False)
    assert "t\u0430z.de" in shown and "xn--tz-7kc.de" in shown
    article = Article(id="6199998", url="https://taz.de/!6199998/", title="t",
                      links=(Link("taz", CYRILLIC, PageKind.EXTERNAL),))
    (entry,) = entries_for(article)
    assert not entry.inside
