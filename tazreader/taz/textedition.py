"""An Article as taz's plain "text edition", and as Markdown.

The text edition follows the real sample in ``tests/fixtures/seed_text_edition.txt`` (the format
taz's gopher/text mirrors serve)::

    # taz.de -- Kicker: Title
    > teaser, wrapped
    Bild: caption
    body paragraphs with link marks [1][link text], wrapped
    ## Subhead
    *An interview's question*
    [2][Video: the title of an embedded video]
    +++ 14:32 +++ A live ticker entry's heading
    Bild: the caption of a picture inside the body
    5 Dec 2025
    ## LINKS / ## AUTOREN / ## QUELLE / ## TAGS / ## ARTIKEL ZUM THEMA

Blank lines: the sample was copied through a gopher-to-web proxy that drops empty lines (its
table frame has a row per non-empty line; compare the same mirror family's author listing in
``shared/taz-site/stored-page-excerpts.md`` §11, which keeps them). Without them paragraphs
run into each other, so every block is followed by one blank line, a section heading is
followed by one blank line, and the entries of LINKS, AUTOREN and TAGS stand on consecutive
lines. Removing the blank lines gives the sample's layout line for line.

Wrapping is greedy at ``width`` columns (counted in characters), breaking only at ASCII
whitespace: no word is split, a no-break space keeps its neighbours together, a word longer
than the width gets a line of its own, and a link mark ``[n][`` always stays glued to the first
word of its text. The headline, subheads, the caption and link lines are never wrapped (one
line each, as in the sample).

Blocks the sample never shows are written in the same plain spirit: an interview's question
between asterisks (plain-text bold), an embed as a link mark on its placeholder, a live-ticker
entry as its time between ``+++`` and its heading, then its paragraphs; a picture inside the
body as its caption, like the lead picture's. A news agency's piece names the agency under
``## QUELLE``.

Markdown (:func:`render_markdown`) uses reference-style links: the text reads
``[link text][n]`` and the ``## LINKS`` section lists the numbered URLs visibly
(``[n]: <url>`` lines, which are also the reference definitions, so renderers make the marks
clickable).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime

from tazreader.taz import dates
from tazreader.taz.blocks import embed_label
from tazreader.taz.dates import text_edition_day
from tazreader.taz.models import (
    Article,
    Block,
    Embed,
    Figure,
    Image,
    InfoBox,
    Inline,
    ListBlock,
    Listing,
    Paragraph,
    Question,
    Quote,
    Segment,
    Subhead,
    Tag,
    Teaser,
    TickerEntry,
)

# How a date is written: the text edition's own ``5 Dec 2025``, or the app's (exports).
DayFormat = Callable[[datetime], str]

__all__ = [
    "render_listing_markdown", "render_listing_text", "render_markdown", "render_text", "wrap",
]

MIN_WIDTH = 20
# Break only at ASCII whitespace: U+00A0 (no-break space) and friends keep words together.
_BREAK = re.compile(r"[ \t\n\r\f\v]+")


def _one_line(text: str) -> str:
    return _BREAK.sub(" ", text).strip()


def _merged(inline: Inline) -> Iterator[tuple[str, int | None]]:
    """Adjacent segments of the same link form one mark."""
    text = ""
    link: int | None = None
    started = False
    for seg in inline:
        if started and seg.link == link:
            text += seg.text
            continue
        if started:
            yield text, link
        text, link, started = seg.text, seg.link, True
    if started:
        yield text, link


def _inline_text(inline: Inline) -> str:
    """Inline text with link marks ``[n][text]``; leading space moves before the mark."""
    out: list[str] = []
    for text, link in _merged(inline):
        if link is None:
            out.append(text)
            continue
        body = _BREAK.sub(" ", text)
        lead = body[: len(body) - len(body.lstrip(" "))]
        # A trailing space stays inside the mark, as in the sample ("könne. ]").
        out.append(f"{lead}[{link}][{body.lstrip(' ')}]")
    return "".join(out)


def wrap(text: str, width: int, prefix: str = "", indent: str | None = None) -> list[str]:
    """Greedy wrap at ASCII whitespace; ``prefix`` starts the first line, ``indent`` the rest."""
    rest_prefix = prefix if indent is None else indent
    words = [w for w in _BREAK.split(text) if w]
    lines: list[str] = []
    line = ""
    lead = prefix
    for word in words:
        if not line:
            line = lead + word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            lead = rest_prefix
            line = lead + word
    if line:
        lines.append(line)
    return lines


def _tag_name(tag: Tag) -> str:
    name = _one_line(tag.name)
    if tag.schwerpunkt and not name.startswith("Schwerpunkt"):
        return f"Schwerpunkt {name}"
    return name


def _block_lines(block: Block, width: int) -> list[str]:
    match block:
        case Paragraph(segments=segs):
            return wrap(_inline_text(segs), width)
        case Subhead(text=text):
            return wrap(_one_line(text), width, "## ", "   ")
        case Quote(segments=segs, source=source):
            lines = wrap(_inline_text(segs), width, "> ")
            if source.strip():
                lines += wrap(f"– {_one_line(source)}", width, "> ", ">   ")
            return lines
        case InfoBox(title=title, paragraphs=paras):
            lines = [f"| {_one_line(title)}"] if title.strip() else []
            for para in paras:
                if lines:
                    lines.append("|")
                lines += wrap(_inline_text(para), width, "| ")
            return lines
        case ListBlock(items=items, ordered=ordered):
            lines = []
            for i, item in enumerate(items, 1):
                bullet = f"{i}. " if ordered else "- "
                lines += wrap(_inline_text(item), width, bullet, " " * len(bullet))
            return lines
        case Question(segments=segs):
            return wrap(f"*{_inline_text(segs).strip()}*", width)
        case Embed() as embed:
            return wrap(_inline_text(_embed_inline(embed)), width)
        case TickerEntry(time=time, heading=heading, paragraphs=paras):
            head = " ".join(p for p in (f"+++ {_one_line(time)} +++" if time.strip() else "",
                                        _one_line(heading)) if p)
            lines = wrap(head, width)
            for para in paras:
                if lines:
                    lines.append("")
                lines += wrap(_inline_text(para), width)
            return lines
        case Figure(image=image):
            return _caption_lines(image, width)
    raise TypeError(f"not a block: {block!r}")


def _caption_lines(image: Image, width: int) -> list[str]:
    """``Bild: caption`` (no credit, as in the sample), or nothing without a caption."""
    return wrap(_one_line(image.caption), width, "Bild: ", "") if image.caption.strip() else []


def _embed_inline(embed: Embed) -> Inline:
    return (Segment(_one_line(embed_label(embed)), embed.link),)


def _chunks_text(article: Article, width: int, day: DayFormat) -> Iterator[list[str]]:
    """The text edition as chunks of lines; chunks are separated by one blank line."""
    yield wrap(_one_line(article.headline), width, "# taz.de -- ", "")
    if article.teaser.strip():
        yield wrap(article.teaser, width, "> ")
    if article.image is not None and (caption := _caption_lines(article.image, width)):
        yield caption
    for block in article.blocks:
        lines = _block_lines(block, width)
        if lines:
            yield lines
    if article.published is not None:
        yield [day(article.published)]
    lists = (
        ("LINKS", [f"[{i}] {_one_line(link.url)}" for i, link in enumerate(article.links, 1)]),
        ("AUTOREN", [_one_line(a.name) for a in article.authors if a.name.strip()]),
        ("QUELLE", [_one_line(article.source)] if article.source.strip() else []),
        ("TAGS", [_tag_name(t) for t in article.tags if t.name.strip()]),
    )
    for name, entries in lists:
        if entries:
            yield [f"## {name}"]
            yield entries
    related = [_related_lines(t, width) for t in article.related if t.title.strip()]
    if related:
        yield ["## ARTIKEL ZUM THEMA"]
        yield from related


def _related_lines(teaser: Teaser, width: int) -> list[str]:
    return [*wrap(_one_line(teaser.headline), width), *wrap(teaser.teaser, width)]


def render_text(article: Article, width: int = 72, *, day: DayFormat = text_edition_day) -> str:
    """The article as taz's text edition, wrapped at ``width`` (>= 20) columns; ``day`` writes
    its date (the text edition's ``5 Dec 2025`` unless told otherwise)."""
    if width < MIN_WIDTH:
        raise ValueError(f"width must be at least {MIN_WIDTH}, not {width}")
    return "\n\n".join("\n".join(c) for c in _chunks_text(article, width, day)) + "\n"


# --- Markdown ------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(?:([#>+=-])|(\d+)([.)]))")


def _md_start(text: str) -> str:
    """Escape what would make a line a heading, quote, list or rule."""

    def esc(m: re.Match[str]) -> str:
        return "\\" + m.group(1) if m.group(1) else f"{m.group(2)}\\{m.group(3)}"

    return _MD_LINE_START.sub(esc, text, count=1)


def _md_text(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_escape(text: str) -> str:
    return _md_start(_md_text(_one_line(text)))


def _md_inline(inline: Inline) -> str:
    out: list[str] = []
    for text, link in _merged(inline):
        body = _BREAK.sub(" ", text)
        if link is None:
            out.append(_md_text(body))
            continue
        stripped = body.strip(" ")
        lead = " " if body.startswith(" ") else ""
        tail = " " if body.endswith(" ") and stripped else ""
        out.append(f"{lead}[{_md_text(stripped)}][{link}]{tail}")
    return _md_start(_one_line("".join(out)))


def _md_url(url: str) -> str:
    return "<" + url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E") + ">"


def _md_block(block: Block) -> str:
    match block:
        case Paragraph(segments=segs):
            return _md_inline(segs)
        case Subhead(text=text):
            return f"## {_md_escape(text)}"
        case Quote(segments=segs, source=source):
            text = f"> {_md_inline(segs)}"
            return text + (f"\n>\n> – {_md_escape(source)}" if source.strip() else "")
        case InfoBox(title=title, paragraphs=paras):
            parts = [f"> **{_md_escape(title)}**"] if title.strip() else []
            parts += [f"> {_md_inline(p)}" for p in paras]
            return "\n>\n".join(parts)
        case ListBlock(items=items, ordered=ordered):
            return "\n".join(
                f"{f'{i}.' if ordered else '-'} {_md_inline(item)}"
                for i, item in enumerate(items, 1)
            )
        case Question(segments=segs):
            return f"**{_md_inline(segs)}**"
        case Embed() as embed:
            return _md_inline(_embed_inline(embed))
        case TickerEntry(time=time, heading=heading, paragraphs=paras):
            head = " · ".join(_md_escape(p) for p in (time, heading) if p.strip())
            return "\n\n".join([f"### {head}"] + [_md_inline(p) for p in paras])
        case Figure(image=image):
            return _md_picture(image)
    raise TypeError(f"not a block: {block!r}")


def _md_picture(img: Image) -> str:
    """The picture, and under it ``*Bild: caption (credit)*``."""
    line = f"![{_md_escape(img.alt or img.caption)}]({_md_url(img.url)})"
    caption = _md_escape(img.caption)
    if img.credit.strip():
        credit = _md_escape(img.credit)
        caption = f"{caption} ({credit})" if caption else credit
    return line + (f"\n*Bild: {caption}*" if caption else "")


def _md_named(name: str, url: str | None) -> str:
    return f"[{_md_escape(name)}]({_md_url(url)})" if url else _md_escape(name)


def render_markdown(article: Article, *, day: DayFormat = text_edition_day) -> str:
    """The article as Markdown; links are numbered references ``[text][n]``."""
    chunks: list[str] = [f"# {_md_escape(article.headline)}"]
    if article.teaser.strip():
        chunks.append(f"> {_md_escape(article.teaser)}")
    if article.image is not None:
        chunks.append(_md_picture(article.image))
    byline = " ".join(p for p in (_one_line(article.byline),
                                  ", ".join(_one_line(a.name) for a in article.authors)) if p)
    if article.source.strip():
        byline = " · ".join(p for p in (byline, _one_line(article.source)) if p)
    chunks += [b for b in (_md_block(b) for b in article.blocks) if b.strip()]
    date = day(article.published) if article.published is not None else ""
    if date or byline:
        chunks.append(" · ".join(_md_escape(p) for p in (byline, date) if p))
    if article.links:
        chunks.append("## LINKS")
        chunks.append("\n".join(f"[{i}]: {_md_url(lk.url)}"
                                for i, lk in enumerate(article.links, 1)))
    authors = [a for a in article.authors if a.name.strip()]
    if authors:
        chunks.append("## AUTOREN")
        chunks.append("\n".join(f"- {_md_named(a.name, a.url)}" for a in authors))
    tags = [t for t in article.tags if t.name.strip()]
    if tags:
        chunks.append("## TAGS")
        chunks.append("\n".join(f"- {_md_named(_tag_name(t), t.url)}" for t in tags))
    related = [t for t in article.related if t.title.strip()]
    if related:
        chunks.append("## ARTIKEL ZUM THEMA")
        for t in related:
            entry = f"**{_md_named(t.headline, t.url)}**"
            chunks.append(entry + (f"  \n{_md_escape(t.teaser)}" if t.teaser.strip() else ""))
    return "\n\n".join(chunks) + "\n"


# --- lists ---------------------------------------------------------------------------


def render_listing_text(listing: Listing, width: int = 72) -> str:
    """A list (front, section, tag, author, search, feed) in the text edition's plain style:
    its title, then per teaser ``Kicker: Title``, the teaser, ``date · authors`` and the
    absolute URL, then ``Nächste Seite: URL`` when there is one."""
    if width < MIN_WIDTH:
        raise ValueError(f"width must be at least {MIN_WIDTH}, not {width}")
    chunks = [wrap(_one_line(listing.title), width, "# taz.de -- ", "")]
    if listing.description.strip():
        chunks.append(wrap(listing.description, width, "> "))
    for t in listing.teasers:
        lines = wrap(_one_line(t.headline), width)
        if t.teaser.strip():
            lines += wrap(t.teaser, width)
        meta = " · ".join(p for p in (dates.published(t.published),
                                      ", ".join(_one_line(a.name) for a in t.authors)) if p)
        if meta:
            lines += wrap(meta, width)
        lines.append(_one_line(t.url))
        chunks.append(lines)
    if listing.next_url:
        chunks.append([f"Nächste Seite: {_one_line(listing.next_url)}"])
    return "\n\n".join("\n".join(c) for c in chunks) + "\n"


def render_listing_markdown(listing: Listing) -> str:
    """The same list as Markdown: a heading, one entry per teaser, the next page's link."""
    chunks = [f"# {_md_escape(listing.title)}"]
    if listing.description.strip():
        chunks.append(f"> {_md_escape(listing.description)}")
    for t in listing.teasers:
        entry = f"**{_md_named(t.headline, t.url)}**"
        if t.teaser.strip():
            entry += f"  \n{_md_escape(t.teaser)}"
        meta = " · ".join(p for p in (dates.published(t.published),
                                      ", ".join(_one_line(a.name) for a in t.authors)) if p)
        if meta:
            entry += f"  \n{_md_escape(meta)}"
        chunks.append(entry)
    if listing.next_url:
        chunks.append(f"[Nächste Seite]({_md_url(listing.next_url)})")
    return "\n\n".join(chunks) + "\n"
