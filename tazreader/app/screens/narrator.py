"""What the reader screen says about what is going on: the header (where the reader is), the
status line (network, what is loading) and the body's message when there is no article to
show. The words are :mod:`tazreader.app.status`'s; this keeps what they are about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tazreader.app import status as wording
from tazreader.app.text import one_line, say
from tazreader.i18n import _
from tazreader.service import (
    OFFLINE,
    Edition,
    Fetched,
    ListPage,
    LocalList,
    ReaderError,
    Source,
)
from tazreader.taz.models import Article

if TYPE_CHECKING:
    from tazreader.app.screens.context import Reading
    from tazreader.app.widgets.list_pane import Shown


class Narrator:
    """The reader screen's voice."""

    def __init__(self, screen: Reading, edition: Edition) -> None:
        self.screen = screen
        self.edition = edition
        self.list_title = ""
        self.list_page: ListPage | None = None  # the list as shown (cached, then loaded)
        self.stand_in = 0  # the list was never loaded: the offline articles shown meanwhile
        self.reloading = False  # r was pressed: say when the list is there again

    # -- lists ---------------------------------------------------------------------------

    def list_shown(self, source: Source, shown: Shown) -> None:
        """A list was put on the screen from the cache (a load may be on its way)."""
        screen, status = self.screen, self.screen.status
        self.list_page = shown.cached
        self.stand_in = shown.stand_in
        self.list_title = shown.cached.title if shown.cached else source.title(
            screen.reader.base_url
        )
        self.update_title()
        status.set_network(wording.shown(screen.reader, self.edition, source, shown.cached))
        if shown.fetching:
            doing = _("refreshing {title} …") if shown.cached else _("loading {title} …")
            status.set_activity("list", doing.format(title=one_line(self.list_title)))
            return
        status.set_activity("list", "")
        if screen.article is None and shown.cached and shown.cached.teasers:
            screen.body.show_message(_(wording.PICK))  # not what the list before had to say
        elif screen.article is None:
            if isinstance(source, LocalList):
                screen.body.show_message(screen.article_list.empty_text)
            else:
                self._nothing_cached()

    def list_loaded(self, page: ListPage) -> None:
        self.list_page = page
        self.stand_in = 0
        self.list_title = page.title
        self.update_title()
        self.screen.status.set_activity("list", "")
        self.screen.status.set_network(wording.loaded(self.screen.reader, self.edition, page))
        if self.screen.article is None:
            self.screen.body.show_message(_(wording.PICK) if page.teasers
                                          else _("This list is empty."))
        if self.reloading:
            self.reloading = False
            if page.problem:  # the cached copy stayed: the status line says why
                say(self.screen, _("Not reloaded: {title}").format(title=one_line(page.title)),
                    warning=True)
            else:
                say(self.screen, _("Reloaded: {title}").format(title=one_line(page.title)))

    def list_failed(self, error: ReaderError) -> None:
        self.reloading = False
        status = self.screen.status
        status.set_activity("list", "")
        status.set_network(wording.failed(self.screen.reader, self.list_page, error))
        if self.list_page is None and self.screen.article is None:
            self._nothing_cached()
        say(self.screen, f"{self.list_title}: {error}", error=True)

    def _nothing_cached(self) -> None:
        self.screen.body.show_message(
            wording.nothing_cached(self.screen.reader, self.list_title, self.stand_in)
        )

    # -- articles ------------------------------------------------------------------------

    def article_opening(self, fetching: bool) -> None:
        self.screen.status.set_activity("article", _("loading the article …") if fetching else "")
        if self.screen.article is None:
            self.update_title()

    def article_loaded(self, fetched: Fetched[Article]) -> None:
        status = self.screen.status
        status.set_activity("article", "")
        if fetched.problem:
            status.set_network(fetched.problem)
        elif not fetched.from_cache:
            status.set_network(_(self.edition.connected))

    def article_failed(self, error: ReaderError) -> None:
        self.screen.status.set_activity("article", "")
        if isinstance(error, self.screen.reader.Offline):
            self.screen.status.set_network(_("offline"))
        say(self.screen, str(error), error=True)

    def loads_stopped(self, message: str | None = None) -> None:
        """Loads were cancelled (or failed unexpectedly): nothing is loading any more."""
        self.screen.status.set_activity("list", "")
        self.screen.status.set_activity("article", "")
        if message:
            say(self.screen, message, error=message.startswith(_("Unexpected error")))

    # -- the header ----------------------------------------------------------------------

    def update_title(self) -> None:
        """The header: the app (and the edition's banner), the list › the article."""
        screen = self.screen
        banner = _(self.edition.banner) if self.edition.banner else ""
        screen.title = f"tazreader · {one_line(banner)}" if banner else "tazreader"
        where = self.list_title
        if self.stand_in:
            where += " — " + _("meanwhile: {list} ({n})").format(list=OFFLINE.title(),
                                                                  n=self.stand_in)
        if screen.article is not None:
            where += f" › {screen.article.headline}"
        screen.sub_title = one_line(where)
        screen.top_bar.show(where, banner)
