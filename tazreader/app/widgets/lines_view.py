"""A scrolling view of wrapped lines of rich ``Text``, drawn with the Line API: the base of
the article body and of the views that take its place (comments, changes).

Subclasses wrap their content to ``_layout()``'s width in ``_rebuild()`` and hand the lines to
:meth:`LinesView._show_lines`; the text is as wide as the body's text (at most
``MAX_TEXT_WIDTH``), centred when there is room.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.segment import Segment as RichSegment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tazreader.app.widgets.body_lines import MAX_TEXT_WIDTH


class LinesView(ScrollView):
    """Lines drawn one strip a line, cropped to the view; re-wrapped when the width changes."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._strips: list[Strip] = []
        self._shown: list[str] = []
        self._width = 0
        self._margin = 0

    def _layout(self) -> tuple[int, int]:
        """(text width, left margin): at most MAX_TEXT_WIDTH wide, centred when there is room."""
        avail = self.scrollable_content_region.width or self.size.width or MAX_TEXT_WIDTH
        width = min(avail, MAX_TEXT_WIDTH)
        return width, (avail - width) // 2 if avail > width + 4 else 0

    def _rebuild(self) -> None:
        """Wrap the content anew (to ``_layout()``) and :meth:`_show_lines` it."""
        raise NotImplementedError

    def _show_lines(self, lines: Iterable[Text], width: int) -> None:
        """``lines`` (wrapped to ``width``) become the view's strips, after the margin."""
        console = self.app.console
        base = self.rich_style
        strips: list[Strip] = []
        shown: list[str] = []
        for line in lines:
            shown.append(line.plain)
            # Text.render leaves out the line's own base style: apply it to the segments.
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
