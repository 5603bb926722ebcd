"""The reader's widgets."""

from tazreader.app.widgets.article_body import ArticleBody
from tazreader.app.widgets.article_list import ArticleList
from tazreader.app.widgets.link_pane import LinkEntry, LinkPane
from tazreader.app.widgets.status_line import StatusLine

__all__ = ["ArticleBody", "ArticleList", "LinkEntry", "LinkPane", "StatusLine"]
