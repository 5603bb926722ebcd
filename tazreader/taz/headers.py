"""What the client takes from a server's response headers, each checked before it is used.

Header text is as hostile as page text: a ``Content-Type`` or a redirect's ``Location`` may
carry terminal controls, an ``ETag`` may hold bytes that cannot be sent back, a
``Retry-After`` may be no number at all. :func:`shown` makes a value fit for a message;
:func:`etag`, :func:`last_modified` and :func:`retry_after_seconds` keep only what RFC 9110
allows and drop the rest.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tazreader.taz.text import inert

MAX_SHOWN = 80
MAX_VALIDATOR = 256  # a longer ETag is no cache key anyone needs
MAX_RETRY_AFTER = 3600.0  # seconds; the client waits less still (its max_retry_wait)

# RFC 9110 8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E (obs-text
# left out: what is not ASCII cannot be sent back).
_ETAG = re.compile(r'(?:W/)?"[\x21\x23-\x7e]*"')
# RFC 9110 5.6.7: HTTP-date = IMF-fixdate / obs-date (rfc850-date / asctime-date).
_DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_DAY_NAME = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH = f"(?P<month>{'|'.join(_MONTHS)})"
_TIME = "(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})"
_DATES = (
    re.compile(rf"{_DAY}, (?P<day>[0-9]{{2}}) {_MONTH} (?P<year>[0-9]{{4}}) {_TIME} GMT"),
    re.compile(rf"{_DAY_NAME}, (?P<day>[0-9]{{2}})-{_MONTH}-(?P<yy>[0-9]{{2}}) {_TIME} GMT"),
    re.compile(rf"{_DAY} {_MONTH} (?P<day>[ 0-9][0-9]) {_TIME} (?P<year>[0-9]{{4}})"),
)
_DIGITS = re.compile(r"[0-9]+")  # delta-seconds (ASCII digits only: "²".isdigit() is true)


def one_line(text: str) -> str:
    """``text`` with nothing that steers a terminal, on one line."""
    return " ".join(inert(text).split())


def shown(value: str, limit: int = MAX_SHOWN) -> str:
    """``value`` as a message may quote it: nothing that steers a terminal, one line, short."""
    text = one_line(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def etag(value: str | None) -> str | None:
    """``value`` if it is an entity tag that can be sent back as it came, else None."""
    if value is None:
        return None
    value = value.strip(" \t")
    if len(value) > MAX_VALIDATOR or _ETAG.fullmatch(value) is None:
        return None
    return value


def http_date(value: str | None, now: datetime | None = None) -> datetime | None:
    """An HTTP-date (any of its three forms) as an aware UTC datetime, else None."""
    if value is None:
        return None
    value = value.strip(" \t")
    for form in _DATES:
        m = form.fullmatch(value)
        if m is None:
            continue
        parts = m.groupdict()
        if parts.get("yy") is not None:  # rfc850: a year more than 50 years ahead is past
            this_year = (now or datetime.now(UTC)).year
            year = this_year // 100 * 100 + int(parts["yy"])
            if year > this_year + 50:
                year -= 100
        else:
            year = int(parts["year"])
        try:
            return datetime(
                year, _MONTHS.index(parts["month"]) + 1, int(parts["day"]),
                int(parts["hour"]), int(parts["minute"]), int(parts["second"]), tzinfo=UTC,
            )
        except ValueError:  # 31 Feb, 25:00 …
            return None
    return None


def last_modified(value: str | None) -> str | None:
    """``value`` if it is an HTTP-date (so it can be sent back in If-Modified-Since)."""
    if value is None or http_date(value) is None:
        return None
    return value.strip(" \t")


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds from now (ASCII digits or an HTTP-date), at most
    :data:`MAX_RETRY_AFTER`; None for anything else."""
    if not value:
        return None
    value = value.strip(" \t")
    if _DIGITS.fullmatch(value):
        return min(float(value), MAX_RETRY_AFTER)
    when = http_date(value, now)
    if when is None:
        return None
    seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(0.0, seconds), MAX_RETRY_AFTER)
