"""What the client keeps of response headers (tazreader/taz/headers.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tazreader.taz.headers import etag, http_date, last_modified, shown

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("good", ['"abc"', 'W/"abc"', '""', '"a-b_c/d:e!"', ' "padded" '])
def test_entity_tags_that_are_kept(good: str) -> None:
    assert etag(good) == good.strip()


@pytest.mark.parametrize(
    "bad",
    ['"caf\xe9"', "abc", '"a"b"', 'w/"abc"', '"abc', '"a b"', '"a\x1bb"', '"ok"\r\nX: 1',
     '"' + "a" * 300 + '"', "", None],
)
def test_entity_tags_that_are_dropped(bad: str | None) -> None:
    assert etag(bad) is None


def test_the_three_forms_of_an_http_date() -> None:
    want = datetime(1994, 11, 6, 8, 49, 37, tzinfo=UTC)
    assert http_date("Sun, 06 Nov 1994 08:49:37 GMT") == want
    assert http_date("Sunday, 06-Nov-94 08:49:37 GMT", NOW) == want
    assert http_date("Sun Nov  6 08:49:37 1994") == want
    assert http_date("Monday, 01-Jan-30 00:00:00 GMT", NOW) == datetime(2030, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "bad",
    ["Mon, 03 M\xe4r 2025 08:00:00 GMT", "Mon, 31 Feb 2025 08:00:00 GMT", "yesterday",
     "Mon, 03 Mar 2025 08:00:00 CET", "Mon, 03 Mar 2025 25:00:00 GMT", "1741000000",
     "Mon, \u0660\u0663 Mar 2025 08:00:00 GMT", ""],
)
def test_what_is_no_http_date(bad: str) -> None:
    assert http_date(bad) is None
    assert last_modified(bad) is None


def test_shown_is_one_short_inert_line() -> None:
    assert shown("text/x\x1b[8m\x1bc") == "text/x[8mc"
    assert shown("a\n\tb\x85c\u202ed") == "a bcd"
    assert shown("x" * 100, 10) == "x" * 9 + "…"
