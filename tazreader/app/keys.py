"""The reader's keys: every binding carries its help group, and the help screen and the command
palette are built from the bindings themselves (no tables kept in step by hand).

A binding shows in the help when it has a ``group`` (one of the groups below, in the help's
order); the keys that move inside one pane are listed in pairs (down/up, top/bottom …), one row
a pair, labelled with the pane's ``HELP_WHERE``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from textual.binding import Binding

MOVE = Binding.Group("Move")
LINKS = Binding.Group("Links")
ARTICLE = Binding.Group("Article")
LISTS = Binding.Group("Lists")
GENERAL = Binding.Group("General")
GROUPS = (MOVE, LINKS, ARTICLE, LISTS, GENERAL)

# Bindings that are no command of their own: the digits (one help row for all ten), cancel,
# and enter (what it opens depends on the pane).
DIGIT_PREFIX = "digit_"
NOT_COMMANDS = frozenset({"escape", "open"})


@dataclass(frozen=True)
class HelpRow:
    group: str
    keys: str  # as the footer shows them: "n ]"
    description: str
    binding_id: str  # what a keymap names


def grouped(owner: Any) -> list[Binding]:
    """The bindings of ``owner`` (a class or a widget) that belong to a help group."""
    return [b for b in getattr(owner, "BINDINGS", ())
            if isinstance(b, Binding) and b.id and b.group in GROUPS]


def help_rows(
    screen_owners: Iterable[Any],
    pane_owners: Iterable[Any],
    keymap: Mapping[str, str],
    shown: Callable[[str], str],
) -> list[HelpRow]:
    """Every key the user can press, grouped in the help's order, with the keymap applied.

    ``screen_owners``: classes whose bindings are actions of their own (the screen, the app);
    ``pane_owners``: panes whose bindings move inside them (listed first, in pairs);
    ``shown(keys)``: the keys as the footer writes them.
    """

    def keys_of(binding: Binding) -> str:
        return shown(keymap.get(str(binding.id), binding.key))

    rows: list[HelpRow] = []
    for owner in pane_owners:
        where = getattr(owner, "HELP_WHERE", "")
        bindings = grouped(owner)
        for first, second in zip(bindings[::2], bindings[1::2], strict=False):
            keys = "  ".join(keys_of(b) for b in (first, second))
            what = f"{first.description} / {second.description.lower()} ({where})"
            assert first.group is not None
            rows.append(HelpRow(first.group.description, keys, what, f"{first.id} {second.id}"))
    for owner in screen_owners:
        digits = False
        for binding in grouped(owner):
            assert binding.group is not None
            if str(binding.id).startswith(DIGIT_PREFIX):
                if not digits:
                    digits = True
                    rows.append(HelpRow(binding.group.description, "0-9 enter",
                                        "Follow link number n", "digit_0 … digit_9"))
                continue
            rows.append(HelpRow(binding.group.description, keys_of(binding),
                                binding.description, str(binding.id)))
    order = [g.description for g in GROUPS]
    rows.sort(key=lambda row: order.index(row.group))
    return rows


def commands(owner: Any) -> list[Binding]:
    """The bindings of ``owner`` that the command palette offers (every action with a group,
    but the digits, escape and enter)."""
    return [b for b in grouped(owner)
            if b.id not in NOT_COMMANDS and not str(b.id).startswith(DIGIT_PREFIX)]
