"""The packaged sample pages are exact copies of labelled test fixtures, and all of them."""

from __future__ import annotations

import re
from pathlib import Path

from tazreader.sample import PAGES
from tests.server import FIXTURES

README = FIXTURES / "README.md"
SECTION = "## Copied into the sample edition"


def sample_pages() -> list[Path]:
    return sorted(p for p in PAGES.iterdir() if p.is_file())


def readme_rows() -> set[str]:
    text = README.read_text(encoding="utf-8")
    assert SECTION in text
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE))


def test_every_sample_page_is_a_byte_identical_copy_of_its_fixture() -> None:
    pages = sample_pages()
    assert len(pages) == 12
    for page in pages:
        original = FIXTURES / page.name
        assert original.is_file(), f"{page.name} has no original in tests/fixtures"
        assert page.read_bytes() == original.read_bytes(), f"{page.name} drifted from its fixture"


def test_the_readme_labels_exactly_the_sample_pages() -> None:
    assert readme_rows() == {p.name for p in sample_pages()}


def test_the_sample_holds_every_constructed_article_but_no_hostile_or_search_page() -> None:
    names = {p.name for p in sample_pages()}
    articles = {
        p.name for p in FIXTURES.glob("constructed_article_*.html") if "hostile" not in p.name
    }
    assert articles and articles <= names
    assert "fundus_Taz_2024_10_23.html" in names
    assert not any("hostile" in n or "search" in n for n in names)
