"""The list pane: a filter over the article list, and the loading of what it lists.

``show(source)`` puts the cached copy of a list on the screen at once and refreshes it in the
pane's own exclusive worker (a list left before it arrived is never shown); the pane then posts
:class:`ListPane.Loaded` or :class:`ListPane.Failed` for the screen to say so. A search with a
further page ends in a "more" row that loads and appends it; rows without a date (the front
page has none) get the date and authors of their cached article once the list is painted.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input
from textual.worker import Worker

from tazreader.app.addresses import looks_like_address
from tazreader.app.text import say
from tazreader.app.widgets.article_list import ArticleList
from tazreader.app.widgets.failure import failed
from tazreader.i18n import N_, _
from tazreader.service import (
    FRONT,
    OFFLINE,
    ArticleState,
    ListPage,
    LocalList,
    Reader,
    ReaderError,
    Search,
    Source,
)
from tazreader.taz.models import Teaser

MAX_COMPLETED = 200  # teasers of one list that get a date from the cache
MORE_TEXT = N_("Load more results …")  # the last row of a search with a further page
MORE_LOADING = N_("Loading more results …")
EMPTY_LOCAL = {
    "bookmarks": N_("No bookmarks yet. B bookmarks the open article."),
    "history": N_("Nothing read yet."),
    "changed": N_("No article has changed since it was read. When taz corrects one, the "
                  "version read is kept."),
    "offline": N_("Nothing cached yet. s fetches the current list for offline reading."),
}


@dataclass(frozen=True)
class Shown:
    """What :meth:`ListPane.show` put on the screen at once."""

    cached: ListPage | None  # the copy from the cache (None: nothing cached)
    fetching: bool  # a network load is on its way
    stand_in: int = 0  # nothing cached: the articles readable offline shown meanwhile


class ListPane(Vertical):
    """The left-hand pane: filter and article list; it loads what it lists."""

    class Loaded(Message):
        """A list arrived from the network (or the cache's own search)."""

        def __init__(self, page: ListPage) -> None:
            super().__init__()
            self.page = page

    class Failed(Message):
        """A list could not be loaded; the cached copy (if any) stays."""

        def __init__(self, source: Source, error: ReaderError) -> None:
            super().__init__()
            self.source = source
            self.error = error

    class Wanted(Message):
        """The reader asked for a list (in the search box or the list picker)."""

        def __init__(self, source: Source) -> None:
            super().__init__()
            self.source = source

    class Address(Message):
        """An address (or an article id) was pasted into the search box: go there."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, reader: Reader, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reader = reader
        self.source: Source = FRONT
        self.page: ListPage | None = None  # the list as last loaded (for its further page)
        self.filter_input = Input(placeholder=_("Filter (escape clears)"), id="filter")
        self.articles = ArticleList(id="list")
        self._pages_seen: set[str] = set()

    def compose(self) -> ComposeResult:
        yield self.articles  # the filter input is mounted when first wanted (open_filter)

    def on_mount(self) -> None:
        self.border_title = _("Articles")

    @property
    def next_url(self) -> str | None:
        """The further page of the list, while there is one to load."""
        return self.page.next_url if self.page is not None else None

    # -- showing a list ------------------------------------------------------------------

    def show(self, source: Source, *, refresh: bool = False) -> Shown:
        """Show ``source`` from the cache now; refresh it from the network in a worker."""
        again = source == self.source  # a reload: the cursor stays on its article
        if not again:
            self.close_filter()  # a filter belongs to the list it was typed for
        self.source = source
        self.workers.cancel_group(self, "more")
        self._set_page(None)
        lst = self.articles
        lst.show_snippets = isinstance(source, Search)
        try:
            cached = self.reader.cached(source)
        except ReaderError as exc:
            say(self, str(exc), error=True)
            cached = None
        reader = self.reader
        if isinstance(source, LocalList):
            lst.empty_text = _(EMPTY_LOCAL[source.name])
        elif reader.offline and not isinstance(source, Search):
            lst.empty_text = _("Not in the offline cache.")
        else:
            lst.empty_text = _("Loading …")
        teasers = cached.teasers if cached is not None else ()
        stand_in = 0
        if cached is None and not isinstance(source, LocalList | Search):
            teasers = self._readable_offline()
            stand_in = len(teasers)
        states = self._states(teasers)
        lst.set_teasers(teasers, states, keep_position=again)
        self._complete_later(source, teasers, states)
        if isinstance(source, LocalList) or (reader.offline and not isinstance(source, Search)):
            return Shown(cached, False, stand_in)
        lst.loading = not teasers
        # The network work starts after this paint, so that showing never waits on it.
        self.call_after_refresh(self._load, source, refresh)
        return Shown(cached, True, stand_in)

    def _readable_offline(self) -> tuple[Teaser, ...]:
        """What stands in for a list never loaded: everything readable offline."""
        try:
            page = self.reader.cached(OFFLINE)
        except ReaderError:
            return ()
        return page.teasers if page is not None else ()

    def cancel(self) -> bool:
        """Stop loading the list (and its further page); True if a load was running."""
        running = any(w.is_running for w in self.workers
                      if w.group in ("list", "more") and w.node is self)
        self.workers.cancel_group(self, "list")
        self.workers.cancel_group(self, "more")
        self.articles.loading = False
        if self.articles.more_text == _(MORE_LOADING):
            self.articles.set_more(_(MORE_TEXT))
        return running

    @work(exclusive=True, group="list", exit_on_error=False)
    async def _load(self, source: Source, refresh: bool) -> None:
        try:
            page = await self.reader.fetch(source, refresh=refresh)
        except ReaderError as exc:
            if source != self.source:
                return
            self.articles.loading = False
            self.articles.empty_text = _("Could not be loaded (r tries again).")
            self.articles.refresh()
            self.post_message(self.Failed(source, exc))
            return
        if source != self.source:
            return
        lst = self.articles
        lst.loading = False
        lst.empty_text = _("Nothing found.") if isinstance(source, Search) else _(
            "This list is empty.")
        states = self._states(page.teasers)
        lst.set_teasers(page.teasers, states, keep_position=True)
        self.workers.cancel_group(self, "more")  # a reload starts again at page 1
        self._pages_seen = {page.url} if page.url else set()
        self._set_page(page)
        self._complete_later(source, page.teasers, states)
        self.post_message(self.Loaded(page))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A load that failed unexpectedly leaves "Could not be loaded", not "Loading …"
        (the screen says why)."""
        if failed(self, event) and event.worker.group == "list" and not self.articles.teasers:
            self.articles.empty_text = _("Could not be loaded (r tries again).")
            self.articles.refresh()

    def stop_loading(self) -> None:
        """A load failed in a way nobody expected: at least take the spinner away."""
        self.articles.loading = False

    # -- a search's further pages --------------------------------------------------------

    def _set_page(self, page: ListPage | None) -> None:
        """The list as loaded; the list's "more" row is there while it has a further page."""
        if page is not None and page.next_url in self._pages_seen:
            page = replace(page, next_url=None)  # it points back to a page shown: the end
        self.page = page
        self.articles.set_more(_(MORE_TEXT) if self.next_url else "")

    def load_more(self) -> None:
        """Append the list's next page (the "more" row's action)."""
        if self.page is None or self.next_url is None:
            return
        if self.articles.more_text == _(MORE_LOADING):
            return
        self.articles.set_more(_(MORE_LOADING))
        self._load_more(self.source, self.page)

    @work(exclusive=True, group="more", exit_on_error=False)
    async def _load_more(self, source: Source, page: ListPage) -> None:
        try:
            try:
                more = await self.reader.fetch_more(page)
            except ReaderError as exc:
                if source == self.source:
                    text = _("{title}: further results: {error}")
                    say(self, text.format(title=page.title, error=exc), error=True)
                return
            if source != self.source:
                return
            if page.next_url:
                self._pages_seen.add(page.next_url)
            lst = self.articles
            lst.append_teasers(more.teasers, self._states(more.teasers))
            self._set_page(more)
            self._complete_later(source, lst.teasers, lst.states)
        finally:
            if source == self.source and self.articles.more_text == _(MORE_LOADING):
                self.articles.set_more(_(MORE_TEXT) if self.next_url else "")

    @on(ArticleList.MoreChosen)
    def _more_chosen(self) -> None:
        self.load_more()

    # -- marks and dates -----------------------------------------------------------------

    def _states(self, teasers: Sequence[Teaser]) -> dict[str, ArticleState]:
        try:
            return self.reader.state.states(t.id for t in teasers)
        except ReaderError:
            return {}

    def refresh_marks(self) -> None:
        """Read, cached and bookmarked marks anew (after a sync, a bookmark …)."""
        self.articles.update_states(self._states(self.articles.teasers))

    def _complete_later(
        self, source: Source, teasers: Sequence[Teaser], states: dict[str, ArticleState]
    ) -> None:
        """Teasers without a date (the front page has none) get the date and authors of their
        cached article, read in a thread after the list has been painted."""
        missing = [t.id for t in teasers
                   if t.published is None and (state := states.get(t.id)) and state.cached]
        if missing:
            self.call_after_refresh(self._complete, source, missing[:MAX_COMPLETED])

    @work(exclusive=True, group="complete", exit_on_error=False)
    async def _complete(self, source: Source, ids: list[str]) -> None:
        try:
            found = await asyncio.to_thread(self.reader.state.heads, ids)
        except ReaderError:
            return
        if source == self.source and found:
            self.articles.complete(found)

    # -- asking for a list ---------------------------------------------------------------

    def ask_search(self, where: str) -> None:
        """The search box (``where``: what it searches, as the label says it)."""
        from tazreader.app.screens.search import SearchScreen

        def searched(query: str | None) -> None:
            if query and looks_like_address(query):
                self.post_message(self.Address(query))
            elif query:
                self.post_message(self.Wanted(Search(query)))

        self.app.push_screen(SearchScreen(where), searched)

    def ask_list(self) -> None:
        """The list picker: Startseite, a section, bookmarks …"""
        from tazreader.app.screens.picker import SectionPicker
        from tazreader.service import all_sources

        def picked(source: Source | None) -> None:
            if source is not None:
                self.post_message(self.Wanted(source))

        sources = all_sources(self.reader.base_url)
        self.app.push_screen(SectionPicker(sources, self.source), picked)

    # -- the filter ----------------------------------------------------------------------

    def open_filter(self) -> None:
        if not self.filter_input.is_mounted:
            self.mount(self.filter_input, before=self.articles)
        self.filter_input.display = True
        self.filter_input.focus()

    def close_filter(self) -> None:
        if self.filtering:
            self.filter_input.value = ""
            self.filter_input.display = False
            self.articles.set_filter("")

    @property
    def filtering(self) -> bool:
        return self.filter_input.is_mounted and bool(self.filter_input.display)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.articles.set_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.articles.focus()
