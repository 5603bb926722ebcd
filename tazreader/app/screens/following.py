"""Following links from the reader: select them (n/N, numbers, hints), and send each where it
belongs — a taz article or list into the reader, anything else (after asking) to the browser."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tazreader.app.addresses import ARTICLE_ID_TYPED as _ID
from tazreader.app.text import one_line, say
from tazreader.app.widgets.body_lines import hint_labels
from tazreader.i18n import _
from tazreader.service import FRONT, Search, TazPage
from tazreader.taz.models import PageKind
from tazreader.taz.urls import TAZ_HOSTS, BadUrl, parse_url

if TYPE_CHECKING:
    from tazreader.app.screens.context import Reading
    from tazreader.app.widgets.link_pane import LinkEntry


class Follower:
    """The link side of the reader screen."""

    def __init__(self, screen: Reading) -> None:
        self.screen = screen

    def article_key(self, url: str) -> str | None:
        """The canonical URL of an article address, or None (said) for no address at all."""
        try:
            return parse_url(url, self.screen.reader.base_url).url
        except BadUrl as exc:
            say(self.screen, str(exc), error=True)
            return None

    def address(self, typed: str) -> None:
        """Go to what the reader typed (go-to, or an address pasted into the search box): a
        taz URL, a path on the site, or an article id."""
        base = self.screen.reader.base_url
        text = typed.strip()
        if (found := _ID.fullmatch(text)) is not None:
            self.url(f"{base}/!{found.group(1)}/")
        elif text.startswith("/"):
            self.url(base + text)
        elif "://" not in text and text.split("/", 1)[0].lower() in TAZ_HOSTS:
            self.url(f"https://{text}")
        else:
            self.url(text)

    def ask_address(self) -> None:
        """The go-to dialog (: or ctrl+l)."""
        from tazreader.app.screens.goto import GoToScreen

        def typed(text: str | None) -> None:
            if text:
                self.address(text)

        self.screen.app.push_screen(GoToScreen(), typed)

    def url(self, url: str, text: str = "") -> None:
        screen = self.screen
        try:
            parsed = parse_url(url, screen.reader.base_url)
        except BadUrl as exc:
            say(screen, _("Cannot follow this link: {error}").format(error=exc), error=True)
            return
        if parsed.kind is PageKind.ARTICLE:
            screen.open_article(parsed.url)
        elif parsed.kind is PageKind.FRONT:
            screen.show_list(FRONT)
        elif parsed.kind is PageKind.SEARCH:
            screen.show_list(Search(parsed.query or ""))
        elif parsed.kind.opens_inside:
            screen.show_list(TazPage(parsed.url))
        else:
            self.external(url, text)

    def external(self, url: str, text: str = "", *, ask: bool = True) -> None:
        """Another site's page: into the browser, after a yes (unless ``ask`` is False)."""
        from tazreader.app.browser import browser_problem

        problem = browser_problem(url)
        if problem is not None:
            say(self.screen, problem, error=True)
            return
        if not ask:
            self._to_browser(url)
            return
        from tazreader.app.screens.confirm import ConfirmLinkScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._to_browser(url)

        self.screen.app.push_screen(ConfirmLinkScreen(url, text), answered)

    def _to_browser(self, url: str) -> None:
        try:
            self.screen.browser(url)
        except Exception as exc:  # noqa: BLE001 - any browser launcher failure is just a message
            say(self.screen, _("The browser could not be started: {error}").format(error=exc),
                error=True)

    def link(self, number: int) -> None:
        """Follow link ``[number]`` of the open article."""
        article = self.screen.article
        if article is None:
            say(self.screen, _("No article is open."), warning=True)
            return
        if not 1 <= number <= len(article.links):
            say(self.screen, _("There is no link [{n}] in this article.").format(n=number),
                warning=True)
            return
        self.select(number)
        link = article.links[number - 1]
        self.url(link.url, link.text)

    def entry(self, entry: LinkEntry) -> None:
        """Follow an entry of the link pane (a link, an author, a tag, a related article)."""
        if entry.number is not None:
            self.link(entry.number)
        else:
            self.url(entry.url, entry.text)

    def select(self, number: int | None) -> None:
        """Highlight link ``number`` in the body and the link pane (None: no link)."""
        screen = self.screen
        screen.body.select_link(number)
        screen.links.select_number(number)
        article = screen.article
        if number is None or article is None:
            screen.status.set_pending("")
            return
        link = article.links[number - 1]
        # The address first and whole (it says where the link goes); the text may be cut.
        screen.status.set_pending(f"[{number}] {one_line(link.url)} — {one_line(link.text)}")

    def step(self, step: int) -> None:
        """Select the next (1) or previous (-1) link; the first in view to begin with."""
        screen = self.screen
        article = screen.article
        if article is None or not article.links:
            say(screen, _("This article has no links."), warning=True)
            return
        count = len(article.links)
        current = screen.body.selected_link
        if current is None:
            number = screen.body.first_link_in_view(after=step > 0) or (
                1 if step > 0 else count
            )
        else:
            number = (current - 1 + step) % count + 1
        self.select(number)
        if screen.focused is not screen.links:
            screen.body.focus()

    def hints(self) -> None:
        """Letters on the links in view; typing one follows its link."""
        screen = self.screen
        in_view = screen.body.links_in_view()
        if not in_view:
            say(screen, _("No links in view."), warning=True)
            return
        hints = dict(zip(in_view, hint_labels(len(in_view)), strict=True))
        screen.body.show_hints(hints)
        from tazreader.app.screens.hints import HintScreen

        def chosen(number: int | None) -> None:
            screen.body.show_hints({})
            if number is not None:
                self.link(number)

        screen.app.push_screen(HintScreen(hints), chosen)
