"""One line under the panes: the selected link or pending link number, network state, what is
loading, sync progress. The link comes first: its address says where enter goes, and a narrow
line cuts its end, not its start."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        color: $text-muted;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.network = ""
        self.pending = ""
        self.progress = ""
        self.activity: dict[str, str] = {}  # what is loading: "list", "article" -> text

    def set_network(self, text: str) -> None:
        self.network = text
        self._show()

    def set_pending(self, text: str) -> None:
        self.pending = text
        self._show()

    def set_activity(self, name: str, text: str) -> None:
        """Say (or, with "", stop saying) that something is loading."""
        if text:
            self.activity[name] = text
        else:
            self.activity.pop(name, None)
        self._show()

    def set_progress(self, text: str) -> None:
        self.progress = text
        self._show()

    @property
    def text(self) -> str:
        parts = (self.pending, self.network, *self.activity.values(), self.progress)
        return "   ".join(p for p in parts if p)

    def _show(self) -> None:
        # One line: what does not fit ends in "…" (a wrapped line would vanish below).
        line = Text(no_wrap=True, overflow="ellipsis")
        parts = [(self.pending, "reverse"), (self.network, ""),
                 *((doing, "italic") for doing in self.activity.values()), (self.progress, "bold")]
        for text, style in parts:
            if text:
                line.append("   " if line else "")
                line.append(text, style=style)
        self.update(line)
