"""Two versions of one article for the revision tests (issue #13): the real 2024 page of
``!5928990`` with two of its sentences replaced by the seed article's two sentences, as first
published (version 1) and as taz corrected them (version 2: „…anrichten werden“ for
„…anrichten wird“, „mit der Begründung, KI“ for „mit der Begründung, dass KI“). Constructed in
code, labelled in tests/fixtures/README.md."""

from __future__ import annotations

from pathlib import Path

from tests.server import FIXTURES
from tests.taz.test_diffing import AFTER, AFTER_2, BEFORE, BEFORE_2

ARTICLE_ID = "5928990"
PAGE = FIXTURES / "fundus_Taz_2024_10_23.html"
OLD_DESIGN = FIXTURES / "fundus_Taz_2023_04_28.html"
# Sentences of the real page without markup inside (the 2024 page has each twice: in the
# paragraph and in the JSON-LD).
REPLACED = ("Nach einer dreimonatigen Wartezeit ist die Änderung gültig.",
            "Auch FDP-Männern würde dadurch nichts weggenommen.")
VERSIONS = {1: (BEFORE, BEFORE_2), 2: (AFTER, AFTER_2)}


def page(version: int, source: Path = PAGE) -> bytes:
    """The page of version 1 (as first published) or 2 (as corrected)."""
    text = source.read_text(encoding="utf-8")
    for sentence, replacement in zip(REPLACED, VERSIONS[version], strict=True):
        assert sentence in text, sentence
        text = text.replace(sentence, replacement)
    return text.encode("utf-8")


def same_text_page() -> bytes:
    """Version 2 again in other bytes (a new ETag): what a server sends when only something
    around the text changed."""
    return page(2).replace(b"</body>", b"<!-- the same text, served again -->\n</body>")
