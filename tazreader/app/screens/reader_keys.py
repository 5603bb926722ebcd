"""The reader screen's keys, each with its help group; remappable by id in the config's
``[keymap]``. The help screen and the command palette are built from this table."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tazreader.app.keys import ARTICLE, GENERAL, LINKS, LISTS, MOVE
from tazreader.i18n import N_


def _key(key: str, action: str, description: str, group: Binding.Group, *,
         show: bool = False, id: str) -> Binding:
    return Binding(key, action, description, show=show, id=id, group=group)


READER_KEYS: list[BindingType] = [
    _key("space", "scroll('page_down')", N_("Page down"), MOVE, id="page_down"),
    _key("b", "scroll('page_up')", N_("Page up"), MOVE, id="page_up"),
    _key("g", "scroll('home')", N_("Top"), MOVE, id="top"),
    _key("G", "scroll('end')", N_("Bottom"), MOVE, id="bottom"),
    _key("tab", "focus_pane(1)", N_("Next pane"), MOVE, id="next_pane"),
    _key("shift+tab", "focus_pane(-1)", N_("Previous pane"), MOVE, id="previous_pane"),
    # Not a priority binding: those run before keys already on their way to the focused
    # widget, so a quick "j enter" would open the row that j was moving away from.
    _key("enter", "activate", N_("Open"), MOVE, id="open"),
    _key("n,right_square_bracket", "link('step', 1)", N_("Next link"), LINKS, show=True,
         id="next_link"),
    _key("N,left_square_bracket", "link('step', -1)", N_("Previous link"), LINKS,
         id="previous_link"),
    _key("f", "link('hints')", N_("Link hints"), LINKS, show=True, id="hints"),
    _key("backspace,alt+left", "back", N_("Back"), MOVE, show=True, id="back"),
    _key("alt+right", "forward", N_("Forward"), MOVE, id="forward"),
    _key("J", "step_article(1)", N_("Next article of the list"), MOVE, id="next_article"),
    _key("K", "step_article(-1)", N_("Previous article of the list"), MOVE, id="previous_article"),
    _key("colon,ctrl+l", "link('ask_address')", N_("Go to an address"), MOVE, id="go_to"),
    _key("o", "article('open_browser')", N_("Open in browser"), ARTICLE, id="open_browser"),
    _key("y", "article('copy_url')", N_("Copy URL"), ARTICLE, id="copy_url"),
    _key("Y", "article('copy_citation')", N_("Copy citation"), ARTICLE, id="copy_citation"),
    _key("B", "article('bookmark')", N_("Bookmark"), ARTICLE, show=True, id="bookmark"),
    _key("m", "article('toggle_read')", N_("Toggle read"), ARTICLE, id="toggle_read"),
    _key("A", "article('mark_all_read')", N_("Mark the whole list read"), LISTS,
         id="mark_all_read"),
    _key("r", "reload", N_("Reload"), ARTICLE, id="reload"),
    _key("e", "article('export')", N_("Export"), ARTICLE, id="export"),
    _key("c", "view('comments', 'toggle')", N_("Comments (c again: the text)"), ARTICLE,
         id="comments"),
    _key("t", "view('comments', 'order')", N_("Comments: newest or oldest first"), ARTICLE,
         id="comments_order"),
    _key("v", "view('diff', 'toggle')", N_("What changed since the version before (v again: "
                                           "the text)"), ARTICLE, id="changes"),
    _key("slash", "search", N_("Search"), LISTS, show=True, id="search"),
    _key("s", "article('sync')", N_("Sync for offline"), LISTS, id="sync"),
    _key("S,p", "list_pane('ask_list')", N_("Lists"), LISTS, show=True, id="pick_list"),
    _key("backslash", "list_pane('open_filter')", N_("Filter list"), LISTS, id="filter"),
    _key("ctrl+f", "find", N_("Find in the article"), ARTICLE, id="find"),
    _key("l", "toggle_links", N_("Toggle link pane"), GENERAL, id="toggle_links"),
    _key("z", "zen", N_("Only the article (z again: all panes)"), GENERAL, id="zen"),
    _key("escape", "escape", N_("Cancel"), GENERAL, id="escape"),
    # Shown as one help row ("0-9 enter"), never in the footer or the palette.
    *(_key(str(d), f"digit({d})", f"Digit {d}", LINKS, id=f"digit_{d}") for d in range(10)),
]
