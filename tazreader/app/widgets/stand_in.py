"""What the article pane shows in place of the article's text (the readers' comments, the
changes since the version before): lines of rich ``Text`` drawn with the Line API.

A stand-in is hidden until it takes the body's place: then the body is hidden and the stand-in
has the keys; :meth:`StandIn.close` gives the place (and the keys, if it had them) back. Page
text only ever enters ``Text`` objects, never markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment as RichSegment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tazreader.app.widgets.article_body import MAX_TEXT_WIDTH, ArticleBody


class StandIn(ScrollView, can_focus=True):
    """A view in the body's place; subclasses say what its lines are (:meth:`_lines`)."""

    STYLE_PREFIX: ClassVar[str] = ""  # component classes are "<prefix>--<name>"
    STYLE_NAMES: ClassVar[tuple[str, ...]] = ()

    def __init__(self, body: ArticleBody, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.body = body
        self._strips: list[Strip] = []
        self._shown: list[str] = []
        self._width = 0
        self._margin = 0

    @property
    def is_open(self) -> bool:
        return bool(self.display)

    def _take_place(self) -> None:
        """In the body's place, from the top, with the keys."""
        self.body.display = False
        self.display = True
        self._rebuild()
        self.scroll_home(animate=False, immediate=True)
        self.focus()

    def close(self) -> None:
        """Back to the article's text (it gets the keys if this had them)."""
        if not self.is_open:
            return
        had_focus = self.has_focus
        self.display = False
        self.body.display = True
        if had_focus:
            self.body.focus()

    @property
    def rendered_lines(self) -> list[str]:
        """The plain text of every line as shown."""
        return list(self._shown)

    # -- rendering -------------------------------------------------------------------------------

    def _lines(self, width: int, styles: dict[str, Style]) -> list[Text]:
        """What is shown, wrapped to ``width``."""
        raise NotImplementedError

    def _styles(self) -> dict[str, Style]:
        return {n: self.get_component_rich_style(f"{self.STYLE_PREFIX}--{n}")
                for n in self.STYLE_NAMES}

    def _layout(self) -> tuple[int, int]:
        """(text width, left margin): as wide as the body's text, centred when there is room."""
        avail = self.scrollable_content_region.width or self.size.width or MAX_TEXT_WIDTH
        width = min(avail, MAX_TEXT_WIDTH)
        return width, (avail - width) // 2 if avail > width + 4 else 0

    def _rebuild(self) -> None:
        if not self.is_mounted:
            return
        width, self._margin = self._layout()
        self._width = width
        console = self.app.console
        base = self.rich_style
        strips: list[Strip] = []
        shown: list[str] = []
        for line in self._lines(width, self._styles()):
            shown.append(line.plain)
            style = line.style if isinstance(line.style, Style) else Style.parse(line.style)
            segments = list(RichSegment.apply_style(line.render(console, end=""), style))
            if self._margin:
                segments.insert(0, RichSegment(" " * self._margin))
            strips.append(Strip(segments).apply_style(base))
        self._strips = strips
        self._shown = shown
        self.virtual_size = Size(width + self._margin, len(strips))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        width = self.scrollable_content_region.width or self.size.width
        if index < 0 or index >= len(self._strips):
            return Strip.blank(width, self.rich_style)
        return self._strips[index].crop_extend(scroll_x, scroll_x + width, self.rich_style)

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width and self._layout() != (self._width, self._margin):
            self._rebuild()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted and self.is_open:
            self._rebuild()
