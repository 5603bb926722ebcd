"""Frozen dataclasses for what taz.de publishes, with a JSON round trip.

Every URL held in a model is absolute. Link numbers (``Segment.link``) are 1-based
indexes into ``Article.links``, the numbers the text edition prints as ``[n]``. The blocks of
a body live in :mod:`tazreader.taz.blocks` and are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tazreader.taz.blocks import (
        Block,
        Embed,
        Figure,
        Image,
        InfoBox,
        Inline,
        ListBlock,
        Paragraph,
        Question,
        Quote,
        Segment,
        Subhead,
        TickerEntry,
    )

# The blocks are re-exported, but :mod:`tazreader.taz.blocks` is imported when one is first
# asked for (``__getattr__``): showing the first list needs none of its eleven dataclasses
# (~5 ms of the start, bench/startup.py).
_BLOCK_NAMES = frozenset({
    "Block", "Embed", "Figure", "Image", "InfoBox", "Inline", "ListBlock", "Paragraph",
    "Question", "Quote", "Segment", "Subhead", "TickerEntry",
})


def __getattr__(name: str) -> Any:
    if name in _BLOCK_NAMES:
        from tazreader.taz import blocks

        return getattr(blocks, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "COMPLETE", "LIST_KINDS", "SCHEMA_VERSION", "Article", "Author", "Block", "Coverage",
    "Crumb", "Embed", "Figure", "Image", "InfoBox", "Inline", "Link", "ListBlock", "Listing",
    "PageKind", "Paragraph", "Question", "Quote", "Segment", "Subhead", "Tag", "Teaser",
    "TickerEntry", "article_from_dict", "article_to_dict", "listing_from_dict", "listing_to_dict",
    "teaser_from_dict", "teaser_to_dict",
]  # fmt: skip

SCHEMA_VERSION = 1
# Below this share of its text kept, a page counts as not fully understood.
COMPLETE = 0.9


class PageKind(StrEnum):
    """What a URL leads to; the kind of an inline link."""

    ARTICLE = "article"
    FRONT = "front"
    SECTION = "section"
    TAG = "tag"
    AUTHOR = "author"
    SEARCH = "search"
    FEED = "feed"
    TAZ = "taz"  # another page on taz.de (reader profile, publisher page, picture …)
    EXTERNAL = "external"

    @property
    def opens_inside(self) -> bool:
        """True for pages the reader shows itself; everything else goes to the browser."""
        return self in _INSIDE


_INSIDE = frozenset(
    {
        PageKind.ARTICLE,
        PageKind.FRONT,
        PageKind.SECTION,
        PageKind.TAG,
        PageKind.AUTHOR,
        PageKind.SEARCH,
        PageKind.FEED,
    }
)


@dataclass(frozen=True, slots=True)
class Link:
    """A link of the article, numbered as the text edition prints it."""

    text: str
    url: str
    kind: PageKind


@dataclass(frozen=True, slots=True)
class Author:
    """An author, with the page of their articles if taz has one."""

    name: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag of the article; a "Schwerpunkt" is one of taz's topics."""

    name: str
    url: str | None = None
    schwerpunkt: bool = False


@dataclass(frozen=True, slots=True)
class Crumb:
    """One step of the section path (breadcrumb), e.g. Politik -> Deutschland."""

    name: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of its page's text a parse kept (measured by ``parse.article._coverage``).

    ``kept`` is the share (0…1) of the words of the article's visible text, and of its JSON-LD
    ``articleBody``, that the parse kept; ``missing`` the beginnings of the passages it did not
    keep; ``fallback`` says that the body is only the JSON-LD ``articleBody`` because no body
    markup was understood.
    """

    kept: float
    missing: tuple[str, ...] = ()
    fallback: bool = False

    @property
    def complete(self) -> bool:
        return self.kept >= COMPLETE and not self.fallback


@dataclass(frozen=True, slots=True)
class Teaser:
    """One entry of a listing, or one "Mehr zum Thema" article."""

    id: str
    url: str
    title: str
    kicker: str = ""
    teaser: str = ""
    authors: tuple[Author, ...] = ()
    published: datetime | date | None = None
    image: str | None = None

    @property
    def headline(self) -> str:
        return f"{self.kicker}: {self.title}" if self.kicker else self.title


@dataclass(frozen=True, slots=True)
class Comment:
    """One reader's comment; ``reply_to`` is the id of the comment it answers."""

    id: str  # the number of its page anchor, ``#bb_message_<id>``
    author: str  # as the page shows it ("663534 (Profil gelöscht)" included)
    published: datetime | None = None  # aware
    paragraphs: tuple[str, ...] = ()
    reply_to: str | None = None


@dataclass(frozen=True, slots=True)
class Comments:
    """The comments under an article ("Kommune") as its page carries them, in page order (a
    reply after the comment it answers). ``count`` is the page's own number ("3 Kommentare"),
    ``closed``: no new comments are taken, ``scripted``: the page leaves (some of) them to a
    script, so they are not all here. ``in_page``: this many comments were left in the saved
    page (a cached article keeps them only there; the cache reads them again when it gives the
    article out, so a non-zero value with no ``items`` means the page could not be read)."""

    items: tuple[Comment, ...] = ()
    count: int | None = None
    closed: bool = False
    scripted: bool = False
    in_page: int = 0


@dataclass(frozen=True, slots=True)
class Article:
    """One article as its page carries it (see the module for what the fields hold)."""

    id: str
    url: str
    title: str
    kicker: str = ""
    teaser: str = ""
    authors: tuple[Author, ...] = ()
    byline: str = ""  # "Kommentar von", "Von", "Interview von" …
    published: datetime | None = None  # aware, Europe/Berlin
    sections: tuple[Crumb, ...] = ()
    genre: str = ""  # Kommentar, Interview, Kolumne, Bericht …
    image: Image | None = None
    blocks: tuple[Block, ...] = ()
    links: tuple[Link, ...] = ()
    tags: tuple[Tag, ...] = ()
    related: tuple[Teaser, ...] = ()
    comments: Comments | None = None  # None: the page has no comment section
    source: str = ""  # the news agency a piece comes from: "dpa", "afp", "epd", "rtr", "ap"
    coverage: Coverage | None = None  # None: not measured (built in code, cached before)

    @property
    def headline(self) -> str:
        return f"{self.kicker}: {self.title}" if self.kicker else self.title

    @property
    def incomplete(self) -> bool:
        """The parse did not understand the whole page (some text seems to be missing)."""
        return self.coverage is not None and not self.coverage.complete

    @property
    def pictures(self) -> tuple[Image, ...]:
        """The pictures to show: the lead picture, then those inside the body in reading
        order; each address once, web addresses only."""
        found = [self.image] if self.image is not None else []
        from tazreader.taz.blocks import Figure

        found += [b.image for b in self.blocks if isinstance(b, Figure)]
        seen: set[str] = set()
        out: list[Image] = []
        for image in found:
            if image.url.startswith(("http://", "https://")) and image.url not in seen:
                seen.add(image.url)
                out.append(image)
        return tuple(out)

    def teaser_entry(self) -> Teaser:
        """This article as a list entry (for history, bookmarks, the offline list)."""
        return Teaser(
            id=self.id,
            url=self.url,
            title=self.title,
            kicker=self.kicker,
            teaser=self.teaser,
            authors=self.authors,
            published=self.published,
            image=self.image.url if self.image else None,
        )


# The kinds of page a Listing can be.
LIST_KINDS = frozenset(
    {PageKind.FRONT, PageKind.SECTION, PageKind.TAG, PageKind.AUTHOR, PageKind.SEARCH,
     PageKind.FEED}
)


@dataclass(frozen=True, slots=True)
class Listing:
    """A page of teasers: front page, section, tag, author, search results or a feed."""

    kind: PageKind  # one of LIST_KINDS; a plain "front" is taken as PageKind.FRONT
    url: str
    title: str
    teasers: tuple[Teaser, ...] = ()
    total: int | None = None  # search: "Suchergebnis 1 bis 20 von N"
    next_url: str | None = None
    description: str = ""  # author bio, section blurb
    role: str = ""  # author page: "Redakteurin"
    query: str = ""  # search: what was searched for
    page: int = 1  # search: the result page, 1-based
    print_archive: tuple[str, ...] = ()  # search: ids of the hits from the print archive
    from_cache_index: bool = False  # search results from the offline cache's own index

    def __post_init__(self) -> None:
        kind = PageKind(self.kind)  # a plain "front" (older code, old JSON) becomes the enum
        if kind not in LIST_KINDS:
            raise ValueError(f"not a kind of list: {kind.value!r}")
        if kind is not self.kind:
            object.__setattr__(self, "kind", kind)


# --- JSON round trip -------------------------------------------------------------------


def _dt_out(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


def _dt_in(value: str | None) -> datetime | date | None:
    if value is None:
        return None
    if "T" in value:
        return datetime.fromisoformat(value)
    return date.fromisoformat(value)


def _authors_out(authors: tuple[Author, ...]) -> list[dict[str, Any]]:
    return [{"name": a.name, "url": a.url} for a in authors]


def _authors_in(data: list[dict[str, Any]]) -> tuple[Author, ...]:
    return tuple(Author(a["name"], a.get("url")) for a in data)


def _comments_out(c: Comments | None) -> dict[str, Any] | None:
    if c is None:
        return None
    items = [{"id": i.id, "author": i.author, "published": _dt_out(i.published),
              "paragraphs": list(i.paragraphs), "reply_to": i.reply_to} for i in c.items]
    out = {"count": c.count, "closed": c.closed, "scripted": c.scripted, "items": items}
    if c.in_page:
        out["in_page"] = c.in_page
    return out


def _comments_in(d: dict[str, Any] | None) -> Comments | None:
    if d is None:
        return None
    items = []
    for i in d.get("items", []):
        published = _dt_in(i.get("published"))
        items.append(Comment(str(i["id"]), i["author"],
                             published if isinstance(published, datetime) else None,
                             tuple(i.get("paragraphs", [])), i.get("reply_to")))
    in_page = d.get("in_page", 0)
    return Comments(tuple(items), d.get("count"), bool(d.get("closed")),
                    bool(d.get("scripted")), in_page if type(in_page) is int else 0)


def teaser_to_dict(t: Teaser) -> dict[str, Any]:
    return {
        "id": t.id,
        "url": t.url,
        "title": t.title,
        "kicker": t.kicker,
        "teaser": t.teaser,
        "authors": _authors_out(t.authors),
        "published": _dt_out(t.published),
        "image": t.image,
    }


def teaser_from_dict(d: dict[str, Any]) -> Teaser:
    return Teaser(
        id=d["id"],
        url=d["url"],
        title=d["title"],
        kicker=d.get("kicker", ""),
        teaser=d.get("teaser", ""),
        authors=_authors_in(d.get("authors", [])),
        published=_dt_in(d.get("published")),
        image=d.get("image"),
    )


def article_to_dict(a: Article) -> dict[str, Any]:
    from tazreader.taz.blocks import block_to_dict, image_to_dict

    return {
        "schema": SCHEMA_VERSION,
        "id": a.id,
        "url": a.url,
        "title": a.title,
        "kicker": a.kicker,
        "teaser": a.teaser,
        "authors": _authors_out(a.authors),
        "byline": a.byline,
        "published": _dt_out(a.published),
        "sections": [{"name": c.name, "url": c.url} for c in a.sections],
        "genre": a.genre,
        "image": None if a.image is None else image_to_dict(a.image),
        "blocks": [block_to_dict(b) for b in a.blocks],
        "links": [{"text": lk.text, "url": lk.url, "kind": lk.kind.value} for lk in a.links],
        "tags": [{"name": t.name, "url": t.url, "schwerpunkt": t.schwerpunkt} for t in a.tags],
        "related": [teaser_to_dict(t) for t in a.related],
        "comments": _comments_out(a.comments),
        "source": a.source,
        "coverage": _coverage_out(a.coverage),
    }


def article_from_dict(d: dict[str, Any]) -> Article:
    from tazreader.taz.blocks import block_from_dict, image_from_dict

    published = _dt_in(d.get("published"))
    img = d.get("image")
    return Article(
        id=d["id"],
        url=d["url"],
        title=d["title"],
        kicker=d.get("kicker", ""),
        teaser=d.get("teaser", ""),
        authors=_authors_in(d.get("authors", [])),
        byline=d.get("byline", ""),
        published=published if isinstance(published, datetime) else None,
        sections=tuple(Crumb(c["name"], c.get("url")) for c in d.get("sections", [])),
        genre=d.get("genre", ""),
        image=None if img is None else image_from_dict(img),
        blocks=tuple(block_from_dict(b) for b in d.get("blocks", [])),
        links=tuple(Link(lk["text"], lk["url"], PageKind(lk["kind"])) for lk in d.get("links", [])),
        tags=tuple(
            Tag(t["name"], t.get("url"), bool(t.get("schwerpunkt"))) for t in d.get("tags", [])
        ),
        related=tuple(teaser_from_dict(t) for t in d.get("related", [])),
        comments=_comments_in(d.get("comments")),  # absent in rows cached before comments
        source=str(d.get("source", "")),
        coverage=_coverage_in(d.get("coverage")),
    )


def _coverage_out(c: Coverage | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"kept": c.kept, "incomplete": not c.complete, "missing": list(c.missing),
            "fallback": c.fallback}


def _coverage_in(data: Any) -> Coverage | None:
    if not isinstance(data, dict) or not isinstance(data.get("kept"), int | float):
        return None
    missing = data.get("missing")
    return Coverage(
        float(data["kept"]),
        tuple(str(m) for m in missing) if isinstance(missing, list) else (),
        bool(data.get("fallback", False)),
    )


def listing_to_dict(listing: Listing) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "kind": listing.kind.value,
        "url": listing.url,
        "title": listing.title,
        "teasers": [teaser_to_dict(t) for t in listing.teasers],
        "total": listing.total,
        "next_url": listing.next_url,
        "description": listing.description,
        "role": listing.role,
        "query": listing.query,
        "page": listing.page,
        "print_archive": list(listing.print_archive),
    }


def listing_from_dict(d: dict[str, Any]) -> Listing:
    """A Listing from its JSON; rows cached before the typed fields kept them as strings in
    ``extra`` ({"role", "query", "page", "print_archive": "id id …"})."""
    found = d.get("extra")
    extra: dict[str, Any] = found if isinstance(found, dict) else {}
    page = str(d.get("page", extra.get("page", 1)))
    archive = d.get("print_archive", str(extra.get("print_archive", "")).split())
    return Listing(
        kind=PageKind(d["kind"]),
        url=d["url"],
        title=d["title"],
        teasers=tuple(teaser_from_dict(t) for t in d.get("teasers", [])),
        total=d.get("total"),
        next_url=d.get("next_url"),
        description=d.get("description", ""),
        role=str(d.get("role", extra.get("role", ""))),
        query=str(d.get("query", extra.get("query", ""))),
        page=int(page) if page.isdigit() else 1,
        print_archive=tuple(str(i) for i in archive),
    )
