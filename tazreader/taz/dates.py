"""How tazreader writes dates and times: one zone (taz's own, Europe/Berlin), a few shapes.

Every date a reader sees — in the app, in ``dump``, in ``cache stats``, in an export — comes
from here, so the same moment never reads differently in two places.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def in_berlin(value: datetime) -> datetime:
    """``value`` as an aware time on Berlin's clock; a naive value counts as Berlin time
    already (taz's own zone: pages and feeds that give no offset mean Berlin)."""
    return value.replace(tzinfo=BERLIN) if value.tzinfo is None else value.astimezone(BERLIN)


def day(value: datetime | date) -> str:
    """``28.4.2023``: the day as taz prints it (no leading zeros)."""
    if isinstance(value, datetime):
        value = in_berlin(value)
    return f"{value.day}.{value.month}.{value.year}"


def published(value: datetime | date | None) -> str:
    """``28.4.2023 18:41`` (or ``28.4.2023`` for a date, or a time of 00:00): an article's date
    in the list, the article head and exports."""
    if value is None:
        return ""
    shown = day(value)
    if isinstance(value, datetime):
        clock = in_berlin(value)
        if clock.hour or clock.minute:
            return f"{shown} {clock.hour:02d}:{clock.minute:02d}"
    return shown


def text_edition_day(value: datetime | None) -> str:
    """``5 Dec 2025``: the text edition's date line (English month abbreviation)."""
    if value is None:
        return ""
    value = in_berlin(value)
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def stamp(when: datetime, *, now: datetime | None = None) -> str:
    """``26.11. 14:03`` (``26.11.2025 14:03`` when not this year): when a copy was fetched."""
    local = in_berlin(when)
    this_year = in_berlin(now or datetime.now(BERLIN)).year
    if local.year != this_year:
        return local.strftime("%d.%m.%Y %H:%M")
    return local.strftime("%d.%m. %H:%M")


def full_stamp(when: datetime | None) -> str:
    """``26.11.2025 14:03`` (``—`` for none): a time in a table (``cache stats``)."""
    return "—" if when is None else in_berlin(when).strftime("%d.%m.%Y %H:%M")
