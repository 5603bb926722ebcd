"""Where a list of articles comes from: a small sealed set of types, not strings.

* :class:`FrontPage` — taz's front page
* :class:`TazPage` — a section, tag, author page or feed, by its canonical URL
* :class:`Search` — a search (query, page and taz's search options)
* :class:`LocalList` — a list the reader keeps itself: bookmarks, history, the articles whose
  text changed since they were first read, everything cached

Each knows its title before anything is loaded, its URL on a given base (None for local lists)
and a JSON form, so that the back/forward history and the last list survive a restart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from tazreader.i18n import N_, _, ngettext
from tazreader.taz.models import Listing, PageKind
from tazreader.taz.urls import (
    DEFAULT_BASE,
    SECTIONS,
    SECTIONS_BY_ID,
    BadUrl,
    find_section,
    front_url,
    parse_url,
    search_url,
)

LocalName = Literal["bookmarks", "history", "changed", "offline"]
LOCAL_TITLES: dict[LocalName, str] = {
    "bookmarks": N_("Bookmarks"),
    "history": N_("History"),
    "changed": N_("Changed"),
    "offline": N_("Offline articles"),
}


@dataclass(frozen=True, slots=True)
class FrontPage:
    """taz's front page."""

    def title(self, base: str = DEFAULT_BASE) -> str:
        return _("Front page")

    def url(self, base: str = DEFAULT_BASE) -> str:
        return front_url(base)

    def to_json(self) -> dict[str, Any]:
        return {"kind": "front"}


@dataclass(frozen=True, slots=True)
class TazPage:
    """A section, tag or author page, or a feed: ``url`` is canonical on the base it was
    made for (a mirror's pages stay on the mirror)."""

    address: str

    def title(self, base: str = DEFAULT_BASE) -> str:
        try:
            parsed = parse_url(self.address, base)
        except BadUrl:
            return self.address
        if parsed.kind is PageKind.SECTION and parsed.id in SECTIONS_BY_ID:
            section = SECTIONS_BY_ID[parsed.id]
            parent = SECTIONS_BY_ID.get(section.parent or "")
            return f"{parent.name} › {section.name}" if parent else section.name
        if parsed.kind is PageKind.TAG:
            return _("Topic: {name}").format(name=slug_name(parsed.slug) or parsed.id)
        if parsed.kind is PageKind.AUTHOR:
            return _("Author: {name}").format(name=slug_name(parsed.slug) or parsed.id)
        return slug_name(parsed.slug) or self.address

    def url(self, base: str = DEFAULT_BASE) -> str:
        return self.address

    def to_json(self) -> dict[str, Any]:
        return {"kind": "taz", "url": self.address}


@dataclass(frozen=True, slots=True)
class Search:
    """A search: taz's own online, the cache's full-text index offline; ``options`` are taz's
    search options as the search's URL gave them (``("SuchRahmen", "Print")`` …)."""

    query: str
    page: int = 1
    options: tuple[tuple[str, str], ...] = ()

    def title(self, base: str = DEFAULT_BASE) -> str:
        return _("Search: {query}").format(query=self.query)

    def url(self, base: str = DEFAULT_BASE) -> str:
        return search_url(self.query, self.page, base, self.options)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": "search", "query": self.query, "page": self.page}
        if self.options:
            data["options"] = [list(o) for o in self.options]
        return data


@dataclass(frozen=True, slots=True)
class LocalList:
    """A list the reader keeps: bookmarks, history, the changed articles, or everything
    readable offline."""

    name: LocalName

    def title(self, base: str = DEFAULT_BASE) -> str:
        return _(LOCAL_TITLES[self.name])

    def url(self, base: str = DEFAULT_BASE) -> None:
        return None

    def to_json(self) -> dict[str, Any]:
        return {"kind": "local", "name": self.name}


Source = FrontPage | TazPage | Search | LocalList

FRONT = FrontPage()
BOOKMARKS = LocalList("bookmarks")
HISTORY = LocalList("history")
CHANGED = LocalList("changed")
OFFLINE = LocalList("offline")


def slug_name(slug: str | None) -> str:
    """``Nicole-Opitz`` -> ``Nicole Opitz``: a name guessed from the last part of a slug."""
    if not slug:
        return ""
    return re.sub(r"[-_]+", " ", slug.rsplit("/", 1)[-1]).strip()


def source_from_json(data: Any) -> Source | None:
    """The source a JSON form stands for, or None for anything else (an old or broken
    history entry is skipped, never an error)."""
    if isinstance(data, str):
        return _from_key(data)
    if not isinstance(data, dict):
        return None
    kind = data.get("kind")
    if kind == "front":
        return FRONT
    if kind == "taz" and isinstance(data.get("url"), str) and data["url"]:
        return TazPage(data["url"])
    if kind == "search" and isinstance(data.get("query"), str) and data["query"].strip():
        page = data.get("page", 1)
        raw = data.get("options")
        options = tuple(
            (o[0], o[1]) for o in (raw if isinstance(raw, list) else [])
            if isinstance(o, list) and len(o) == 2 and all(isinstance(x, str) for x in o)
        )
        return Search(data["query"], page if isinstance(page, int) and page > 0 else 1, options)
    if kind == "local" and data.get("name") in LOCAL_TITLES:
        return LocalList(data["name"])
    return None


def _from_key(key: str) -> Source | None:
    """A list as versions up to 0.1 stored it: "front", "bookmarks", "search:<q>", a URL."""
    if key == "front":
        return FRONT
    if key in LOCAL_TITLES:
        return LocalList(key)  # type: ignore[arg-type,unused-ignore]  # checked above
    if key.startswith("search:"):
        query = key[len("search:") :]
        return Search(query) if query.strip() else None
    if key.startswith(("http://", "https://")):
        return TazPage(key)
    return None


def source_for_url(url: str, base: str = DEFAULT_BASE) -> Source | None:
    """The list a taz URL shows, or None when it is no list (an article, another site)."""
    try:
        parsed = parse_url(url, base)
    except BadUrl:
        return None
    if parsed.kind is PageKind.FRONT:
        return FRONT
    if parsed.kind is PageKind.SEARCH:
        return Search(parsed.query or "", parsed.page, parsed.options)
    if parsed.kind in (PageKind.SECTION, PageKind.TAG, PageKind.AUTHOR, PageKind.FEED):
        return TazPage(parsed.url)
    return None


def source_for_start(value: str | None, base: str = DEFAULT_BASE) -> Source:
    """The list ``start_list`` names: front, bookmarks, history, changed, offline, a section's
    name, id or path, or a taz URL; the front page for anything else."""
    if not value or not value.strip():
        return FRONT
    value = value.strip()
    if value == "front":
        return FRONT
    if value in LOCAL_TITLES:
        return LocalList(value)  # type: ignore[arg-type,unused-ignore]  # checked above
    if value.startswith(("http://", "https://")):
        return source_for_url(value, base) or FRONT
    section = find_section(value)
    return TazPage(section.url(base)) if section is not None else FRONT


def listing_title(source: Source, listing: Listing | None, base: str = DEFAULT_BASE) -> str:
    """The header's name for a loaded list: "Startseite", the section's name, "Thema: …",
    "Suche: Klima — 347 Treffer".

    A page's own <title> is only used where it is better than what the source says (the real
    name of a tag or an author instead of the one guessed from the URL's slug).
    """
    fallback = source.title(base)
    if listing is None:
        return fallback
    if isinstance(source, Search):
        if listing.total is None:
            return fallback
        # "Suche: Klima — 347 Treffer"; the offline cache's search says where it looked
        if listing.from_cache_index:
            hits = ngettext("{n} hit in the offline cache", "{n} hits in the offline cache",
                            listing.total)
        else:
            hits = ngettext("{n} hit", "{n} hits", listing.total)
        return f"{fallback} — {hits.format(n=listing.total)}"
    if not isinstance(source, TazPage) or not listing.title.strip():
        return fallback
    name = " ".join(listing.title.split())
    if listing.kind is PageKind.TAG:
        return _("Topic: {name}").format(name=name)
    if listing.kind is PageKind.AUTHOR:
        return _("Author: {name}").format(name=name)
    if listing.kind is PageKind.SECTION:
        try:
            known = parse_url(source.address, base).id in SECTIONS_BY_ID
        except BadUrl:
            known = False
        return fallback if known else name  # known: "Politik › Deutschland"
    if listing.kind is PageKind.FRONT:
        return _("Front page")
    return fallback if listing.kind is PageKind.FEED else name


def all_sources(base: str = DEFAULT_BASE) -> list[tuple[Source, str]]:
    """(source, label) of every list the picker offers, sections indented under their parent."""
    out: list[tuple[Source, str]] = [(FRONT, _("Front page"))]
    for section in SECTIONS:
        label = f"  {section.name}" if section.parent else section.name
        out.append((TazPage(section.url(base)), label))
    out += [(LocalList(name), _(title)) for name, title in LOCAL_TITLES.items()]
    return out
