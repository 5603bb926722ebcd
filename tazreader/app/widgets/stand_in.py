"""What the article pane shows in place of the article's text (the readers' comments, the
changes since the version before): lines of rich ``Text`` drawn with the Line API.

A stand-in is hidden until it takes the body's place: then the body is hidden and the stand-in
has the keys; :meth:`StandIn.close` gives the place (and the keys, if it had them) back. Page
text only ever enters ``Text`` objects, never markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text

from tazreader.app.widgets.article_body import ArticleBody
from tazreader.app.widgets.lines_view import LinesView


class StandIn(LinesView, can_focus=True):
    """A view in the body's place; subclasses say what its lines are (:meth:`_lines`)."""

    STYLE_PREFIX: ClassVar[str] = ""  # component classes are "<prefix>--<name>"
    STYLE_NAMES: ClassVar[tuple[str, ...]] = ()

    # Hidden until it takes the body's place; the styles of its lines are the subclass's.
    DEFAULT_CSS = """
    StandIn {
        display: none;
        background: $surface;
        padding: 0 1;
        scrollbar-gutter: stable;
        overflow-x: hidden;
    }
    """

    def __init__(self, body: ArticleBody, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.body = body

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

    def _rebuild(self) -> None:
        if not self.is_mounted:
            return
        width, self._margin = self._layout()
        self._width = width
        self._show_lines(self._lines(width, self._styles()), width)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted and self.is_open:
            self._rebuild()
