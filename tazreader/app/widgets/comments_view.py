"""The comments of the open article ("Kommune"), in place of its text: ``c`` shows them, ``c``
or ``escape`` the text again, ``t`` turns the order.

Threaded as on the site: every reply under the comment it answers, indented with a bar a
level and starting "@Name:" as the site's replies do; the first level newest first (the site's
default, "Neueste") or oldest first ("Älteste"), replies in their own order
(:func:`tazreader.taz.comments.threaded`). A page without comments says which case it is: no
comment section, none yet, closed, or loaded by a script (then the browser has them).

Comments come with the article (cached with it, refreshed with it): when the open article is
shown again from a newer copy, the comments follow; another article brings its text back.
Comment text is data: it only ever enters ``Text`` objects, never markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType

from tazreader.app.keys import MOVE
from tazreader.app.text import one_line, say
from tazreader.app.widgets.article_body import ArticleBody
from tazreader.app.widgets.bars import KeyBarEntry
from tazreader.app.widgets.stand_in import StandIn
from tazreader.i18n import N_, _, ngettext
from tazreader.taz import dates
from tazreader.taz.models import Article, Comment, Comments

STYLE_NAMES = ("title", "state", "author", "time", "addressee", "thread", "message")
BAR = "│ "
MAX_LEVELS = 6  # deeper replies are indented as deep as this


def state_line(comments: Comments | None, newest_first: bool) -> str:
    """What is shown and how: the count, closed or left to a script, the order, the keys."""
    if comments is None or not comments.items:
        return _("c or escape: the text")
    shown = len(comments.items)
    parts = [ngettext("{n} comment", "{n} comments", shown).format(n=shown)]
    if comments.scripted and comments.count:
        parts[0] = _("{shown} of {count} comments (the page loads the rest by script; "
                     "o opens it in the browser)").format(shown=shown, count=comments.count)
    if comments.closed:
        parts.append(_("closed for new comments"))
    parts.append(_("newest first (t: oldest)") if newest_first else _("oldest first (t: newest)"))
    parts.append(_("c or escape: the text"))
    return " · ".join(parts)


def empty_text(comments: Comments | None) -> str:
    """Why there is no comment to show (one of the cases the page can be in)."""
    if comments is not None and comments.in_page:
        return ngettext(
            "The {n} comment is in the saved page, which cannot be read now: o opens the "
            "article in the browser.",
            "The {n} comments are in the saved page, which cannot be read now: o opens the "
            "article in the browser.", comments.in_page,
        ).format(n=comments.in_page)
    if comments is None:
        return _("This page has no comment section.")
    if comments.scripted and comments.count:
        return ngettext(
            "The page counts {n} comment but loads it by script, so it is not in the page: "
            "o opens the article in the browser.",
            "The page counts {n} comments but loads them by script, so they are not in the "
            "page: o opens the article in the browser.", comments.count,
        ).format(n=comments.count)
    if comments.scripted:
        return _("The page loads its comments by script, so they are not in the page: o opens "
                 "the article in the browser.")
    if comments.closed:
        return _("No comments: commenting on this article is closed.")
    return _("No comments yet.")


class CommentsView(StandIn):
    """The comments pane; hidden until :meth:`open`, which hides ``body`` (see the module)."""

    HELP_WHERE = N_("comments")
    STYLE_PREFIX = "comments"
    STYLE_NAMES = STYLE_NAMES

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"comments--{name}" for name in STYLE_NAMES}

    DEFAULT_CSS = """
    CommentsView {
        & > .comments--title { color: $foreground; text-style: bold; }
        & > .comments--state { color: $text-muted; }
        & > .comments--author { color: $text-accent; text-style: bold; }
        & > .comments--time { color: $text-muted; }
        & > .comments--addressee { color: $text-muted; text-style: italic; }
        & > .comments--thread { color: $primary; }
        & > .comments--message { color: $text-muted; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", N_("Down"), show=False, id="comments.down", group=MOVE),
        Binding("k", "scroll_up", N_("Up"), show=False, id="comments.up", group=MOVE),
    ]
    # The key bar while the comments have the focus: the text's link keys do nothing here.
    KEY_BAR: ClassVar[tuple[KeyBarEntry, ...]] = (
        (("comments", "escape"), N_("Back to the text")),
        (("comments_order",), N_("Newest / oldest first")),
        (("comments.down", "comments.up"), N_("Down / Up")),
    )

    def __init__(self, body: ArticleBody, *, id: str | None = None) -> None:
        super().__init__(body, id=id)
        self.article: Article | None = None
        self.newest_first = True  # the site's default ("Neueste")

    def on_mount(self) -> None:
        self.border_title = _("Comments")

    # -- what the screen asks ------------------------------------------------------------------

    def toggle(self) -> None:
        """c: the comments of the article shown, or its text again."""
        if self.is_open:
            self.close()
        else:
            self.open()

    def open(self) -> None:
        if self.body.article is None:
            say(self, _("No article is open."), warning=True)
            return
        self.article = self.body.article
        self._take_place()

    def order(self) -> None:
        """t: newest first / oldest first."""
        if not self.is_open:
            say(self, _("The comments are not open: c shows them."), warning=True)
            return
        self.newest_first = not self.newest_first
        self._rebuild()
        self.scroll_home(animate=False, immediate=True)

    def show(self, article: Article, opened: bool) -> None:
        """The body shows ``article``: a newer copy of the same one updates the comments in
        place; another article brings its text back."""
        if opened:
            self.close()
            self.article = None
        elif self.is_open:
            self.article = article
            self._rebuild()

    # -- rendering -------------------------------------------------------------------------------

    def _lines(self, width: int, styles: dict[str, Style]) -> list[Text]:
        console = Console(width=max(width, 10), color_system=None, legacy_windows=False,
                          no_color=True)
        out: list[Text] = []

        def gap(bar: Text | None) -> Text:
            return bar.copy() if bar is not None else Text("")

        def add(text: Text, prefix: Text | None = None) -> None:
            lead = prefix.cell_len if prefix is not None else 0
            for line in text.wrap(console, max(width - lead, 10), overflow="fold"):
                line.rstrip()
                out.append(Text.assemble(prefix, line) if prefix is not None else line)

        article = self.article
        if article is None:
            return out
        comments = article.comments
        add(Text(one_line(article.headline), style=styles["title"]))
        add(Text(state_line(comments, self.newest_first), style=styles["state"]))
        out.append(Text(""))
        if comments is None or not comments.items:
            add(Text(empty_text(comments), style=styles["message"]))
            return out
        authors = {c.id: c.author for c in comments.items}
        levels = max(min(MAX_LEVELS, (width - 30) // len(BAR)), 1)
        from tazreader.taz.comments import threaded  # with the text edition: when shown

        for comment, depth in threaded(comments, self.newest_first):
            bar = Text(BAR * min(depth, levels), style=styles["thread"]) if depth else None
            add(self._head(comment, styles), bar)
            if comment.reply_to is not None and comment.reply_to in authors:
                add(Text(f"@{one_line(authors[comment.reply_to])}:",
                         style=styles["addressee"]), bar)
            for i, paragraph in enumerate(comment.paragraphs):
                if i:
                    out.append(gap(bar))
                add(Text(one_line(paragraph)), bar)
            out.append(gap(bar))
        while out and not out[-1].plain.strip():
            out.pop()
        return out

    @staticmethod
    def _head(comment: Comment, styles: dict[str, Style]) -> Text:
        head = Text(one_line(comment.author) or "?", style=styles["author"])
        if comment.published is not None:
            head.append(" · " + dates.published(comment.published), style=styles["time"])
        return head
