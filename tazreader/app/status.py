"""What the status line says about the network while a list is shown, loaded, or fails."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tazreader.i18n import N_, _, ngettext
from tazreader.service import (
    OFFLINE,
    Edition,
    ListPage,
    LocalList,
    Reader,
    ReaderError,
    Search,
    Source,
)
from tazreader.taz import dates
from tazreader.taz.dates import stamp
from tazreader.taz.models import Article

if TYPE_CHECKING:
    from tazreader.service import Changed, Versions


def _offline_mode(page: ListPage | None) -> str:
    if page is not None and page.fetched_at is not None:
        return _("offline mode — cached from {time}").format(time=stamp(page.fetched_at))
    return _("offline mode")


def shown(reader: Reader, edition: Edition, source: Source, page: ListPage | None) -> str:
    """When a list is put on the screen from the cache. What an earlier load said belongs to
    that load: it goes (a load now on its way says how it went)."""
    if reader.offline:
        return _offline_mode(None if isinstance(source, LocalList) else page)
    return _(edition.connected) if edition.local else ""


def loaded(reader: Reader, edition: Edition, page: ListPage) -> str:
    """When a list arrived."""
    if page.problem:
        return page.problem
    if reader.offline:
        if isinstance(page.source, Search):
            return _("offline mode — results from the offline cache")
        return _offline_mode(page)
    if edition.local:
        return _(edition.connected)
    if page.from_cache and page.fetched_at is not None:
        return _("{state} — cached from {time}").format(state=_(edition.connected),
                                                        time=stamp(page.fetched_at))
    return _(edition.connected)


def failed(reader: Reader, page: ListPage | None, error: ReaderError) -> str:
    """When a list could not be loaded; ``page`` is the copy still shown, if any."""
    state = _("offline") if isinstance(error, reader.Offline) else _("error")
    if page is not None and page.fetched_at is not None:
        return _("{state} — cached from {time}").format(state=state, time=stamp(page.fetched_at))
    return state


# In the text's place while a list is shown and no article is open.
PICK = N_("Pick an article: ↑/↓ or j/k, then enter.  ? shows every key.")
SYNC_HINT = N_(
    "Nothing is in the offline cache yet. To get articles, run in a terminal:\n"
    "  tazreader sync\n"
    "      fetches the front page for offline reading\n"
    "  tazreader --sample\n"
    "      opens the packaged sample edition\n"
    "or, with a network, press r here to reload.\n\n"
    "? shows every key."
)


def nothing_cached(reader: Reader, title: str, offline_articles: int) -> str:
    """The body's message when a list is neither cached nor to be had: why, and what can be
    read instead (the articles readable offline, which the list shows meanwhile)."""
    if reader.offline:
        why = _("{title} is not in the offline cache, and the reader is in offline mode.")
    else:
        why = _("{host} cannot be reached, and {title} has not been loaded before.")
    text = why.format(title=title, host=urlsplit(reader.base_url).netloc or reader.base_url)
    if not offline_articles:
        return f"{text}\n\n{_(SYNC_HINT)}"
    meanwhile = ngettext(
        "Meanwhile the article readable offline is listed ({list}).",
        "Meanwhile the {n} articles readable offline are listed ({list}).",
        offline_articles,
    ).format(n=offline_articles, list=OFFLINE.title())
    again = "" if reader.offline else " " + _("r tries again.")
    return f"{text}\n\n{meanwhile}{again}\n\n" + _("? shows every key.")


def head_note(versions: Versions, article: Article) -> str | None:
    """The article head's word that the text changed: ``changed: 2 versions, last 6.12.2025
    09:14 (v)``; None when it never did (or the cache cannot say)."""
    try:
        changed: Changed | None = versions.changed(article.id)
    except ReaderError:
        return None
    if changed is None:
        return None
    if changed.last is None:
        return _("changed: {n} versions (v)").format(n=changed.versions)
    return _("changed: {n} versions, last {when} (v)").format(
        n=changed.versions, when=dates.published(changed.last))
