"""The head of an article in the reader: kicker, title, byline, genre."""

from __future__ import annotations

from datetime import UTC, datetime

from tazreader.store import Store
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tests.app.conftest import (
    offline_app,
    reader_screen,
    settle,
)
from tests.server import FIXTURES


async def test_byline_does_not_repeat_the_genre(store: Store) -> None:
    """'Kommentar von Nicole Opitz · 28.4.2023 18:41', not '… · Kommentar' once more."""

    raw = (FIXTURES / "fundus_Taz_2024_10_23.html").read_bytes()
    article = parse_article(raw)
    assert (article.byline, article.genre) == ("Kommentar von", "Kommentar")
    store.put_article(article, raw=raw, fetched_at=datetime.now(UTC),
                      parser_version=PARSER_VERSION)
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        reader_screen(app).open_article(article.url)
        await settle(pilot)
        lines = reader_screen(app).body.rendered_lines
        byline = next(line for line in lines if line.startswith("Kommentar von Nicole Opitz"))
        assert byline.count("Kommentar") == 1, byline

