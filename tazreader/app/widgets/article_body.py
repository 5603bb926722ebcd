"""The article body: the text edition, styled, with clickable link marks ``[n]``.

A Line-API widget: the article is wrapped once per width into lines of rich ``Text``
(``body_lines``) — once: the wrapping is kept per article, width, pictures and note, and
what changes with a key (the selected link, hints, find matches) is laid over it, on the
lines it touches — so the widget knows on which line every link mark sits (to scroll a selected
link into view, and to place letter hints over the links in view). Page text is data: it only
ever enters ``Text`` objects, never markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.style import Style
from rich.text import Span, Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip

from tazreader.app.keys import MOVE
from tazreader.app.widgets.body_lines import (
    MAX_TEXT_WIDTH,
    STYLE_NAMES,
    RenderedBody,
    console_at,
    hint_labels,
    render_body,
    wrap_line,
)
from tazreader.app.widgets.finding import Match, find
from tazreader.app.widgets.lines_view import LinesView
from tazreader.i18n import N_
from tazreader.taz.models import Article

__all__ = ["MAX_TEXT_WIDTH", "ArticleBody", "RenderedBody", "hint_labels", "render_body"]


class ArticleBody(LinesView, can_focus=True):
    """The article's text."""

    HELP_WHERE = N_("article")

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"body--{name}" for name in STYLE_NAMES}

    DEFAULT_CSS = """
    ArticleBody {
        background: $surface;
        padding: 0 1;
        scrollbar-gutter: stable;
        overflow-x: hidden;
        & > .body--kicker { color: $accent; text-style: bold; }
        & > .body--title { color: $foreground; text-style: bold; }
        & > .body--teaser { color: $foreground; text-style: italic; }
        & > .body--byline { color: $text-muted; }
        & > .body--caption { color: $text-muted; text-style: italic; }
        & > .body--subhead { color: $primary; text-style: bold; }
        & > .body--quote { color: $secondary; text-style: italic; }
        & > .body--question { color: $foreground; text-style: bold; }
        & > .body--embed { color: $text-muted; }
        & > .body--notice { color: $warning; text-style: bold; }
        & > .body--box { color: $primary; }
        & > .body--link { color: $text-primary; text-style: underline; }
        & > .body--mark { color: $text-accent; text-style: bold; }
        & > .body--selected { background: $accent; color: $text; text-style: bold reverse; }
        & > .body--hint { background: $warning; color: $background; text-style: bold; }
        & > .body--message { color: $text-muted; }
        & > .body--found { background: $warning 35%; }
        & > .body--found-current { background: $warning; color: $background; text-style: bold; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", N_("Down"), show=False, id="body.down", group=MOVE),
        Binding("k", "scroll_up", N_("Up"), show=False, id="body.up", group=MOVE),
    ]

    class LinkClicked(Message):
        """A link mark or link text was clicked."""

        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self.selected_link: int | None = None
        self.hints: dict[int, str] = {}
        self._message: Text | None = None
        self._rendered = RenderedBody()
        self.pictures: dict[str, list[Text]] = {}  # the pictures' lines by URL, once drawn
        self.note: str | None = None  # said at the end of the article's head
        self.find_text = ""  # what the find bar looks for ("" : nothing)
        self.found: list[Match] = []
        self.found_at: int | None = None  # the current one, an index into found
        # The article as wrapped (no link selected), what it was wrapped for, and on which
        # lines each link is; the styles the view was last built with.
        self._wrapped = RenderedBody()
        self._wrapped_for: tuple[object, ...] | None = None
        self._link_lines: dict[int, list[int]] = {}
        self._pictures_drawn = 0  # counts set_picture calls (the pictures are part of it)
        self._built_styles: dict[str, Style] = {}
        # The text's styles when it was wrapped, and what became of those that changed since
        # (focus blends the muted colours with the view's background): laid on a line when it
        # is drawn, instead of wrapping 2 MB again.
        self._wrapped_styles: dict[str, Style] = {}
        self._restyle: dict[Style, Style] = {}
        self._stale = False  # an article to show is not wrapped yet (see show_article)

    # -- content ---------------------------------------------------------------------------

    def show_article(self, article: Article, position: float | None = None) -> None:
        if article is not self.article and (self.article is None or article.id != self.article.id):
            self.pictures = {}  # another article: its pictures come when drawn
        self.article = article
        self.selected_link = None
        self.hints = {}
        self._message = None
        if self.is_mounted and self._wrap_key(article, self._layout()[0]) == self._wrapped_for:
            self._rebuild()  # wrapped for this width already: only the overlays are new
            self._place_at(position)
            return
        # Wrapped once laid out: opening an article may bring the link pane back, which
        # narrows this view, and a 2 MB text wrapped for the old width first took a second.
        self._stale = True
        self.refresh()
        if not position:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.call_after_refresh(self._wrap_and_place, position)

    def _wrap_and_place(self, position: float | None) -> None:
        self._ensure()
        if position:
            self._place_at(position)

    def _place_at(self, position: float | None) -> None:
        self.scroll_to(y=position or 0, animate=False, immediate=True)
        if position:
            # The virtual size is only known to the scroll machinery after a refresh.
            self.call_after_refresh(self.scroll_to, y=position, animate=False, immediate=True)

    def _ensure(self) -> None:
        """The lines of what is shown, wrapped if that is still to be done."""
        if self._stale:
            self._rebuild()

    def show_message(self, message: str) -> None:
        """A plain message instead of an article (loading, nothing cached …)."""
        self.article = None
        self.selected_link = None
        self.hints = {}
        self._message = Text(message)
        self._rebuild()
        self.scroll_to(y=0, animate=False, immediate=True)

    def select_link(self, number: int | None) -> None:
        self.selected_link = number
        self._rebuild()
        if number is not None and number in self._rendered.marks:
            line, _ = self._rendered.marks[number]
            top = int(self.scroll_y)
            height = max(self.scrollable_content_region.height, 1)
            if not top <= line < top + height:
                self.scroll_to(y=max(line - height // 3, 0), animate=False, immediate=True)

    def links_in_view(self) -> list[int]:
        self._ensure()
        top = int(self.scroll_y)
        height = max(self.scrollable_content_region.height, 1)
        return [n for n, (line, _) in sorted(self._rendered.marks.items())
                if top <= line < top + height]

    def first_link_in_view(self, after: bool = True) -> int | None:
        """Where n (``after``) or N starts: the first link in view, or the last."""
        in_view = self.links_in_view()
        if in_view:
            return in_view[0] if after else in_view[-1]
        return None

    def show_hints(self, hints: dict[int, str]) -> None:
        self.hints = hints
        self._rebuild()

    def set_picture(self, url: str, lines: list[Text]) -> None:
        """Show the picture ``url`` (lines drawn for the text width) under its caption; the
        reading position stays on the line it was on."""
        self._ensure()
        before = len(self._rendered.lines)
        top = int(self.scroll_y)
        self.pictures[url] = lines
        self._pictures_drawn += 1
        self._rebuild()
        at = self._rendered.picture_at.get(url)
        if at is not None and top >= at and self.article is not None:  # read past it: stay
            y = top + len(self._rendered.lines) - before
            self.scroll_to(y=y, animate=False, immediate=True)
            # The longer text is only scrollable that far after a refresh.
            self.call_after_refresh(self.scroll_to, y=y, animate=False, immediate=True)

    @property
    def text_width(self) -> int:
        """The width the text is wrapped to (what a picture is drawn for)."""
        return self._width or MAX_TEXT_WIDTH

    def set_find(self, query: str) -> int:
        """Highlight every occurrence of ``query`` (the first one in view, or after it, is
        the current one); how many there are."""
        self.find_text = query
        self.found_at = None
        self._rebuild()
        if self.found:
            top = int(self.scroll_y)
            after = [i for i, m in enumerate(self.found) if m.line >= top]
            self._go_to_found(after[0] if after else 0)
        return len(self.found)

    def find_step(self, step: int) -> None:
        """The next (1) or previous (-1) occurrence becomes the current one."""
        if not self.found:
            return
        current = -1 if self.found_at is None and step > 0 else (self.found_at or 0)
        self._go_to_found((current + step) % len(self.found))

    def _go_to_found(self, index: int) -> None:
        self.found_at = index
        self._rebuild()
        line = self.found[index].line
        top = int(self.scroll_y)
        height = max(self.scrollable_content_region.height, 1)
        if not top <= line < top + height:
            self.scroll_to(y=max(line - height // 3, 0), animate=False, immediate=True)

    @property
    def rendered_lines(self) -> list[str]:
        """The plain text of every line as shown (hints included)."""
        self._ensure()
        return list(self._shown)

    def line_of_link(self, number: int) -> int | None:
        self._ensure()
        mark = self._rendered.marks.get(number)
        return None if mark is None else mark[0]

    # -- rendering -------------------------------------------------------------------------

    def _styles(self, names: Iterable[str] = STYLE_NAMES) -> dict[str, Style]:
        """The component styles (``names``); a background that is the view's own is left to
        the view (the strips' base style), so that focus, which changes it, leaves the text
        alone."""
        own = self.rich_style.bgcolor
        out: dict[str, Style] = {}
        for name in names:
            style = self.get_component_rich_style(f"body--{name}")
            if own is not None and style.bgcolor == own:
                style = style.without_color + Style(color=style.color)
            out[name] = style
        return out

    def _rebuild(self) -> None:
        if not self.is_mounted:
            return
        self._stale = False
        width, self._margin = self._layout()
        self._width = width
        # A message needs four of the eighteen styles (each is a look-up in the stylesheet:
        # the start shows one, and restyles it as the panes get their focus and size).
        styles = self._built_styles = self._styles(
            STYLE_NAMES if self.article is not None else _MESSAGE_STYLES)
        if self.article is not None:
            self._rendered = self._article_lines(self.article, width, styles)
        elif self._message is not None:
            console = console_at(width)
            msg = self._message.copy()
            msg.stylize(styles["message"])
            self._rendered = RenderedBody(lines=wrap_line(msg, width, console))
        else:
            self._rendered = RenderedBody()
        lines = self._rendered.lines
        hint_at: dict[int, list[tuple[int, str]]] = {}
        for n, label in self.hints.items():
            if n in self._rendered.marks:
                line_no, col = self._rendered.marks[n]
                hint_at.setdefault(line_no, []).append((col, label))
        found_at = self._find_in([line.plain for line in lines])
        shown: list[Text] = []
        for index, line in enumerate(lines):
            if index in found_at:
                line = line.copy()
                for start, end, current in found_at[index]:
                    line.stylize(styles["found-current" if current else "found"], start, end)
            if index in hint_at:
                line = self._overlay_hints(line, hint_at[index], styles["hint"])
            shown.append(line)
        self._show_lines(shown, width)

    def _article_lines(self, article: Article, width: int, styles: dict[str, Style]
                       ) -> RenderedBody:
        """The article wrapped (kept while nothing it depends on changed), the selected link
        restyled on its own lines."""
        key = self._wrap_key(article, width)
        own = {k: v for k, v in styles.items() if k not in _OVERLAID}
        restyle = _restyle_map(self._wrapped_styles, own) if key == self._wrapped_for else None
        self._restyle = restyle or {}
        if restyle is None:
            self._wrapped = render_body(article, width, styles, None, self.pictures, self.note)
            self._wrapped_for, self._wrapped_styles = key, own
            self._link_lines = {}
            for index, line in enumerate(self._wrapped.lines):
                for n in {n for span in line.spans if (n := _link_of(span)) is not None}:
                    self._link_lines.setdefault(n, []).append(index)
        wrapped, n = self._wrapped, self.selected_link
        if n is None or n not in self._link_lines:
            return wrapped
        lines = list(wrapped.lines)
        selected = styles["selected"]
        for index in self._link_lines[n]:
            line = lines[index] = lines[index].copy()
            line.spans = [Span(sp.start, sp.end, sp.style + selected)
                          if _link_of(sp) == n and isinstance(sp.style, Style) else sp
                          for sp in line.spans]
        return RenderedBody(lines, wrapped.marks, wrapped.picture_at)

    def _strip(self, line: Text) -> Strip:
        if self._restyle:
            get = self._restyle.get
            line = line.copy()
            if isinstance(line.style, Style):
                line.style = get(line.style, line.style)
            line.spans = [Span(sp.start, sp.end, get(sp.style, sp.style))
                          if isinstance(sp.style, Style) else sp for sp in line.spans]
        return super()._strip(line)

    def _wrap_key(self, article: Article, width: int) -> tuple[object, ...]:
        """What the wrapped article depends on (its styles aside: see _restyle_map)."""
        return (article, id(article), width, self.note, id(self.pictures), self._pictures_drawn)

    def _find_in(self, lines: list[str]) -> dict[int, list[tuple[int, int, bool]]]:
        """Where the find bar's text is, line by line: (start, end, is the current one)."""
        self.found = find(lines, self.find_text) if self.article is not None else []
        if self.found_at is not None and self.found_at >= len(self.found):
            self.found_at = len(self.found) - 1 if self.found else None
        out: dict[int, list[tuple[int, int, bool]]] = {}
        for i, match in enumerate(self.found):
            out.setdefault(match.line, []).append((match.start, match.end, i == self.found_at))
        return out

    @staticmethod
    def _overlay_hints(line: Text, hints: list[tuple[int, str]], style: Style) -> Text:
        out = line.copy()
        for mark_start, label in hints:
            # Over the number inside the mark: "[12]" becomes "[as]".
            start = mark_start + 1
            end = min(start + len(label), len(out.plain))
            before, after = out[:start], out[end:]
            out = Text.assemble(before, Text(label, style=style), after)
        return out

    def on_mount(self) -> None:
        self._rebuild()

    def notify_style_update(self) -> None:
        """Re-wrap only when the text's styles changed: focus restyles the border only."""
        super().notify_style_update()
        if self.is_mounted and self._styles(self._built_styles) != self._built_styles:
            self._rebuild()

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        if meta and "link" in meta:
            event.stop()
            self.post_message(self.LinkClicked(int(meta["link"])))


# The styles laid over the wrapped text (a find match's background is see-through, so it
# changes with the view's focus), not part of the wrapping.
_OVERLAID = frozenset({"selected", "hint", "found", "found-current", "message"})
_MESSAGE_STYLES = ("message", "found", "found-current", "hint")


# The styles the wrapping combines with others (a link's mark and text, with its number):
# they cannot be swapped for their new selves on a drawn line.
_COMBINED = frozenset({"link", "mark"})


def _restyle_map(before: dict[str, Style], now: dict[str, Style]) -> dict[Style, Style] | None:
    """How the styles of text wrapped with ``before`` become ``now``'s, style for style; None
    when that cannot be said so (a combined style changed, or one old style would become two)."""
    out: dict[Style, Style] = {}
    kept: set[Style] = set()
    for name, style in now.items():
        old = before.get(name)
        if old == style:
            kept.add(style)
            continue
        if old is None or name in _COMBINED or out.setdefault(old, style) != style:
            return None
    return None if kept & out.keys() else out


def _link_of(span: Span) -> int | None:
    """The link number a span of the body is part of (its mark or its text), if any."""
    style = span.style
    if isinstance(style, Style) and style.meta and "link" in style.meta:
        return int(style.meta["link"])
    return None
