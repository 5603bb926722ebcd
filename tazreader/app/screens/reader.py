"""The main screen: list | body | links, and every reader action."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from tazreader.app.exporting import browser_problem, citation
from tazreader.app.navigation import (
    BOOKMARKS,
    FRONT,
    HISTORY,
    LAST_LIST_KEY,
    LOCAL_SOURCES,
    NAV_KEY,
    OFFLINE,
    SEARCH_PREFIX,
    Location,
    Navigator,
    all_sources,
    list_url,
    listing_title,
    source_for_start,
    source_title,
)
from tazreader.app.text import one_line, visible
from tazreader.app.widgets import ArticleBody, ArticleList, LinkEntry, LinkPane, StatusLine
from tazreader.app.widgets.article_body import hint_labels
from tazreader.app.widgets.bars import KeyBar, TopBar
from tazreader.app.widgets.link_pane import entries_for, short_url
from tazreader.taz.errors import ParseError
from tazreader.taz.models import Article, PageKind, Teaser
from tazreader.taz.urls import BadUrl, parse_url

if TYPE_CHECKING:
    from tazreader.app.app import TazReaderApp
    from tazreader.service import SyncEvent
    from tazreader.store import Store

NARROW_BELOW = 100
MAX_COMPLETED = 200  # teasers of one list that get a date from the cache
MORE_TEXT = "Weitere Ergebnisse laden …"  # the last row of a search with a further page
MORE_LOADING = "Weitere Ergebnisse werden geladen …"

FIRST_RUN = (
    "Nothing in the offline cache yet, and {reason}.\n\n"
    "To get articles, run in a terminal:\n"
    "  tazreader sync\n"
    "      fetches the front page for offline reading\n"
    "  tazreader --sample\n"
    "      opens the packaged sample edition\n"
    "or, with a network, press r here to reload.\n\n"
    "? shows every key."
)
EMPTY_LOCAL = {
    BOOKMARKS: "No bookmarks yet. B bookmarks the open article.",
    HISTORY: "Nothing read yet.",
    OFFLINE: "Nothing cached yet. s fetches the current list for offline reading.",
}

# The help screen's groups, in the order it shows them (ReaderScreen.HELP_GROUP files each
# binding id under one).
HELP_GROUPS = ("Move", "Links", "Article", "Lists", "General")


def _time(value: datetime) -> str:
    return value.astimezone().strftime("%d.%m. %H:%M")


class ReaderScreen(Screen[None]):
    """The reader."""

    AUTO_FOCUS = "#list"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "page_down", "Page down", show=False, id="page_down"),
        Binding("b", "page_up", "Page up", show=False, id="page_up"),
        Binding("g", "top", "Top", show=False, id="top"),
        Binding("G", "bottom", "Bottom", show=False, id="bottom"),
        Binding("tab", "focus_next_pane", "Next pane", show=False, id="next_pane"),
        Binding("shift+tab", "focus_previous_pane", "Previous pane", show=False,
                id="previous_pane"),
        # Not a priority binding: those run before keys already on their way to the focused
        # widget, so a quick "j enter" would open the row that j was moving away from.
        Binding("enter", "activate", "Open", show=False, id="open"),
        Binding("n,right_square_bracket", "next_link", "Next link", id="next_link"),
        Binding("N,left_square_bracket", "previous_link", "Previous link", show=False,
                id="previous_link"),
        Binding("f", "hints", "Link hints", id="hints"),
        Binding("backspace,alt+left", "back", "Back", id="back"),
        Binding("alt+right", "forward", "Forward", show=False, id="forward"),
        Binding("o", "open_browser", "Open in browser", show=False, id="open_browser"),
        Binding("y", "copy_url", "Copy URL", show=False, id="copy_url"),
        Binding("Y", "copy_citation", "Copy citation", show=False, id="copy_citation"),
        Binding("B", "bookmark", "Bookmark", id="bookmark"),
        Binding("m", "toggle_read", "Toggle read", show=False, id="toggle_read"),
        Binding("r", "reload", "Reload", show=False, id="reload"),
        Binding("slash", "search", "Search", id="search"),
        Binding("s", "sync", "Sync for offline", show=False, id="sync"),
        Binding("e", "export", "Export", show=False, id="export"),
        Binding("S,p", "pick_list", "Lists", id="pick_list"),
        Binding("backslash,ctrl+f", "filter", "Filter list", show=False, id="filter"),
        Binding("l", "toggle_links", "Toggle link pane", show=False, id="toggle_links"),
        Binding("escape", "escape", "Cancel", show=False, id="escape"),
        *(
            Binding(str(d), f"digit({d})", f"Digit {d}", show=False, id=f"digit_{d}")
            for d in range(10)
        ),
    ]

    HELP_GROUP: ClassVar[dict[str, str]] = {
        "page_down": "Move", "page_up": "Move", "top": "Move", "bottom": "Move",
        "next_pane": "Move", "previous_pane": "Move", "open": "Move",
        "back": "Move", "forward": "Move",
        "next_link": "Links", "previous_link": "Links", "hints": "Links",
        "open_browser": "Article", "copy_url": "Article", "copy_citation": "Article",
        "bookmark": "Article", "toggle_read": "Article", "reload": "Article",
        "export": "Article",
        "search": "Lists", "sync": "Lists", "pick_list": "Lists", "filter": "Lists",
        "toggle_links": "General", "escape": "General",
    }

    def __init__(self) -> None:
        # Set before mounting: a class added in on_mount restyles every widget once more.
        super().__init__(classes="-no-article")
        if self.app.size.width < NARROW_BELOW:
            self.add_class("-narrow")
        self.list_key = FRONT
        self.list_title = "Startseite"
        self.list_fetched: datetime | None = None
        # A search's further page (Listing.next_url), and the pages of it already shown.
        self.list_next: str | None = None
        self._pages_seen: set[str] = set()
        self.article: Article | None = None
        self.article_url: str | None = None
        self.nav = Navigator()
        self.digits = ""
        self._first_paint_done = False
        self.filter_input = Input(placeholder="Filter (escape clears)", id="filter")
        self.article_list = ArticleList(id="list")
        self.body = ArticleBody(id="body")
        self.links = LinkPane(id="links")
        self.status = StatusLine(id="status")
        self.top_bar = TopBar(id="top")

    @property
    def tapp(self) -> TazReaderApp:
        return cast("TazReaderApp", self.app)

    @property
    def store(self) -> Store:
        return self.tapp.store

    @property
    def base(self) -> str:
        return self.tapp.config.base_url

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield self.top_bar
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield self.filter_input
                yield self.article_list
            yield self.body
            yield self.links
        yield self.status
        yield KeyBar(id="keys")

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_BELOW, "-narrow")

    def on_mount(self) -> None:
        self.nav = Navigator.from_json(self._meta(NAV_KEY))
        start = self._meta(LAST_LIST_KEY) or self.tapp.config.start_list
        self.body.show_message("Pick an article: ↑/↓ or j/k, then enter.  ? shows every key.")
        self.show_list(source_for_start(str(start), self.base), push=False)
        self.article_list.focus()

    # -- store helpers (the store is quick, but a broken disk must not crash the reader) ----

    def _meta(self, key: str) -> Any:
        try:
            return self.store.get_meta(key)
        except sqlite3.Error as exc:
            self.say(f"The offline cache cannot be read: {exc}", error=True)
            return None

    def _set_meta(self, key: str, value: Any) -> None:
        try:
            self.store.set_meta(key, value)
        except sqlite3.Error as exc:
            self.say(f"The offline cache cannot be written: {exc}", error=True)

    def say(self, message: str, *, error: bool = False, warning: bool = False) -> None:
        message = visible(message)
        if error:
            self.app.notify(message, severity="error", markup=False, timeout=8)
        elif warning:
            self.app.notify(message, severity="warning", markup=False)
        else:
            self.app.notify(message, markup=False)

    def _connected(self, fetched_at: datetime | None = None) -> str:
        """The status of a working connection: the sample's local site, or taz.de."""
        if self.tapp.sample:
            return "sample edition (local)"
        return f"online — cached from {_time(fetched_at)}" if fetched_at else "online"

    def _network_idle(self) -> None:
        if self.tapp.offline:
            when = f" — cached from {_time(self.list_fetched)}" if self.list_fetched else ""
            self.status.set_network(f"offline mode{when}")

    # -- lists -----------------------------------------------------------------------------

    def location(self) -> Location:
        position = self.body.scroll_y if self.article is not None else 0.0
        return Location(self.list_key, self.article_url, float(position))

    def _save_nav(self) -> None:
        self._set_meta(NAV_KEY, self.nav.to_json())

    def _states(self, teasers: Sequence[Teaser]) -> dict[str, Any]:
        try:
            return dict(self.store.states([t.id for t in teasers]))
        except sqlite3.Error:
            return {}

    def _cached_teasers(self, key: str) -> tuple[list[Teaser], datetime | None, bool]:
        """(teasers, fetched_at, found) from the store, without the network."""
        try:
            if key == BOOKMARKS:
                return self.store.bookmarks(), None, True
            if key == HISTORY:
                return self.store.history(), None, True
            if key == OFFLINE:
                return self.store.offline_articles(), None, True
            url = list_url(key, self.base)
            if url is None:
                return [], None, False
            cached = self.store.get_listing(url)
        except sqlite3.Error as exc:
            self.say(f"The offline cache cannot be read: {exc}", error=True)
            return [], None, False
        if cached is None:
            return [], None, False
        listing, fetched_at = cached
        self.list_title = listing_title(key, listing, self.base)
        return list(listing.teasers), fetched_at, True

    def show_list(self, key: str, *, push: bool = True, refresh: bool = False) -> None:
        """Show a list at once from the cache, then refresh it in a worker."""
        if push and key != self.list_key:
            self.nav.push(self.location())
            self._save_nav()
        if key != self.list_key and self.filter_input.display:
            # A filter belongs to the list it was typed for.
            self.filter_input.value = ""
            self.filter_input.display = False
            self.article_list.filter_text = ""
        self.list_key = key
        self.status.set_activity("list", "")  # a load still running is for the list left
        self.workers.cancel_group(self, "more")
        self._set_next(None)
        self.list_title = source_title(key, self.base)
        self.article_list.show_snippets = key.startswith(SEARCH_PREFIX)
        self._set_meta(LAST_LIST_KEY, key)
        teasers, fetched_at, found = self._cached_teasers(key)
        self.list_fetched = fetched_at
        if key in LOCAL_SOURCES:
            self.article_list.empty_text = EMPTY_LOCAL[key]
        elif self.tapp.offline and not key.startswith(SEARCH_PREFIX):
            self.article_list.empty_text = "Not in the offline cache."
        else:
            self.article_list.empty_text = "Loading …"
        states = self._states(teasers)
        self.article_list.set_teasers(teasers, states)
        self._complete_later(key, teasers, states)
        self._update_title()
        if not self._first_paint_done:
            self._first_paint_done = True
            self.call_after_refresh(self.tapp.first_paint)
        local = key in LOCAL_SOURCES
        if local:
            if self.tapp.offline:
                self.status.set_network("offline mode")
            elif self.tapp.sample:
                self.status.set_network(self._connected())
            if not teasers and self.article is None:
                self.body.show_message(EMPTY_LOCAL[key])
            return
        if self.tapp.offline:
            self._network_idle()
            if not found and key.startswith(SEARCH_PREFIX):
                self.call_after_refresh(self._load_list, key, refresh)
            elif not found and self.article is None:
                self.body.show_message(FIRST_RUN.format(reason="the reader is in offline mode"))
            return
        self.article_list.loading = not teasers
        doing = "refreshing" if teasers else "loading"
        self.status.set_activity("list", f"{doing} {one_line(self.list_title)} …")
        # Start the network work after the first paint, so start-up never waits on it.
        self.call_after_refresh(self._load_list, key, refresh)

    @work(exclusive=True, group="list", exit_on_error=False)
    async def _load_list(self, key: str, refresh: bool = False) -> None:
        try:
            await self._fetch_list(key, refresh)
        finally:
            if key == self.list_key:
                self.status.set_activity("list", "")

    async def _fetch_list(self, key: str, refresh: bool) -> None:
        reader = await self.tapp.get_reader()
        from tazreader.taz.client import TazClient  # loaded by get_reader: cheap

        try:
            if key.startswith(SEARCH_PREFIX):
                fetched = await reader.search(key[len(SEARCH_PREFIX) :])
            else:
                url = list_url(key, self.base)
                if url is None:
                    return
                fetched = await reader.listing(url, refresh=refresh)
        except (TazClient.Error, ParseError, BadUrl, sqlite3.Error, OSError) as exc:
            if key != self.list_key:
                return
            self.article_list.loading = False
            self.article_list.empty_text = "Could not be loaded (r tries again)."
            self.article_list.refresh()
            offline = isinstance(exc, TazClient.Offline)
            if self.list_fetched is not None:
                state = "offline" if offline else "error"
                self.status.set_network(f"{state} — cached from {_time(self.list_fetched)}")
            else:
                self.status.set_network("offline" if offline else "error")
            if not self.article_list.teasers and self.article is None and offline:
                self.body.show_message(FIRST_RUN.format(reason="taz.de cannot be reached"))
            self.say(f"{self.list_title}: {exc}", error=True)
            return
        if key != self.list_key:
            return
        self.article_list.loading = False
        self.article_list.empty_text = "Nothing found." if key.startswith(SEARCH_PREFIX) else (
            "This list is empty."
        )
        listing = fetched.value
        self.list_fetched = fetched.fetched_at
        self.list_title = listing_title(key, listing, self.base)
        states = self._states(listing.teasers)
        self.article_list.set_teasers(listing.teasers, states, keep_position=True)
        self.workers.cancel_group(self, "more")  # a reload starts again at page 1
        self._pages_seen = {listing.url}
        self._set_next(listing.next_url if key.startswith(SEARCH_PREFIX) else None)
        self._complete_later(key, listing.teasers, states)
        self._update_title()
        if fetched.problem:
            self.status.set_network(fetched.problem)
        elif self.tapp.offline and key.startswith(SEARCH_PREFIX):
            self.status.set_network("offline mode — results from the offline cache")
        elif self.tapp.offline:
            self._network_idle()
        else:
            self.status.set_network(
                self._connected(fetched.fetched_at if fetched.from_cache else None)
            )
        if not listing.teasers and self.article is None:
            self.body.show_message("This list is empty.")

    def _set_next(self, url: str | None) -> None:
        """The further page of the list; the list's "more" row is there while there is one."""
        if url is not None and url in self._pages_seen:
            url = None  # a page that points back to one already shown: the end
        self.list_next = url
        self.article_list.set_more(MORE_TEXT if url else "")

    def load_more(self) -> None:
        """Append the list's next page (the "more" row's action)."""
        if self.list_next is None or self.article_list.more_text == MORE_LOADING:
            return
        self.article_list.set_more(MORE_LOADING)
        self._load_more(self.list_key, self.list_next)

    @work(exclusive=True, group="more", exit_on_error=False)
    async def _load_more(self, key: str, url: str) -> None:
        try:
            await self._fetch_more(key, url)
        finally:
            if key == self.list_key and self.article_list.more_text == MORE_LOADING:
                self.article_list.set_more(MORE_TEXT if self.list_next else "")

    async def _fetch_more(self, key: str, url: str) -> None:
        reader = await self.tapp.get_reader()
        from tazreader.taz.client import TazClient  # loaded by get_reader: cheap

        try:
            fetched = await reader.listing(url)
        except (TazClient.Error, ParseError, BadUrl, sqlite3.Error, OSError) as exc:
            if key == self.list_key:
                self.say(f"{self.list_title}: further results: {exc}", error=True)
            return
        if key != self.list_key:
            return
        listing = fetched.value
        self._pages_seen.add(url)
        states = self._states(listing.teasers)
        self.article_list.append_teasers(listing.teasers, states)
        self._set_next(listing.next_url)
        self._complete_later(key, self.article_list.teasers, self.article_list.states)

    @on(ArticleList.MoreChosen)
    def _more_chosen(self) -> None:
        self.load_more()

    def _complete_later(self, key: str, teasers: Sequence[Teaser], states: dict[str, Any]) -> None:
        """Teasers without a date (the front page has none) get the date and authors of their
        cached article, read in a thread after the list has been painted."""
        missing = [t.id for t in teasers
                   if t.published is None and (state := states.get(t.id)) and state.cached]
        if missing:
            self.call_after_refresh(self._complete_teasers, key, missing[:MAX_COMPLETED])

    @work(exclusive=True, group="complete", exit_on_error=False)
    async def _complete_teasers(self, key: str, ids: list[str]) -> None:
        found = await asyncio.to_thread(self._cached_heads, ids)
        if key == self.list_key and found:
            self.article_list.complete(found)

    def _cached_heads(self, ids: list[str]) -> dict[str, Teaser]:
        out: dict[str, Teaser] = {}
        for article_id in ids:
            try:
                cached = self.store.get_article(article_id)
            except sqlite3.Error:
                break
            if cached is not None:
                out[article_id] = cached[0].teaser_entry()
        return out

    def _update_title(self) -> None:
        banner = self.tapp.banner
        self.title = f"tazreader · {one_line(banner)}" if banner else "tazreader"
        where = self.list_title
        if self.article is not None:
            where += f" › {self.article.headline}"
        self.sub_title = one_line(where)
        self.top_bar.show(where, banner or "")

    def refresh_list_marks(self) -> None:
        lst = self.article_list
        lst.update_states(self._states(lst.teasers))

    # -- articles --------------------------------------------------------------------------

    def _leave_article(self) -> None:
        if self.article is not None:
            with contextlib.suppress(sqlite3.Error):
                self.store.set_position(self.article.id, float(self.body.scroll_y))

    def open_article(
        self, url: str, *, push: bool = True, position: float | None = None,
        refresh: bool = False,
    ) -> None:
        try:
            url = parse_url(url, self.base).url
        except BadUrl as exc:
            self.say(str(exc), error=True)
            return
        if push and self.article_url is not None and url != self.article_url:
            self.nav.push(self.location())
            self._save_nav()
        if url != self.article_url:
            self._leave_article()
            self.status.set_pending("")  # the selected link belonged to the article left
            self.status.set_activity("article", "")
        self.article_url = url
        cached = None
        try:
            cached = self.store.get_article(url)
        except sqlite3.Error as exc:
            self.say(f"The offline cache cannot be read: {exc}", error=True)
        if cached is not None and not refresh:
            self._show_article(cached[0], position)
        elif cached is None:
            self.article = None
            self.body.show_message("Loading the article …")
            self.links.show_entries([])
            self.body.loading = True
            self._update_title()
        if self.tapp.offline and cached is None:
            self.body.loading = False
            self.body.show_message(
                "This article is not in the offline cache, and the reader is offline."
            )
            return
        if not self.tapp.offline:
            if cached is None or refresh:
                self.status.set_activity("article", "loading the article …")
            self._load_article(url, position, refresh)

    def _show_article(self, article: Article, position: float | None) -> None:
        fresh_open = self.article is None or self.article.id != article.id
        if position is None and fresh_open:
            try:
                position = self.store.get_position(article.id)
            except sqlite3.Error:
                position = None
        if not fresh_open and position is None:
            position = float(self.body.scroll_y)
        self.article = article
        self.body.loading = False
        if self.has_class("-no-article"):
            # The link pane comes back and narrows the body: lay out first, then place the
            # text, so that a restored reading position is measured in the final wrapping.
            self.remove_class("-no-article")
            self.body.show_article(article, None)
            self.call_after_refresh(self._place_article, article, position)
        else:
            self.body.show_article(article, position)
        entries = entries_for(article, self.base)
        ids = [e.article_id for e in entries if e.article_id]
        try:
            cached = self.store.cached_ids(ids)
        except sqlite3.Error:
            cached = set()
        self.links.show_entries(entries, cached)
        if fresh_open:
            try:
                self.store.add_history(article.teaser_entry())
                self.store.set_read(article.id, True)
            except sqlite3.Error as exc:
                self.say(f"The offline cache cannot be written: {exc}", error=True)
            self.article_list.highlight_id(article.id)
            self.refresh_list_marks()
        self._update_title()

    def _place_article(self, article: Article, position: float | None) -> None:
        if self.article is article:
            self.body.show_article(article, position)

    @work(exclusive=True, group="article", exit_on_error=False)
    async def _load_article(self, url: str, position: float | None, refresh: bool) -> None:
        try:
            await self._fetch_article(url, position, refresh)
        finally:
            if url == self.article_url:
                self.status.set_activity("article", "")

    async def _fetch_article(self, url: str, position: float | None, refresh: bool) -> None:
        reader = await self.tapp.get_reader()
        from tazreader.taz.client import TazClient  # loaded by get_reader: cheap

        try:
            fetched = await reader.article(url, refresh=refresh)
        except (TazClient.Error, ParseError, BadUrl, sqlite3.Error, OSError) as exc:
            if url != self.article_url:
                return
            self.body.loading = False
            if self.article is None:
                self.body.show_message(f"The article could not be loaded:\n{exc}")
            if isinstance(exc, TazClient.Offline):
                self.status.set_network("offline")
            self.say(str(exc), error=True)
            return
        if url != self.article_url:
            return
        if fetched.problem:
            self.status.set_network(fetched.problem)
        elif not fetched.from_cache:
            self.status.set_network(self._connected())
        if self.article != fetched.value:
            keep = position if self.article is None else None
            self._show_article(fetched.value, keep)
        self.body.loading = False

    @work(exclusive=True, group="reparse", exit_on_error=False)
    async def reparse_cached(self) -> None:
        """Once per run, after the first paint: re-read pages cached by an older parser (in a
        thread), then show the open article again if it was one of them."""
        reader = await self.tapp.get_reader()
        try:
            count = await asyncio.to_thread(reader.reparse_cached)
        except (sqlite3.Error, OSError) as exc:
            self.say(f"The offline cache could not be updated: {exc}", warning=True)
            return
        if not count:
            return
        articles = "article" if count == 1 else "articles"
        self.say(f"{count} cached {articles} re-read by the updated parser.")
        if self.article is None or self.article_url is None:
            return
        try:
            cached = self.store.get_article(self.article_url)
        except sqlite3.Error:
            return
        if cached is not None and cached[0] != self.article:
            self._show_article(cached[0], None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker failed in a way nobody expected: tell the reader, keep running."""
        if event.state is WorkerState.ERROR:
            self.article_list.loading = False
            self.body.loading = False
            error = event.worker.error
            self.say(f"Unexpected error: {error!r}", error=True)

    # -- following links -------------------------------------------------------------------

    def follow_url(self, url: str, text: str = "") -> None:
        try:
            parsed = parse_url(url, self.base)
        except BadUrl as exc:
            self.say(f"Cannot follow this link: {exc}", error=True)
            return
        if parsed.kind is PageKind.ARTICLE:
            self.open_article(parsed.url)
        elif parsed.kind is PageKind.FRONT:
            self.show_list(FRONT)
        elif parsed.kind is PageKind.SEARCH:
            self.show_list(f"{SEARCH_PREFIX}{parsed.query or ''}")
        elif parsed.kind.opens_inside:
            self.show_list(parsed.url)
        else:
            self.open_external(url, text)

    def open_external(self, url: str, text: str = "", *, ask: bool = True) -> None:
        problem = browser_problem(url)
        if problem is not None:
            self.say(problem, error=True)
            return
        if not ask:
            self._to_browser(url)
            return
        from tazreader.app.screens.confirm import ConfirmLinkScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._to_browser(url)

        self.app.push_screen(ConfirmLinkScreen(url, text), answered)

    def _to_browser(self, url: str) -> None:
        try:
            self.tapp.open_in_browser(url)
        except Exception as exc:  # noqa: BLE001 - any browser launcher failure is just a message
            self.say(f"The browser could not be started: {exc}", error=True)

    def follow_link(self, number: int) -> None:
        if self.article is None:
            self.say("No article is open.", warning=True)
            return
        if not 1 <= number <= len(self.article.links):
            self.say(f"There is no link [{number}] in this article.", warning=True)
            return
        self.select_link(number)
        link = self.article.links[number - 1]
        self.follow_url(link.url, link.text)

    def select_link(self, number: int | None) -> None:
        self.body.select_link(number)
        self.links.select_number(number)
        if number is not None and self.article is not None:
            link = self.article.links[number - 1]
            entry = next((e for e in self.links.entries if e.number == number), None)
            inside = entry is not None and entry.inside
            target = short_url(link.url, inside, 200)
            self.status.set_pending(f"[{number}] {link.text} → {'taz ' if inside else ''}{target}")
        else:
            self.status.set_pending("")

    @on(ArticleList.Chosen)
    def _list_chosen(self, event: ArticleList.Chosen) -> None:
        self.open_article(event.teaser.url)

    @on(LinkPane.Chosen)
    def _entry_chosen(self, event: LinkPane.Chosen) -> None:
        if self.digits:
            # "12 enter" in the link pane means link 12, not the highlighted entry.
            self.action_activate()
            return
        self.follow_entry(event.entry)

    def follow_entry(self, entry: LinkEntry) -> None:
        if entry.number is not None:
            self.follow_link(entry.number)
        else:
            self.follow_url(entry.url, entry.text)

    @on(ArticleBody.LinkClicked)
    def _body_link(self, event: ArticleBody.LinkClicked) -> None:
        self.follow_link(event.number)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.article_list.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.article_list.set_filter(event.value)

    # -- actions ---------------------------------------------------------------------------

    def action_page_down(self) -> None:
        self.body.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.body.scroll_page_up(animate=False)

    def action_top(self) -> None:
        self.body.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.body.scroll_end(animate=False)

    def _panes(self) -> list[Any]:
        panes: list[Any] = [self.article_list, self.body]
        if self.links.display:
            panes.append(self.links)
        return panes

    def _cycle_focus(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        index = panes.index(focused) if focused in panes else -1
        panes[(index + step) % len(panes)].focus()

    def action_focus_next_pane(self) -> None:
        self._cycle_focus(1)

    def action_focus_previous_pane(self) -> None:
        self._cycle_focus(-1)

    def action_activate(self) -> None:
        if self.digits:
            number = int(self.digits)
            self.digits = ""
            self.status.set_pending("")
            self.follow_link(number)
            return
        focused = self.focused
        if focused is self.filter_input:
            self.article_list.focus()
        elif focused is self.article_list:
            teaser = self.article_list.highlighted_teaser
            if teaser is not None:
                self.open_article(teaser.url)
            elif self.article_list.on_more_row:
                self.load_more()
        elif focused is self.links:
            entry = self.links.highlighted_entry
            if entry is not None:
                self.follow_entry(entry)
        elif self.body.selected_link is not None:
            self.follow_link(self.body.selected_link)

    def action_digit(self, digit: int) -> None:
        if self.article is None:
            return
        self.digits = (self.digits + str(digit))[-4:]
        self.status.set_pending(f"link {self.digits} — enter follows, escape cancels")

    def action_escape(self) -> None:
        if self.digits:
            self.digits = ""
            self.status.set_pending("")
        elif self.filter_input.display:
            self.filter_input.value = ""
            self.filter_input.display = False
            self.article_list.set_filter("")
            self.article_list.focus()
        elif self.body.selected_link is not None:
            self.select_link(None)

    def _step_link(self, step: int) -> None:
        if self.article is None or not self.article.links:
            self.say("This article has no links.", warning=True)
            return
        count = len(self.article.links)
        current = self.body.selected_link
        if current is None:
            number = self.body.first_link_in_view(after=step > 0) or (1 if step > 0 else count)
        else:
            number = (current - 1 + step) % count + 1
        self.select_link(number)
        if self.focused is not self.links:
            self.body.focus()

    def action_next_link(self) -> None:
        self._step_link(1)

    def action_previous_link(self) -> None:
        self._step_link(-1)

    def action_hints(self) -> None:
        in_view = self.body.links_in_view()
        if not in_view:
            self.say("No links in view.", warning=True)
            return
        hints = dict(zip(in_view, hint_labels(len(in_view)), strict=True))
        self.body.show_hints(hints)
        from tazreader.app.screens.hints import HintScreen

        def chosen(number: int | None) -> None:
            self.body.show_hints({})
            if number is not None:
                self.follow_link(number)

        self.app.push_screen(HintScreen(hints), chosen)

    def action_back(self) -> None:
        target = self.nav.go_back(self.location())
        if target is None:
            self.say("Nothing to go back to.", warning=True)
            return
        self._goto(target)

    def action_forward(self) -> None:
        target = self.nav.go_forward(self.location())
        if target is None:
            self.say("Nothing to go forward to.", warning=True)
            return
        self._goto(target)

    def _goto(self, target: Location) -> None:
        self._save_nav()
        if target.list_key != self.list_key:
            self.show_list(target.list_key, push=False)
        if target.article_url is not None:
            self.open_article(target.article_url, push=False, position=target.position)
            if self.article is not None:
                # Back in a list: its cursor on the article, as when it was opened from there.
                self.article_list.highlight_id(self.article.id)
        else:
            self._leave_article()
            self.article = None
            self.article_url = None
            self.add_class("-no-article")
            self.links.show_entries([])
            self.body.show_message("Pick an article: enter opens it.")
            self._update_title()

    def _current_teaser(self) -> Teaser | None:
        if self.focused is self.article_list or self.article is None:
            return self.article_list.highlighted_teaser
        return self.article.teaser_entry()

    def action_open_browser(self) -> None:
        url = self.article.url if self.article is not None else None
        if url is None and (teaser := self.article_list.highlighted_teaser) is not None:
            url = teaser.url
        if url is None:
            self.say("No article is open.", warning=True)
            return
        self.open_external(url, ask=False)

    def action_copy_url(self) -> None:
        teaser = self._current_teaser()
        if teaser is None:
            return
        self.app.copy_to_clipboard(teaser.url)
        self.say(f"Copied: {teaser.url}")

    def action_copy_citation(self) -> None:
        if self.article is None:
            self.say("No article is open.", warning=True)
            return
        text = citation(self.article)
        self.app.copy_to_clipboard(text)
        self.say(f"Copied: {text}")

    def action_bookmark(self) -> None:
        teaser = self._current_teaser()
        if teaser is None:
            return
        try:
            state = self.store.states([teaser.id]).get(teaser.id)
            if state is not None and state.bookmarked:
                self.store.remove_bookmark(teaser.id)
                self.say(f"Bookmark removed: {teaser.title}")
            else:
                self.store.add_bookmark(teaser)
                self.say(f"Bookmarked: {teaser.title}")
        except sqlite3.Error as exc:
            self.say(f"The offline cache cannot be written: {exc}", error=True)
            return
        if self.list_key == BOOKMARKS:
            self.show_list(BOOKMARKS, push=False)
        else:
            self.refresh_list_marks()

    def action_toggle_read(self) -> None:
        teaser = self._current_teaser()
        if teaser is None:
            return
        try:
            state = self.store.states([teaser.id]).get(teaser.id)
            self.store.set_read(teaser.id, not (state is not None and state.read))
        except sqlite3.Error as exc:
            self.say(f"The offline cache cannot be written: {exc}", error=True)
            return
        self.refresh_list_marks()

    def action_reload(self) -> None:
        if self.tapp.offline:
            self.say("Offline mode: nothing is reloaded.", warning=True)
            return
        self.show_list(self.list_key, push=False, refresh=True)
        if self.article_url is not None:
            self.open_article(self.article_url, push=False, refresh=True)

    def action_search(self) -> None:
        from tazreader.app.screens.search import SearchScreen

        def searched(query: str | None) -> None:
            if query:
                self.show_list(f"{SEARCH_PREFIX}{query}")
                self.article_list.focus()

        if self.tapp.sample:
            where = "the sample"
        elif self.tapp.offline:
            where = "the offline cache"
        else:
            where = "taz.de"
        self.app.push_screen(SearchScreen(where), searched)

    def action_pick_list(self) -> None:
        from tazreader.app.screens.picker import SectionPicker

        def picked(key: str | None) -> None:
            if key:
                self.show_list(key)
                self.article_list.focus()

        self.app.push_screen(SectionPicker(all_sources(self.base), self.list_key), picked)

    def action_filter(self) -> None:
        self.filter_input.display = True
        self.filter_input.focus()

    def action_toggle_links(self) -> None:
        if self.has_class("-narrow"):
            self.toggle_class("-links-shown")
        else:
            self.toggle_class("-links-hidden")

    def action_export(self) -> None:
        if self.article is None:
            self.say("No article is open.", warning=True)
            return
        from tazreader import paths
        from tazreader.app.screens.export import ExportScreen

        article = self.article

        def chosen(fmt: str | None) -> None:
            if fmt not in ("text", "markdown"):
                return
            from tazreader.app.exporting import export_article

            try:
                target = export_article(article, "markdown" if fmt == "markdown" else "text")
            except OSError as exc:
                self.say(f"Export failed: {exc}", error=True)
                return
            self.say(f"Saved: {target}")

        self.app.push_screen(ExportScreen(article.headline, str(paths.export_dir())), chosen)

    def action_sync(self) -> None:
        if self.tapp.offline:
            self.say("Offline mode: syncing needs the network.", warning=True)
            return
        self._sync(self.list_key, list(self.article_list.teasers))

    @work(exclusive=True, group="sync", exit_on_error=False)
    async def _sync(self, key: str, teasers: list[Teaser]) -> None:
        status = self.status
        status.set_progress("syncing …")
        try:
            await self._sync_list(key, teasers)
        finally:
            status.set_progress("")  # also when the worker fails unexpectedly

    async def _sync_list(self, key: str, teasers: list[Teaser]) -> None:
        status = self.status
        reader = await self.tapp.get_reader()
        from tazreader.taz.client import TazClient  # loaded by get_reader: cheap

        try:
            url = list_url(key, self.base)
            if url is not None:
                def progress(event: SyncEvent) -> None:
                    status.set_progress(f"syncing {event.done}/{event.total}")

                report = await reader.sync([url], on_progress=progress)
                message = (
                    f"Synced: {report.fetched} fetched, {report.unchanged} unchanged"
                    + (f", {len(report.failed)} failed" if report.failed else "")
                )
            else:
                failed = 0
                for i, teaser in enumerate(teasers, 1):
                    status.set_progress(f"syncing {i}/{len(teasers)}")
                    try:
                        await reader.article(teaser.url)
                    except (TazClient.Error, ParseError) as exc:
                        failed += 1
                        last = str(exc)
                message = f"Synced: {len(teasers) - failed} of {len(teasers)}"
                if failed:
                    message += f" (error: {last})"
        except (TazClient.Error, ParseError, BadUrl, sqlite3.Error, OSError) as exc:
            self.say(f"Sync failed: {exc}", error=True)
            return
        self.say(message)
        self.refresh_list_marks()

    def on_unmount(self) -> None:
        self._leave_article()
        self._save_nav()

    # -- help / palette --------------------------------------------------------------------

    def help_rows(self) -> list[tuple[str, str, str, str]]:
        """(group, keys, description, id) of every reader action, with the user's keymap."""
        keymap = self.tapp.keymap
        rows: list[tuple[str, str, str, str]] = []
        for binding in self.BINDINGS:
            if not isinstance(binding, Binding) or binding.id is None:
                continue
            if binding.id.startswith("digit_"):
                continue
            keys = self.tapp.keys_display(keymap.get(binding.id, binding.key))
            group = self.HELP_GROUP.get(binding.id, "General")
            rows.append((group, keys, binding.description, binding.id))
        rows.append(("Links", "0-9 enter", "Follow link number n", "digit_0 … digit_9"))
        # The keys that move inside one pane belong to the pane's widget, not to the screen:
        # they come first.
        # Each widget lists its bindings in pairs (down/up, top/bottom …): one row a pair.
        pane_rows: list[tuple[str, str, str, str]] = []
        for owner, where in ((ArticleList, "list"), (ArticleBody, "article"),
                             (LinkPane, "link pane")):
            bindings = [b for b in owner.BINDINGS if isinstance(b, Binding) and b.id]
            for first, second in zip(bindings[::2], bindings[1::2], strict=False):
                keys = "  ".join(
                    self.tapp.keys_display(keymap.get(str(b.id), b.key)) for b in (first, second)
                )
                what = f"{first.description} / {second.description.lower()} ({where})"
                pane_rows.append(("Move", keys, what, f"{first.id} {second.id}"))
        rows = pane_rows + rows
        rows.sort(key=lambda row: HELP_GROUPS.index(row[0]))
        return rows

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        out: list[tuple[str, str, Any]] = []
        for binding in self.BINDINGS:
            if not isinstance(binding, Binding) or binding.id is None:
                continue
            if binding.id.startswith("digit_") or binding.id in ("escape", "open"):
                continue
            keys = self.tapp.keys_display(self.tapp.keymap.get(binding.id, binding.key))
            out.append((binding.description, f"key {keys}",
                        _runner(self, binding.action)))
        for key, label in all_sources(self.base):
            out.append((f"List: {label.strip()}", "show this list",
                        _list_opener(self, key)))
        return out


def _runner(screen: ReaderScreen, action: str) -> Any:
    async def run() -> None:
        await screen.run_action(action)

    return run


def _list_opener(screen: ReaderScreen, key: str) -> Any:
    def run() -> None:
        screen.show_list(key)

    return run
