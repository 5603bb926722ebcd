"""The reader's widgets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tazreader.app.widgets.article_body import ArticleBody
from tazreader.app.widgets.article_list import ArticleList
from tazreader.app.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tazreader.app.widgets.link_pane import LinkEntry, LinkPane

__all__ = ["ArticleBody", "ArticleList", "LinkEntry", "LinkPane", "StatusLine"]


def __getattr__(name: str) -> Any:
    """The link pane, imported when first asked for: it is mounted after the first paint."""
    if name in ("LinkEntry", "LinkPane"):
        from tazreader.app.widgets import link_pane

        return getattr(link_pane, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
