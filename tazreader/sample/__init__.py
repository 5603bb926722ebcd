"""The sample edition: a few saved taz pages, served by a local stand-in for taz.de.

``tazreader --sample`` reads them through the normal client, reader and cache, so every
feature works without a network. Nothing touches the user's cache: the session keeps its
own store in a temporary directory that is deleted on exit.

    with open_sample() as sample:
        reader, client = sample.reader()
        ...

No Textual here: :meth:`SampleSession.app_session` is what the reader app runs on
(``tazreader.app.run``).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from tazreader.i18n import N_
from tazreader.sample.site import LocalSite
from tazreader.service import Edition

if TYPE_CHECKING:
    from tazreader.config import Config
    from tazreader.service import Reader, Session, SyncReport
    from tazreader.store import Store
    from tazreader.taz.client import TazClient

PAGES = Path(__file__).parent / "pages"
BANNER = N_("sample edition, offline")  # in the header, in the language of the interface
TEMP_PREFIX = "tazreader-sample-"
# How the reader speaks of the sample: its "network" is a local site.
EDITION = Edition(banner=BANNER, searched=N_("the sample"),
                  connected=N_("sample edition (local)"), local=True)


class SampleSession:
    """A running sample edition: its temporary store and its local site (see the module doc)."""

    def __init__(self, pages: Path = PAGES) -> None:
        from tazreader.store import Store

        self.data_dir = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
        try:
            self.site = LocalSite(pages)
            self.store: Store = Store.open(self.data_dir / "cache.sqlite3")
        except BaseException:
            self._remove()
            raise
        try:
            self.site.start()
        except BaseException:
            self.store.close()  # before its folder goes
            self._remove()
            raise

    @property
    def base_url(self) -> str:
        """Where the sample's taz.de answers (``http://127.0.0.1:<port>``)."""
        return self.site.base_url

    def client(self) -> TazClient:
        """A normal ``TazClient`` on the sample site; missing pages say "not in the sample"."""
        from tazreader.sample.client import SampleClient

        return SampleClient(self.base_url, retries=1, backoff=0.05)

    def reader(self) -> tuple[Reader, TazClient]:
        """A normal online ``Reader`` on the sample store and site, with its client."""
        from tazreader.service import Reader

        client = self.client()
        return Reader(self.store, client, base_url=self.base_url), client

    def app_session(self, config: Config | None = None) -> Session:
        """What the reader app runs on: the sample's store and site, online against the site.

        The user's keys and theme apply; the config is never saved (it would carry the
        sample's loopback address into the user's file), and the front page is always where
        it starts.
        """
        from dataclasses import replace

        from tazreader.config import Config
        from tazreader.service import Reader, Session

        cfg = replace(config or Config(), base_url=self.base_url, start_list="front")
        reader = Reader(self.store, base_url=self.base_url, client_factory=self.client)
        return Session(reader, cfg, EDITION, save_config=False)

    async def prefill(self) -> SyncReport:
        """Fetch the front page and every article of the sample it lists into the store.

        So the list marks show what can be read, and the first screen is the same each time.
        """
        from tazreader.service import FRONT, sync

        reader, client = self.reader()
        try:
            return await sync(reader, [FRONT])
        finally:
            await client.aclose()

    def close(self) -> None:
        """Stop the site, close the store, delete the temporary directory."""
        try:
            self.site.stop()
            self.store.close()
        finally:
            self._remove()

    def _remove(self) -> None:
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_sample(pages: Path = PAGES) -> SampleSession:
    """Start a sample edition; use it as a context manager (or call ``close()``)."""
    return SampleSession(pages)
