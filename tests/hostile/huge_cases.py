"""Huge and pathological pages, each parsed in a fresh process: ``python -m tests.hostile.huge_cases
CASE`` prints one JSON line (seconds, RSS growth in MB, outcome). The process runs under an
address-space limit, so a runaway allocation is a MemoryError, not a swapping machine.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent.parent / "fixtures"
ARTICLE = FIXTURES / "fundus_Taz_2024_10_23.html"
FRONT = FIXTURES / "constructed_front.html"
FEED = FIXTURES / "constructed_feed_main.xml"
MB = 1_000_000
DEPTH = 10_000
MANY = 100_000
ADDRESS_SPACE = 3_000 * MB  # per case process


def _article_with(body: bytes) -> bytes:
    page = ARTICLE.read_bytes()
    at = page.index(b'<p class="bodytext')
    return page[:at] + body + page[at:]


def _front_with(body: bytes) -> bytes:
    page = FRONT.read_bytes()
    at = page.index(b"<main")
    return page[:at] + b"<main>" + body + b"</main>" + page[at:]


def _feed_with(items: bytes) -> bytes:
    page = FEED.read_bytes()
    at = page.index(b"<item>")
    return page[:at] + items + page[at:]


def _paragraph(text: bytes) -> bytes:
    return b'<p class="bodytext paragraph typo-bodytext">' + text + b"</p>"


def _nested(tag: bytes, inner: bytes = b"tief") -> bytes:
    return b"<%s>" % tag * DEPTH + inner + b"</%s>" % tag * DEPTH


def _links(n: int) -> bytes:
    return b"".join(b'<a href="/Slug/!%d/">Link %d</a> ' % (5_000_000 + k, k) for k in range(n))


def _teasers(n: int) -> bytes:
    return b"".join(
        b'<article><a class="teaser-link" href="/!%d/"><h3>Titel %d</h3></a></article>'
        % (5_000_000 + k, k)
        for k in range(n)
    )


def _items(n: int) -> bytes:
    return b"".join(
        b"<item><title>K: Titel %d</title><link>https://taz.de/!%d/</link></item>"
        % (k, 5_000_000 + k)
        for k in range(n)
    )


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE rss ['
    + b'<!ENTITY a0 "ha">'
    + b"".join(b'<!ENTITY a%d "%s">' % (i, b"&a%d;" % (i - 1) * 10) for i in range(1, 10))
    + b']><rss version="2.0"><channel><title>&a9;</title><item><title>&a9;</title>'
    b"<link>https://taz.de/!5928990/</link><description>&a9;</description></item>"
    b"</channel></rss>"
)

# name -> (parser, page builder, url)
CASES: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "article_50mb_paragraph": (
        "article", lambda: _article_with(_paragraph(b"Wort " * (10 * MB))), ""),
    "article_50mb_padding": (
        "article", lambda: ARTICLE.read_bytes().replace(b"</head>", b" " * (50 * MB) + b"</head>"),
        ""),
    "article_9mb_paragraph": (
        "article", lambda: _article_with(_paragraph(b"Wort " * (9 * MB // 5))), ""),
    "article_100k_links": ("article", lambda: _article_with(_paragraph(_links(MANY))), ""),
    "article_100k_inline": (
        "article", lambda: _article_with(_paragraph(b"<b>fett</b> " * MANY)), ""),
    "article_100k_paragraphs": (
        "article", lambda: _article_with(_paragraph(b"Absatz.") * MANY), ""),
    "article_nested_div": (
        "article", lambda: _article_with(_nested(b"div", _paragraph(b"tief"))), ""),
    "article_nested_span_in_p": ("article", lambda: _article_with(_paragraph(_nested(b"span"))),
                                 ""),
    "article_nested_a": ("article", lambda: _article_with(_paragraph(
        b'<a href="/!5000001/">' * DEPTH + b"x" + b"</a>" * DEPTH)), ""),
    "article_unclosed_10k": ("article", lambda: _article_with(b"<div><p><b><i>" * DEPTH), ""),
    "listing_50mb": ("listing", lambda: _front_with(b"<p>" + b"x " * (25 * MB) + b"</p>"),
                     "https://taz.de/"),
    "listing_100k_teasers": ("listing", lambda: _front_with(_teasers(MANY)), "https://taz.de/"),
    "listing_100k_links": ("listing", lambda: _front_with(_links(MANY)), "https://taz.de/"),
    "listing_nested_div": ("listing", lambda: _front_with(_nested(b"div", _teasers(1))),
                           "https://taz.de/"),
    "listing_nested_article": ("listing", lambda: _front_with(_nested(b"article")),
                               "https://taz.de/"),
    "feed_50mb": ("feed", lambda: _feed_with(b"<item><title>" + b"x" * (50 * MB) + b"</title>"
                                             b"</item>"), "https://taz.de/!p4608;rss/"),
    "feed_100k_items": ("feed", lambda: _feed_with(_items(MANY)), "https://taz.de/!p4608;rss/"),
    "feed_nested": ("feed", lambda: _feed_with(b"<item>" + _nested(b"x") + b"</item>"),
                    "https://taz.de/!p4608;rss/"),
    "feed_billion_laughs": ("feed", lambda: BILLION_LAUGHS, "https://taz.de/!p4608;rss/"),
}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000  # kB on Linux


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * resource.getpagesize() / MB


def run(name: str) -> dict[str, Any]:
    from tazreader.taz.errors import ParseError
    from tazreader.taz.parse.article import parse_article
    from tazreader.taz.parse.feed import parse_feed
    from tazreader.taz.parse.listing import parse_listing

    kind, build, url = CASES[name]
    page = build()
    import gc

    gc.collect()
    before = _current_rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    outcome: dict[str, Any]
    try:
        if kind == "article":
            a = parse_article(page)
            outcome = {"result": "article", "blocks": len(a.blocks), "links": len(a.links),
                       "longest": max((len(getattr(b, "text", "")) for b in a.blocks), default=0),
                       "related": len(a.related), "title": a.title}
            from tests.hostile.checks import check_article

            check_article(a)
        else:
            listing = parse_listing(page, url) if kind == "listing" else parse_feed(page, url)
            outcome = {"result": "listing", "teasers": len(listing.teasers),
                       "longest": max((len(t.title) for t in listing.teasers), default=0)}
            from tests.hostile.checks import check_listing

            check_listing(listing)
    except ParseError as exc:
        outcome = {"result": "error", "message": str(exc)}
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"case": name, "seconds": round(elapsed, 3), "cpu_seconds": round(cpu, 3),
            "input_mb": round(len(page) / MB, 1),
            "rss_growth_mb": round(max(0.0, _peak_rss_mb() - before), 1), **outcome}


def main(argv: list[str]) -> int:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    for name in argv or list(CASES):
        print(json.dumps(run(name), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
