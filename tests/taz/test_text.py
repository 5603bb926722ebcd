"""tazreader.taz.text.clean: what may reach a model and what may not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tazreader.taz.text import clean, squash


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Ein   bisschen\n\tFortschritt  ", "Ein bisschen Fortschritt"),
        ("Geschlechts\u00adeintrag", "Geschlechtseintrag"),  # soft hyphen, real page
        ("Hoffnung ist grün\u200b", "Hoffnung ist grün"),  # taz:title ends in U+200B
        ("a\u00a0b\u2002c\u2009d", "a b c d"),  # no-break and other spaces collapse
        ("nul\x00byte\x07bell\x1bescape", "nulbytebellescape"),
        ("c1\x85\x9fcontrols", "c1controls"),
        ("\u202eevil\u202c \u2066iso\u2069 \u202aemb\u202b", "evil iso emb"),
        ("\ufeffBOM", "BOM"),
        ("", ""),
        ("\u00ad\u200b \n", ""),
        ("Straße – „Zitat“ … 5 % 😀", "Straße – „Zitat“ … 5 % 😀"),
    ],
)
def test_clean(raw: str, expected: str) -> None:
    assert clean(raw) == expected


def test_squash_keeps_one_edge_space() -> None:
    assert squash("  Es gibt\n ") == " Es gibt "
    assert squash("Geschlechts\u00adeintrag ") == "Geschlechtseintrag "


_FORBIDDEN = {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))} | set(
    "\u00ad\u200b\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


@given(st.text())
def test_clean_output_has_no_forbidden_chars_and_is_stable(text: str) -> None:
    out = clean(text)
    assert not (_FORBIDDEN & set(out))
    assert "  " not in out
    assert out == out.strip()
    assert clean(out) == out
