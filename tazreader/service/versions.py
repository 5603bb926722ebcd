"""The versions of an article the cache has kept (taz corrects its pieces, often silently), and
what changed between two of them: for the app's article head and diff view, and for
``tazreader diff``.

Versions are numbered from the oldest kept (1) to the text the cache holds now (the newest);
:meth:`History.changes` of version n is what changed from version n - 1 to n. An earlier
version read by an older parser is read again from its kept page by this one, so that two
versions are always compared as the same parser reads them. Every failure of the cache is a
:class:`~tazreader.service.errors.ReaderError`. No Textual here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from tazreader.service.errors import reader_errors
from tazreader.store import KeptRevision, Store
from tazreader.taz.dates import published
from tazreader.taz.diffing import ChangedPart, diff_articles
from tazreader.taz.models import Article


@dataclass(frozen=True, slots=True)
class Version:
    """One version of an article's text, and when the cache saw it."""

    number: int  # 1: the oldest kept
    article: Article
    first_seen: datetime | None  # None: not known (cached before tazreader kept versions)
    last_seen: datetime
    current: bool  # the text the cache holds now


def seen(version: Version) -> str:
    """When the cache saw the version: ``5.12.2025 09:00 – 6.12.2025 08:00`` (Berlin time), or
    one time when it was seen once (or its first time is not known)."""
    last = published(version.last_seen)
    first = published(version.first_seen) if version.first_seen is not None else last
    return last if first == last else f"{first} – {last}"


@dataclass(frozen=True, slots=True)
class Changed:
    """That an article changed: how many versions are kept, and when the text now kept was
    first seen (the latest change; None: not known)."""

    versions: int
    last: datetime | None


@dataclass(frozen=True, slots=True)
class History:
    """The kept versions of one article, the oldest first; the last is the current one."""

    versions: tuple[Version, ...]

    @property
    def newest(self) -> int:
        return len(self.versions)

    def version(self, number: int) -> Version:
        return self.versions[number - 1]

    def changes(self, number: int) -> list[ChangedPart]:
        """What changed from version ``number - 1`` to ``number`` (2 … :attr:`newest`), part
        by part (see :func:`tazreader.taz.diffing.diff_articles`)."""
        if not 2 <= number <= self.newest:
            raise ValueError(f"no version {number - 1} to compare version {number} with")
        return diff_articles(self.version(number - 1).article, self.version(number).article)


class Versions:
    """The versions of the cache's articles; see the module docstring."""

    def __init__(self, store: Store, base_url: str, after: Callable[[], None] | None = None
                 ) -> None:
        """``after``: called after each use of the store (it passes the store's news on)."""
        self._store = store
        self._base = base_url
        self._after = after or (lambda: None)

    def _guard(self) -> contextlib.AbstractContextManager[None]:
        return reader_errors(self._after)

    def changed(self, article_id: str) -> Changed | None:
        """Quick (one small read): None when no earlier version is kept."""
        with self._guard():
            changes = self._store.changes(article_id)
        return None if changes is None else Changed(changes.revisions + 1, changes.since)

    def history(self, url_or_id: str) -> History | None:
        """Every kept version of the article (a URL or an id); None when it is not cached.
        An article that never changed has a history of one version."""
        with self._guard():
            got = self._store.get_article(url_or_id)
            if got is None:
                return None
            current, last_seen = got
            changes = self._store.changes(current.id)
            kept = self._store.revisions(current.id) if changes is not None else []
            earlier = [(r, a) for r in reversed(kept) if (a := self._read(r, current))]
        versions = [Version(n, article, r.first_seen, r.last_seen, False)
                    for n, (r, article) in enumerate(earlier, 1)]
        since = changes.since if changes is not None else None
        versions.append(Version(len(versions) + 1, current, since, last_seen, True))
        return History(tuple(versions))

    def _read(self, kept: KeptRevision, current: Article) -> Article | None:
        """The earlier version as this parser reads it: its parse, or (read by another
        parser, or damaged) its kept page read again; None when neither can be had."""
        from tazreader.taz.errors import ParseError
        from tazreader.taz.parse.article import PARSER_VERSION, parse_article

        if kept.article is not None and kept.parser_version == PARSER_VERSION:
            return kept.article
        raw = self._store.revision_page(kept.id) if kept.has_page else None
        if raw is not None:
            with contextlib.suppress(ParseError, ValueError):
                article = parse_article(raw, current.url, self._base)
                if article.id == current.id:
                    return article
        return kept.article
