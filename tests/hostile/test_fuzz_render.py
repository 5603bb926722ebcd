"""The text edition, Markdown and JSON of any article model: never an exception, never a
terminal control character in what ``tazreader dump`` prints, JSON that reads back the same.

The models here are built directly (not parsed), with hostile strings everywhere, so this checks
the output side on its own: even a model that still carries ESC, C1, bidi or NUL is printed inert.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from tazreader.commands.dump import render
from tazreader.taz.models import (
    Article,
    Author,
    Block,
    Crumb,
    Image,
    InfoBox,
    Link,
    ListBlock,
    PageKind,
    Paragraph,
    Quote,
    Segment,
    Subhead,
    Tag,
    Teaser,
    article_from_dict,
)
from tests.hostile.checks import UNSAFE_OUTPUT
from tests.hostile.conftest import profile
from tests.hostile.strategies import HOSTILE_TEXT, hrefs

text = st.lists(st.sampled_from(HOSTILE_TEXT) | st.text(max_size=10), max_size=5).map("".join)
urls = hrefs | st.just("https://taz.de/!5928990/")
authors = st.lists(st.builds(Author, text, st.none() | urls), max_size=2).map(tuple)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    links = tuple(draw(st.lists(st.builds(Link, text, urls, st.sampled_from(PageKind)),
                                max_size=4)))
    link_no = st.none() | (st.integers(1, len(links)) if links else st.none())
    inline = st.lists(st.builds(Segment, text, link_no), min_size=1, max_size=4).map(tuple)
    block: st.SearchStrategy[Block] = st.one_of(
        st.builds(Paragraph, inline),
        st.builds(Subhead, text),
        st.builds(Quote, inline, text),
        st.builds(InfoBox, text, st.lists(inline, max_size=2).map(tuple)),
        st.builds(ListBlock, st.lists(inline, min_size=1, max_size=3).map(tuple), st.booleans()),
    )
    return Article(
        id="6666666",
        url="https://taz.de/!6666666/",
        title=draw(text),
        kicker=draw(text),
        teaser=draw(text),
        authors=draw(authors),
        byline=draw(text),
        published=draw(st.none() | st.datetimes(
            min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
        )),
        sections=tuple(draw(st.lists(st.builds(Crumb, text, st.none() | urls), max_size=2))),
        genre=draw(text),
        image=draw(st.none() | st.builds(Image, urls, text, text, text)),
        blocks=tuple(draw(st.lists(block, max_size=6))),
        links=links,
        tags=tuple(draw(st.lists(st.builds(Tag, text, st.none() | urls, st.booleans()),
                                 max_size=3))),
        related=tuple(draw(st.lists(st.builds(Teaser, st.just("5928990"), urls, text, text, text,
                                              authors), max_size=2))),
    )


@profile(2)
@given(articles(), st.integers(20, 200))
def test_any_model_renders_inert(article: Article, width: int) -> None:
    for fmt in ("text", "markdown", "json"):
        out = render(article, fmt, width)
        m = UNSAFE_OUTPUT.search(out)
        assert m is None, (fmt, m.group(), out[max(0, m.start() - 30) :][:60])
    back = article_from_dict(json.loads(render(article, "json", width)))
    assert back == article, "the JSON dump reads back as the same article"
