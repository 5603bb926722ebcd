"""What the reader screen's helpers (link following, article actions, the lists command
provider) may use of the screen: a protocol, so that they do not import the screen itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from tazreader.service import Reader, Source
from tazreader.taz.models import Article

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget

    from tazreader.app.widgets import ArticleList, LinkPane, StatusLine
    from tazreader.app.widgets.article_view import ArticleView
    from tazreader.app.widgets.bars import TopBar
    from tazreader.app.widgets.list_pane import ListPane


class Reading(Protocol):
    """The reader screen, as its helpers see it."""

    reader: Reader
    source: Source
    browser: Callable[[str], object]
    body: ArticleView
    links: LinkPane
    status: StatusLine
    list_pane: ListPane
    top_bar: TopBar
    title: str | None
    sub_title: str | None

    @property
    def app(self) -> App[Any]: ...

    @property
    def focused(self) -> Widget | None: ...

    @property
    def article(self) -> Article | None: ...

    @property
    def article_list(self) -> ArticleList: ...

    def show_list(self, source: Source, *, push: bool = True, refresh: bool = False) -> None: ...

    def open_article(
        self, url: str, *, push: bool = True, position: float | None = None,
        refresh: bool = False,
    ) -> None: ...

    def run_worker(
        self, work: Any, *, group: str = "default", exclusive: bool = False,
        exit_on_error: bool = True,
    ) -> Any: ...
