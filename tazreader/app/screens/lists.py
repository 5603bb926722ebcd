"""The command palette's lists: "List: Politik", "List: Lesezeichen" … (a command provider of
the reader screen)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tazreader.i18n import N_, _
from tazreader.service import Source, all_sources

if TYPE_CHECKING:
    from tazreader.app.screens.context import Reading

HELP = N_("show this list")


class ListsProvider(Provider):
    """Every list the section picker offers, as a command."""

    def _commands(self) -> list[tuple[str, Source]]:
        screen: Reading = self.screen  # type: ignore[assignment]  # only on the reader
        return [(_("List: {name}").format(name=label.strip()), source)
                for source, label in all_sources(screen.reader.base_url)]

    def _open(self, source: Source) -> None:
        screen: Reading = self.screen  # type: ignore[assignment]
        screen.show_list(source)

    async def discover(self) -> Hits:
        for title, source in self._commands():
            yield DiscoveryHit(title, partial(self._open, source), help=_(HELP))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, source in self._commands():
            if (score := matcher.match(title)) > 0:
                yield Hit(score, matcher.highlight(title), partial(self._open, source),
                          text=title, help=_(HELP))
