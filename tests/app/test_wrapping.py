"""The body's own line breaking (app/widgets/wrapping.py) breaks where rich does, faster."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rich._wrap import divide_line
from rich.console import Console
from rich.style import Style
from rich.text import Text

from tazreader.app.widgets import wrapping
from tazreader.app.widgets.body_lines import render_body
from tazreader.taz.parse.article import parse_article
from tests.factories import REAL_PAGE

FIXTURES = Path(__file__).parent.parent / "fixtures"
CONSOLE = Console(width=200)

# Words of one-cell characters (German, a Cyrillic letter, a box bar), every kind of white
# space of one cell rich breaks at (NBSP too), runs of it, long words.
one_cell_text = st.lists(
    st.sampled_from(["a", "Wort", "Straße,", "жар", "│", "Donaudampfschifffahrt", "x" * 45,
                     " ", "  ", "\xa0", " " * 12]),
    max_size=60,
).map("".join)


def rich_lines(text: Text, width: int) -> list[Text]:
    lines = list(text.wrap(CONSOLE, width, justify="left", overflow="fold"))
    for line in lines:
        line.rstrip()
    return lines


@given(one_cell_text, st.integers(min_value=1, max_value=40))
def test_the_breaks_are_richs(plain: str, width: int) -> None:
    assert wrapping.one_cell_each(plain)
    assert wrapping.divide(plain, width) == divide_line(plain, width, fold=True)


@given(st.lists(st.tuples(one_cell_text, st.booleans()), max_size=8),
       st.integers(min_value=10, max_value=40))
def test_styled_lines_are_richs(parts: list[tuple[str, bool]], width: int) -> None:
    text = Text()
    for plain, linked in parts:
        text.append(plain, Style(underline=True, meta={"link": 1}) if linked else None)
    got = [(t.plain, t.spans) for t in wrapping.wrap(text, width, CONSOLE)]
    assert got == [(t.plain, t.spans) for t in rich_lines(text, width)]


def test_text_of_other_widths_goes_to_rich() -> None:
    for plain in ("Tokio 東京 und zurück " * 5, "Emoji 🙂 " * 9, "Sil\xadben " * 9, "a\tb " * 9):
        assert not wrapping.one_cell_each(plain)
        text = Text(plain)
        got = wrapping.wrap(text, 12, CONSOLE)
        assert [t.plain for t in got] == [t.plain for t in rich_lines(text, 12)]


def test_the_real_article_wraps_as_before() -> None:
    article = parse_article((FIXTURES / REAL_PAGE).read_bytes())
    for block in article.blocks:
        text = Text(" ".join(s.text for s in getattr(block, "segments", ())))
        for width in (20, 37, 80):
            assert [t.plain for t in wrapping.wrap(text, width, CONSOLE)] == [
                t.plain for t in rich_lines(text, width)
            ]


def test_a_two_megabyte_paragraph_wraps_in_a_fraction_of_richs_time() -> None:
    # Issue #10: 1,000 links of 2,000 characters in one paragraph (27,000 lines at 80).
    words = ("Wort " * 400).strip()
    text = Text()
    for n in range(1000):
        text.append(f"[{n}]", Style(bold=True, meta={"link": n}))
        text.append(words + " ", Style(underline=True, meta={"link": n}))
    start = time.process_time()
    ours = wrapping.wrap(text, 80, CONSOLE)
    took = time.process_time() - start
    start = time.process_time()
    theirs = rich_lines(text, 80)
    took_rich = time.process_time() - start
    assert [(t.plain, t.spans) for t in ours] == [(t.plain, t.spans) for t in theirs]
    assert took < took_rich / 2, (took, took_rich)


def test_the_body_of_a_long_paragraph_keeps_every_link_mark() -> None:
    words = " ".join(["Wort"] * 300)
    html = (FIXTURES / REAL_PAGE).read_bytes()
    at = html.index(b"</p>", html.index(b"typo-bodytext"))
    links = "".join(f'<a href="/!{6000000 + i}/">{words}</a> ' for i in range(50))
    article = parse_article(html[:at] + links.encode() + html[at:])
    styles = {name: Style() for name in ("selected", "mark", "link", "caption", "notice",
                                         "byline", "kicker", "title", "teaser", "subhead",
                                         "quote", "box", "question", "embed")}
    rendered = render_body(article, 80, styles)
    assert sorted(rendered.marks) == list(range(1, len(article.links) + 1))
    for n, (line, column) in rendered.marks.items():
        assert rendered.lines[line].plain[column:].startswith(f"[{n}]")
