"""Where the reader is: a list, maybe an article in it, and how far it was read; and the
browser-style back/forward stacks of such places (kept across runs as JSON)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tazreader.service import FRONT, Source, source_from_json

MAX_STACK = 100


@dataclass(frozen=True)
class Location:
    """Where the reader was: a list, the article open in it, and how far it was read."""

    source: Source = FRONT
    article_url: str | None = None
    position: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"list": self.source.to_json(), "article": self.article_url,
                "position": self.position}

    @classmethod
    def from_json(cls, data: Any) -> Location | None:
        """The location a JSON form stands for (None for anything else: a stack entry that
        does not read is skipped, never an error)."""
        if not isinstance(data, dict):
            return None
        source = source_from_json(data.get("list"))
        if source is None:
            return None
        article = data.get("article")
        position = data.get("position", 0.0)
        return cls(
            source,
            article if isinstance(article, str) else None,
            float(position) if isinstance(position, int | float) else 0.0,
        )


@dataclass
class Navigator:
    """Browser-style back/forward stacks of locations."""

    back: list[Location] = field(default_factory=list)
    forward: list[Location] = field(default_factory=list)

    def push(self, current: Location) -> None:
        if not self.back or self.back[-1] != current:
            self.back.append(current)
        del self.back[:-MAX_STACK]
        self.forward.clear()

    def go_back(self, current: Location) -> Location | None:
        if not self.back:
            return None
        self.forward.append(current)
        return self.back.pop()

    def go_forward(self, current: Location) -> Location | None:
        if not self.forward:
            return None
        self.back.append(current)
        return self.forward.pop()

    def to_json(self) -> dict[str, Any]:
        return {
            "back": [loc.to_json() for loc in self.back[-MAX_STACK:]],
            "forward": [loc.to_json() for loc in self.forward[-MAX_STACK:]],
        }

    @classmethod
    def from_json(cls, data: Any) -> Navigator:
        nav = cls()
        if not isinstance(data, dict):
            return nav
        for name in ("back", "forward"):
            items = data.get(name)
            if isinstance(items, list):
                stack = [loc for loc in map(Location.from_json, items) if loc is not None]
                setattr(nav, name, stack[-MAX_STACK:])
        return nav
