"""The article pane: the body widget, and the loading of what it shows.

``open(url)`` shows the cached copy at once (at the reader's last position in it) and
refreshes it in the pane's own exclusive worker — an article left before it arrived is never
shown. The pane posts :class:`ArticleView.Shown` whenever an article is put on the screen,
:class:`ArticleView.Loaded` when the network (or the cache) answered and
:class:`ArticleView.Failed` when it could not; the screen routes them (link pane, list marks,
status line). Opening an article puts it into the history and marks it read; leaving it keeps
the reading position.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from rich.text import Text
from textual import events, work
from textual.message import Message
from textual.worker import Worker

from tazreader.app.status import head_note
from tazreader.app.text import one_line, say
from tazreader.app.widgets.article_body import ArticleBody
from tazreader.app.widgets.failure import failed
from tazreader.i18n import N_, _, ngettext
from tazreader.service import Fetched, Reader, ReaderError
from tazreader.taz.models import Article
from tazreader.taz.pictures import sized_url

GIVEN_UP = 0  # a picture that could not be had, or was never cached (offline)
NOT_OFFLINE = N_("This article is not in the offline cache, and the reader is offline.")


class ArticleView(ArticleBody):
    """The middle pane; see the module docstring."""

    class Shown(Message):
        """An article is on the screen; ``opened``: newly opened (not a refreshed copy)."""

        def __init__(self, article: Article, opened: bool) -> None:
            super().__init__()
            self.article = article
            self.opened = opened

    class Loaded(Message):
        """The network answered for the open article (fresh, unchanged, or with a problem)."""

        def __init__(self, fetched: Fetched[Article]) -> None:
            super().__init__()
            self.fetched = fetched

    class Failed(Message):
        """The article could not be loaded (a cached copy, if shown, stays)."""

        def __init__(self, url: str, error: ReaderError) -> None:
            super().__init__()
            self.url = url
            self.error = error

    def __init__(self, reader: Reader, *, images: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reader = reader
        self.images = images  # show the pictures (config images = "auto")
        self.url: str | None = None  # the article asked for (shown, or on its way)
        self._decoded: dict[str, Any] = {}  # picture URL -> the decoded picture
        # picture URL -> the text width it was drawn for (GIVEN_UP: not to be had)
        self._drawn_for: dict[str, int] = {}
        self._pictures_wait = False  # pictures to load once the view has a size (_show)

    def on_mount(self) -> None:
        self.border_title = _("Text")

    def open(self, url: str, *, position: float | None = None, refresh: bool = False) -> bool:
        """Show the article at ``url`` (a canonical article URL); True if it is being fetched
        (nothing cached, or ``refresh``)."""
        if url != self.url:
            self.leave()
        self.url = url
        try:
            cached = self.reader.cached_article(url)
        except ReaderError as exc:
            say(self, str(exc), error=True)
            cached = None
        if cached is not None and not refresh:
            self._show(cached.value, position)
        elif cached is None:
            self.show_message(_("Loading the article …"))
            self.loading = not self.reader.offline
        if self.reader.offline:
            if cached is None:
                self.show_message(_(NOT_OFFLINE))
            return False
        self._load(url, position, refresh)
        return cached is None or refresh

    def cancel(self) -> bool:
        """Stop loading the article; True if a load was running (a copy shown stays)."""
        running = any(w.is_running for w in self.workers
                      if w.group == "article" and w.node is self)
        self.workers.cancel_group(self, "article")
        if running:
            self.loading = False
            if self.article is None:
                self.show_message(_("Loading cancelled (r tries again)."))
        return running

    def close(self, message: str) -> None:
        """No article: keep the position of the one left, show ``message`` instead."""
        self.leave()
        self.url = None
        self.show_message(message)

    def leave(self) -> None:
        """Keep the reading position of the article shown (if any)."""
        if self.article is not None:
            with contextlib.suppress(ReaderError):
                self.reader.state.save_position(self.article.id, float(self.scroll_y))

    def _show(self, article: Article, position: float | None) -> None:
        opened = self.article is None or self.article.id != article.id
        if position is None and opened:
            try:
                position = self.reader.state.position(article.id)
            except ReaderError:
                position = None
        if not opened and position is None:
            position = float(self.scroll_y)
        self.loading = False
        self.note = head_note(self.reader.versions, article)  # "changed: 2 versions …"
        if opened:
            self._decoded, self._drawn_for = {}, {}
        self.show_article(article, position)
        if self.images and any(i.url not in self._drawn_for for i in article.pictures):
            # Drawn for the width the text has once laid out: not yet laid out (opened at the
            # start, or while the comments are shown), the first size starts them (_redraw).
            self._pictures_wait = not self.size.width
            if not self._pictures_wait:
                self._load_pictures(article)
        # The link pane may come back and narrow this pane: once laid out, place the text
        # again, so that a restored reading position is measured in the final wrapping.
        self.call_after_refresh(self._place, article, position)
        if opened:
            try:
                self.reader.state.opened(article)
            except ReaderError as exc:
                say(self, str(exc), error=True)
        self.post_message(self.Shown(article, opened))

    def _place(self, article: Article, position: float | None) -> None:
        if self.article is article:
            self.show_article(article, position)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A load that failed unexpectedly leaves a message, not "Loading the article …"
        (the screen says it in the notifications too)."""
        if failed(self, event) and event.worker.group == "article":
            self.loading = False
            if self.article is None:
                self.show_message(_("The article could not be loaded:") + "\n" + _(
                    "Unexpected error: {error!r}").format(error=event.worker.error))

    @work(exclusive=True, group="article", exit_on_error=False)
    async def _load(self, url: str, position: float | None, refresh: bool) -> None:
        try:
            fetched = await self.reader.fetch_article(url, refresh=refresh)
        except ReaderError as exc:
            if url != self.url:
                return
            self.loading = False
            if self.article is None:
                self.show_message(_("The article could not be loaded:") + f"\n{exc}")
            self.post_message(self.Failed(url, exc))
            return
        if url != self.url:
            return
        if self.article != fetched.value:
            self._show(fetched.value, position if self.article is None else None)
        self.loading = False
        self.post_message(self.Loaded(fetched))

    @work(exclusive=True, group="picture", exit_on_error=False)
    async def _load_pictures(self, article: Article) -> None:
        """The article's pictures (the lead picture, then those in the body), one after the
        other, each drawn under its caption once the text is on the screen; those drawn for
        another width drawn again, from memory."""
        from tazreader.app import pictures

        columns = self.text_width
        kind, cell = pictures.protocol(), pictures.cell_size()
        for image in article.pictures:
            if self.article is not article:
                return
            if self._drawn_for.get(image.url) in (GIVEN_UP, columns):
                continue
            decoded: Any = self._decoded.get(image.url)
            try:
                if decoded is None:
                    url = sized_url(image.url, pictures.pixels_wanted(columns, kind, cell))
                    data = await self.reader.picture(article.id, url)
                    decoded = await asyncio.to_thread(pictures.decode, data)
                drawn = await asyncio.to_thread(pictures.draw, decoded, columns, kind, cell)
            except (ReaderError, pictures.PictureError) as exc:
                if self.article is article:
                    self._drawn_for[image.url] = GIVEN_UP
                    if not isinstance(exc, self.reader.Offline):  # never fetched: the caption
                        self.set_picture(image.url, [Text(_(  # says what it shows
                            "(picture not available: {why})").format(why=one_line(str(exc))),
                            style="italic dim")])
                continue
            if self.article is not article:
                return
            self._decoded[image.url] = decoded
            self._drawn_for[image.url] = columns
            self.set_picture(image.url, drawn.lines)
        if self.text_width != columns:  # the pane changed its width meanwhile
            self.call_after_refresh(self._redraw)

    def on_resize(self, event: events.Resize) -> None:
        super().on_resize(event)
        self._redraw()

    def _redraw(self) -> None:
        """Draw the pictures drawn for another width again (from memory) for this one."""
        article = self.article
        width = self.text_width
        waiting, self._pictures_wait = self._pictures_wait, False
        if article is not None and (waiting or any(w not in (GIVEN_UP, width)
                                                   for w in self._drawn_for.values())):
            self._load_pictures(article)

    @work(exclusive=True, group="reparse", exit_on_error=False)
    async def reparse_cached(self) -> None:
        """Once per run, after the first paint: re-read pages cached by an older parser (in a
        thread), then show the open article again if it was one of them."""
        try:
            count = await asyncio.to_thread(self.reader.reparse_cached)
        except ReaderError as exc:
            say(self, _("The offline cache could not be updated: {error}").format(error=exc),
                warning=True)
            return
        if not count:
            return
        say(self, ngettext("{n} cached article re-read by the updated parser.",
                           "{n} cached articles re-read by the updated parser.", count
                           ).format(n=count))
        if self.article is None or self.url is None:
            return
        try:
            cached = self.reader.cached_article(self.url)
        except ReaderError:
            return
        if cached is not None and cached.value != self.article:
            self._show(cached.value, None)
