"""The command palette in the reader's language: Textual's own commands (theme, quit, maximise,
screenshot) and the palettes' placeholders, which Textual writes in English only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.command import CommandPalette

from tazreader.i18n import N_, _

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

COMMANDS_PLACEHOLDER = N_("Search for commands …")
THEMES_PLACEHOLDER = N_("Search for themes …")


def commands_palette() -> CommandPalette:
    """The palette of ctrl+p (Textual's own, with its placeholder translated)."""
    return CommandPalette(id="--command-palette", placeholder=_(COMMANDS_PLACEHOLDER))


def themes_palette() -> CommandPalette:
    """The theme palette (the theme command), with its placeholder translated."""
    from textual.theme import ThemeProvider

    return CommandPalette(providers=[ThemeProvider], placeholder=_(THEMES_PLACEHOLDER))


def textual_commands(app: App[Any], screen: Screen[Any]) -> Iterator[SystemCommand]:
    """Textual's system commands (``App.get_system_commands``), translated. Its "Keys" panel is
    left out: it lists the bindings in English, and ? (Help) shows every key in the reader's
    language."""
    yield SystemCommand(_("Theme"), _("Change the colour theme"), app.action_change_theme)
    yield SystemCommand(_("Quit"), _("Quit tazreader"), app.action_quit)
    if screen.maximized is not None:
        yield SystemCommand(_("Minimize"), _("The pane back to its normal size"),
                            screen.action_minimize)
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand(_("Maximize"), _("The pane with the focus on the whole screen"),
                            screen.action_maximize)
    yield SystemCommand(_("Screenshot"), _("Save the screen as an SVG picture"),
                        lambda: app.set_timer(0.1, app.deliver_screenshot))
