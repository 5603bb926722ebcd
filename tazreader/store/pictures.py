"""The pictures of cached articles: kept as served (a JPEG is compressed already), one row a
size, so that an article read offline shows its picture. They go with their article, and
before any text when the budget is short (see :mod:`tazreader.store.budget`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from tazreader.store.budget import Budget
from tazreader.store.core import _epoch, _recovering
from tazreader.taz.pictures import same_picture

_WIDTH = re.compile(r"/picture/\d+/(\d+)/")


@dataclass(frozen=True, slots=True)
class CachedPicture:
    """A picture as fetched, at the width it was asked for."""

    url: str
    body: bytes
    content_type: str
    width: int


def picture_width(url: str) -> int:
    """The width a picture URL asks taz for (0 for an address without one)."""
    found = _WIDTH.search(url)
    return int(found.group(1)) if found else 0


class Pictures(Budget):
    """Pictures by URL, and by article."""

    @_recovering
    def put_picture(
        self, url: str, article_id: str, body: bytes, content_type: str, fetched_at: datetime
    ) -> None:
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO pictures(url, article_id, width, body, content_type, fetched_at, "
                "size) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(article_id, url) DO UPDATE SET "
                "body=excluded.body, content_type=excluded.content_type, "
                "fetched_at=excluded.fetched_at, size=excluded.size",
                (url, article_id, picture_width(url), body, content_type, _epoch(fetched_at),
                 len(body) + len(url) + 64),
            )
        self._wrote()

    @_recovering
    def picture(
        self, article_id: str, of: str | None = None, *, wide: int = 0
    ) -> CachedPicture | None:
        """A cached copy of the picture ``of`` (in any of its widths; None: any picture of the
        article) at least ``wide`` pixels wide, the narrowest such (the address ``of`` itself
        whatever its width), else with ``wide`` 0 the widest there is; None when there is
        none."""
        rows = [(str(url), int(width)) for url, width in self._read(
            "SELECT url, width FROM pictures WHERE article_id = ?", (article_id,))
            if of is None or same_picture(str(url), of)]
        if wide:
            fitting = sorted((r for r in rows if r[1] >= wide or r[0] == of),
                             key=lambda r: (r[0] != of, r[1]))
        else:
            fitting = sorted(rows, key=lambda r: -r[1])
        if not fitting:
            return None
        url = fitting[0][0]
        found = self._read("SELECT body, content_type, width FROM pictures "
                           "WHERE article_id = ? AND url = ?", (article_id, url))
        if not found:
            return None
        body, ctype, width = found[0]
        return CachedPicture(url, bytes(body), ctype, int(width))
