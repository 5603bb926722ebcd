"""Which parser reads a list — the feed parser or the HTML listing parser — decided here only.

A list's URL says what it is (``…;rss/`` and ``/rss.xml`` are feeds, see :mod:`tazreader.taz.urls`),
the same URL the list is cached under, so everything that turns a fetched or cached list into a
:class:`Listing` asks this module. :func:`parse_listing` refuses a feed URL and :func:`parse_feed`
anything but a feed document, so a wrong choice cannot pass unnoticed either.
"""

from __future__ import annotations

from tazreader.taz import urls
from tazreader.taz.models import Listing, PageKind
from tazreader.taz.parse.feed import parse_feed
from tazreader.taz.parse.listing import parse_listing

__all__ = ["parse_list"]


def parse_list(body: str | bytes, url: str, base: str = urls.DEFAULT_BASE) -> Listing:
    """Parse the list fetched from ``url``: :func:`parse_feed` for a feed URL, else
    :func:`parse_listing` (front, section, tag, author and search pages). Raises ParseError."""
    try:
        feed = urls.parse_url(url, urls.normalise_base(base)).kind is PageKind.FEED
    except urls.BadUrl:
        feed = False  # parse_listing says what is wrong with the URL
    if feed:
        return parse_feed(body, url, base)
    return parse_listing(body, url, base)
