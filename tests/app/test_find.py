"""Find in the article (ctrl+f): highlighted, counted, stepped through, closed by escape."""

from __future__ import annotations

from tazreader.app.widgets.finding import Match, find
from tazreader.store import Store
from tests.app.conftest import offline_app, open_article, screen_lines
from tests.factories import FIXTURE_ARTICLES, put_pages


def test_find_folds_case_and_accents_and_maps_back_to_the_shown_text() -> None:
    lines = ["Die Hauptstraße in Köln", "STRASSE und Öko", "nichts"]
    assert find(lines, "strasse") == [Match(0, 9, 15), Match(1, 0, 7)]
    assert lines[0][9:15] == "straße"
    assert find(lines, "oko") == [Match(1, 12, 15)]
    assert find(lines, "koln") == [Match(0, 19, 23)]
    assert find(lines, "  ") == [] and find(lines, "xyz") == []


async def test_ctrl_f_finds_counts_steps_and_escape_closes(store: Store) -> None:
    put_pages(store, *FIXTURE_ARTICLES)
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_article(app, pilot)
        body = screen.body
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert screen.find_bar.is_open and app.focused is screen.find_bar.input
        await pilot.press(*"gesetz")
        await pilot.pause()
        total = len(body.found)
        expected = sum(line.lower().count("gesetz") for line in body.rendered_lines)
        assert total == expected > 3
        assert str(screen.find_bar.count.render()) == f"1/{total}"
        assert any(f"1/{total}" in line for line in screen_lines(app))
        await pilot.press("enter")
        assert body.found_at == 1
        assert str(screen.find_bar.count.render()) == f"2/{total}"
        await pilot.press("f3", "f3")
        assert body.found_at == 3
        await pilot.press("shift+f3")
        assert body.found_at == 2
        # The current match is painted in its own style, the others in the found style.
        match = body.found[2]
        current = body.get_component_rich_style("body--found-current")
        strip = body._strips[match.line]
        styled = [seg for seg in strip if seg.style and seg.style.bgcolor == current.bgcolor]
        assert "".join(seg.text for seg in styled).lower() == "gesetz"
        top = int(body.scroll_y)
        assert top <= match.line < top + body.scrollable_content_region.height
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.find_bar.is_open and body.found == [] and app.focused is body
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert len(body.found) == total  # the last query comes back with the bar
        await pilot.press("escape", "n")  # ... and the keys are the reader's again
        assert body.selected_link is not None


async def test_find_without_a_match_says_so(store: Store) -> None:
    put_pages(store, *FIXTURE_ARTICLES)
    app = offline_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(app, pilot)
        await pilot.press("ctrl+f", *"quantenbäckerei")
        await pilot.pause()
        assert str(screen.find_bar.count.render()) == "no match"
        await pilot.press("enter")  # nothing to go to, no error
        assert app.is_running
