"""The article list: one row per teaser (marks, kicker, title, date, author), filterable."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tazreader.app.text import one_line
from tazreader.app.widgets.article_body import format_date
from tazreader.taz.models import Teaser

if TYPE_CHECKING:
    from tazreader.store import ArticleState

UNREAD_MARK = "•"
CACHED_MARK = "↓"
BOOKMARK_MARK = "★"


def matches(teaser: Teaser, needle: str) -> bool:
    """Case-insensitive match on kicker, title, teaser text and authors."""
    if not needle:
        return True
    hay = " ".join(
        [teaser.kicker, teaser.title, teaser.teaser, *(a.name for a in teaser.authors)]
    ).casefold()
    return all(word in hay for word in needle.casefold().split())


class ArticleList(OptionList):
    """The list pane."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "list--kicker",
        "list--title",
        "list--meta",
        "list--mark",
        "list--read",
    }

    DEFAULT_CSS = """
    ArticleList {
        & > .list--kicker { color: $text-accent; }
        & > .list--title { text-style: bold; }
        & > .list--meta { color: $text-muted; }
        & > .list--mark { color: $text-warning; text-style: bold; }
        & > .list--read { color: $text-muted; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "first", "Top", show=False, id="list.top"),
        Binding("G", "last", "Bottom", show=False, id="list.bottom"),
    ]

    @dataclass
    class Chosen(Message):
        """A row was chosen (enter or click)."""

        teaser: Teaser

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.teasers: list[Teaser] = []
        self.shown: list[Teaser] = []
        self.states: dict[str, ArticleState] = {}
        self.filter_text = ""

    def set_teasers(
        self,
        teasers: Sequence[Teaser],
        states: Mapping[str, ArticleState] | None = None,
        *,
        keep_position: bool = False,
    ) -> None:
        current = self.highlighted_teaser if keep_position else None
        self.teasers = list(teasers)
        self.states = dict(states or {})
        self._fill(current)

    def update_states(self, states: Mapping[str, ArticleState]) -> None:
        self.states.update(states)
        self._fill(self.highlighted_teaser)

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self._fill(self.highlighted_teaser)

    def _fill(self, keep: Teaser | None) -> None:
        self.shown = [t for t in self.teasers if matches(t, self.filter_text)]
        self.clear_options()
        self.add_options([Option(self._row(t), id=str(i)) for i, t in enumerate(self.shown)])
        if not self.shown:
            return
        index = 0
        if keep is not None:
            for i, t in enumerate(self.shown):
                if t.id == keep.id:
                    index = i
                    break
        self.highlighted = index

    def _row(self, teaser: Teaser) -> Text:
        def style(name: str) -> Style:
            return self.get_component_rich_style(f"list--{name}", partial=True)

        state = self.states.get(teaser.id)
        read = state is not None and state.read
        marks = (
            (" " if read else UNREAD_MARK)
            + (CACHED_MARK if state is not None and state.cached else " ")
            + (BOOKMARK_MARK if state is not None and state.bookmarked else " ")
        )
        row = Text(no_wrap=False, overflow="fold")
        row.append(marks, style("mark"))
        row.append(" ")
        if teaser.kicker:
            row.append(one_line(teaser.kicker), style("kicker"))
        row.append("\n")
        row.append(one_line(teaser.title), style("read") if read else style("title"))
        meta = [format_date(teaser.published), ", ".join(a.name for a in teaser.authors)]
        meta_text = " · ".join(m for m in meta if m)
        if meta_text:
            row.append("\n")
            row.append(one_line(meta_text), style("meta"))
        return row

    @property
    def highlighted_teaser(self) -> Teaser | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.shown):
            return None
        return self.shown[index]

    def highlight_id(self, article_id: str) -> None:
        for i, t in enumerate(self.shown):
            if t.id == article_id:
                self.highlighted = i
                return

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if 0 <= index < len(self.shown):
            self.post_message(self.Chosen(self.shown[index]))
