"""Full-text search over the cached articles (the index itself: :mod:`fts`)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from tazreader.store.core import StoreCore, _recovering, _teaser
from tazreader.store.fts import FTS_WEIGHTS, Query, parse_query, snippet
from tazreader.taz.models import Teaser


@dataclass(frozen=True, slots=True)
class SearchHit:
    teaser: Teaser
    snippet: str  # original text, hits marked «…»
    rank: float  # higher is better (negated bm25)


class Search(StoreCore):
    """Ranked hits with snippets; any string is a valid query."""

    @_recovering
    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over cached articles; any string is a valid query."""
        q = parse_query(query)
        if q.empty or limit <= 0:
            return []
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        try:
            rows = self._read(
                # rank first, then read only the winners' rows
                "SELECT a.teaser, a.body, r FROM (SELECT rowid AS hit, "
                f"bm25(fts, {weights}) AS r FROM fts WHERE fts MATCH ? ORDER BY r LIMIT ?) "
                "JOIN articles a ON a.rid = hit ORDER BY r",
                (q.match_expression(), limit),
            )
        except sqlite3.OperationalError:
            # The sanitiser should make this impossible; a search never breaks the reader.
            return []
        hits = (self._hit(q, teaser, body, rank) for teaser, body, rank in rows)
        return [h for h in hits if h is not None]  # a damaged row is no hit

    @staticmethod
    def _hit(q: Query, teaser_json: str, body: str, rank: float) -> SearchHit | None:
        teaser = _teaser(teaser_json, None)
        if teaser is None or not isinstance(body, str):
            return None
        authors = ", ".join(a.name for a in teaser.authors)
        text = snippet([body, teaser.teaser, teaser.title, teaser.kicker, authors], q)
        return SearchHit(teaser, text, -float(rank))
