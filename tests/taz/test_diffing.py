"""What changed between two versions of an article, word by word."""

from __future__ import annotations

from dataclasses import replace

from tazreader.taz.diffing import Piece, diff_articles, same_text, unified, word_diff
from tazreader.taz.models import Article, Image, Link, PageKind, Tag
from tests.factories import bare_article, paragraphs

# The seed article's sentences before and after taz corrected them (issue #13).
BEFORE = ("„Wir sind überzeugt, dass die überstürzte Entwicklung von KI um jeden Preis "
          "immensen Schaden an unserer Demokratie, unseren Jobs und unserer Erde anrichten "
          "wird“, schreiben die Verfasser:innen des Briefes.")
AFTER = BEFORE.replace("anrichten wird“", "anrichten werden“")
BEFORE_2 = ("Erst Ende Oktober kündigte Amazon an, weltweit 14.000 Jobs zu streichen, mit der "
            "Begründung, dass KI mittlerweile viele Programmier- und Wissensaufgaben "
            "übernehmen könne.")
AFTER_2 = BEFORE_2.replace("Begründung, dass KI", "Begründung, KI")


def article(*texts: str, **kw: object) -> Article:
    fields: dict[str, object] = {"id": "6135282", "url": "https://taz.de/!6135282/",
                                 "title": "Stürmt die Maschinen!",
                                 "kicker": "Amazon-Beschäftigte warnen vor KI"}
    return bare_article(*paragraphs(*texts), **(fields | kw))


def test_the_two_corrections_of_the_seed_article_are_exactly_these_words() -> None:
    old = article("Ein Absatz davor.", BEFORE, "Noch einer.", BEFORE_2)
    new = article("Ein Absatz davor.", AFTER, "Noch einer.", AFTER_2)
    parts = diff_articles(old, new)
    changed = [p for p in parts if p.changed]
    assert len(changed) == 2
    assert [x for x in changed[0].pieces if x.op != "="] == [Piece("-", "wird“,"),
                                                           Piece("+", "werden“,")]
    assert [x for x in changed[1].pieces if x.op != "="] == [Piece("-", "dass")]
    text = word_diff(parts)
    assert "anrichten [-wird“,-]{+werden“,+} schreiben" in text
    assert "Begründung, [-dass-] KI mittlerweile" in text
    assert "Ein Absatz davor." not in text  # only the changed paragraphs, without context
    assert "Ein Absatz davor." in word_diff(parts, context=True)


def test_links_tags_and_the_picture_address_are_not_the_text() -> None:
    old = article(BEFORE)
    new = replace(old, links=(Link("x", "https://example.org/", PageKind.EXTERNAL),),
                  tags=(Tag("KI"),), image=None)
    assert same_text(old, new)
    assert not same_text(old, article(AFTER))
    assert not same_text(old, replace(old, title="Stürmt die Maschinen"))
    captioned = replace(old, image=Image("https://taz.de/picture/1/624/a.jpg", "Ein Bild"))
    assert not same_text(old, captioned)  # a new caption is new text
    assert same_text(captioned, replace(captioned, image=Image("https://taz.de/b.jpg",
                                                               "Ein Bild")))


def test_a_paragraph_added_or_removed_is_whole() -> None:
    old = article("Eins.", "Zwei.")
    new = article("Eins.", "Zwei.", "Drei ist neu.")
    assert word_diff(diff_articles(old, new)) == "{+Drei ist neu.+}\n"
    assert word_diff(diff_articles(new, old)) == "[-Drei ist neu.-]\n"
    assert word_diff(diff_articles(old, old)) == ""


def test_unified_is_a_line_diff() -> None:
    out = unified("a\nb\nc\n", "a\nB\nc\n", "alt", "neu")
    assert out.splitlines()[:2] == ["--- alt", "+++ neu"]
    assert "-b" in out.splitlines() and "+B" in out.splitlines()
