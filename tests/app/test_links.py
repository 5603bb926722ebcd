"""The article's links from the keyboard: ] [ and N walk them, the link pane's targets, enter in
the link pane."""

from __future__ import annotations

from tazreader.config import Config
from tazreader.store import Store
from tests.app.conftest import (
    offline_app,
    online_app,
    reader_screen,
    screen_lines,
    settle,
)
from tests.factories import put_real
from tests.server import FixtureServer


async def test_brackets_and_shift_n_walk_the_links(store: Store, server: FixtureServer) -> None:
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = reader_screen(app)
        await pilot.press("right_square_bracket")
        assert screen.body.selected_link == 1
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.body.selected_link == 3
        await pilot.press("left_square_bracket")
        assert screen.body.selected_link == 2
        await pilot.press("N", "N")
        assert screen.body.selected_link == 5  # wraps around
        await pilot.press("escape")
        assert screen.body.selected_link is None


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



def test_a_long_link_text_is_cut_to_a_few_lines_with_an_ellipsis() -> None:
    from rich.console import Console
    from rich.text import Text

    from tazreader.app.widgets.link_pane import MAX_TEXT_LINES, _cut

    console = Console(width=40)
    long = Text("Wort " * 400, style="bold")
    cut = _cut(long, console, 30)
    lines = cut.plain.split("\n")
    assert len(lines) == MAX_TEXT_LINES
    assert lines[-1].endswith("…") and all(len(line) <= 30 for line in lines)
    assert cut.spans  # the styles stay
    short = Text("kurz")
    assert _cut(short, console, 30) is short
    exact = Text("x" * 60)  # two full lines: nothing left out, no ellipsis
    assert "…" not in _cut(exact, console, 30).plain


def test_an_entry_counts_the_lines_it_renders() -> None:
    """The pane's layout asks every entry its height: counted, it must match the rendering."""
    from rich.console import Console
    from rich.text import Text

    from tazreader.app.widgets.link_pane import EntryPrompt

    console = Console(width=200)
    for text in ("", "kurz", "Wort " * 400, "x" * 90, "Straße " * 20, "日本語" * 40):
        for target in ("taz /!123/", "other site https://example.com/" + "p" * 100):
            for full in (False, True):
                entry = EntryPrompt(None, Text(text, overflow="fold"),  # type: ignore[arg-type]
                                    Text(target, no_wrap=True, overflow="ellipsis"), full=full)
                for width in (10, 36, 58):
                    options = console.options.update_width(width).update(highlight=False)
                    rendered = sum(s.text.count("\n") for s in console.render(entry, options))
                    assert entry.height(console, width) == rendered, (text[:9], full, width)


async def test_the_link_pane_comes_with_an_article_and_stays_away_without_one(
    store: Store, server: FixtureServer
) -> None:
    # Laid out for the article from the moment it is opened (on its way from the network);
    # offline and not cached, nothing comes: the text keeps the room.
    url = put_real(store).url
    app = offline_app(store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        screen.open_article("https://taz.de/!6999999/")
        await settle(pilot)
        assert screen.has_class("-no-article") and screen.links.region.width == 0
        screen.open_article(url)
        await settle(pilot)
        assert not screen.has_class("-no-article") and screen.links.region.width > 0
    app = online_app(store, server)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = reader_screen(app)
        screen.open_article(server.url("/!5928990/"), refresh=True)
        assert not screen.has_class("-no-article")  # before the article has come
        await settle(pilot)
        assert screen.article is not None and screen.links.region.width > 0
