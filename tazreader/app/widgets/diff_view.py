"""What changed in the open article, in place of its text: ``v`` shows the version shown against
the one before, word by word — removed words struck through in the error colour, added words
in the success colour — ``n``/``N`` (or ``]``/``[``) go to the next or previous change, ``<``
and ``>`` to an older or newer pair of versions; ``v`` or ``escape`` bring the text back.

The whole text is shown (kicker, title, teaser, caption, every block), so that a change is read
in its paragraph; the current change is marked. The versions are the cache's
(:mod:`tazreader.service.versions`), loaded in the view's own worker. Page text is data: it
only ever enters ``Text`` objects, never markup.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import Binding, BindingType

from tazreader.app.keys import ARTICLE, MOVE
from tazreader.app.status import head_note
from tazreader.app.text import one_line, say
from tazreader.app.widgets.article_body import ArticleBody
from tazreader.app.widgets.bars import KeyBarEntry
from tazreader.app.widgets.stand_in import StandIn
from tazreader.i18n import N_, _
from tazreader.service import History, Reader, ReaderError
from tazreader.service.versions import seen
from tazreader.taz.diffing import ChangedPart
from tazreader.taz.models import Article

STYLE_NAMES = ("state", "keys", "kicker", "headline", "teaser", "caption", "removed",
               "added", "current", "message")
PART_STYLES = {"kicker": "kicker", "title": "headline", "teaser": "teaser", "caption": "caption"}
UNCHANGED = N_("This article has not changed since it was first read: one version is kept.")
KEYS = N_("n N: the next or previous change · < >: an older or newer version · v or escape: "
          "the text")


Pieces = list[tuple[str, str, int | None]]  # (op, text, the change it is part of)


def _mark_changes(parts: list[ChangedPart]) -> tuple[list[Pieces], int]:
    """Each part's pieces with the change each is part of (a change: a run of removed and added
    pieces, numbered through the article from 0), and how many changes there are."""
    out: list[Pieces] = []
    count = 0
    for part in parts:
        pieces: list[tuple[str, str, int | None]] = []
        previous = "="
        for piece in part.pieces:
            if not piece.text:
                continue
            if piece.op != "=" and previous == "=":
                count += 1
            pieces.append((piece.op, piece.text, count - 1 if piece.op != "=" else None))
            previous = piece.op
        out.append(pieces)
    return out, count


class DiffView(StandIn):
    """The changes pane; hidden until :meth:`open` (see the module)."""

    HELP_WHERE = N_("changes")
    STYLE_PREFIX = "diff"
    STYLE_NAMES = STYLE_NAMES
    COMPONENT_CLASSES: ClassVar[set[str]] = {f"diff--{name}" for name in STYLE_NAMES}

    DEFAULT_CSS = """
    DiffView {
        & > .diff--state { color: $text-muted; }
        & > .diff--keys { color: $text-muted; }
        & > .diff--kicker { color: $accent; text-style: bold; }
        & > .diff--headline { color: $foreground; text-style: bold; }
        & > .diff--teaser { color: $foreground; text-style: italic; }
        & > .diff--caption { color: $text-muted; text-style: italic; }
        & > .diff--removed { color: $text-error; text-style: strike; }
        & > .diff--added { color: $text-success; text-style: bold; }
        & > .diff--current { background: $warning 30%; }
        & > .diff--message { color: $text-muted; }
    }
    """

    # In pairs (the help lists a pane's keys two by two). n N ] [ are the link keys of the
    # text: here, where there are no links, they go from change to change.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", N_("Down"), show=False, id="diff.down", group=MOVE),
        Binding("k", "scroll_up", N_("Up"), show=False, id="diff.up", group=MOVE),
        Binding("n,right_square_bracket", "step(1)", N_("Next change"), id="diff.next_change",
                group=ARTICLE),
        Binding("N,left_square_bracket", "step(-1)", N_("Previous change"), show=False,
                id="diff.previous_change", group=ARTICLE),
        Binding("less_than_sign", "version(-1)", N_("Older version"), id="diff.older",
                group=ARTICLE),
        Binding("greater_than_sign", "version(1)", N_("Newer version"), show=False,
                id="diff.newer", group=ARTICLE),
    ]
    # The key bar while the changes have the focus: the text's link keys do nothing here.
    KEY_BAR: ClassVar[tuple[KeyBarEntry, ...]] = (
        (("changes", "escape"), N_("Back to the text")),
        (("diff.next_change", "diff.previous_change"), N_("Next / previous change")),
        (("diff.older", "diff.newer"), N_("Older / newer version")),
        (("diff.down", "diff.up"), N_("Down / Up")),
    )

    def __init__(self, reader: Reader, body: ArticleBody, *, id: str | None = None) -> None:
        super().__init__(body, id=id)
        self.reader = reader
        self.article: Article | None = None  # whose versions these are
        self.history: History | None = None
        self.number = 0  # the newer version of the two compared
        self.current: int | None = None  # the change marked
        self._parts: list[Pieces] = []
        self._names: list[str] = []
        self._changes = 0
        self._at: dict[int, int] = {}  # change -> its first line
        self._scroll_to_current = False  # not yet in view: the view had no size
        self._tries = 0  # scrolls to the change tried again after a refresh

    def on_mount(self) -> None:
        self._title()

    def _title(self) -> None:
        """The pane's title says where the reader is, also when the first line is out of view:
        ``Changes · version 2 of 2 · change 1 of 2``."""
        title = _("Changes")
        if self.history is not None and self.number >= 2:
            title += " · " + _("version {n} of {count}").format(n=self.number,
                                                               count=self.history.newest)
            if self._changes:
                title += " · " + _("change {n} of {count}").format(
                    n=(self.current or 0) + 1, count=self._changes)
        self.border_title = title

    # -- what the screen asks ------------------------------------------------------------------

    def toggle(self) -> None:
        """v: what changed in the article shown, or its text again."""
        if self.is_open:
            self.close()
        else:
            self.open()

    def open(self) -> None:
        article = self.body.article
        if article is None:
            say(self, _("No article is open."), warning=True)
            return
        if head_note(self.reader.versions, article) is None:
            say(self, _(UNCHANGED), warning=True)
            return
        self.article = article
        self.history = None
        self._title()
        self._take_place()
        self._load(article)

    def show(self, article: Article, opened: bool) -> None:
        """The body shows ``article``: another article brings its text back; a newer copy of
        the same one (a new version, maybe) is compared again."""
        if opened:
            self.close()
            self.article = self.history = None
        elif self.is_open:
            self.article = article
            self._load(article)

    @work(exclusive=True, group="diff", exit_on_error=False)
    async def _load(self, article: Article) -> None:
        try:
            history = await asyncio.to_thread(self.reader.versions.history, article.id)
        except ReaderError as exc:
            say(self, str(exc), error=True)
            return
        if self.article is not article:
            return  # another article meanwhile
        if history is None or history.newest < 2:  # gone from the cache meanwhile
            self.close()
            say(self, _(UNCHANGED), warning=True)
            return
        self.history = history
        self._compare(history.newest)

    def _compare(self, number: int) -> None:
        """Version ``number`` against the one before it; the first change marked."""
        history = self.history
        self.number = number
        parts = history.changes(number) if history is not None and number >= 2 else []
        self._parts, self._changes = _mark_changes(parts)
        self._names = [p.name for p in parts]
        self.current = 0 if self._changes else None
        self._rebuild()
        self._title()
        self.scroll_home(animate=False, immediate=True)
        # Just opened, the view has no size yet (or not the size of its new lines): it
        # scrolls when it has (on_resize, and after the next refreshes: see _to_current).
        self._scroll_to_current = True
        self._tries = 0
        self._to_current()

    def action_step(self, step: int) -> None:
        """n N: the next or previous change (round the article)."""
        if not self._changes:
            say(self, _("No change to go to."), warning=True)
            return
        current = -1 if self.current is None and step > 0 else (self.current or 0)
        self.current = (current + step) % self._changes
        self._rebuild()
        self._tries = 0
        self._to_current()
        self._title()

    def action_version(self, step: int) -> None:
        """< >: the pair of versions before or after the one shown."""
        history = self.history
        if history is None:
            return
        number = self.number + step
        if number < 2:
            say(self, _("No older version is kept."), warning=True)
        elif number > history.newest:
            say(self, _("This is the newest version."), warning=True)
        else:
            self._compare(number)

    def _to_current(self) -> None:
        """The marked change into view (a third down the view when it has to move)."""
        height = self.scrollable_content_region.height
        if self.current is None or self.current not in self._at or not height:
            return
        line = self._at[self.current]
        top = int(self.scroll_y)
        if not top <= line < top + height:
            self.scroll_to(y=max(line - height // 3, 0), animate=False, immediate=True)
        self._scroll_to_current = int(self.scroll_y) > line or line >= self.scroll_y + height
        if self._scroll_to_current and self._tries < 10:
            # A scroll beyond the lines the layout knows yet is cut short: again once it does.
            self._tries += 1
            self.call_after_refresh(self._to_current)

    def on_resize(self, event: events.Resize) -> None:
        super().on_resize(event)
        if self._scroll_to_current:
            self._to_current()

    @property
    def state(self) -> str:
        """What the view's first line says: the two versions compared, the change marked."""
        return self._state()

    # -- rendering -------------------------------------------------------------------------------

    def _styles(self) -> dict[str, Style]:
        # Only what the CSS sets: a marked change keeps its colour under the mark's background
        # (that one blended with the pane's, as only a full style has it).
        styles = {n: self.get_component_rich_style(f"diff--{n}", partial=True)
                  for n in STYLE_NAMES}
        styles["current"] = Style(bgcolor=self.get_component_rich_style("diff--current").bgcolor)
        return styles

    def _state(self) -> str:
        history = self.history
        if history is None or self.number < 2:
            return ""
        new, old = history.version(self.number), history.version(self.number - 1)
        said = _("Version {n} of {count} (seen {when}) against version {before} (seen "
                 "{before_when})").format(n=new.number, count=history.newest, when=seen(new),
                                          before=old.number, before_when=seen(old))
        if not self._changes:
            return said + " · " + _("no difference, as this version of tazreader reads them")
        return said + " · " + _("change {n} of {count}").format(n=(self.current or 0) + 1,
                                                                count=self._changes)

    def _lines(self, width: int, styles: dict[str, Style]) -> list[Text]:
        console = Console(width=max(width, 10), color_system=None, legacy_windows=False,
                          no_color=True)
        out: list[Text] = []
        self._at = {}

        def add(text: Text) -> None:
            for line in text.wrap(console, max(width, 10), overflow="fold"):
                line.rstrip()
                for span in line.spans:
                    style = span.style
                    if isinstance(style, Style) and style.meta and "change" in style.meta:
                        self._at.setdefault(int(style.meta["change"]), len(out))
                out.append(line)

        if self.article is None:
            return out
        if self.history is None:
            add(Text(_("Loading the versions …"), style=styles["message"]))
            return out
        add(Text(self._state(), style=styles["state"]))
        add(Text(_(KEYS), style=styles["keys"]))
        for index, (name, pieces) in enumerate(zip(self._names, self._parts, strict=True)):
            if not (name == "title" and index and self._names[index - 1] == "kicker"):
                out.append(Text(""))  # the title right under its kicker, as in the text
            add(self._part(name, pieces, styles))
        return out

    def _part(self, name: str, pieces: Pieces, styles: dict[str, Style]) -> Text:
        base = styles[PART_STYLES[name]] if name in PART_STYLES else Style()
        text = Text("Bild: " if name == "caption" else "", style=base)  # as the body says it
        for op, piece, change in pieces:
            if text.plain and not text.plain.endswith(" "):
                text.append(" ")
            if change is None:
                text.append(one_line(piece))
                continue
            style = styles["removed" if op == "-" else "added"] + Style.from_meta(
                {"change": change})
            if change == self.current:
                style += styles["current"]
            text.append(one_line(piece), style)
        return text

