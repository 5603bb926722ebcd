"""A scrolling view of wrapped lines of rich ``Text``, drawn with the Line API: the base of
the article body and of the views that take its place (comments, changes).

Subclasses wrap their content to ``_layout()``'s width in ``_rebuild()`` and hand the lines to
:meth:`LinesView._show_lines`; the text is as wide as the body's text (at most
``MAX_TEXT_WIDTH``), centred when there is room. A line becomes a strip only when it is
drawn (a 2 MB article has ~30,000 lines, a screen shows 40), and again only when the style of
the view changed (focus) or the lines did.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import overload

from rich.segment import Segment as RichSegment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tazreader.app.widgets.body_lines import MAX_TEXT_WIDTH


class Strips(Sequence[Strip]):
    """The strips of ``lines``, each made (by ``make``) when first asked for, then kept."""

    def __init__(self, lines: list[Text], make: Callable[[Text], Strip]) -> None:
        self._lines = lines
        self._make = make
        self._made: dict[int, Strip] = {}

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, index: int) -> Strip: ...
    @overload
    def __getitem__(self, index: slice) -> list[Strip]: ...
    def __getitem__(self, index: int | slice) -> Strip | list[Strip]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self._lines)
        strip = self._made.get(index)
        if strip is None:
            strip = self._made[index] = self._make(self._lines[index])
        return strip

    def __iter__(self) -> Iterator[Strip]:
        return (self[i] for i in range(len(self)))

    def forget(self) -> None:
        """Make every strip again when next asked for (the view's style changed)."""
        self._made.clear()


class LinesView(ScrollView):
    """Lines drawn one strip a line, cropped to the view; re-wrapped when the width changes."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._strips = Strips([], self._strip)
        self._shown: list[str] = []
        self._width = 0
        self._margin = 0
        self._frame_style: Style | None = None  # see render_lines

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
        kept = list(lines)
        self._strips = Strips(kept, self._strip)
        self._shown = [line.plain for line in kept]
        # Only the height is virtual: every line is wrapped to the view, so there is nothing to
        # scroll sideways, and a width that follows the view's would change with the first
        # size and ask for a second layout before the first paint.
        self.virtual_size = Size(0, len(kept))
        self.refresh()

    def _strip(self, line: Text) -> Strip:
        # Text.render leaves out the line's own base style: apply it to the segments.
        style = line.style if isinstance(line.style, Style) else Style.parse(line.style)
        segments = list(RichSegment.apply_style(line.render(self.app.console, end=""), style))
        if self._margin:
            segments.insert(0, RichSegment(" " * self._margin))
        return Strip(segments).apply_style(self._frame_style or self.rich_style)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.forget()  # their base style (the view's background) may have changed

    def render_lines(self, crop: Region) -> list[Strip]:
        # The view's style once a frame, not once a line: each look-up walks up the DOM
        # (~25 µs; 40 lines a frame, three frames before the first paint).
        self._frame_style = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        width = self.scrollable_content_region.width or self.size.width
        style = self._frame_style or self.rich_style
        if index < 0 or index >= len(self._strips):
            return Strip.blank(width, style)
        return self._strips[index].crop_extend(scroll_x, scroll_x + width, style)

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width and self._layout() != (self._width, self._margin):
            self._rebuild()
