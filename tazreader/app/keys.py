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

from tazreader.i18n import N_, _

MOVE = Binding.Group(N_("Move"))
LINKS = Binding.Group(N_("Links"))
ARTICLE = Binding.Group(N_("Article"))
LISTS = Binding.Group(N_("Lists"))
GENERAL = Binding.Group(N_("General"))
GROUPS = (MOVE, LINKS, ARTICLE, LISTS, GENERAL)

# Bindings that are no command of their own: the digits (one help row for all ten), cancel,
# and enter (what it opens depends on the pane).
DIGIT_PREFIX = "digit_"
NOT_COMMANDS = frozenset({"escape", "open"})


@dataclass(frozen=True)
class HelpRow:
    """One row of the help screen: a key, what it does, and the binding it belongs to."""

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
            what = _("{first} / {second} ({where})").format(
                first=_(first.description), second=_(second.description),
                where=_(where))  # translated here: it is made of three messages
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
                                        N_("Follow link number n"), "digit_0 … digit_9"))
                continue
            rows.append(HelpRow(binding.group.description, keys_of(binding),
                                binding.description, str(binding.id)))
    order = [g.description for g in GROUPS]
    rows.sort(key=lambda row: order.index(row.group))
    return [HelpRow(_(r.group), r.keys, _(r.description), r.binding_id) for r in rows]


def commands(owner: Any) -> list[Binding]:
    """The bindings of ``owner`` that the command palette offers (every action with a group,
    but the digits, escape and enter)."""
    return [b for b in grouped(owner)
            if b.id not in NOT_COMMANDS and not str(b.id).startswith(DIGIT_PREFIX)]


def _keys_of(binding: Binding, keymap: Mapping[str, str]) -> list[str]:
    keys = keymap.get(str(binding.id), binding.key)
    return [k.strip() for k in keys.split(",") if k.strip()]


def keymap_clashes(
    keymap: Mapping[str, str], screen_owners: Iterable[Any], pane_owners: Iterable[Any]
) -> tuple[dict[str, str], list[str]]:
    """The keymap without the entries that would take a key another binding has, and a
    sentence for each of those (``help = "q"``: q is quit's).

    A screen's and the app's bindings share the keyboard with each other and with every pane;
    a pane's bindings only with its own and the screen's (one pane has the focus at a time).
    A key a binding has by default is never a clash: it keeps it (the changes view's n is the
    text's n for links; ``next_link = "n,ctrl+n"`` only adds ctrl+n).
    """
    screen_bindings = [b for owner in screen_owners for b in _with_ids(owner)]
    panes = [_with_ids(owner) for owner in pane_owners]
    applied = dict(keymap)
    problems: list[str] = []
    for binding_id, keys in keymap.items():
        scope = _scope_of(binding_id, screen_bindings, panes)
        if scope is None:
            continue  # an id of no binding here (told elsewhere) or of a dialog
        own = _keys_of(next(b for b in scope if b.id == binding_id), {})
        for key in (k.strip() for k in keys.split(",") if k.strip() and k.strip() not in own):
            other = next((b for b in scope if b.id != binding_id
                          and key in _keys_of(b, applied)), None)
            if other is not None:
                problems.append(
                    _('keymap: {key} for {id} is already the key of {other}; not applied'
                      ).format(key=key, id=binding_id, other=other.id)
                )
                applied.pop(binding_id, None)
                break
    return applied, problems


def _with_ids(owner: Any) -> list[Binding]:
    return [b for b in getattr(owner, "BINDINGS", ()) if isinstance(b, Binding) and b.id]


def _scope_of(
    binding_id: str, screen_bindings: list[Binding], panes: list[list[Binding]]
) -> list[Binding] | None:
    """The bindings a binding shares the keyboard with (itself included)."""
    if any(b.id == binding_id for b in screen_bindings):
        return screen_bindings + [b for pane in panes for b in pane]
    for pane in panes:
        if any(b.id == binding_id for b in pane):
            return screen_bindings + pane
    return None
