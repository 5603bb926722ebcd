"""The reader on pages taz's markup drifted to (#15): a page not fully understood carries a
one-line notice (o opens it in the browser), and the new blocks are shown as what they are."""

from __future__ import annotations

from datetime import UTC, datetime

from tazreader.store import Store
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tests.app.conftest import body_text, offline_app, reader_screen, settle, spy
from tests.server import FIXTURES

REAL = "fundus_Taz_2024_10_23.html"


def cache(store: Store, raw: bytes) -> str:
    article = parse_article(raw)
    store.put_article(article, raw=raw, fetched_at=datetime.now(UTC),
                      parser_version=PARSER_VERSION)
    return article.url


def table_page() -> bytes:
    """The real page with three paragraphs in a table, where the parser does not look."""
    raw = (FIXTURES / REAL).read_text("utf-8")
    start = raw.index('<p class="bodytext paragraph  typo-bodytext is-block column pv-0 '
                      'is-8-tablet mgh-auto-tablet mobile-order-4" pos="3">')
    end = raw.index('<h2 class="typo-head-small headline')
    return (raw[:start] + "<table><tr><td>" + raw[start:end] + "</td></tr></table>"
            + raw[end:]).encode("utf-8")


async def test_a_page_not_fully_understood_says_so_and_o_opens_it(store: Store) -> None:
    url = cache(store, table_page())
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        screen.open_article(url)
        await settle(pilot)
        lines = screen.body.rendered_lines
        assert lines[0] == "Not fully understood (read: 60 %) — o: browser"
        screen.body.focus()
        await pilot.press("o")
        assert spy(app).opened == [url]


async def test_a_page_read_from_its_json_ld_only_says_so(store: Store) -> None:
    from tests.taz.test_parse_article import LD, META_ONLY

    url = cache(store, META_ONLY.format(ld=LD).encode("utf-8"))
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        screen.open_article(url)
        await settle(pilot)
        assert screen.body.rendered_lines[0] == "Not understood (plain text only) — o: browser"


async def test_a_whole_page_has_no_notice(store: Store) -> None:
    url = cache(store, (FIXTURES / REAL).read_bytes())
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        screen.open_article(url)
        await settle(pilot)
        assert "not fully understood" not in body_text(app)


async def test_questions_embeds_and_ticker_entries_are_shown(store: Store) -> None:
    interview = cache(store, (FIXTURES / "constructed_drift_interview.html").read_bytes())
    embeds = cache(store, (FIXTURES / "constructed_drift_webelements.html").read_bytes())
    ticker = cache(store, (FIXTURES / "constructed_drift_ticker.html").read_bytes())
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        screen.open_article(interview)
        await settle(pilot)
        body = screen.body
        row = next(i for i, line in enumerate(body.rendered_lines)
                   if line.startswith("taz: Frau Kaya"))
        question = body._styles()["question"]
        assert question.bold and body._rendered.lines[row].style == question
        screen.open_article(embeds)
        await settle(pilot)
        assert "▶ [1]Video: Die Senatorin stellt den Plan vor" in body.rendered_lines
        assert "▶ [2]Beitrag: Beitrag des Fahrgastverbands" in body.rendered_lines
        screen.open_article(ticker)
        await settle(pilot)
        lines = body.rendered_lines
        at = lines.index("14:32 Uhr Verdi kündigt weitere Streiks an")
        assert lines[at + 1].startswith("│ Die Gewerkschaft will auch am Montag streiken.")
