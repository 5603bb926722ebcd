"""What the reader app runs on: a session (reader, config, edition), built by whoever starts
it — ``tazreader`` for taz.de, ``tazreader --sample`` for the sample edition, the tests.

The app receives it through its constructor and reaches nothing else: no store, no client.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tazreader.config import Config
from tazreader.i18n import N_
from tazreader.service.reader import Reader

if TYPE_CHECKING:
    from tazreader.taz.client import TazClient


@dataclass(frozen=True)
class Edition:
    """Which paper the reader shows, as its wording says it: taz.de, or the sample edition."""

    banner: str = ""  # a message shown (translated) in the header: "sample edition, offline"
    searched: str = "taz.de"  # what the search box searches ("Search taz.de:"), a msgid
    connected: str = N_("online")  # the status line of a working connection, a msgid
    local: bool = False  # its "network" is a local site: no "online/offline" to speak of


TAZ = Edition()


@dataclass
class Session:
    """The app's dependencies. ``save_config``: may the app write the config file (the
    sample's must not, it would carry its loopback address into the user's file)."""

    reader: Reader
    config: Config = field(default_factory=Config)
    edition: Edition = TAZ
    config_path: Path | None = None
    save_config: bool = True
    notices: tuple[str, ...] = ()  # said once at start (e.g. the cache was set aside)


def open_session(config: Config, *, offline: bool = False) -> Session:
    """The session of ``tazreader``: the user's cache (raises ``sqlite3.Error``/``OSError`` when
    it cannot be opened at all), a reader on ``config.base_url`` whose HTTP client is built on
    first use. Close it with :func:`close_session`."""
    from tazreader.store import Store

    store = Store.open(budget_mb=config.cache_budget_mb)
    base = config.base_url

    def client() -> TazClient:
        from tazreader.taz.client import TazClient

        return TazClient(base)

    reader = Reader(store, base_url=base, offline=offline, client_factory=client)
    return Session(reader, config)


def close_session(session: Session) -> None:
    """Close the session's cache file (the app closes the HTTP client when it exits), after
    the reader's queued writes; says on stderr if the file stayed locked and some were lost."""
    session.reader.store.close()
    lost = session.reader.state.lost
    if lost:
        import sys

        from tazreader.i18n import ngettext

        print(ngettext(
            "tazreader: {n} change (read mark, bookmark, position …) could not be saved: the "
            "offline cache stayed locked by another program.",
            "tazreader: {n} changes (read marks, bookmarks, positions …) could not be saved: "
            "the offline cache stayed locked by another program.",
            lost,
        ).format(n=lost), file=sys.stderr)
