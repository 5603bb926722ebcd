"""The sample edition's client: the normal ``TazClient``, with "not found" said for readers."""

from __future__ import annotations

from tazreader.i18n import N_, _
from tazreader.taz.client import FetchResult, TazClient
from tazreader.taz.models import PageKind
from tazreader.taz.urls import BadUrl, parse_url

# Messages of the reader (translated where they are said: _(NOT_IN_SAMPLE)).
NOT_IN_SAMPLE = N_(
    "This article is not in the sample edition: it holds a few articles, "
    "the other teasers are there to show the lists."
)
NO_SEARCH = N_("The sample edition has no taz.de search")
NOT_A_SAMPLE_PAGE = N_("This page is not in the sample edition.")


class SampleClient(TazClient):
    """Fetches from the sample's local site exactly like from taz.de.

    Only a 404 reads differently: the sample holds a handful of pages, so "this page does not
    exist on 127.0.0.1:41234" would be wrong and puzzling.
    """

    async def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None,
        picture: bool = False,
    ) -> FetchResult:
        try:
            return await super().fetch(url, etag=etag, last_modified=last_modified,
                                       picture=picture)
        except TazClient.NotFound as exc:
            raise TazClient.NotFound(self.not_found_message(url), url=exc.url) from exc

    def not_found_message(self, url: str) -> str:
        try:
            kind = parse_url(url, self.base_url).kind
        except BadUrl:
            return _(NOT_A_SAMPLE_PAGE)
        if kind is PageKind.ARTICLE:
            return _(NOT_IN_SAMPLE)
        if kind is PageKind.SEARCH:
            return _(NO_SEARCH)
        return _(NOT_A_SAMPLE_PAGE)
