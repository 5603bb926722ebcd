"""The views that take the text's place in the article pane, one at a time: the readers'
comments (``c``, :mod:`comments_view`) and what changed since the version before (``v``,
:mod:`diff_view`). The reader screen asks them through this one object, which makes them
when they are first wanted (mounted after the first paint: their modules are not imported
before it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.widget import Widget

from tazreader.app.widgets.article_view import ArticleView
from tazreader.service import Reader
from tazreader.taz.models import Article

if TYPE_CHECKING:
    from tazreader.app.widgets.comments_view import CommentsView
    from tazreader.app.widgets.diff_view import DiffView
    from tazreader.app.widgets.stand_in import StandIn


class TextViews:
    """The comments and the changes of the article in ``body``."""

    def __init__(self, reader: Reader, body: ArticleView) -> None:
        self.body = body
        self._reader = reader
        self._made: tuple[CommentsView, DiffView] | None = None

    def _make(self) -> tuple[CommentsView, DiffView]:
        if self._made is None:
            from tazreader.app.widgets.comments_view import CommentsView
            from tazreader.app.widgets.diff_view import DiffView

            # Closed, and about no article yet: what show() makes of them for another article.
            self._made = (CommentsView(self.body, id="comments"),
                          DiffView(self._reader, self.body, id="diff"))
        return self._made

    @property
    def _views(self) -> tuple[CommentsView, DiffView] | tuple[()]:
        """The views made so far (none before they are first wanted)."""
        return self._made or ()

    @property
    def comments(self) -> CommentsView:
        return self._make()[0]

    @property
    def diff(self) -> DiffView:
        return self._make()[1]

    def __iter__(self) -> Iterator[StandIn]:
        return iter(self._make())

    @property
    def is_open(self) -> bool:
        return any(view.is_open for view in self._views)

    @property
    def shown(self) -> Widget:
        """What is in the article pane: the view open, else the text."""
        return next((view for view in self._views if view.is_open), self.body)

    def run(self, name: str, what: str) -> None:
        """c t v: ``what`` of the view ``name`` ("comments", "diff"); opening one closes the
        other."""
        view = self.comments if name == "comments" else self.diff
        if what == "toggle" and not view.is_open:
            for other in self._views:
                if other is not view:
                    other.close()
        getattr(view, what)()

    def close(self) -> None:
        """The text again."""
        for view in self._views:
            view.close()

    def show(self, article: Article, opened: bool) -> None:
        """The body shows ``article`` (``opened``: another one than before)."""
        for view in self._views:
            view.show(article, opened)
