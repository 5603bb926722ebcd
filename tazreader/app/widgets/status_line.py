"""One line under the panes: network state, pending link number, sync progress."""

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
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.network = ""
        self.pending = ""
        self.progress = ""

    def set_network(self, text: str) -> None:
        self.network = text
        self._show()

    def set_pending(self, text: str) -> None:
        self.pending = text
        self._show()

    def set_progress(self, text: str) -> None:
        self.progress = text
        self._show()

    @property
    def text(self) -> str:
        return "   ".join(p for p in (self.network, self.progress, self.pending) if p)

    def _show(self) -> None:
        line = Text(self.network)
        if self.progress:
            line.append("   ")
            line.append(self.progress, style="bold")
        if self.pending:
            line.append("   ")
            line.append(self.pending, style="reverse")
        self.update(line)
