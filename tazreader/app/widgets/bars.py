"""The top bar (where the reader is) and the key bar (the main keys), one widget each.

Textual's Header and Footer are a handful of widgets apiece and the Footer builds its keys a
frame after the first paint; these two lines are single widgets that paint with the first
frame, which keeps start-up short. Page text (list and article titles) enters ``Text`` as
data, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget

from tazreader.app.text import one_line
from tazreader.i18n import N_, _

if TYPE_CHECKING:
    from textual.app import RenderResult


MIN_WHERE = 40  # cells the top bar keeps for where the reader is

# What a view puts in the key bar: binding ids (shown as one entry, their keys joined by "/")
# and a description (marked with N_()).
KeyBarEntry = tuple[tuple[str, ...], str]
GENERAL: tuple[KeyBarEntry, ...] = ((("quit",), N_("Quit")), (("help",), N_("Help")))


class TopBar(Widget):
    """``tazreader`` (· the edition's banner) | where the reader is: list › article."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"topbar--app", "topbar--banner", "topbar--rule"}

    DEFAULT_CSS = """
    TopBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        & > .topbar--app { color: $text-accent; text-style: bold; }
        & > .topbar--banner { color: $text-warning; text-style: bold; }
        & > .topbar--rule { color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.where = ""
        self.banner = ""

    def show(self, where: str, banner: str = "") -> None:
        self.where = one_line(where)
        self.banner = one_line(banner)
        self.refresh()

    @property
    def text(self) -> str:
        return self._line(1000).plain.strip()

    def _line(self, width: int) -> Text:
        line = Text(no_wrap=True, overflow="crop")
        # Narrow, with a banner: the banner says enough, where the reader is needs the room.
        if not self.banner or width - cell_len(self.banner) >= MIN_WHERE + 16:
            line.append(" tazreader", self.get_component_rich_style("topbar--app", partial=True))
            if self.banner:
                line.append(" ·")
        if self.banner:
            line.append(" ")
            line.append(self.banner, self.get_component_rich_style("topbar--banner", partial=True))
        line.append(" │ ", self.get_component_rich_style("topbar--rule", partial=True))
        room = max(width - line.cell_len - 1, 0)
        where = self.where
        if cell_len(where) > room:
            where = set_cell_size(where, max(room - 1, 0)).rstrip() + "…"
        line.append(where)
        return line

    def render(self) -> RenderResult:
        return self._line(self.size.width)


class KeyBar(Widget):
    """The screen's shown bindings (``n Next link  f Link hints …``); a click presses the key."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--description"}

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        & > .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keybar--description { color: $footer-description-foreground; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) of each entry
        self._shown: list[tuple[str, str, str]] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, _screen: object) -> None:
        if self.entries() != self._shown:
            self.refresh()

    def entries(self) -> list[tuple[str, str, str]]:
        """(key, key as shown, description) of every binding in the bar, in order: the shown
        bindings, or the keys the focused view names (its ``KEY_BAR``; the comments and the
        changes, where the text's link keys do nothing)."""
        focused = self.screen.focused
        view: tuple[KeyBarEntry, ...] | None = getattr(type(focused), "KEY_BAR", None)
        out = self._shown_bindings() if view is None else self._view_keys((*view, *GENERAL))
        palette = self.app.COMMAND_PALETTE_BINDING
        if self.app.ENABLE_COMMAND_PALETTE:
            shown = self.app.get_key_display(Binding(palette, "command_palette"))
            out.append((palette, shown, _("palette")))
        return out

    def _shown_bindings(self) -> list[tuple[str, str, str]]:
        out: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            out.append((binding.key, self.app.get_key_display(binding), _(binding.description)))
        return out

    def _view_keys(self, view: tuple[KeyBarEntry, ...]) -> list[tuple[str, str, str]]:
        """The entries a view names: each the first key of its binding ids (as the keymap has
        them now), joined by "/"; ids without an active binding are left out."""
        first: dict[str, Binding] = {}
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if enabled and binding.id and binding.id not in first:
                first[binding.id] = binding
        out: list[tuple[str, str, str]] = []
        for ids, description in view:
            bindings = [first[i] for i in ids if i in first]
            if bindings:
                shown = "/".join(self.app.get_key_display(b) for b in bindings)
                out.append((bindings[0].key, shown, _(description)))
        return out

    def render(self) -> RenderResult:
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        description_style = self.get_component_rich_style("keybar--description", partial=True)
        line = Text(no_wrap=True, overflow="crop")
        spans: list[tuple[int, int, str]] = []
        self._shown = self.entries()
        fitting = list(self._shown)
        width = self.size.width
        # Too narrow for every key: drop keys from the end, but keep the way to the help.
        while fitting and sum(cell_len(f" {k} {d} ") for _, k, d in fitting) > width:
            drop = next((e for e in reversed(fitting) if e[2] != _("Help")), None)
            if drop is None:
                break
            fitting.remove(drop)
        for key, shown, description in fitting:
            start = line.cell_len
            line.append(f" {shown} ", key_style)
            line.append(description, description_style)
            line.append(" ")
            spans.append((start, line.cell_len, key))
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
