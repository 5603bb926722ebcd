"""The blocks an article's body is made of, and their JSON form.

A body is a sequence of blocks in reading order: paragraphs, subheads, quotes, boxes, lists,
an interview's questions, the entries of a live ticker, placeholders for what the page embeds
from elsewhere (videos, audio, social-media posts) and the pictures inside the body
(:class:`Figure`, with caption and credit like the lead picture's :class:`Image`). Running
text is an :data:`Inline`, segments of plain text, some of them carrying the 1-based number of
the link they belong to (``Segment.link``, an index into ``Article.links``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of inline text; ``link`` is the 1-based number of the link it belongs to."""

    text: str
    link: int | None = None


Inline = tuple[Segment, ...]


def inline_text(inline: Inline) -> str:
    return "".join(s.text for s in inline)


@dataclass(frozen=True, slots=True)
class Image:
    """A picture: its largest address, its caption, its credit (label included: "Foto: …")."""

    url: str
    caption: str = ""
    credit: str = ""
    alt: str = ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of running text with its links."""

    segments: Inline
    kind: Literal["paragraph"] = "paragraph"

    @property
    def text(self) -> str:
        return inline_text(self.segments)


@dataclass(frozen=True, slots=True)
class Subhead:
    """A subheading of the body."""

    text: str
    kind: Literal["subhead"] = "subhead"


@dataclass(frozen=True, slots=True)
class Quote:
    """A citation box (``webelement_citation``): the quote and who said it."""

    segments: Inline
    source: str = ""
    kind: Literal["quote"] = "quote"

    @property
    def text(self) -> str:
        return inline_text(self.segments)


@dataclass(frozen=True, slots=True)
class InfoBox:
    """A boxed aside (``webelement_info``/``webelement_bio``): a title and paragraphs."""

    title: str
    paragraphs: tuple[Inline, ...]
    kind: Literal["infobox"] = "infobox"


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A list in the body, numbered or not; each item running text."""

    items: tuple[Inline, ...]
    ordered: bool = False
    kind: Literal["list"] = "list"


@dataclass(frozen=True, slots=True)
class Question:
    """An interviewer's question: on the page a paragraph that is bold as a whole."""

    segments: Inline
    kind: Literal["question"] = "question"

    @property
    def text(self) -> str:
        return inline_text(self.segments)


Medium = Literal["video", "audio", "post", "other"]
MEDIA: tuple[Medium, ...] = ("video", "audio", "post", "other")


@dataclass(frozen=True, slots=True)
class Embed:
    """What the page embeds from elsewhere (a video, audio, a social-media post …): no text
    of the article, so a placeholder; ``link`` is the number of its address in the links."""

    medium: Medium
    title: str = ""
    link: int | None = None
    kind: Literal["embed"] = "embed"


@dataclass(frozen=True, slots=True)
class TickerEntry:
    """One entry of a live ticker: its time as the page shows it, its heading, its text."""

    time: str
    heading: str
    paragraphs: tuple[Inline, ...]
    kind: Literal["ticker"] = "ticker"


@dataclass(frozen=True, slots=True)
class Figure:
    """A picture inside the body, where it stands in the text."""

    image: Image
    kind: Literal["figure"] = "figure"


Block = (Paragraph | Subhead | Quote | InfoBox | ListBlock | Question | Embed | TickerEntry
         | Figure)


def block_lines(block: Block) -> Iterator[str]:
    """The block's text, a piece at a time (for search, coverage and plain listings)."""
    match block:
        case Paragraph() | Question() | Quote():
            yield block.text
            if isinstance(block, Quote) and block.source:
                yield block.source
        case Subhead(text=text):
            yield text
        case InfoBox(title=title, paragraphs=paras):
            yield title
            yield from (inline_text(p) for p in paras)
        case ListBlock(items=items):
            yield from (inline_text(i) for i in items)
        case Embed(title=title):
            yield title
        case TickerEntry(time=time, heading=heading, paragraphs=paras):
            yield time
            yield heading
            yield from (inline_text(p) for p in paras)
        case Figure(image=image):
            yield image.caption
            yield image.credit


# --- JSON -----------------------------------------------------------------------------------


def _inline_out(inline: Inline) -> list[list[Any]]:
    return [[s.text, s.link] for s in inline]


def _inline_in(data: list[list[Any]]) -> Inline:
    return tuple(Segment(str(t), None if n is None else int(n)) for t, n in data)


def image_to_dict(image: Image) -> dict[str, str]:
    return {"url": image.url, "caption": image.caption, "credit": image.credit,
            "alt": image.alt}


def image_from_dict(data: dict[str, Any]) -> Image:
    def text(key: str) -> str:
        value = data.get(key, "")
        return value if isinstance(value, str) else ""

    return Image(str(data["url"]), text("caption"), text("credit"), text("alt"))


def block_to_dict(block: Block) -> dict[str, Any]:
    match block:
        case Paragraph(segments=segs):
            return {"kind": "paragraph", "segments": _inline_out(segs)}
        case Subhead(text=text):
            return {"kind": "subhead", "text": text}
        case Quote(segments=segs, source=source):
            return {"kind": "quote", "segments": _inline_out(segs), "source": source}
        case InfoBox(title=title, paragraphs=paras):
            return {
                "kind": "infobox",
                "title": title,
                "paragraphs": [_inline_out(p) for p in paras],
            }
        case ListBlock(items=items, ordered=ordered):
            return {"kind": "list", "items": [_inline_out(i) for i in items], "ordered": ordered}
        case Question(segments=segs):
            return {"kind": "question", "segments": _inline_out(segs)}
        case Embed(medium=medium, title=title, link=link):
            return {"kind": "embed", "medium": medium, "title": title, "link": link}
        case TickerEntry(time=time, heading=heading, paragraphs=paras):
            return {
                "kind": "ticker",
                "time": time,
                "heading": heading,
                "paragraphs": [_inline_out(p) for p in paras],
            }
        case Figure(image=image):
            return {"kind": "figure", "image": image_to_dict(image)}
    raise TypeError(f"not a block: {block!r}")


def block_from_dict(data: dict[str, Any]) -> Block:
    kind = data["kind"]
    if kind == "paragraph":
        return Paragraph(_inline_in(data["segments"]))
    if kind == "subhead":
        return Subhead(data["text"])
    if kind == "quote":
        return Quote(_inline_in(data["segments"]), data.get("source", ""))
    if kind == "infobox":
        return InfoBox(data["title"], tuple(_inline_in(p) for p in data["paragraphs"]))
    if kind == "list":
        return ListBlock(tuple(_inline_in(i) for i in data["items"]), bool(data["ordered"]))
    if kind == "question":
        return Question(_inline_in(data["segments"]))
    if kind == "embed":
        medium = data.get("medium")
        link = data.get("link")
        return Embed(
            medium if medium in MEDIA else "other",
            str(data.get("title", "")),
            None if link is None else int(link),
        )
    if kind == "ticker":
        return TickerEntry(
            str(data.get("time", "")),
            str(data.get("heading", "")),
            tuple(_inline_in(p) for p in data.get("paragraphs", [])),
        )
    if kind == "figure":
        return Figure(image_from_dict(data["image"]))
    raise ValueError(f"unknown block kind {kind!r}")


# What the text edition and the reader call each medium (German, like "Bild:").
EMBED_LABELS: dict[Medium, str] = {
    "video": "Video",
    "audio": "Audio",
    "post": "Beitrag",
    "other": "Eingebettet",
}


def embed_label(embed: Embed) -> str:
    """``Video: Der Titel`` (only ``Video`` without a title): what stands for the embed."""
    label = EMBED_LABELS[embed.medium]
    return f"{label}: {embed.title}" if embed.title.strip() else label
