"""The article body: the text edition, styled, with clickable link marks ``[n]``.

A Line-API widget: the article is wrapped once per width into lines of rich ``Text``, so the
widget knows on which line every link mark sits (to scroll a selected link into view, and to
place letter hints over the links in view). Page text is data: it only ever enters ``Text``
objects, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from rich.console import Console
from rich.containers import Lines
from rich.segment import Segment as RichSegment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tazreader.app.keys import MOVE
from tazreader.app.text import one_line
from tazreader.app.widgets.finding import Match, find
from tazreader.i18n import N_, ngettext
from tazreader.taz import dates
from tazreader.taz.models import (
    Article,
    InfoBox,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Subhead,
)

MAX_TEXT_WIDTH = 80
STYLE_NAMES = (
    "kicker",
    "title",
    "teaser",
    "byline",
    "caption",
    "subhead",
    "quote",
    "box",
    "link",
    "mark",
    "selected",
    "hint",
    "message",
    "found",
    "found-current",
)


@dataclass
class RenderedBody:
    lines: list[Text] = field(default_factory=list)
    # link number -> (line index, character offset) of its first mark
    marks: dict[int, tuple[int, int]] = field(default_factory=dict)
    picture_at: int | None = None  # the line where the picture is (or would go)


def _console(width: int) -> Console:
    return Console(width=max(width, 10), color_system=None, legacy_windows=False, no_color=True)


def _inline(
    inline: Inline, styles: dict[str, Style], selected: int | None, base: Style | None = None
) -> Text:
    text = Text(style=base or "")
    previous: int | None = None
    for seg in inline:
        n = seg.link
        if n is None:
            text.append(one_line(seg.text))
            previous = None
            continue
        meta = Style.from_meta({"link": n})
        chosen = styles["selected"] if n == selected else Style()
        if n != previous:
            text.append(f"[{n}]", styles["mark"] + chosen + meta)
        text.append(one_line(seg.text), styles["link"] + chosen + meta)
        previous = n
    return text


def _wrap(text: Text, width: int, console: Console, prefix: Text | None = None) -> list[Text]:
    """Wrap ``text``; ``prefix`` goes before every line (quote bars, list bullets)."""
    inner = width - (prefix.cell_len if prefix is not None else 0)
    lines = Lines()
    for piece in text.split("\n", allow_blank=True):
        if piece.cell_len <= inner:
            lines.append(piece)  # fits: keep its indentation
        else:
            lines.extend(piece.wrap(console, max(inner, 10), justify="left", overflow="fold"))
    out: list[Text] = []
    for i, line in enumerate(lines):
        line.rstrip()
        if prefix is not None:
            lead = prefix.copy() if i == 0 else Text(" " * prefix.cell_len, style=prefix.style)
            if i and prefix.plain.strip() in ("▌", "│"):
                lead = prefix.copy()
            line = Text.assemble(lead, line)
        out.append(line)
    return out


def render_body(
    article: Article, width: int, styles: dict[str, Style], selected: int | None = None,
    picture: list[Text] | None = None, note: str | None = None,
) -> RenderedBody:
    """The article as wrapped lines, like the text edition: head (``note`` at its end, e.g.
    that the text changed), caption (and ``picture``, the lead picture's lines, under it),
    blocks."""
    width = max(20, min(width, MAX_TEXT_WIDTH))
    console = _console(width)
    out: list[Text] = []

    def add(text: Text, prefix: Text | None = None) -> None:
        out.extend(_wrap(text, width, console, prefix))

    def blank() -> None:
        if out and out[-1].plain:
            out.append(Text(""))

    head = [" › ".join(c.name for c in article.sections)] if article.sections else []
    if article.comments is not None and (count := max(article.comments.count or 0,
                                                      len(article.comments.items))):
        head.append(ngettext("{n} comment (c)", "{n} comments (c)", count).format(n=count))
    if note:
        head.append(note)
    if head:
        add(Text(one_line(" · ".join(head)), style=styles["byline"]))
    if article.kicker:
        add(Text(one_line(article.kicker), style=styles["kicker"]))
    add(Text(one_line(article.title), style=styles["title"]))
    blank()
    if article.teaser:
        add(Text(one_line(article.teaser), style=styles["teaser"]))
        blank()
    byline_parts: list[str] = []
    if article.authors:
        names = ", ".join(a.name for a in article.authors)
        byline_parts.append(f"{article.byline} {names}".strip() if article.byline else names)
    if article.published:
        byline_parts.append(dates.published(article.published))
    shown_byline = article.byline if article.authors else ""
    if article.genre and not shown_byline.lower().startswith(article.genre.lower()):
        byline_parts.append(article.genre)  # "Kommentar von …" says the genre already
    if byline_parts:
        add(Text(one_line(" · ".join(byline_parts)), style=styles["byline"]))
        blank()
    if article.image is not None and (article.image.caption or article.image.credit):
        cap = "Bild: " + article.image.caption
        if article.image.credit:
            cap += f" ({article.image.credit})" if article.image.caption else article.image.credit
        add(Text(one_line(cap), style=styles["caption"]))
        blank()
    picture_at = len(out)
    if picture:
        out.extend(line.copy() for line in picture)
        blank()
    for block in article.blocks:
        match block:
            case Paragraph(segments=segs):
                add(_inline(segs, styles, selected))
            case Subhead(text=sub):
                add(Text(one_line(sub), style=styles["subhead"]))
            case Quote(segments=segs, source=source):
                bar = Text("▌ ", style=styles["quote"])
                add(_inline(segs, styles, selected, styles["quote"]), bar)
                if source:
                    add(Text(one_line(f"— {source}"), style=styles["quote"]), Text("  "))
            case InfoBox(title=box_title, paragraphs=paras):
                bar = Text("│ ", style=styles["box"])
                if box_title:
                    add(Text(one_line(box_title), style=styles["subhead"]), bar)
                for i, para in enumerate(paras):
                    if i:
                        out.append(Text.assemble(bar.copy()))
                    add(_inline(para, styles, selected), bar)
            case ListBlock(items=items, ordered=ordered):
                for i, item in enumerate(items, 1):
                    bullet = Text(f"{i}. " if ordered else "• ")
                    add(_inline(item, styles, selected), bullet)
        blank()
    while out and not out[-1].plain:
        out.pop()
    rendered = RenderedBody(lines=out, picture_at=picture_at)
    for index, line in enumerate(out):
        for span in line.spans:
            style = span.style
            if isinstance(style, Style) and style.meta and "link" in style.meta:
                n = int(style.meta["link"])
                if n not in rendered.marks:
                    rendered.marks[n] = (index, span.start)
    return rendered


def hint_labels(count: int, alphabet: str = "asdfghjklqwertzuiopyxcvbnm") -> list[str]:
    """``count`` distinct labels; none is a prefix of another."""
    if count <= len(alphabet):
        return list(alphabet[:count])
    return [a + b for a in alphabet for b in alphabet][:count]


class ArticleBody(ScrollView, can_focus=True):
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

    @dataclass
    class LinkClicked(Message):
        """A link mark or link text was clicked."""

        number: int

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self.selected_link: int | None = None
        self.hints: dict[int, str] = {}
        self._message: Text | None = None
        self._rendered = RenderedBody()
        self._strips: list[Strip] = []
        self._shown: list[str] = []
        self._width = 0
        self._margin = 0
        self.picture: list[Text] | None = None  # the lead picture's lines, once drawn
        self.note: str | None = None  # said at the end of the article's head
        self.find_text = ""  # what the find bar looks for ("" : nothing)
        self.found: list[Match] = []
        self.found_at: int | None = None  # the current one, an index into found

    # -- content ---------------------------------------------------------------------------

    def show_article(self, article: Article, position: float | None = None) -> None:
        if article is not self.article and (self.article is None or article.id != self.article.id):
            self.picture = None  # another article: its picture comes when drawn
        self.article = article
        self.selected_link = None
        self.hints = {}
        self._message = None
        self._rebuild()
        self.scroll_to(y=position or 0, animate=False, immediate=True)
        if position:
            # The virtual size is only known to the scroll machinery after a refresh.
            self.call_after_refresh(self.scroll_to, y=position, animate=False, immediate=True)

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

    def set_picture(self, lines: list[Text] | None) -> None:
        """Show the lead picture (lines drawn for the text width) under its caption; the
        reading position stays on the line it was on."""
        before = len(self._rendered.lines)
        top = int(self.scroll_y)
        self.picture = lines
        self._rebuild()
        at = self._rendered.picture_at
        if at is not None and top > at and self.article is not None:  # read past it: stay
            self.scroll_to(y=top + len(self._rendered.lines) - before, animate=False,
                           immediate=True)

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
        return list(self._shown)

    def line_of_link(self, number: int) -> int | None:
        mark = self._rendered.marks.get(number)
        return None if mark is None else mark[0]

    # -- rendering -------------------------------------------------------------------------

    def _styles(self) -> dict[str, Style]:
        return {name: self.get_component_rich_style(f"body--{name}") for name in STYLE_NAMES}

    def _layout(self) -> tuple[int, int]:
        """(text width, left margin): at most MAX_TEXT_WIDTH wide, centred when there is room."""
        avail = self.scrollable_content_region.width or self.size.width or MAX_TEXT_WIDTH
        width = min(avail, MAX_TEXT_WIDTH)
        return width, (avail - width) // 2 if avail > width + 4 else 0

    def _rebuild(self) -> None:
        if not self.is_mounted:
            return
        width, self._margin = self._layout()
        self._width = width
        styles = self._styles()
        if self.article is not None:
            self._rendered = render_body(self.article, width, styles, self.selected_link,
                                         self.picture, self.note)
        elif self._message is not None:
            console = _console(width)
            msg = self._message.copy()
            msg.stylize(styles["message"])
            self._rendered = RenderedBody(lines=_wrap(msg, width, console))
        else:
            self._rendered = RenderedBody()
        console = self.app.console
        base = self.rich_style
        strips: list[Strip] = []
        shown: list[str] = []
        lines = self._rendered.lines
        hint_at: dict[int, list[tuple[int, str]]] = {}
        for n, label in self.hints.items():
            if n in self._rendered.marks:
                line_no, col = self._rendered.marks[n]
                hint_at.setdefault(line_no, []).append((col, label))
        found_at = self._find_in([line.plain for line in lines])
        for index, line in enumerate(lines):
            if index in found_at:
                line = line.copy()
                for start, end, current in found_at[index]:
                    line.stylize(styles["found-current" if current else "found"], start, end)
            if index in hint_at:
                line = self._overlay_hints(line, hint_at[index], styles["hint"])
            shown.append(line.plain)
            # Text.render leaves out the line's own base style: apply it to the segments.
            line_style = line.style if isinstance(line.style, Style) else Style.parse(line.style)
            segments = list(RichSegment.apply_style(line.render(console, end=""), line_style))
            if self._margin:
                segments.insert(0, RichSegment(" " * self._margin))
            strips.append(Strip(segments).apply_style(base))
        self._strips = strips
        self._shown = shown
        self.virtual_size = Size(width + self._margin, len(strips))
        self.refresh()

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

    def on_mount(self) -> None:
        self._rebuild()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted:
            self._rebuild()

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        if meta and "link" in meta:
            event.stop()
            self.post_message(self.LinkClicked(int(meta["link"])))
