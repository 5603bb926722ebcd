"""Where the reader is: list sources, locations, and the back/forward stacks (persisted)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tazreader.taz.models import Listing, PageKind
from tazreader.taz.urls import (
    DEFAULT_BASE,
    SECTIONS,
    SECTIONS_BY_ID,
    BadUrl,
    find_section,
    front_url,
    parse_url,
)

FRONT = "front"
BOOKMARKS = "bookmarks"
HISTORY = "history"
OFFLINE = "offline"
SEARCH_PREFIX = "search:"
LOCAL_SOURCES = {BOOKMARKS: "Lesezeichen", HISTORY: "Verlauf", OFFLINE: "Offline verfügbar"}
NAV_KEY = "nav"
LAST_LIST_KEY = "last_list"
MAX_STACK = 100


def source_for_start(value: str | None, base: str = DEFAULT_BASE) -> str:
    """A list key from ``start_list`` / ``last_list``: front, bookmarks … or a section/URL."""
    if not value:
        return FRONT
    value = value.strip()
    if value in (FRONT, *LOCAL_SOURCES) or value.startswith(SEARCH_PREFIX):
        return value
    if value.startswith(("http://", "https://")):
        try:
            parsed = parse_url(value, base)
        except BadUrl:
            return FRONT
        if parsed.kind is PageKind.FRONT:
            return FRONT
        return parsed.url if parsed.kind.opens_inside else FRONT
    section = find_section(value)
    return section.url(base) if section is not None else FRONT


def list_url(key: str, base: str = DEFAULT_BASE) -> str | None:
    """The taz URL behind a list key (None for local lists and searches)."""
    if key == FRONT:
        return front_url(base)
    if key in LOCAL_SOURCES or key.startswith(SEARCH_PREFIX):
        return None
    return key


def _slug_name(slug: str | None) -> str:
    if not slug:
        return ""
    return re.sub(r"[-_]+", " ", slug.rsplit("/", 1)[-1]).strip()


def source_title(key: str, base: str = DEFAULT_BASE) -> str:
    """A human title for a list before its page has been loaded."""
    if key == FRONT:
        return "Startseite"
    if key in LOCAL_SOURCES:
        return LOCAL_SOURCES[key]
    if key.startswith(SEARCH_PREFIX):
        return f"Suche: {key[len(SEARCH_PREFIX):]}"
    try:
        parsed = parse_url(key, base)
    except BadUrl:
        return key
    if parsed.kind is PageKind.SECTION and parsed.id in SECTIONS_BY_ID:
        section = SECTIONS_BY_ID[parsed.id]
        parent = SECTIONS_BY_ID.get(section.parent or "")
        return f"{parent.name} › {section.name}" if parent else section.name
    if parsed.kind is PageKind.TAG:
        return f"Thema: {_slug_name(parsed.slug) or parsed.id}"
    if parsed.kind is PageKind.AUTHOR:
        return f"Autor:in: {_slug_name(parsed.slug) or parsed.id}"
    if parsed.kind is PageKind.SEARCH:
        return f"Suche: {parsed.query or ''}"
    if parsed.kind is PageKind.FRONT:
        return "Startseite"
    return _slug_name(parsed.slug) or key


def listing_title(key: str, listing: Listing | None, base: str = DEFAULT_BASE) -> str:
    """The header's name for a loaded list: "Startseite", the section's name, "Thema: …",
    "Suche: Klima — 347 Treffer".

    A page's own <title> is only used where it is better than what the key says (the real
    name of a tag or an author instead of the one guessed from the URL's slug).
    """
    fallback = source_title(key, base)
    if key.startswith(SEARCH_PREFIX) and listing is not None and listing.total is not None:
        # "Suche: Klima — 347 Treffer"; the offline cache's search says where it looked
        where = " im Offline-Cache" if listing.extra.get("source") == "cache" else ""
        return f"{fallback} — {listing.total} Treffer{where}"
    if listing is None or not listing.title.strip() or key == FRONT:
        return fallback
    if key in LOCAL_SOURCES or key.startswith(SEARCH_PREFIX):
        return fallback
    name = " ".join(listing.title.split())
    if listing.kind == "tag":
        return f"Thema: {name}"
    if listing.kind == "author":
        return f"Autor:in: {name}"
    if listing.kind == "section":
        try:
            known = parse_url(key, base).id in SECTIONS_BY_ID
        except BadUrl:
            known = False
        return fallback if known else name  # known: "Politik › Deutschland"
    if listing.kind == "front":
        return "Startseite"
    return fallback if listing.kind == "feed" else name


def all_sources(base: str = DEFAULT_BASE) -> list[tuple[str, str]]:
    """(key, label) of every list the picker offers, sections indented under their parent."""
    out: list[tuple[str, str]] = [(FRONT, "Startseite")]
    for section in SECTIONS:
        label = f"  {section.name}" if section.parent else section.name
        out.append((section.url(base), label))
    out += [(key, label) for key, label in LOCAL_SOURCES.items()]
    return out


@dataclass(frozen=True)
class Location:
    list_key: str
    article_url: str | None = None
    position: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"list": self.list_key, "article": self.article_url, "position": self.position}

    @classmethod
    def from_json(cls, data: Any) -> Location | None:
        if not isinstance(data, dict) or not isinstance(data.get("list"), str):
            return None
        article = data.get("article")
        position = data.get("position", 0.0)
        return cls(
            data["list"],
            article if isinstance(article, str) else None,
            float(position) if isinstance(position, int | float) else 0.0,
        )


@dataclass
class Navigator:
    """Browser-style back/forward stacks of locations."""

    back: list[Location] = field(default_factory=list)
    forward: list[Location] = field(default_factory=list)

    def push(self, current: Location) -> None:
        if not self.back or self.back[-1] != current:
            self.back.append(current)
        del self.back[:-MAX_STACK]
        self.forward.clear()

    def go_back(self, current: Location) -> Location | None:
        if not self.back:
            return None
        self.forward.append(current)
        return self.back.pop()

    def go_forward(self, current: Location) -> Location | None:
        if not self.forward:
            return None
        self.back.append(current)
        return self.forward.pop()

    def to_json(self) -> dict[str, Any]:
        return {
            "back": [loc.to_json() for loc in self.back[-MAX_STACK:]],
            "forward": [loc.to_json() for loc in self.forward[-MAX_STACK:]],
        }

    @classmethod
    def from_json(cls, data: Any) -> Navigator:
        nav = cls()
        if not isinstance(data, dict):
            return nav
        for name in ("back", "forward"):
            items = data.get(name)
            if isinstance(items, list):
                stack = [loc for loc in map(Location.from_json, items) if loc is not None]
                setattr(nav, name, stack[-MAX_STACK:])
        return nav
