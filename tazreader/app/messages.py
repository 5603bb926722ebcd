"""App-wide messages (widget-specific ones live on their widgets, e.g. ``ArticleList.Chosen``)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class FirstPaint(Message):
    """The first list has been painted (used by the start-up benchmark)."""

    seconds: float
