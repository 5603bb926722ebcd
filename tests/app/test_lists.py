"""The article list: pages from the fixture server, the header's name of the list, the rows'
dates, authors and search snippets (as data, not markup), quick keys, the cursor after back."""

from __future__ import annotations

from datetime import UTC, datetime

from textual import events

from tazreader.app.widgets.article_list import ArticleList
from tazreader.service import FRONT, OFFLINE
from tazreader.store import Store
from tazreader.taz.models import Teaser
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tests.app.conftest import (
    COLUMN,
    NEWS,
    list_rows,
    offline_app,
    online_app,
    reader_screen,
    screen_lines,
    settle,
)
from tests.factories import put_real
from tests.server import FIXTURES, FixtureServer


async def test_constructed_front_page_and_a_section_from_the_fixture_server(
    store: Store, fixture_server: FixtureServer
) -> None:
    """The fixture server's own front page and Politik section, as the parser reads them."""
    from tazreader.taz.parse.listing import parse_listing
    from tests.server import FIXTURES

    front = parse_listing((FIXTURES / "constructed_front.html").read_bytes(),
                          fixture_server.url("/"), fixture_server.base_url)
    politik = parse_listing((FIXTURES / "constructed_section_politik.html").read_bytes(),
                            fixture_server.url("/Politik/!p4615/"), fixture_server.base_url)
    app = online_app(store, fixture_server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        rows = list_rows(app)
        assert len(rows) == len(front.teasers) > 10
        for row, teaser in zip(rows, front.teasers, strict=True):
            assert teaser.title in row
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(*"Politik", "enter")
        await settle(pilot)
        rows = list_rows(app)
        assert len(rows) == len(politik.teasers) > 3
        assert politik.teasers[0].title in rows[0]
        assert "Politik" in str(reader_screen(app).sub_title)


async def test_header_names_the_list_not_the_pages_title(
    store: Store, server: FixtureServer
) -> None:
    # The fixture front page's <title> is "taz.de".
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        top = screen_lines(app)[0]
        assert "Front page" in top and "taz.de" not in top
        await pilot.press("enter")
        await settle(pilot)
        top = screen_lines(app)[0]
        assert "Front page › Entwurf des Selbstbestimmungsgesetzes: Ein bisschen" in top
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(*"Politik", "enter")
        await settle(pilot)
        assert "│ Politik" in screen_lines(app)[0]


async def test_quick_j_enter_opens_the_row_j_moved_to(store: Store, server: FixtureServer) -> None:
    """Keys arrive faster than they are handled: enter must not overtake the j before it."""
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        for key in ("j", "enter"):
            app.post_message(events.Key(key, None))  # as the driver does, without waiting
        await settle(pilot)
        screen = reader_screen(app)
        assert screen.article is not None and screen.article.id == COLUMN


async def test_rows_show_date_and_authors(store: Store) -> None:
    put_real(store)
    store.set_meta("last_list", OFFLINE.to_json())
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        rows = list_rows(app)
        assert rows[0].split("\n")[2] == "28.4.2023 18:41 · Nicole Opitz"
        assert any("28.4.2023 18:41 · Nicole Opitz" in line for line in screen_lines(app))


async def test_search_rows_show_the_hit_snippet_with_the_hits_emphasised(store: Store) -> None:
    put_real(store)
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"Buschmann", "enter")
        await settle(pilot)
        lines = list_rows(app)[0].split("\n")
        assert lines[2] == "28.4.2023 18:41 · Nicole Opitz"
        snippet = lines[3]
        assert "Buschmann" in snippet and "«" not in snippet and "»" not in snippet
        painted = next(line for line in screen_lines(app) if "Buschmann" in line
                       and "Search" not in line)
        assert painted.strip().startswith("…") or painted.strip().startswith(snippet[:10])
        # The hit is painted in the hit style, the rest of the snippet is not.
        lst = reader_screen(app).article_list
        assert isinstance(lst, ArticleList)
        hit_style = lst.get_component_rich_style("list--hit", partial=True)
        strip = lst._row_strips(0, 40)[3]
        hits = [seg.text for seg in strip if seg.style and seg.style.bold and seg.text.strip()]
        assert hits == ["Buschmann"]
        assert hit_style.bold


async def test_back_from_an_author_list_puts_the_cursor_on_the_article(
    store: Store, server: FixtureServer
) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        await pilot.press("j", "j", "enter")  # the third row
        await settle(pilot)
        assert screen.article is not None and screen.article.id == NEWS
        listing = next(e for e in screen.links.entries if e.kind in ("author", "tag"))
        screen.follow.entry(listing)
        await settle(pilot)
        assert screen.source != FRONT
        await pilot.press("backspace")
        await settle(pilot)
        assert "│ Front page › " in screen_lines(app)[0]
        highlighted = screen.article_list.highlighted_teaser
        assert highlighted is not None and highlighted.id == NEWS


async def test_snippet_text_is_data_not_markup(store: Store) -> None:
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        lst = reader_screen(app).article_list
        lst.show_snippets = True
        teaser = Teaser("6150009", "https://taz.de/!6150009/", "Titel [b]fett[/b]",
                        teaser="«[red]Tr[/red]» und [link=x]y[/link]")
        lst.set_teasers([teaser])
        await pilot.pause()
        painted = "\n".join(screen_lines(app))
        assert "Titel [b]fett[/b]" in painted
        assert "[red]Tr[/red] und [link=x]y[/link]" in painted


async def test_front_page_rows_get_the_date_of_their_cached_article(
    store: Store, server: FixtureServer
) -> None:
    """taz's front page gives no dates; a row whose article is cached shows the article's."""
    raw = (FIXTURES / "fundus_Taz_2023_04_28.html").read_bytes()
    store.put_article(parse_article(raw), raw=raw, fetched_at=datetime.now(UTC),
                      parser_version=PARSER_VERSION)
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        rows = list_rows(app)
        assert rows[0].split("\n")[0].startswith("•↓")  # the cached one
        assert rows[0].split("\n")[2] == "28.4.2023 18:41 · Nicole Opitz"
        assert any("28.4.2023 18:41 · Nicole Opitz" in line for line in screen_lines(app))
        assert all(len(row.split("\n")) < 3 or "2023" not in row for row in rows[1:])

