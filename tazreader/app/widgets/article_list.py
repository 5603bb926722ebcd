"""The article list: one row per teaser (marks, kicker, title, date, author), filterable.

A list with a further page (search results) ends in one action row, ``more_text`` ("Weitere
Ergebnisse laden …"): enter on it is the screen's, a click posts :class:`ArticleList.MoreChosen`.

A Line-API widget with rows of fixed height, so that only the rows in view are ever rendered:
a list of 1,000 cached articles paints and filters as fast as one of 20.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tazreader.app.keys import MOVE
from tazreader.app.text import one_line
from tazreader.i18n import N_
from tazreader.taz.dates import published as format_date
from tazreader.taz.models import Teaser

if TYPE_CHECKING:
    from tazreader.service import ArticleState

UNREAD_MARK = "•"
CACHED_MARK = "↓"
BOOKMARK_MARK = "★"
ROW_HEIGHT = 4  # marks + kicker, title, date + author, a blank line
SNIPPET_ROW_HEIGHT = 5  # search results: the hit snippet under the date + author
HIT_OPEN, HIT_CLOSE = "«", "»"  # how the offline search marks hits in a snippet
SNIPPET_LEAD = 12  # characters of a snippet kept before its first hit


def snippet_parts(text: str) -> list[tuple[str, bool]]:
    """``text`` as (piece, is_hit) with the hit marks «…» taken out.

    The start is cut (at a word, with "…") so that the first hit shows in a narrow row.
    """
    first = text.find(HIT_OPEN)
    if first > SNIPPET_LEAD:
        cut = text.find(" ", first - SNIPPET_LEAD, first)
        start = cut + 1 if cut >= 0 else first
        text = "…" + text[start:]
    parts: list[tuple[str, bool]] = []
    pos = 0
    while pos < len(text):
        start = text.find(HIT_OPEN, pos)
        end = text.find(HIT_CLOSE, start + 1) if start >= 0 else -1
        if start < 0 or end < 0:
            parts.append((text[pos:], False))
            break
        if start > pos:
            parts.append((text[pos:start], False))
        if end > start + 1:
            parts.append((text[start + 1 : end], True))
        pos = end + 1
    return parts


def _fit(pieces: Sequence[tuple[str, Style]], width: int) -> list[Segment]:
    """Segments of ``pieces`` cut to ``width`` cells, with an ellipsis where text was cut."""
    out: list[Segment] = []
    room = width
    for text, style in pieces:
        cells = cell_len(text)
        if cells <= room:
            out.append(Segment(text, style))
            room -= cells
            continue
        out.append(Segment(set_cell_size(text, max(room - 1, 0)).rstrip() + "…", style))
        break
    return out


def matches(teaser: Teaser, needle: str) -> bool:
    """Case-insensitive match of every word on kicker, title, teaser text and authors."""
    if not needle:
        return True
    hay = " ".join(
        [teaser.kicker, teaser.title, teaser.teaser, *(a.name for a in teaser.authors)]
    ).casefold()
    return all(word in hay for word in needle.casefold().split())


class ArticleList(ScrollView, can_focus=True):
    """The article list."""

    HELP_WHERE = N_("list")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "list--kicker",
        "list--title",
        "list--meta",
        "list--mark",
        "list--read",
        "list--cursor",
        "list--cursor-blurred",
        "list--empty",
        "list--snippet",
        "list--hit",
        "list--more",
        "list--open",
    }

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        overflow-x: hidden;
        & > .list--kicker { color: $text-accent; }
        & > .list--title { text-style: bold; }
        & > .list--meta { color: $text-muted; }
        & > .list--mark { color: $text-warning; text-style: bold; }
        & > .list--read { color: $text-muted; }
        & > .list--cursor { background: $block-cursor-background; }
        & > .list--cursor-blurred { background: $block-cursor-blurred-background; }
        & > .list--empty { color: $text-muted; text-style: italic; }
        & > .list--snippet { color: $text-muted; text-style: italic; }
        & > .list--hit { color: $text-accent; text-style: bold not italic; }
        & > .list--more { color: $text-muted; text-style: italic; }
        & > .list--open { color: $accent; text-style: bold; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", N_("Down"), show=False, id="list.down", group=MOVE),
        Binding("up,k", "cursor_up", N_("Up"), show=False, id="list.up", group=MOVE),
        Binding("home,g", "first", N_("Top"), show=False, id="list.top", group=MOVE),
        Binding("end,G", "last", N_("Bottom"), show=False, id="list.bottom", group=MOVE),
        Binding("pagedown", "page(1)", N_("Page down"), show=False, id="list.page_down",
                group=MOVE),
        Binding("pageup", "page(-1)", N_("Page up"), show=False, id="list.page_up",
                group=MOVE),
    ]

    class Chosen(Message):
        """A row was clicked (enter is the screen's: it may mean a link number)."""

        def __init__(self, teaser: Teaser) -> None:
            super().__init__()
            self.teaser = teaser

    class MoreChosen(Message):
        """The "more" row (``more_text``) was clicked."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.teasers: list[Teaser] = []
        self.shown: list[Teaser] = []
        self.states: dict[str, ArticleState] = {}
        self.filter_text = ""
        self.empty_text = ""
        self.show_snippets = False  # search results: a line with the hit snippet
        self.more_text = ""  # the last row's action ("Weitere Ergebnisse laden …"), if any
        self.open_id: str | None = None  # the article open in the reader: marked in its row
        self._highlighted: int | None = None
        self._rows: dict[tuple[int, int, bool, bool], list[Strip]] = {}
        self._styles: dict[str, Style] = {}
        self._frame_style: Style | None = None  # see render_lines

    @property
    def row_height(self) -> int:
        return SNIPPET_ROW_HEIGHT if self.show_snippets else ROW_HEIGHT

    # -- content ---------------------------------------------------------------------------

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

    def complete(self, cached: Mapping[str, Teaser]) -> None:
        """Fill in the date (and authors, if missing) of teasers from their cached articles."""

        def done(teaser: Teaser) -> Teaser:
            article = cached.get(teaser.id)
            if article is None or teaser.published is not None:
                return teaser
            return replace(teaser, published=article.published,
                           authors=teaser.authors or article.authors)

        self.teasers = [done(t) for t in self.teasers]
        self.shown = [done(t) for t in self.shown]
        self._rows.clear()
        self.refresh()

    def append_teasers(
        self, teasers: Sequence[Teaser], states: Mapping[str, ArticleState] | None = None
    ) -> int:
        """Add the teasers not yet in the list at its end; the cursor stays on its row.

        Returns how many were new.
        """
        known = {t.id for t in self.teasers}
        new: list[Teaser] = []
        for teaser in teasers:
            if teaser.id not in known:
                known.add(teaser.id)
                new.append(teaser)
        self.teasers += new
        self.states.update(states or {})
        self.shown = [t for t in self.teasers if matches(t, self.filter_text)]
        self._rows.clear()
        self.virtual_size = Size(0, self.row_count * self.row_height)
        index = self._highlighted
        if index is None and self.shown:
            index = 0
        self._highlighted = None
        self.highlighted = index
        self.refresh()
        return len(new)

    def set_more(self, text: str) -> None:
        """Show (or with "" take away) the "more" row at the end of the list."""
        if text == self.more_text:
            return
        self.more_text = text
        self._rows.clear()
        self.virtual_size = Size(0, self.row_count * self.row_height)
        if self._highlighted is not None and self._highlighted >= self.row_count:
            self.highlighted = self.row_count - 1
        self.refresh()

    @property
    def has_more_row(self) -> bool:
        return bool(self.more_text and self.shown)

    @property
    def row_count(self) -> int:
        """The rows shown: the teasers and the "more" row."""
        return len(self.shown) + (1 if self.has_more_row else 0)

    @property
    def on_more_row(self) -> bool:
        return self.has_more_row and self._highlighted == len(self.shown)

    def update_states(self, states: Mapping[str, ArticleState]) -> None:
        self.states.update(states)
        self._rows.clear()
        self.refresh()

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self._fill(self.highlighted_teaser)

    def _fill(self, keep: Teaser | None) -> None:
        self.shown = [t for t in self.teasers if matches(t, self.filter_text)]
        self._rows.clear()
        self.virtual_size = Size(0, self.row_count * self.row_height)
        index: int | None = 0 if self.shown else None
        if keep is not None:
            for i, t in enumerate(self.shown):
                if t.id == keep.id:
                    index = i
                    break
        self._highlighted = None
        self.highlighted = index
        if index is None:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    @property
    def option_count(self) -> int:
        return len(self.shown)

    @property
    def highlighted(self) -> int | None:
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None:
            index = max(0, min(index, self.row_count - 1)) if self.shown else None
        self._highlighted = index
        self._rows.clear()
        self.refresh()
        if index is not None:
            height = self.row_height
            self.scroll_to_region(
                Region(0, index * height, 1, height), animate=False, immediate=True
            )

    @property
    def highlighted_teaser(self) -> Teaser | None:
        index = self._highlighted
        if index is None or not 0 <= index < len(self.shown):
            return None
        return self.shown[index]

    def step_from(self, article_id: str | None, step: int) -> Teaser | None:
        """The teaser ``step`` rows from ``article_id``'s (or the cursor's) row, now under the
        cursor; None past either end."""
        index = next((i for i, t in enumerate(self.shown) if t.id == article_id),
                     self._highlighted)
        if index is None:
            return None
        target = index + step
        if not 0 <= target < len(self.shown):
            return None
        self.highlighted = target
        return self.shown[target]

    def mark_open(self, article_id: str | None) -> None:
        """Mark the row of the article open in the reader (a bar at its left edge)."""
        if article_id != self.open_id:
            self.open_id = article_id
            self._rows.clear()
            self.refresh()

    def highlight_id(self, article_id: str) -> None:
        for i, t in enumerate(self.shown):
            if t.id == article_id:
                self.highlighted = i
                return

    def row_text(self, index: int) -> str:
        """The plain text of row ``index`` as shown (its lines joined by newlines); the row
        after the teasers is the "more" row."""
        if index == len(self.shown):
            return one_line(self.more_text)
        parts = self._row_parts(self.shown[index])
        return "\n".join("".join(text for text, _ in line) for line in parts).rstrip("\n")

    # -- rendering -------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(
                f"list--{name}", partial=True
            )
        return style

    def _row_parts(self, teaser: Teaser) -> list[list[tuple[str, Style]]]:
        """The lines of a row (without the blank last one), each as (text, style) pieces."""
        state = self.states.get(teaser.id)
        read = state is not None and state.read
        marks = (
            (" " if read else UNREAD_MARK)
            + (CACHED_MARK if state is not None and state.cached else " ")
            + (BOOKMARK_MARK if state is not None and state.bookmarked else " ")
        )
        meta = " · ".join(
            m for m in (format_date(teaser.published), ", ".join(a.name for a in teaser.authors))
            if m
        )
        lines = [
            [(marks, self._style("mark")), (" ", Style()),
             (one_line(teaser.kicker), self._style("kicker"))],
            [(one_line(teaser.title), self._style("read" if read else "title"))],
            [(one_line(meta), self._style("meta"))],
        ]
        if self.show_snippets:
            snippet = self._style("snippet")
            hit = snippet + self._style("hit")
            lines.append(
                [(text, hit if is_hit else snippet) for text, is_hit in snippet_parts(
                    one_line(teaser.teaser)
                )]
            )
        return lines

    def _more_parts(self) -> list[list[tuple[str, Style]]]:
        """The "more" row: its action on the title's line, dim and indented like a kicker
        (no marks, no title: it is no article)."""
        return [[], [("    ", Style()), (one_line(self.more_text), self._style("more"))]]

    def _row_strips(self, index: int, width: int) -> list[Strip]:
        cursor = index == self._highlighted
        key = (index, width, cursor, self.has_focus)
        strips = self._rows.get(key)
        if strips is not None:
            return strips
        own = base = self._frame_style or self.rich_style
        if cursor:
            base = base + self._style("cursor" if self.has_focus else "cursor-blurred")
        is_open = index < len(self.shown) and self.shown[index].id == self.open_id
        lead = ("▌", self._style("open")) if is_open else (" ", Style())
        strips = [
            Strip(_fit([lead, *line], width)).adjust_cell_length(width).apply_style(base)
            for line in (
                self._more_parts() if index == len(self.shown) else self._row_parts(
                    self.shown[index]
                )
            )
        ]
        strips.append(Strip.blank(width, own))
        self._rows[key] = strips
        return strips

    def render_lines(self, crop: Region) -> list[Strip]:
        # The list's style once a frame, not once a row: each look-up walks up the DOM.
        self._frame_style = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        absolute = y + int(self.scroll_y)
        base = self._frame_style or self.rich_style
        if not self.shown:
            lines = self._empty_lines(width)
            if 1 <= absolute <= len(lines):
                return Strip(list(lines[absolute - 1].render(self.app.console, end=""))
                             ).adjust_cell_length(width, base).apply_style(base)
            return Strip.blank(width, base)
        index, offset = divmod(absolute, self.row_height)
        if index >= self.row_count:
            return Strip.blank(width, base)
        strips = self._row_strips(index, width)
        return strips[offset] if offset < len(strips) else Strip.blank(width, base)

    def _empty_lines(self, width: int) -> list[Text]:
        """The empty list's message, wrapped to the pane (it says what to do: all of it)."""
        if not self.empty_text:
            return []
        text = Text(self.empty_text, style=self._style("empty"))
        wrapped = text.wrap(self.app.console, max(width - 2, 8), overflow="fold")
        return [Text.assemble(" ", line) for line in wrapped]

    def on_resize(self, event: events.Resize) -> None:
        # The rows are cut to the width; only the height is virtual (no horizontal scrolling,
        # and no second layout pass when the first size arrives). Rows are kept by width: the
        # first size arrives after the first frame drew them for it, so they stay.
        width = self.scrollable_content_region.width or self.size.width
        if any(key[1] != width for key in self._rows):
            self._rows.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._rows.clear()
        self._styles.clear()

    def _on_focus(self, event: events.Focus) -> None:
        self._rows.clear()
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self._rows.clear()
        self.refresh()

    # -- keys and mouse --------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        if self._highlighted is not None:
            self.highlighted = self._highlighted + 1

    def action_cursor_up(self) -> None:
        if self._highlighted is not None:
            self.highlighted = self._highlighted - 1

    def action_first(self) -> None:
        if self.shown:
            self.highlighted = 0

    def action_last(self) -> None:
        if self.shown:
            self.highlighted = self.row_count - 1

    def action_page(self, direction: int) -> None:
        if self._highlighted is None:
            return
        rows = max(self.scrollable_content_region.height // self.row_height, 1)
        self.highlighted = self._highlighted + direction * rows

    def on_click(self, event: events.Click) -> None:
        index = (event.y + int(self.scroll_y)) // self.row_height
        if 0 <= index < len(self.shown):
            event.stop()
            self.highlighted = index
            self.post_message(self.Chosen(self.shown[index]))
        elif index == len(self.shown) and self.has_more_row:
            event.stop()
            self.highlighted = index
            self.post_message(self.MoreChosen())
