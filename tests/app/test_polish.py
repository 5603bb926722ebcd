"""What a daily reader sees: the header's names, dates and snippets in the rows, quick keys,
the sample's wording, the link pane's targets, re-parsed articles and cache notices."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from textual import events

from tazreader.app.screens.reader import UPKEEP_DELAY
from tazreader.app.screens.search import SearchScreen
from tazreader.app.widgets.article_list import ArticleList
from tazreader.config import Config
from tazreader.service import BOOKMARKS, FRONT, OFFLINE
from tazreader.store import Store
from tazreader.taz.models import Teaser
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tests.app.conftest import (
    COLUMN,
    NEWS,
    REAL,
    body_text,
    list_rows,
    make_app,
    notifications,
    offline_app,
    online_app,
    online_reader,
    reader_screen,
    screen_lines,
    settle,
)
from tests.server import FIXTURES, FixtureServer

REAL_PAGE = "fundus_Taz_2024_10_23.html"


def cache_real(store: Store, **changes: object) -> None:
    raw = (FIXTURES / REAL_PAGE).read_bytes()
    article = parse_article(raw)
    store.put_article(replace(article, **changes), raw=raw, fetched_at=datetime.now(UTC),  # type: ignore[arg-type]
                      parser_version=PARSER_VERSION)


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
    cache_real(store)
    store.set_meta("last_list", OFFLINE.to_json())
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        rows = list_rows(app)
        assert rows[0].split("\n")[2] == "28.4.2023 18:41 · Nicole Opitz"
        assert any("28.4.2023 18:41 · Nicole Opitz" in line for line in screen_lines(app))


async def test_search_rows_show_the_hit_snippet_with_the_hits_emphasised(store: Store) -> None:
    cache_real(store)
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


async def test_reparse_runs_after_start_and_refreshes_the_open_article(store: Store) -> None:
    cache_real(store, title="Veraltet geparst")
    store._conn.execute("UPDATE articles SET parser_version = ?", (PARSER_VERSION - 1,))
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        cached = store.get_article(REAL)
        assert cached is not None and cached[0].title == "Veraltet geparst"  # not at start-up
        await pilot.pause(UPKEEP_DELAY + 0.2)  # a moment after the first paint
        await settle(pilot)
        cached = store.get_article(REAL)
        assert cached is not None and cached[0].title == "Ein bisschen Fortschritt"
        assert any("re-read by the updated parser" in m for m in notifications(app))
        # An article open while its page is re-read is shown again, new text.
        cache_real(store, title="Veraltet geparst")
        store._conn.execute("UPDATE articles SET parser_version = ?", (PARSER_VERSION - 1,))
        screen = reader_screen(app)
        screen.open_article(f"https://taz.de/!{REAL}/")
        await settle(pilot)
        assert "Veraltet geparst" in body_text(app)
        screen.body.reparse_cached()
        await settle(pilot)
        assert "Veraltet geparst" not in body_text(app)
        assert "Ein bisschen Fortschritt" in body_text(app)


async def test_a_cache_notice_set_mid_session_is_shown(store: Store) -> None:
    """The store sets its notice when it finds damage mid-session (tests/store): the reader
    says it after the next use of the cache, once."""
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        assert not any("set aside" in m for m in notifications(app))
        store.notice = "The offline cache was damaged and has been set aside."
        reader_screen(app).show_list(OFFLINE)
        await settle(pilot)
        assert notifications(app).count(store.notice) == 1
        reader_screen(app).show_list(BOOKMARKS)
        await settle(pilot)
        assert notifications(app).count(store.notice) == 1  # said once


async def test_sample_wording(store: Store, server: FixtureServer) -> None:
    from tazreader.sample import EDITION

    app = make_app(online_reader(store, server.base_url), edition=EDITION)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        assert screen.status.text == "sample edition (local)"
        assert "online" not in screen_lines(app)[-2]
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert any("Search the sample:" in line for line in screen_lines(app))


async def test_link_pane_targets_stay_on_one_line(store: Store, server: FixtureServer) -> None:
    app = online_app(store, server, Config(base_url=server.base_url))
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pane = reader_screen(app).links.region
        lines = [line[pane.x : pane.right].strip(" ▊") for line in screen_lines(app)]
        targets = [line for line in lines if line.startswith(("taz /", "other site "))]
        assert len(targets) >= 5
        assert any(t.endswith("…") for t in targets)  # long paths are cut, not folded
        assert "taz /Einigung-auf-Gesetzentwurf/…" in targets


async def test_key_bar_click_presses_the_key(store: Store) -> None:
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        bottom = screen_lines(app)[-1]
        x = bottom.index("Search")
        await pilot.click(offset=(x, 44))
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert any("Search the offline cache:" in line for line in screen_lines(app))


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


async def test_status_drops_a_load_the_reader_moved_away_from(
    store: Store, server: FixtureServer
) -> None:
    server.fault("/", delay=1.0)  # longer than the test needs: the load is still running
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = reader_screen(app)
        for _ in range(100):  # the network side is built in a thread first: wait for it
            await pilot.pause(0.02)
            if "loading Front page …" in screen.status.text:
                break
        assert "loading Front page …" in screen.status.text
        screen.show_list(BOOKMARKS)
        await settle(pilot)
        assert "Front page" not in screen.status.text
        assert "Bookmarks" in screen_lines(app)[0]


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


async def test_enter_in_the_link_pane_follows_digits_or_the_entry(
    store: Store, server: FixtureServer
) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = reader_screen(app)
        screen.links.focus()
        screen.links.highlighted = None
        await pilot.press("3", "enter")
        await settle(pilot)
        assert screen.article is not None and screen.article.id == "5926716"
        assert app.focused is screen.links
        index = next(i for i in range(screen.links.option_count)
                     if (o := screen.links.get_option_at_index(i)).id is not None
                     and o.id.startswith("e-")
                     and screen.links.entries[int(o.id[2:])].kind == "author")
        screen.links.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert "Author:" in screen_lines(app)[0]


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


async def test_a_cache_notice_from_the_start_is_shown_once(store: Store) -> None:
    store.notice = "The offline cache was damaged and has been set aside."
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.pause(0.6)
        assert notifications(app).count(store.notice) == 1


async def test_status_line_paints_what_its_text_says(store: Store) -> None:
    """The parts are joined the same way on screen as in ``text``: no leading gap."""
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        status = reader_screen(app).status
        status.set_network("")
        status.set_pending("link 3 — enter follows, escape cancels")
        await pilot.pause()
        assert screen_lines(app)[-2] == f" {status.text}".ljust(140)
        status.set_network("offline mode")
        status.set_progress("syncing 1/3")
        await pilot.pause()
        assert status.text == "offline mode   syncing 1/3   link 3 — enter follows, escape cancels"
        assert screen_lines(app)[-2] == f" {status.text}".ljust(140)


async def test_byline_does_not_repeat_the_genre(store: Store) -> None:
    """'Kommentar von Nicole Opitz · 28.4.2023 18:41', not '… · Kommentar' once more."""
    from tazreader.taz.parse.article import PARSER_VERSION, parse_article
    from tests.server import FIXTURES

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
