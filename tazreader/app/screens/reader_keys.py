"""The reader screen's keys, each with its help group; remappable by id in the config's
``[keymap]``. The help screen and the command palette are built from this table."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tazreader.app.keys import ARTICLE, GENERAL, LINKS, LISTS, MOVE


def _key(key: str, action: str, description: str, group: Binding.Group, *,
         show: bool = False, id: str) -> Binding:
    return Binding(key, action, description, show=show, id=id, group=group)


READER_KEYS: list[BindingType] = [
    _key("space", "scroll('page_down')", "Page down", MOVE, id="page_down"),
    _key("b", "scroll('page_up')", "Page up", MOVE, id="page_up"),
    _key("g", "scroll('home')", "Top", MOVE, id="top"),
    _key("G", "scroll('end')", "Bottom", MOVE, id="bottom"),
    _key("tab", "focus_pane(1)", "Next pane", MOVE, id="next_pane"),
    _key("shift+tab", "focus_pane(-1)", "Previous pane", MOVE, id="previous_pane"),
    # Not a priority binding: those run before keys already on their way to the focused
    # widget, so a quick "j enter" would open the row that j was moving away from.
    _key("enter", "activate", "Open", MOVE, id="open"),
    _key("n,right_square_bracket", "link('step', 1)", "Next link", LINKS, show=True,
         id="next_link"),
    _key("N,left_square_bracket", "link('step', -1)", "Previous link", LINKS,
         id="previous_link"),
    _key("f", "link('hints')", "Link hints", LINKS, show=True, id="hints"),
    _key("backspace,alt+left", "back", "Back", MOVE, show=True, id="back"),
    _key("alt+right", "forward", "Forward", MOVE, id="forward"),
    _key("J", "step_article(1)", "Next article of the list", MOVE, id="next_article"),
    _key("K", "step_article(-1)", "Previous article of the list", MOVE, id="previous_article"),
    _key("colon,ctrl+l", "link('ask_address')", "Go to an address", MOVE, id="go_to"),
    _key("o", "article('open_browser')", "Open in browser", ARTICLE, id="open_browser"),
    _key("y", "article('copy_url')", "Copy URL", ARTICLE, id="copy_url"),
    _key("Y", "article('copy_citation')", "Copy citation", ARTICLE, id="copy_citation"),
    _key("B", "article('bookmark')", "Bookmark", ARTICLE, show=True, id="bookmark"),
    _key("m", "article('toggle_read')", "Toggle read", ARTICLE, id="toggle_read"),
    _key("A", "article('mark_all_read')", "Mark the whole list read", LISTS,
         id="mark_all_read"),
    _key("r", "reload", "Reload", ARTICLE, id="reload"),
    _key("e", "article('export')", "Export", ARTICLE, id="export"),
    _key("slash", "search", "Search", LISTS, show=True, id="search"),
    _key("s", "sync", "Sync for offline", LISTS, id="sync"),
    _key("S,p", "pick_list", "Lists", LISTS, show=True, id="pick_list"),
    _key("backslash", "filter", "Filter list", LISTS, id="filter"),
    _key("ctrl+f", "find", "Find in the article", ARTICLE, id="find"),
    _key("l", "toggle_links", "Toggle link pane", GENERAL, id="toggle_links"),
    _key("z", "zen", "Only the article (z again: all panes)", GENERAL, id="zen"),
    _key("escape", "escape", "Cancel", GENERAL, id="escape"),
    *(_key(str(d), f"digit({d})", f"Digit {d}", LINKS, id=f"digit_{d}") for d in range(10)),
]
