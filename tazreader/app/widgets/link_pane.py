"""The link pane: numbered links, then authors, tags and "Artikel zum Thema"."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import ClassVar, Literal
from urllib.parse import urlsplit

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.css.styles import RulesMap
from textual.message import Message
from textual.visual import RichVisual, Visual
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tazreader.app.keys import MOVE
from tazreader.app.text import one_line
from tazreader.i18n import N_, _
from tazreader.service import Reader, ReaderError
from tazreader.taz.models import Article, PageKind
from tazreader.taz.urls import DEFAULT_BASE, BadUrl, ascii_host, parse_url

EntryKind = Literal["link", "author", "tag", "related"]


@dataclass(frozen=True)
class LinkEntry:
    """One entry of the link pane: a numbered link, an author, a tag or a related article."""

    kind: EntryKind
    text: str
    url: str
    page_kind: PageKind
    number: int | None = None  # the [n] of an inline link
    article_id: str | None = None  # for taz articles: to show "cached"

    @property
    def inside(self) -> bool:
        return self.page_kind.opens_inside


def _kind(url: str, base: str) -> tuple[PageKind, str | None]:
    try:
        parsed = parse_url(url, base)
    except BadUrl:
        return PageKind.EXTERNAL, None
    return parsed.kind, parsed.id if parsed.kind is PageKind.ARTICLE else None


def entries_for(article: Article, base: str = DEFAULT_BASE) -> list[LinkEntry]:
    out: list[LinkEntry] = []
    for n, link in enumerate(article.links, 1):
        kind, aid = _kind(link.url, base)
        out.append(LinkEntry("link", link.text, link.url, kind, n, aid))
    for author in article.authors:
        if author.url:
            kind, _ = _kind(author.url, base)
            out.append(LinkEntry("author", author.name, author.url, kind))
    for tag in article.tags:
        if tag.url:
            kind, _ = _kind(tag.url, base)
            prefix = "Schwerpunkt " if tag.schwerpunkt else ""
            name = tag.name if tag.name.startswith(prefix) else prefix + tag.name
            out.append(LinkEntry("tag", name, tag.url, kind))
    for teaser in article.related:
        kind, aid = _kind(teaser.url, base)
        out.append(LinkEntry("related", teaser.headline, teaser.url, kind, None, aid or teaser.id))
    return out


MAX_URL = 60


def _netloc(netloc: str) -> str:
    """An international host with its ASCII form beside it: ``tаz.de`` with a Cyrillic а is
    not taz.de, and ``tаz.de (xn--tz-7kc.de)`` shows it."""
    host = netloc.rpartition("@")[2]
    if host.isascii():
        return netloc
    wire = ascii_host(host.rsplit(":", 1)[0] if host.count(":") == 1 else host)
    return netloc if wire is None else f"{netloc} ({wire})"


def short_url(url: str, inside: bool, limit: int = MAX_URL) -> str:
    """What the pane shows of a target: the path on taz, host and path elsewhere."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url[:limit]
    shown = parts.path or "/"
    if not inside:
        shown = f"{parts.scheme}://{_netloc(parts.netloc)}{shown}" if parts.netloc else url
    if parts.query:
        shown += "?" + parts.query
    limit = max(limit, 8)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


MAX_TEXT_LINES = 3  # an entry's text is cut after this many lines, with an ellipsis


def _cut(text: Text, console: Console, width: int, lines: int = MAX_TEXT_LINES) -> Text:
    """``text`` wrapped to ``width``, at most ``lines`` lines of it, the last one ending in
    "…" when there was more. Only the start of a long text is wrapped (a link of 2,000
    characters measured a thousand times made a layout take seconds)."""
    width = max(width, 2)
    limit = lines * width + 1
    head = text[:limit] if len(text) > limit else text
    wrapped = head.wrap(console, width, overflow="fold")
    if len(wrapped) <= lines and head is text:
        return Text("\n").join(wrapped) if len(wrapped) > 1 else text
    kept = list(wrapped)[:lines]
    last = kept[-1]
    last.rstrip()
    if last.cell_len >= width:
        last.truncate(width - 1)
    last.append("…")
    return Text("\n").join(kept)


class EntryPrompt:
    """An entry as the pane shows it: its text (wrapped, at most ``MAX_TEXT_LINES``), then
    its target on one line, cut to the pane's width (a folded path is hard to read)."""

    def __init__(self, pane: Widget, text: Text, target: Text, *, full: bool = False) -> None:
        self.pane = pane  # what renders it
        self.text = text
        self.target = target
        self.full = full  # the whole target, wrapped (the highlighted entry)

    @property
    def plain(self) -> str:
        return f"{self.text.plain}\n{self.target.plain}"

    def __str__(self) -> str:
        return self.plain

    def visualize(self) -> Visual:
        return _EntryVisual(self.pane, self)

    def _target(self, width: int) -> Text:
        target = self.target.copy()
        if self.full:
            target.no_wrap = False
            target.overflow = "fold"
        else:
            target.truncate(width, overflow="ellipsis")
        return target

    def height(self, console: Console, width: int) -> int:
        """How many lines it takes at ``width`` (counted, not rendered)."""
        lines = _cut(self.text, console, width).plain.count("\n") + 1
        return lines + (len(self._target(width).wrap(console, width)) if self.full else 1)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield _cut(self.text, console, options.max_width)
        yield self._target(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


class _EntryVisual(RichVisual):
    """An entry's visual, its height kept per width: the option list measures every entry
    on every layout."""

    def __init__(self, pane: Widget, prompt: EntryPrompt) -> None:
        super().__init__(pane, prompt)
        self._heights: dict[int, int] = {}

    def get_height(self, rules: RulesMap, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            prompt = self._renderable
            assert isinstance(prompt, EntryPrompt)
            height = self._heights[width] = prompt.height(self._widget.app.console, width)
        return height


HEADINGS: dict[EntryKind, str] = {
    "link": N_("Links"),
    "author": N_("Authors"),
    "tag": N_("Topics"),
    "related": N_("Related articles"),
}


class LinkPane(OptionList):
    """The right-hand pane; entries do what the keys do when chosen."""

    HELP_WHERE = N_("link pane")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "links--heading",
        "links--number",
        "links--taz",
        "links--cached",
        "links--external",
        "links--url",
    }

    DEFAULT_CSS = """
    LinkPane {
        & > .links--heading { color: $text-primary; text-style: bold; }
        & > .links--number { color: $text-accent; text-style: bold; }
        & > .links--taz { color: $text-success; }
        & > .links--cached { color: $text-success; text-style: bold; }
        & > .links--external { color: $text-warning; }
        & > .links--url { color: $text-muted; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", N_("Down"), show=False, id="links.down", group=MOVE),
        Binding("k", "cursor_up", N_("Up"), show=False, id="links.up", group=MOVE),
        Binding("g", "first", N_("Top"), show=False, id="links.top", group=MOVE),
        Binding("G", "last", N_("Bottom"), show=False, id="links.bottom", group=MOVE),
        # The reader's own enter: "12 enter" follows link 12 here too, else the entry.
        Binding("enter", "screen.activate", "Open", show=False, id="links.open"),
    ]

    class Chosen(Message):
        def __init__(self, entry: LinkEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.entries: list[LinkEntry] = []
        self._index_of_option: dict[str, int] = {}
        self._cached: Collection[str] = ()
        self._expanded: int | None = None  # the entry shown with its whole address

    def on_mount(self) -> None:
        self.border_title = _("Links")

    def show_article(self, article: Article, reader: Reader) -> None:
        """The links, authors, tags and related articles of ``article``, marked where they
        are readable offline."""
        entries = entries_for(article, reader.base_url)
        try:
            cached = reader.state.cached_ids(e.article_id for e in entries if e.article_id)
        except ReaderError:
            cached = set()
        self.show_entries(entries, cached)

    def show_entries(self, entries: list[LinkEntry], cached: Collection[str] = ()) -> None:
        self.entries = entries
        self._cached = cached
        self._expanded = None
        highlighted = self.highlighted
        self.clear_options()
        options: list[Option] = []
        current: EntryKind | None = None
        for i, entry in enumerate(entries):
            if entry.kind != current:
                current = entry.kind
                heading = Text(_(HEADINGS[entry.kind]), style=self._style("heading"))
                options.append(Option(heading, id=f"h-{entry.kind}", disabled=True))
            options.append(Option(self._row(entry, cached), id=f"e-{i}"))
        if not entries:
            options.append(Option(Text(_("No links"), style=self._style("url")), disabled=True))
        self.add_options(options)
        if highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"links--{name}", partial=True)

    def _row(self, entry: LinkEntry, cached: Collection[str], full: bool = False) -> EntryPrompt:
        text = Text(overflow="fold")
        if entry.number is not None:
            text.append(f"[{entry.number}] ", self._style("number"))
        text.append(one_line(entry.text or entry.url))
        target = Text(no_wrap=True, overflow="ellipsis")
        if entry.inside:
            is_cached = entry.article_id is not None and entry.article_id in cached
            label = _("taz · offline") if is_cached else "taz"
            target.append(label, self._style("cached" if is_cached else "taz"))
        else:
            target.append(_("other site"), self._style("external"))
        target.append(" ")
        shown = entry.url if full else short_url(entry.url, entry.inside)
        target.append(one_line(shown), self._style("url"))
        return EntryPrompt(self, text, target, full=full)

    def select_number(self, number: int | None) -> None:
        if number is None:
            return
        for i, entry in enumerate(self.entries):
            if entry.number == number:
                index = self.get_option_index(f"e-{i}")
                self.highlighted = index
                self.scroll_to_highlight()
                return

    @property
    def highlighted_entry(self) -> LinkEntry | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        if option.id is None or not option.id.startswith("e-"):
            return None
        return self.entries[int(option.id[2:])]

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The highlighted entry shows its whole address; the one before goes back to one
        line. (What is highlighted now counts: the message may be older than the entries.)"""
        event.stop()
        entry = self.highlighted_entry
        index = self.entries.index(entry) if entry is not None else None
        if index == self._expanded:
            return
        if self._expanded is not None and self._expanded < len(self.entries):
            self.replace_option_prompt(
                f"e-{self._expanded}", self._row(self.entries[self._expanded], self._cached)
            )
        self._expanded = index
        if index is not None:
            self.replace_option_prompt(
                f"e-{index}", self._row(self.entries[index], self._cached, full=True)
            )

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        oid = event.option_id
        if oid is not None and oid.startswith("e-"):
            self.post_message(self.Chosen(self.entries[int(oid[2:])]))
