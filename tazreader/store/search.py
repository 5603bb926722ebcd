"""Full-text search over the cached articles (the index itself: :mod:`fts`).

A search costs the same on a cache of 50,000 articles as on one of 1,000: it never scores
every match. It takes the newest :data:`CANDIDATES` matches (FTS5 walks its lists by row id,
newest first, and stops there), then ranks those: all terms in the title or kicker first,
then in the teaser, authors or tags, then in the body only; the newest first within each.
A broad query thus shows its newest hits, a narrow one all of them. Within each, hits of the
words as typed (or their prefix) come before hits of longer words they are part of.

The last term is also a prefix (search as you type): it stands for itself and its
:data:`COMPLETIONS` shortest completions among the words the index has had (``terms``),
searched as words. FTS5's own prefix search would merge the lists of every completion before
the first hit (work that grows with the cache), and its prefix indexes were more than half
of the index. One letter stands for itself only.

Compounds: a term of :data:`fts.MIN_PART` letters or more also stands for up to
:data:`COMPOUNDS` words of the index it is part of (``strasse``: ``hauptstrasse``,
``strassenbahn``), found in ``grams``, a trigram index of the vocabulary (not of the text:
a few hundred KB for the words of 10,000 articles), newest words first.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from tazreader.store.core import StoreCore, _recovering, _teaser
from tazreader.store.fts import Query, is_part, parse_query, snippet, spellings
from tazreader.taz.models import Teaser

CANDIDATES = 200  # the newest matches a query is ranked within
COMPLETIONS = 32  # words a prefix stands for besides itself
COMPOUNDS = 32  # words a term stands for that it is part of (see the module)
SNIPPET_SCAN = 1500  # characters of a hit's body looked at first for its snippet
TITLE = "{title kicker}"
HEADS = "{title kicker teaser authors tags}"


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An article the cache's search found, with a snippet of where."""

    teaser: Teaser
    snippet: str  # original text, hits marked «…»
    # Higher is better: 3.x title or kicker, 2.x teaser, authors, tags, 1.x body; x.5 and up:
    # the words as typed (not only longer words they are part of), then the newest first.
    rank: float


class Search(StoreCore):
    """Ranked hits with snippets; any string is a valid query."""

    @_recovering
    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over cached articles; any string is a valid query."""
        q = parse_query(query)
        if q.empty or limit <= 0:
            return []
        try:
            expr, words = self._expression(q, compounds=True), self._expression(q)
            found = [r[0] for r in self._read(
                "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT ?",
                (expr, max(CANDIDATES, limit)),
            )]
            if not found:
                return []
            low = found[-1]
            tiers = [self._within(f"{cols} : ({expr})", low) for cols in (TITLE, HEADS)]
            typed = set(found) if words == expr else self._within(words, low)
        except sqlite3.OperationalError:
            # The sanitiser should make this impossible; a search never breaks the reader.
            return []
        n = len(found)
        ranked = sorted(
            ((1 + sum(rid in tier for tier in tiers) + (rid in typed) / 2
              + (n - i) / (n + 1) / 2, rid)
             for i, rid in enumerate(found)),
            reverse=True,
        )[:limit]
        rows = {r[0]: (r[1], r[2]) for r in self._read(
            "SELECT rid, teaser, body FROM articles WHERE rid IN (SELECT value FROM json_each(?))",
            (json.dumps([rid for _, rid in ranked]),),
        )}
        hits = (self._hit(q, *rows[rid], rank=rank) for rank, rid in ranked if rid in rows)
        return [h for h in hits if h is not None]  # a damaged row is no hit

    def _within(self, expr: str, low: int) -> set[int]:
        return {r[0] for r in self._read(
            "SELECT rowid FROM fts WHERE fts MATCH ? AND rowid >= ?", (expr, low)
        )}

    def _expression(self, q: Query, *, compounds: bool = False) -> str:
        """The FTS5 MATCH string: every term quoted (so no operator syntax survives), each
        with its umlaut spellings; the last one with its completions, and with ``compounds``
        every term with the words it is part of (see the module)."""
        parts: list[str] = []
        for i, term in enumerate(q.terms):
            last = q.prefix_last and i == len(q.terms) - 1
            options: list[str] = []
            for spelling in spellings(term):
                options.extend(self._completions(spelling) if last else [f'"{spelling}"'])
                if compounds and is_part(spelling):
                    options.extend(self._compounds(spelling))
            options = list(dict.fromkeys(options))
            parts.append(options[0] if len(options) == 1 else f"({' OR '.join(options)})")
        return " AND ".join(parts)  # explicit: FTS5 does not AND a phrase and "( … )" implicitly

    def _completions(self, prefix: str) -> list[str]:
        if len(prefix) == 1:
            return [f'"{prefix}"']  # one letter stands for itself
        words = [r[0] for r in self._read(
            "SELECT term FROM terms WHERE term >= ? AND term < ? "
            "ORDER BY length(term), term LIMIT ?",
            (prefix, prefix + "\U0010ffff", COMPLETIONS),
        )]
        return [f'"{w}"' for w in dict.fromkeys([prefix, *words])]

    def _compounds(self, part: str) -> list[str]:
        # LIKE, not MATCH: the index keeps no positions (detail=none), and LIKE checks the
        # words its trigrams find. A part is letters only: no % or _ in it.
        return [f'"{r[0]}"' for r in self._read(
            "SELECT term FROM grams WHERE term LIKE ? ORDER BY rowid DESC LIMIT ?",
            (f"%{part}%", COMPOUNDS),
        )]

    def _hit(self, q: Query, teaser_json: str, body: object, *, rank: float) -> SearchHit | None:
        teaser = _teaser(teaser_json, None)
        text = self._read_text(body)
        if teaser is None or text is None:
            return None
        authors = ", ".join(a.name for a in teaser.authors)
        # The start of the body first: looking for the terms in all of every hit's body was
        # most of a search's time; the rest of it only when nothing else has them.
        head = text[:SNIPPET_SCAN]
        texts = [head, teaser.teaser, teaser.title, teaser.kicker, authors]
        found = snippet(texts + ([text] if len(text) > len(head) else []), q)
        return SearchHit(teaser, found, rank)
