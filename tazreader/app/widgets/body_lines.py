"""The article as lines: the text edition wrapped at a width into rich ``Text``, styled, with
clickable link marks ``[n]`` whose line and column are known.

Page text is data: it only ever enters ``Text`` objects, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.console import Console
from rich.style import Style
from rich.text import Text

from tazreader.app.text import one_line
from tazreader.app.widgets import wrapping
from tazreader.i18n import N_, _, ngettext
from tazreader.taz import dates
from tazreader.taz.models import Article

if TYPE_CHECKING:
    from tazreader.taz.blocks import Image, Inline

MAX_TEXT_WIDTH = 80
# One line even in a narrow pane: what is wrong, and the key that helps.
NOT_UNDERSTOOD = N_("Not fully understood (read: {percent} %) — o: browser")
# No body markup understood: the text is the page's plain-text copy (JSON-LD articleBody).
PLAIN_TEXT_ONLY = N_("Not understood (plain text only) — o: browser")
STYLE_NAMES = (
    "kicker",
    "title",
    "teaser",
    "byline",
    "caption",
    "subhead",
    "quote",
    "question",
    "embed",
    "notice",
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
    """The article as wrapped lines, where each link mark and picture sits in them."""

    lines: list[Text] = field(default_factory=list)
    # link number -> (line index, character offset) of its first mark
    marks: dict[int, tuple[int, int]] = field(default_factory=dict)
    # picture URL -> the line where the picture is (or would go), under its caption
    picture_at: dict[str, int] = field(default_factory=dict)


def console_at(width: int) -> Console:
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


def wrap_line(text: Text, width: int, console: Console, prefix: Text | None = None) -> list[Text]:
    """Wrap ``text``; ``prefix`` goes before every line (quote bars, list bullets)."""
    inner = width - (prefix.cell_len if prefix is not None else 0)
    lines: list[Text] = []
    # One piece (no copy of a long text: the wrap leaves it as it is) or those between "\n"s.
    pieces = text.split("\n", allow_blank=True) if "\n" in text.plain else [text]
    for piece in pieces:
        if piece.cell_len <= inner:
            piece = piece.copy() if piece is text else piece
            piece.rstrip()
            lines.append(piece)  # fits: keep its indentation
        else:
            lines.extend(wrapping.wrap(piece, max(inner, 10), console))
    out: list[Text] = []
    for i, line in enumerate(lines):
        if prefix is not None:
            lead = prefix.copy() if i == 0 else Text(" " * prefix.cell_len, style=prefix.style)
            if i and prefix.plain.strip() in ("▌", "│"):
                lead = prefix.copy()
            line = Text.assemble(lead, line)
        out.append(line)
    return out


def caption_line(image: Image) -> str:
    """``Bild: caption (credit)``; "" for a picture with neither."""
    if not (image.caption or image.credit):
        return ""
    cap = "Bild: " + image.caption
    if image.credit:
        cap += f" ({image.credit})" if image.caption else image.credit
    return one_line(cap)


def render_body(
    article: Article, width: int, styles: dict[str, Style], selected: int | None = None,
    pictures: Mapping[str, list[Text]] | None = None, note: str | None = None,
) -> RenderedBody:
    """The article as wrapped lines, like the text edition: head (``note`` at its end, e.g.
    that the text changed), the lead picture's caption, blocks; each picture's lines
    (``pictures``, by URL) under its caption."""
    from tazreader.taz.blocks import (
        Embed,
        Figure,
        InfoBox,
        ListBlock,
        Paragraph,
        Question,
        Quote,
        Segment,
        Subhead,
        TickerEntry,
        embed_label,
    )

    width = max(20, min(width, MAX_TEXT_WIDTH))
    console = console_at(width)
    out: list[Text] = []
    drawn = pictures or {}
    picture_at: dict[str, int] = {}

    def add(text: Text, prefix: Text | None = None) -> None:
        out.extend(wrap_line(text, width, console, prefix))

    def blank() -> None:
        if out and out[-1].plain:
            out.append(Text(""))

    def picture(image: Image) -> None:
        if cap := caption_line(image):
            add(Text(cap, style=styles["caption"]))
            blank()
        picture_at.setdefault(image.url, len(out))
        if lines := drawn.get(image.url):
            out.extend(line.copy() for line in lines)
            blank()

    if article.incomplete and article.coverage is not None:
        if article.coverage.fallback:
            notice = _(PLAIN_TEXT_ONLY)
        else:
            notice = _(NOT_UNDERSTOOD).format(percent=int(article.coverage.kept * 100))
        add(Text(notice, style=styles["notice"]))
        blank()
    top = [" › ".join(c.name for c in article.sections)] if article.sections else []
    if article.comments is not None and (count := max(article.comments.count or 0,
                                                      len(article.comments.items),
                                                      article.comments.in_page)):
        top.append(ngettext("{n} comment (c)", "{n} comments (c)", count).format(n=count))
    if note:
        top.append(note)
    if top:
        add(Text(one_line(" · ".join(top)), style=styles["byline"]))
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
    if article.source:
        byline_parts.append(article.source)
    if article.published:
        byline_parts.append(dates.published(article.published))
    shown_byline = article.byline if article.authors else ""
    if article.genre and not shown_byline.lower().startswith(article.genre.lower()):
        byline_parts.append(article.genre)  # "Kommentar von …" says the genre already
    if byline_parts:
        add(Text(one_line(" · ".join(byline_parts)), style=styles["byline"]))
        blank()
    if article.image is not None:
        picture(article.image)
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
            case Question(segments=segs):
                add(_inline(segs, styles, selected, styles["question"]))
            case Embed() as embed:
                label = (Segment(embed_label(embed), embed.link),)
                add(_inline(label, styles, selected, styles["embed"]), Text("▶ "))
            case TickerEntry(time=time, heading=heading, paragraphs=paras):
                head = Text(one_line(time), style=styles["kicker"]) if time else Text()
                if heading:
                    head.append((" " if time else "") + one_line(heading), styles["subhead"])
                add(head)
                for para in paras:
                    add(_inline(para, styles, selected), Text("│ ", style=styles["box"]))
            case Figure(image=image):
                picture(image)
        blank()
    while out and not out[-1].plain:
        out.pop()
    rendered = RenderedBody(lines=out, picture_at=picture_at)
    link_of: dict[Style, int | None] = {}  # a style's meta is unpickled when read: once each
    for index, line in enumerate(out):
        for span in line.spans:
            style = span.style
            if not isinstance(style, Style):
                continue
            if style not in link_of:
                meta = style.meta
                link_of[style] = int(meta["link"]) if "link" in meta else None
            n = link_of[style]
            if n is not None and n not in rendered.marks:
                rendered.marks[n] = (index, span.start)
    return rendered


def hint_labels(count: int, alphabet: str = "asdfghjklqwertzuiopyxcvbnm") -> list[str]:
    """``count`` distinct labels; none is a prefix of another."""
    if count <= len(alphabet):
        return list(alphabet[:count])
    return [a + b for a in alphabet for b in alphabet][:count]
