"""Who wrote an article, when, and in what form: authors, the byline, the date, the genre.

These sit together on the page (the NEW design's ``author-container`` and
``meta-data-container``, the OLD design's ``sect_profile`` and date list) and depend on each
other: the byline ("Kommentar von", "Interview von") names the genre when the classes do not.
Authors found in the markup win; the ``article:author`` meta and the JSON-LD authors fill in
what is missing (a name, a profile URL), and nobody is listed twice (by name or profile URL).
"""

from __future__ import annotations

import re
from datetime import datetime

from tazreader.taz.dates import in_berlin
from tazreader.taz.models import Author, Block, PageKind, Paragraph, Segment
from tazreader.taz.parse._german import byline_names, split_names
from tazreader.taz.parse._html import (
    Element,
    all_class,
    class_tokens,
    find_class,
    has_class,
    text_of,
)
from tazreader.taz.parse.article._page import Page
from tazreader.taz.text import clean

# The NEW design's ``article-type-*`` class -> the genre as the reader sees it.
_GENRE_BY_TYPE = {
    "commentary": "Kommentar",
    "comment": "Kommentar",
    "guest-commentary": "Kommentar",
    "opinion": "Kommentar",
    "interview": "Interview",
    "column": "Kolumne",
    "kolumne": "Kolumne",
    "news": "Bericht",
    "report": "Bericht",
    "article": "Bericht",
    "reportage": "Reportage",
    "essay": "Essay",
    "analysis": "Analyse",
    "review": "Rezension",
    "portrait": "Porträt",
}
# How a byline starts -> the genre (first match wins: "Gastkommentar" before "Kommentar").
_GENRE_BY_BYLINE = (
    ("gastkommentar", "Kommentar"),
    ("kommentar", "Kommentar"),
    ("kolumne", "Kolumne"),
    ("interview", "Interview"),
    ("essay", "Essay"),
    ("analyse", "Analyse"),
    ("reportage", "Reportage"),
    ("rezension", "Rezension"),
    ("kritik", "Rezension"),
    ("porträt", "Porträt"),
    ("von", "Bericht"),
)


def authors(page: Page) -> tuple[tuple[Author, ...], str]:
    """The authors (in page order, each once) and the byline before their names."""
    found: list[Author] = []
    byline = ""
    art = page.article_el
    if art is not None and page.old:
        for profile in all_class(page.root, "sect_profile", "div"):
            head = profile.xpath(".//h2")
            if head and not byline:
                byline = text_of(head[0])
            for a in profile.xpath(".//a[@rel='author' or @itemprop='url']"):
                name_el = a.xpath(".//*[@itemprop='name']")
                name = text_of(name_el[0]) if name_el else text_of(a)
                if name:
                    found.append(Author(name, page.url(a.get("href"))))
    elif art is not None:
        containers = all_class(art, "author-container")
        header = [c for c in containers if not _is_bio(page, c)]
        bios = [c for c in containers if _is_bio(page, c)]
        for container in header:
            heads, said = _header_byline(page, container)
            byline = byline or said
            found.extend(heads)
        for container in bios:
            found.extend(_authors_in(page, container))
    meta_names = [clean(m.get("content") or "") for m in page.meta_tags.get("article:author", ())]
    ld_authors = page.news.get("author")
    ld_list = ld_authors if isinstance(ld_authors, list) else [ld_authors]
    ld_urls: dict[str, str | None] = {}
    for item in ld_list:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            url = item.get("url")
            ld_urls[clean(item["name"])] = page.url(url) if isinstance(url, str) else None
    if not found:
        names = [n for n in meta_names if n] or list(ld_urls)
        found = [Author(n, ld_urls.get(n)) for n in names]
    result: list[Author] = []
    for author in found:
        if author.url is None and ld_urls.get(author.name):
            author = Author(author.name, ld_urls[author.name])
        duplicate = next(
            (
                i
                for i, a in enumerate(result)
                if a.name == author.name or (author.url and a.url == author.url)
            ),
            None,
        )
        if duplicate is None:
            result.append(author)
        elif result[duplicate].url is None and author.url:
            result[duplicate] = Author(result[duplicate].name, author.url)
    return tuple(result), byline.rstrip(":").strip()


def _is_bio(page: Page, container: Element) -> bool:
    if find_class(container, "author-description") is not None:
        return True
    if find_class(container, "typo-short-text-head") is not None:
        return True
    if page.corpus is None:
        return False
    # A container after the body is the bio box.
    return any(c is container for c in page.corpus.itersiblings())


def _header_byline(page: Page, container: Element) -> tuple[list[Author], str]:
    """The authors of a header ``author-container`` and the byline before them.

    The container reads "Kommentar von <link>Name</link>": the names are the author links and
    the bold names (``typo-name-detail-bold``) after the last "von"; a bold piece before it is a
    column's title ("Kolumne <b>Ernsthaft?</b> von …"), part of the byline. A byline of plain
    text only ("Von A und B") names its authors in running German.
    """
    pieces: list[tuple[str, str, str | None]] = []  # (text, "link" | "bold" | "plain", url)

    def walk(node: Element, role: str, url: str | None) -> None:
        if node.text:
            pieces.append((node.text, role, url))
        for child in node:
            if isinstance(child.tag, str) and child.tag not in ("figure", "img", "script"):
                child_role, child_url = role, url
                if child.tag == "a" and role != "link":
                    target = page.resolve(child.get("href"))
                    if target is not None and target.kind is PageKind.AUTHOR:
                        child_role, child_url = "link", target.url
                elif role == "plain" and has_class(child, "typo-name-detail-bold"):
                    child_role = "bold"
                walk(child, child_role, child_url)
            if child.tail:
                pieces.append((child.tail, role, url))

    walk(container, "plain", None)
    runs: list[tuple[str, str, str | None]] = []  # the pieces of one kind and link joined
    for text, role, url in pieces:
        if runs and runs[-1][1] == role and runs[-1][2] == url:
            runs[-1] = (runs[-1][0] + text, role, url)
        else:
            runs.append((text, role, url))
    runs = [(clean(t), r, u) for t, r, u in runs if clean(t)]
    last_von = max((i for i, (t, r, _) in enumerate(runs)
                    if r == "plain" and re.search(r"\bvon$", t, re.I)), default=-1)
    names: list[Author] = []
    first_name = len(runs)
    for i, (text, role, url) in enumerate(runs):
        if role == "link" or (role == "bold" and i > last_von):
            names.extend(Author(n, url) for n in (split_names(text) if url is None else [text]))
            first_name = min(first_name, i)
    if not names:
        plain = clean(" ".join(t for t, _, _ in runs))
        found = byline_names(plain)
        if found:
            head = plain[: plain.rfind(found[0])].strip() if found[0] in plain else plain
            return [Author(n) for n in found], head
        return [], plain
    return names, clean(" ".join(t for t, _, _ in runs[:first_name]))


def _authors_in(page: Page, container: Element) -> list[Author]:
    found: list[Author] = []
    for a in container.iter("a"):
        resolved = page.resolve(a.get("href"))
        if resolved is None or resolved.kind is not PageKind.AUTHOR:
            continue
        name = text_of(a)
        if name:
            found.append(Author(name, resolved.url))
    for el in all_class(container, "typo-name-detail-bold"):
        if not el.xpath("ancestor::a"):
            found.extend(Author(n) for n in split_names(el.text_content()))
    return found


def published(page: Page) -> datetime | None:
    """When the article was published, as an aware Berlin time."""
    art = page.article_el
    if art is not None:
        if page.old:
            for li in page.root.xpath("//li[contains(@class, 'date')][@content]"):
                if dt := _parse_time(li.get("content")):
                    return dt
        else:
            box = find_class(art, "meta-data-container")
            times = box.xpath(".//time[@datetime]") if box is not None else []
            day = next((t.get("datetime") for t in times if "-" in t.get("datetime")), "")
            clock = next((t.get("datetime") for t in times if ":" in t.get("datetime")), "")
            if "T" in day and (dt := _parse_time(day)):
                return dt
            if day and (dt := _parse_time(f"{day.strip()}T{clock.strip() or '00:00'}")):
                return dt
    for key in ("article:published_time", "datepublished"):
        if dt := _parse_time(page.meta(key)):
            return dt
    value = page.news.get("datePublished")
    if isinstance(value, str) and (dt := _parse_time(value)):
        return dt
    return _date_as_text(page)


_TEXT_DATE = re.compile(
    r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b(?:\D{0,12}?\b(\d{1,2})[:.](\d{2})\s*Uhr)?"
)


def _date_as_text(page: Page) -> datetime | None:
    """The date as the page prints it ("28.4.2023", "18:41 Uhr"), when nothing says it in a
    machine-readable form: in the NEW design's date box, else the OLD design's date line."""
    art = page.article_el
    if art is None:
        return None
    box = find_class(art, "meta-data-container")
    boxes = [box] if box is not None else page.root.xpath("//li[contains(@class, 'date')]")
    for el in boxes[:1]:
        m = _TEXT_DATE.search(text_of(el))
        if m is None:
            continue
        day, month, year, hour, minute = (int(g) if g else 0 for g in m.groups())
        try:
            return in_berlin(datetime(year, month, day, hour, minute))
        except ValueError:
            return None
    return None


def _parse_time(value: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return in_berlin(dt)


def genre(page: Page, byline: str) -> str:
    """The genre as the reader sees it ("Kommentar", "Bericht" …); empty if the page does
    not say."""
    art = page.article_el
    if art is not None:
        for cls in class_tokens(art):
            if cls.startswith("article-type-"):
                found = _GENRE_BY_TYPE.get(cls[len("article-type-") :])
                if found:
                    return found
    low = byline.lower()
    for prefix, name in _GENRE_BY_BYLINE:
        if low.startswith(prefix):
            return name
    if page.old:
        for sect in all_class(page.root, "sect_article", "div")[:1]:
            for token in ("commentary", "interview", "column", "reportage", "report", "news"):
                if token in class_tokens(sect):
                    return _GENRE_BY_TYPE[token]
    if page.meta("article:opinion") == "true":
        return "Kommentar"
    return ""


_AGENCY = re.compile(r"^((?:dpa|afp|epd|rtr|ap|kna)(?:\s*/\s*(?:dpa|afp|epd|rtr|ap|kna))*)\s*\|\s*")


def agency(blocks: tuple[Block, ...], byline: str) -> tuple[str, tuple[Block, ...], str]:
    """A news agency's piece: (the agency, the blocks, the byline) with the "dpa | " prefix
    taken off the first paragraph or the byline. ("" and both unchanged for any other piece;
    taz's own dateline "Berlin taz | " is no agency and stays.)"""
    if m := _AGENCY.match(byline):
        return m.group(1), blocks, byline[m.end() :].strip()
    first = next((i for i, b in enumerate(blocks) if isinstance(b, Paragraph)), None)
    if first is None:
        return "", blocks, byline
    paragraph = blocks[first]
    assert isinstance(paragraph, Paragraph)
    segments = paragraph.segments
    m = _AGENCY.match(segments[0].text) if segments and segments[0].link is None else None
    if m is None:
        return "", blocks, byline
    rest = segments[0].text[m.end() :]
    shortened = ((Segment(rest),) if rest else ()) + segments[1:]
    changed = (*blocks[:first], Paragraph(shortened), *blocks[first + 1 :]) if shortened else (
        *blocks[:first], *blocks[first + 1 :])
    return m.group(1), changed, byline
