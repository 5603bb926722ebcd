"""The main screen: list | article | links. It composes the panes, routes their messages to
each other and to the status line, and keeps the reader's way back and forward; the panes
load what they show, and the article actions live in :mod:`tazreader.app.screens.actions`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker

from tazreader.app import status as wording
from tazreader.app.navigation import Location, Navigator
from tazreader.app.screens.actions import ArticleActions
from tazreader.app.screens.following import Follower
from tazreader.app.screens.lists import ListsProvider
from tazreader.app.screens.narrator import Narrator
from tazreader.app.screens.reader_keys import READER_KEYS
from tazreader.app.text import say
from tazreader.app.widgets import ArticleList, StatusLine
from tazreader.app.widgets.article_view import ArticleView
from tazreader.app.widgets.bars import KeyBar, TopBar
from tazreader.app.widgets.failure import WorkerFailed, failed
from tazreader.app.widgets.list_pane import ListPane
from tazreader.app.widgets.text_views import TextViews
from tazreader.i18n import N_, _
from tazreader.service import (
    FRONT,
    Edition,
    LocalList,
    Reader,
    ReaderError,
    Source,
)
from tazreader.taz.models import Article

if TYPE_CHECKING:
    from tazreader.app.widgets.find_bar import FindBar
    from tazreader.app.widgets.link_pane import LinkPane

NARROW_BELOW = 100
UPKEEP_DELAY = 1.0  # seconds after the first paint


def _link_pane(screen: ReaderScreen) -> LinkPane:
    from tazreader.app.widgets.link_pane import LinkPane

    return LinkPane(id="links")


def _find_bar(screen: ReaderScreen) -> FindBar:
    from tazreader.app.widgets.find_bar import FindBar

    return FindBar(screen.body, id="find")


class ReaderScreen(Screen[None]):
    """The reader."""

    AUTO_FOCUS = "#list"
    COMMANDS: ClassVar[set[Any]] = {ListsProvider}

    BINDINGS: ClassVar[list[BindingType]] = READER_KEYS
    # Mounted after the first paint (their modules imported then), or made when first used.
    links = functools.cached_property(_link_pane)
    find_bar = functools.cached_property(_find_bar)

    class Painted(Message):
        """The first list has been painted (the app's start-up is over)."""

    def __init__(
        self, reader: Reader, edition: Edition, start: str, browser: Callable[[str], object],
        *, images: bool = True,
    ) -> None:
        """``start``: the config's start_list ("last": the list open at quit);
        ``browser``: what opens a URL in the system browser; ``images``: show pictures."""
        # Set before mounting: a class added in on_mount restyles every widget once more.
        narrow = " -narrow" if self.app.size.width < NARROW_BELOW else ""
        super().__init__(classes="-no-article" + narrow)
        self.reader = reader
        self.edition = edition
        self.start = start
        self.browser = browser
        self.source: Source = LocalList("offline")
        self.nav = Navigator()
        self.digits = ""
        self._painted = self._late = False  # the first paint; the late panes mounted
        self.list_pane = ListPane(reader, id="list-pane")
        self.body = ArticleView(reader, images=images, id="body")
        self.views = TextViews(reader, self.body)  # comments and changes, in the text's place
        self.status = StatusLine(id="status")
        self.top_bar = TopBar(id="top")
        self.follow = Follower(self)
        self.act = ArticleActions(self, self.follow)
        self.say = Narrator(self, edition)

    # -- what tests and the actions look at ----------------------------------------------

    @property
    def article(self) -> Article | None:
        return self.body.article

    @property
    def article_url(self) -> str | None:
        return self.body.url

    @property
    def article_list(self) -> ArticleList:
        return self.list_pane.articles

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The text views, the link pane and the find bar are mounted after the first paint.
        yield self.top_bar
        with Horizontal(id="panes"):
            yield self.list_pane
            yield self.body
        yield self.status
        yield KeyBar(id="keys")

    async def _on_resize(self, event: events.Resize) -> None:
        # Screen._on_resize's turn: Textual 8.2.8 sends the start size 3 times (test_start.py).
        self.set_class(event.size.width < NARROW_BELOW, "-narrow")
        if event.size == self._size:
            event.prevent_default()  # skips Screen._on_resize (one handler a class, "_" 1st)

    def on_mount(self) -> None:
        from tazreader.service import source_for_start

        try:
            self.nav = Navigator.from_json(self.reader.state.navigation())
            last = self.reader.state.last_list()
        except ReaderError as exc:
            say(self, str(exc), error=True)
            last = None
        self.body.show_message(_(wording.PICK))
        first = (last or FRONT if self.start.strip() in ("", "last")
                 else source_for_start(self.start, self.reader.base_url))
        self.show_list(first, push=False)
        self.article_list.focus()

    def on_unmount(self) -> None:
        self.body.leave()
        self._save_nav()

    # -- lists -----------------------------------------------------------------------------

    def location(self) -> Location:
        position = self.body.scroll_y if self.article is not None else 0.0
        return Location(self.source, self.article_url, float(position))

    def _save_nav(self) -> None:
        try:
            self.reader.state.save_navigation(self.nav.to_json())
        except ReaderError as exc:
            say(self, str(exc), error=True)

    def show_list(self, source: Source, *, push: bool = True, refresh: bool = False) -> None:
        """Show a list at once from the cache, then refresh it (the list pane's worker)."""
        if push and source != self.source:
            self.nav.push(self.location())
            self._save_nav()
        self.source = source
        self.status.set_activity("list", "")  # a load still running is for the list left
        try:
            self.reader.state.save_last_list(source)
        except ReaderError as exc:
            say(self, str(exc), error=True)
        if not self._painted:
            self._painted = True
            self.call_after_refresh(self._first_paint)
        self.say.list_shown(source, self.list_pane.show(source, refresh=refresh))

    def _first_paint(self) -> None:
        self.post_message(self.Painted())
        self.call_after_refresh(self._mount_hidden)
        # The upkeep (re-parse, index) a moment later: its parsers would slow the first frames.
        self.set_timer(UPKEEP_DELAY, self.body.reparse_cached)

    def _mount_hidden(self) -> None:
        """The panes hidden at the start: after the first paint, or with an earlier article."""
        if not self._late:
            self._late = True
            self.query_one("#panes").mount(*self.views, self.links, after=self.body)
            self.mount(self.find_bar, before=self.status)

    @on(ListPane.Loaded)
    def _list_loaded(self, event: ListPane.Loaded) -> None:
        self.say.list_loaded(event.page)

    @on(ListPane.Failed)
    def _list_failed(self, event: ListPane.Failed) -> None:
        self.say.list_failed(event.error)

    # -- articles --------------------------------------------------------------------------

    def open_article(self, url: str, *, push: bool = True, position: float | None = None,
                     refresh: bool = False) -> None:
        """Open an article (a taz article URL) in the body pane."""
        key = self.follow.article_key(url)
        if key is None:
            return
        if push and self.article_url is not None and key != self.article_url:
            self.nav.push(self.location())
            self._save_nav()
        if key != self.article_url:
            self.status.set_pending("")  # the selected link belonged to the article left
        self._mount_hidden()  # opened that early, the article is laid out with its link pane
        fetching = self.body.open(key, position=position, refresh=refresh)
        if self.article is None:
            self.links.show_entries([])
        # Laid out for the article now, not after Shown (wrapped once, pictures at that width)
        self.set_class(self.article is None and not fetching, "-no-article")  # none coming
        self.say.article_opening(fetching)

    @on(ArticleView.Shown)
    def _article_shown(self, event: ArticleView.Shown) -> None:
        self.remove_class("-no-article")
        self.links.show_article(event.article, self.reader)
        self.views.show(event.article, event.opened)
        self.article_list.mark_open(event.article.id)
        if event.opened:
            self.article_list.highlight_id(event.article.id)
            self.list_pane.refresh_marks()
        self.find_bar.refresh_count()
        self.say.update_title()

    @on(ArticleView.Loaded)
    def _article_loaded(self, event: ArticleView.Loaded) -> None:
        self.say.article_loaded(event.fetched)

    @on(ArticleView.Failed)
    def _article_failed(self, event: ArticleView.Failed) -> None:
        self.set_class(self.article is None, "-no-article")  # nothing came: no link pane
        self.say.article_failed(event.error)

    def action_view(self, name: str, what: str) -> None:
        """c t v: the comments or the changes of the article, in place of its text."""
        self.views.run(name, what)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        failed(self, event)  # a worker of the screen's own: as a pane's (below)

    @on(WorkerFailed)
    def _unexpected(self, event: WorkerFailed) -> None:
        """A worker failed in a way nobody expected: tell the reader, keep running."""
        self.list_pane.stop_loading()
        self.body.loading = False
        self.say.loads_stopped(_("Unexpected error: {error!r}").format(error=event.error))

    # -- moving ----------------------------------------------------------------------------

    def action_scroll(self, how: str) -> None:
        """space, b, g, G: page down/up, top, bottom of the article, from any pane."""
        getattr(self.views.shown, f"scroll_{how}")(animate=False)

    def action_focus_pane(self, step: int) -> None:
        """tab, shift+tab: the next or previous pane (the link pane only when shown)."""
        panes: list[Any] = [self.article_list, self.views.shown]
        if self.links.display:
            panes.append(self.links)
        index = panes.index(self.focused) if self.focused in panes else -1
        panes[(index + step) % len(panes)].focus()

    def action_activate(self) -> None:
        if self.digits:
            number, self.digits = int(self.digits), ""
            self.status.set_pending("")
            self.follow.link(number)
            return
        focused = self.focused
        if focused is self.list_pane.filter_input:
            self.article_list.focus()
        elif focused is self.article_list:
            teaser = self.article_list.highlighted_teaser
            if teaser is not None:
                self.open_article(teaser.url)
            elif self.article_list.on_more_row:
                self.list_pane.load_more()
        elif focused is self.links:
            entry = self.links.highlighted_entry
            if entry is not None:
                self.follow.entry(entry)
        elif self.body.selected_link is not None:
            self.follow.link(self.body.selected_link)

    def action_digit(self, digit: int) -> None:
        if self.article is None:
            return
        self.digits = (self.digits + str(digit))[-4:]
        self.status.set_pending(_("link {n} — enter follows, escape cancels").format(
            n=self.digits))

    def action_escape(self) -> None:
        if self.digits:
            self.digits = ""
            self.status.set_pending("")
        elif self.list_pane.filtering:
            self.list_pane.close_filter()
            self.article_list.focus()
        elif self.list_pane.cancel() | self.body.cancel():  # both, whichever was loading
            self.say.loads_stopped(_("Loading cancelled (r tries again)."))
        elif self.views.is_open:
            self.views.close()
        elif self.body.selected_link is not None:
            self.follow.select(None)

    def action_back(self) -> None:
        self._go(self.nav.go_back(self.location()), _("Nothing to go back to."))

    def action_forward(self) -> None:
        self._go(self.nav.go_forward(self.location()), _("Nothing to go forward to."))

    def _go(self, target: Location | None, nowhere: str) -> None:
        if target is None:
            say(self, nowhere, warning=True)
            return
        self._save_nav()
        if target.source != self.source:
            self.show_list(target.source, push=False)
        if target.article_url is not None:
            self.open_article(target.article_url, push=False, position=target.position)
            if self.article is not None:  # back in a list: its cursor on the article, as
                self.article_list.highlight_id(self.article.id)  # when it was opened from there
        else:
            self.views.close()
            self.body.close(_("Pick an article: enter opens it."))
            self.article_list.mark_open(None)
            self.add_class("-no-article")
            self.links.show_entries([])
            self.say.update_title()

    # -- lists and panes -------------------------------------------------------------------

    def action_reload(self) -> None:
        if self.reader.offline:
            say(self, _("Offline mode: nothing is reloaded."), warning=True)
            return
        self.say.reloading = True
        self.show_list(self.source, push=False, refresh=True)
        if self.article_url is not None:
            self.open_article(self.article_url, push=False, refresh=True)

    def action_search(self) -> None:
        self.list_pane.ask_search(
            N_("the offline cache") if self.reader.offline else self.edition.searched
        )

    @on(ListPane.Wanted)
    def _list_wanted(self, event: ListPane.Wanted) -> None:
        self.show_list(event.source)
        self.article_list.focus()

    @on(ListPane.Address)
    def _address(self, event: ListPane.Address) -> None:
        self.follow.address(event.text)

    def action_step_article(self, step: int) -> None:
        """J K: the next or previous article of the list, while reading."""
        current = self.article.id if self.article is not None else None
        teaser = self.article_list.step_from(current, step)
        if teaser is None:
            say(self, _("No further article in this list."), warning=True)
            return
        self.open_article(teaser.url)

    def action_zen(self) -> None:
        self.toggle_class("-zen")
        if self.has_class("-zen"):
            self.views.shown.focus()

    def action_find(self) -> None:
        if self.article is None:
            say(self, _("No article is open."), warning=True)
            return
        self.find_bar.open()

    def action_toggle_links(self) -> None:
        self.toggle_class("-links-shown" if self.has_class("-narrow") else "-links-hidden")

    def action_list_pane(self, what: str) -> None:
        """S p \\: the list picker and the filter (:class:`ListPane`)."""
        getattr(self.list_pane, what)()

    def action_link(self, what: str, *args: int) -> None:
        """n N f: the link side (:class:`Follower`)."""
        getattr(self.follow, what)(*args)

    def action_article(self, what: str) -> None:
        """o y Y B m e s: the article actions and sync (:class:`ArticleActions`)."""
        getattr(self.act, what)()

    @on(ArticleList.Chosen)
    def _list_chosen(self, event: ArticleList.Chosen) -> None:
        self.open_article(event.teaser.url)

    def on_link_pane_chosen(self, event: LinkPane.Chosen) -> None:
        if self.digits:
            self.action_activate()  # "12 enter" in the link pane means link 12
            return
        self.follow.entry(event.entry)

    @on(ArticleView.LinkClicked)
    def _body_link(self, event: ArticleView.LinkClicked) -> None:
        self.follow.link(event.number)
