"""The readers' comments in reading order, and as the text edition's ``## KOMMENTARE``.

:func:`threaded` is the one way comments are put in order (the app's comments view and
``tazreader dump --comments`` both use it): every reply under the comment it answers, the first
level in page order or re-sorted by time as the site's "Neueste / Älteste" buttons do (they
move only the first level; replies keep their order).

The text edition has no comments of its own; they follow its style: a ``## KOMMENTARE``
heading, a line with the count (and the state: closed, left to a script), then per comment
"author · time", a blank line and its paragraphs, a reply indented four spaces a level.
Like the text edition's other words ("Bild:", "## LINKS"), the section is German.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tazreader.taz.dates import in_berlin, text_edition_day
from tazreader.taz.models import Article, Comment, Comments
from tazreader.taz.textedition import _md_escape, wrap

__all__ = ["comments_markdown", "comments_text", "threaded"]

INDENT = "    "
MAX_LEVELS = 6  # deeper replies are indented as deep as this

# When a comment was written, in the text edition: ``29 Apr 2023 11:14``.
TimeFormat = Callable[[datetime], str]


def text_edition_time(value: datetime) -> str:
    return f"{text_edition_day(value)} {in_berlin(value):%H:%M}"


def threaded(comments: Comments, newest_first: bool | None = None) -> list[tuple[Comment, int]]:
    """Every comment with its depth (0: on the article, 1: a reply …), each reply right under
    the comment it answers. The first level stays in page order (``None``) or is sorted newest
    (``True``) or oldest first (``False``); comments without a time go last either way."""
    ids = {c.id for c in comments.items}
    replies: dict[str, list[Comment]] = {}
    roots: list[Comment] = []
    for c in comments.items:
        if c.reply_to is not None and c.reply_to in ids and c.reply_to != c.id:
            replies.setdefault(c.reply_to, []).append(c)
        else:
            roots.append(c)  # on the article, or answering one the page does not carry
    if newest_first is not None:
        sign = -1 if newest_first else 1
        roots.sort(key=lambda c: (c.published is None,
                                  sign * c.published.timestamp() if c.published else 0))
    out: list[tuple[Comment, int]] = []
    seen: set[str] = set()
    # Comments in a loop of replies (a damaged cache) are reached from none: they start anew.
    for start in [*roots, *comments.items]:
        stack = [(start, 0)]
        while stack:  # no recursion: a hostile page may chain a thousand replies
            comment, depth = stack.pop()
            if comment.id in seen:
                continue
            seen.add(comment.id)
            out.append((comment, depth))
            stack.extend((r, depth + 1) for r in reversed(replies.get(comment.id, [])))
    return out


def _state(comments: Comments | None) -> str:
    """The line under the heading: how many, and what the page says about the rest."""
    if comments is None:
        return "Die Seite hat keine Kommentarspalte."
    shown = len(comments.items)
    if not shown:
        if comments.in_page:
            n = comments.in_page
            return (f"{'Der Kommentar steht' if n == 1 else f'Die {n} Kommentare stehen'} in "
                    "der gespeicherten Seite, die sich nicht mehr lesen lässt.")
        if comments.scripted and comments.count:
            return f"Die Seite nennt {comments.count} Kommentare, lädt sie aber per Skript nach."
        if comments.scripted:
            return "Die Seite lädt ihre Kommentare per Skript nach."
        if comments.closed:
            return "Keine Kommentare; die Kommentarfunktion ist geschlossen."
        return "Noch keine Kommentare."
    parts = ["1 Kommentar" if shown == 1 else f"{shown} Kommentare"]
    if comments.scripted and comments.count:
        parts[0] += f" von {comments.count}; den Rest lädt die Seite per Skript nach"
    if comments.closed:
        parts.append("Kommentarfunktion geschlossen")
    return " · ".join(parts)


def _head(comment: Comment, when: TimeFormat) -> str:
    author = " ".join(comment.author.split()) or "?"
    return f"{author} · {when(comment.published)}" if comment.published else author


def comments_text(
    article: Article, width: int = 72, *, when: TimeFormat = text_edition_time
) -> str:
    """``## KOMMENTARE`` of the text edition, wrapped at ``width`` columns (page order)."""
    chunks: list[list[str]] = [["## KOMMENTARE"], wrap(_state(article.comments), width)]
    levels = max(min(MAX_LEVELS, (width - 20) // len(INDENT)), 1)
    for comment, depth in threaded(article.comments or Comments()):
        indent = INDENT * min(depth, levels)
        chunks.append(wrap(_head(comment, when), width, indent))
        chunks.extend(wrap(p, width, indent) for p in comment.paragraphs)
    return "\n\n".join("\n".join(c) for c in chunks if c) + "\n"


def comments_markdown(article: Article, *, when: TimeFormat = text_edition_time) -> str:
    """``## KOMMENTARE`` in Markdown: a reply is quoted one level deeper than its comment."""
    chunks = ["## KOMMENTARE", _md_escape(_state(article.comments))]
    for comment, depth in threaded(article.comments or Comments()):
        quote = "> " * min(depth, MAX_LEVELS)
        lines = [f"**{_md_escape(_head(comment, when))}**"]
        lines += [_md_escape(p) for p in comment.paragraphs]
        chunks.append(f"\n{quote.rstrip()}\n".join(quote + line for line in lines))
    return "\n\n".join(chunks) + "\n"
