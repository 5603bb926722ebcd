"""What the reader does with an article or the list's current entry: open it in the browser,
copy its address or a citation, bookmark it, mark it read, export it; and sync a list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tazreader.app.text import say
from tazreader.i18n import _, ngettext
from tazreader.service import BOOKMARKS, ReaderError, Source
from tazreader.taz.models import Teaser

if TYPE_CHECKING:
    from tazreader.app.screens.context import Reading
    from tazreader.app.screens.following import Follower
    from tazreader.service import SyncEvent, SyncReport


def sync_summary(report: SyncReport) -> str:
    """``Synced: 3 new articles offline (12 already offline)`` / ``Synced: nothing new (2
    already offline)``, and how many failed."""
    already = report.already
    if report.fetched:
        news = ngettext("{n} new article offline", "{n} new articles offline",
                        report.fetched).format(n=report.fetched)
    else:
        news = _("nothing new")
    text = _("Synced: {news}").format(news=news)
    if already:
        text += " " + _("({n} already offline)").format(n=already)
    if report.failed:
        text += ", " + ngettext("{n} failed", "{n} failed", len(report.failed)).format(
            n=len(report.failed))
    return text


class ArticleActions:
    """The article side of the reader screen."""

    def __init__(self, screen: Reading, follow: Follower) -> None:
        self.screen = screen
        self.follow = follow

    def current(self) -> Teaser | None:
        """What an action applies to: the list's row while the list has focus (or no article
        is open), else the open article."""
        screen = self.screen
        if screen.focused is screen.article_list or screen.article is None:
            return screen.article_list.highlighted_teaser
        return screen.article.teaser_entry()

    def open_browser(self) -> None:
        """o: what ``y`` copies and ``B`` bookmarks (:meth:`current`), in the browser."""
        teaser = self.current()
        if teaser is None:
            say(self.screen, _("No article is open."), warning=True)
            return
        self.follow.external(teaser.url, ask=False)

    def copy_url(self) -> None:
        teaser = self.current()
        if teaser is None:
            return
        from tazreader.app.exporting import taz_address

        url = taz_address(teaser.url, self.screen.reader.base_url)
        self.screen.app.copy_to_clipboard(url)
        say(self.screen, _("Copied: {text}").format(text=url))

    def copy_citation(self) -> None:
        article = self.screen.article
        if article is None:
            say(self.screen, _("No article is open."), warning=True)
            return
        from tazreader.app.exporting import citation

        text = citation(article, self.screen.reader.base_url)
        self.screen.app.copy_to_clipboard(text)
        say(self.screen, _("Copied: {text}").format(text=text))

    def bookmark(self) -> None:
        teaser = self.current()
        if teaser is None:
            return
        screen = self.screen
        try:
            marked = screen.reader.state.toggle_bookmark(teaser)
        except ReaderError as exc:
            say(screen, str(exc), error=True)
            return
        done = _("Bookmarked: {title}") if marked else _("Bookmark removed: {title}")
        say(screen, done.format(title=teaser.title))
        if screen.source == BOOKMARKS:
            screen.show_list(BOOKMARKS, push=False)
        else:
            screen.list_pane.refresh_marks()

    def toggle_read(self) -> None:
        teaser = self.current()
        if teaser is None:
            return
        try:
            self.screen.reader.state.toggle_read(teaser.id)
        except ReaderError as exc:
            say(self.screen, str(exc), error=True)
            return
        self.screen.list_pane.refresh_marks()

    def mark_all_read(self) -> None:
        """A: every article of the list counts as read."""
        screen = self.screen
        try:
            count = screen.reader.state.mark_read(t.id for t in screen.article_list.teasers)
        except ReaderError as exc:
            say(screen, str(exc), error=True)
            return
        say(screen, ngettext("{n} article marked read.", "{n} articles marked read.", count
                             ).format(n=count))
        screen.list_pane.refresh_marks()

    def export(self) -> None:
        screen = self.screen
        article = screen.article
        if article is None:
            say(screen, _("No article is open."), warning=True)
            return
        from tazreader import paths
        from tazreader.app.screens.export import ExportScreen

        def chosen(fmt: str | None) -> None:
            if fmt not in ("text", "markdown"):
                return
            from tazreader.app.exporting import export_article

            try:
                target = export_article(article, "markdown" if fmt == "markdown" else "text",
                                        base=screen.reader.base_url)
            except OSError as exc:
                say(screen, _("Export failed: {error}").format(error=exc), error=True)
                return
            say(screen, _("Saved: {path}").format(path=target))

        screen.app.push_screen(ExportScreen(article.headline, str(paths.export_dir())), chosen)

    def sync(self) -> None:
        """Fetch the list shown and its articles for offline reading (a worker of the
        screen)."""
        if self.screen.reader.offline:
            say(self.screen, _("Offline mode: syncing needs the network."), warning=True)
            return
        self.screen.run_worker(self._sync(self.screen.source), group="sync", exclusive=True,
                               exit_on_error=False)

    def _picture_pixels(self) -> int | None:
        """How wide the pictures a sync keeps must be to fill the article pane (None: the
        reader shows none)."""
        body = self.screen.body
        if not body.images:
            return None
        from tazreader.app import pictures

        return pictures.pixels_wanted(body.text_width, pictures.protocol(), pictures.cell_size())

    async def _sync(self, source: Source) -> None:
        screen = self.screen
        status = screen.status
        status.set_progress(_("syncing …"))

        def progress(event: SyncEvent) -> None:
            status.set_progress(_("syncing {done}/{total}").format(done=event.done,
                                                                 total=event.total))

        try:
            from tazreader.service.syncing import sync

            report = await sync(screen.reader, [source], on_progress=progress,
                                pictures=self._picture_pixels())
        except ReaderError as exc:
            say(screen, _("Sync failed: {error}").format(error=exc), error=True)
            return
        finally:
            status.set_progress("")  # also when the worker fails unexpectedly
        say(screen, sync_summary(report))
        screen.list_pane.refresh_marks()

