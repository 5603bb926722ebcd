"""Every article parse measures how much of the page's text it kept (issue #15): the real pages
are understood whole; a page whose text stands where the parser does not look is flagged, with
what seems to be missing, never shown shortened as if it were complete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tazreader.taz.models import COMPLETE, Article, Coverage, article_from_dict, article_to_dict
from tazreader.taz.parse.article import parse_article

FIXTURES = Path(__file__).parent.parent / "fixtures"
REAL_2024 = "fundus_Taz_2024_10_23.html"


def page(name: str) -> str:
    return (FIXTURES / name).read_text("utf-8")


@pytest.mark.parametrize("name", [REAL_2024, "fundus_Taz_2023_04_28.html"])
def test_the_real_pages_are_understood_whole(name: str) -> None:
    a = parse_article(page(name))
    assert a.coverage is not None
    assert a.coverage.kept >= 0.98
    assert (a.coverage.missing, a.coverage.fallback, a.incomplete) == ((), False, False)


@pytest.mark.parametrize("name", [
    "constructed_article_h2_2025.html", "constructed_article_multi_author.html",
    "constructed_article_boxes.html", "constructed_article_news.html",
    "constructed_drift_ticker.html", "constructed_drift_interview.html",
    "constructed_drift_kolumne.html", "constructed_drift_agency.html",
    "constructed_drift_webelements.html", "constructed_drift_body.html",
    "constructed_drift_split.html", "constructed_drift_body_pictures.html",
])
def test_the_constructed_pages_are_understood(name: str) -> None:
    a = parse_article(page(name))
    assert a.coverage is not None and a.coverage.kept >= COMPLETE and not a.incomplete


def test_text_in_a_table_the_body_walk_skips_is_flagged_not_silently_dropped() -> None:
    raw = page(REAL_2024)
    start = raw.index('<p class="bodytext paragraph  typo-bodytext is-block column pv-0 '
                      'is-8-tablet mgh-auto-tablet mobile-order-4" pos="3">')
    end = raw.index('<h2 class="typo-head-small headline')
    moved = raw[:start] + "<table><tr><td>" + raw[start:end] + "</td></tr></table>" + raw[end:]
    a = parse_article(moved)
    assert len(a.blocks) == 5  # three paragraphs are not read …
    assert a.incomplete  # … and the article says so
    assert a.coverage is not None and 0.4 < a.coverage.kept < COMPLETE
    assert a.coverage.missing == (
        "Mehrere Male hat das Verfassungsgericht das TSG als …",
        "Das Gesetz wird mit großer Hoffnung von trans, …",
        "Es ist vorgesehen, dass der Geschlechtseintrag sowie der …",
    )


def test_a_body_moved_out_of_the_article_is_read_from_json_ld_and_marked_so() -> None:
    raw = page(REAL_2024)
    start = raw.index('<div class="column main-article-corpus')
    end = raw.index('<div x-data="{}" class="tzi-bottom-container')
    corpus = raw[start:end]
    moved = raw[:start] + raw[end:]
    moved = moved.replace("</article>", "</article>" + corpus.replace("main-article-corpus",
                                                                      "somewhere-else"), 1)
    a = parse_article(moved)
    assert a.incomplete
    assert a.coverage == Coverage(1.0, a.coverage.missing if a.coverage else (), fallback=True)
    assert a.blocks[0].kind == "paragraph"  # the JSON-LD articleBody, as plain paragraphs


def test_ticker_entries_in_an_unknown_element_are_flagged_by_the_json_ld_body() -> None:
    raw = page("constructed_drift_ticker.html")
    # taz wraps its entries in an element the parser does not know.
    moved = raw.replace("<article class=\"column is-12 ticker-entry\"", "<details class=\"entry\"")
    moved = moved.replace("</article>\n<article class=\"column is-12", "</details>\n<details "
                          "class=\"x").replace("</article>\n</div>\n</div>\n</article>",
                                               "</details>\n</div>\n</div>\n</article>")
    a = parse_article(moved)
    assert a.incomplete and a.coverage is not None
    assert a.coverage.kept < COMPLETE
    assert a.coverage.missing[0] == "Die Gewerkschaft will auch am Montag streiken. Ein …"


def test_a_json_ld_only_parse_is_marked_as_such() -> None:
    from tests.taz.test_parse_article import LD, META_ONLY

    a = parse_article(META_ONLY.format(ld=LD))
    assert a.coverage is not None and a.coverage.fallback and a.incomplete


def test_json_carries_the_flag_and_the_figure() -> None:
    raw = page(REAL_2024)
    start = raw.index('<p class="bodytext paragraph  typo-bodytext is-block column pv-0 '
                      'is-8-tablet mgh-auto-tablet mobile-order-4" pos="3">')
    end = raw.index('<h2 class="typo-head-small headline')
    a = parse_article(raw[:start] + "<table><tr><td>" + raw[start:end] + "</td></tr></table>"
                      + raw[end:])
    data = json.loads(json.dumps(article_to_dict(a)))
    assert data["coverage"]["incomplete"] is True
    assert data["coverage"]["kept"] == a.coverage.kept if a.coverage else False
    again: Article = article_from_dict(data)
    assert again == a
