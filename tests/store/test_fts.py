"""Full-text search: German folding, ranking, snippets from the original text, hostile input."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tazreader.store import Store
from tazreader.store.fts import fold, parse_query, snippet
from tazreader.taz.parse.article import PARSER_VERSION, parse_article
from tests.factories import T0, make_article

FIXTURE = Path(__file__).parent.parent / "fixtures" / "fundus_Taz_2024_10_23.html"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "cache.sqlite3")
    s.put_article(make_article(1, title="Öko-Bauern protestieren", body="Nichts weiter."),
                  fetched_at=T0, parser_version=1)
    s.put_article(make_article(2, title="Verkehr", body="Die Hauptstraße wird gesperrt."),
                  fetched_at=T0, parser_version=1)
    s.put_article(make_article(3, title="Was nun", kicker="Über die Grenze",
                               body="Ganz normaler Text."), fetched_at=T0, parser_version=1)
    yield s
    s.close()


def ids(store: Store, query: str) -> list[str]:
    return [h.teaser.id for h in store.search(query)]


def test_fold() -> None:
    assert fold("Öko-Straße ÜBER Äpfel") == "oko-strasse uber apfel"
    assert fold("plain ASCII") == "plain ascii"
    assert fold("Café naïve") == "cafe naive"


@pytest.mark.parametrize(
    ("query", "n"),
    [("oko", 1), ("Öko", 1), ("OEKO bauern", 1), ("oeko", 1), ("bauern oeko", 1),
     ("strasse", 2), ("hauptstrasse", 2),
     ("Hauptstraße", 2), ("HAUPTSTRASSE", 2), ("uber", 3), ("über", 3), ("Über Grenze", 3),
     ("haupt", 2), ("bau", 1), ("hauptstr", 2)],
)
def test_german_folding_and_prefix(store: Store, query: str, n: int | None) -> None:
    expected = [] if n is None else [make_article(n).id]
    assert ids(store, query) == expected


def test_strasse_finds_the_words_it_is_part_of(store: Store) -> None:
    store.put_article(make_article(4, title="In der Straße"), fetched_at=T0, parser_version=1)
    store.put_article(make_article(5, title="Bahn", body="Die Straßenbahn fährt."),
                      fetched_at=T0, parser_version=1)
    # The word in a title first; in the body the word as typed or begun (a search as you
    # type) before a word it is only part of.
    assert ids(store, "strasse") == [make_article(n).id for n in (4, 5, 2)]
    assert ids(store, "Straße") == [make_article(n).id for n in (4, 5, 2)]
    assert ids(store, "strasse gesperrt") == [make_article(2).id]  # not only the last term
    assert ids(store, "gesperrt strasse") == [make_article(2).id]
    hit = store.search("strasse")[2]
    assert hit.snippet == "Die «Hauptstraße» wird gesperrt. Link Zwischenzeile"
    assert store.search("strasse")[1].snippet == "Die «Straßenbahn» fährt. Link Zwischenzeile"


def test_a_word_of_the_same_rank_beats_a_compound_newer_than_it(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.sqlite3") as s:
        s.put_article(make_article(1, title="A", body="Die Wahl ist vorbei."),
                      fetched_at=T0, parser_version=1)
        s.put_article(make_article(2, title="B", body="Die Bundestagswahl ist vorbei."),
                      fetched_at=T0, parser_version=1)
        hits = s.search("wahl")
        assert [h.teaser.id for h in hits] == [make_article(1).id, make_article(2).id]
        assert 1.5 <= hits[0].rank < 2 and 1 <= hits[1].rank < 1.5
        assert "«Bundestagswahl»" in hits[1].snippet


def test_short_terms_are_not_looked_for_inside_words(store: Store) -> None:
    store.put_article(make_article(4, title="Kinder", body="Die Kinder oder wieder."),
                      fetched_at=T0, parser_version=1)
    # "der" (three letters) is no part of "Kinder", "oder", "wieder": only the word "Der".
    assert ids(store, "der") == [make_article(n).id for n in (4, 3, 2, 1)]
    assert ids(store, "der x") == []
    assert ids(store, "ind") == []  # nor a prefix of one
    assert ids(store, "inder") == [make_article(4).id]  # five letters are a part


def test_a_compound_in_the_real_article_is_found_and_marked(tmp_path: Path) -> None:
    article = parse_article(FIXTURE.read_bytes(), "https://taz.de/!5928990/")
    with Store.open(tmp_path / "c.sqlite3") as s:
        s.put_article(article, raw=FIXTURE.read_bytes(), fetched_at=T0,
                      parser_version=PARSER_VERSION)
        (hit,) = s.search("bestimmung")
        assert hit.teaser.id == "5928990"
        assert "«Selbstbestimmungsgesetz»" in hit.snippet
        (hit,) = s.search("sexuellengesetz")
        assert "«Transsexuellengesetz»" in hit.snippet
        assert s.search("transgesetz") == []  # a part is the letters as they stand


def test_ae_oe_ue_typed_for_umlauts(store: Store) -> None:
    store.put_article(make_article(7, title="Müller und die Grünen", body="Neue Steuer."),
                      fetched_at=T0, parser_version=1)
    assert ids(store, "mueller") == [make_article(7).id]
    assert ids(store, "gruenen mueller") == [make_article(7).id]
    assert ids(store, "neue steuer") == [make_article(7).id]
    (hit,) = store.search("Mueller")
    assert hit.snippet == "«Müller» und die Grünen"
    (hit,) = store.search("oeko")
    assert hit.snippet == "«Öko»-Bauern protestieren"


def test_all_terms_must_match(store: Store) -> None:
    assert ids(store, "öko verkehr") == []
    assert ids(store, "öko protestieren") == [make_article(1).id]


def test_title_hit_ranks_above_body_hit(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.sqlite3") as s:
        s.put_article(make_article(1, title="Alltag", body="Am Ende ging es um Klimaschutz."),
                      fetched_at=T0, parser_version=1)
        s.put_article(make_article(2, title="Klimaschutz jetzt", body="Am Ende ging es um X."),
                      fetched_at=T0, parser_version=1)
        s.put_article(make_article(3, title="Anderes", body="Nichts davon."),
                      fetched_at=T0, parser_version=1)
        hits = s.search("klimaschutz")
        assert [h.teaser.id for h in hits] == [make_article(2).id, make_article(1).id]
        assert hits[0].rank > hits[1].rank


def test_authors_and_tags_are_searchable(store: Store) -> None:
    store.put_article(make_article(5, authors=("Jürgen Groß",), tags=("Wärmepumpe",)),
                      fetched_at=T0, parser_version=1)
    assert ids(store, "jurgen gross") == [make_article(5).id]
    assert ids(store, "warmepumpe") == [make_article(5).id]


def test_snippet_marks_the_original_text(store: Store) -> None:
    (hit,) = store.search("hauptstrasse")
    assert "«Hauptstraße»" in hit.snippet
    assert "strasse" not in hit.snippet
    (hit,) = store.search("oko")  # a title-only hit: the snippet falls back to the title
    assert hit.snippet == "«Öko»-Bauern protestieren"


def test_snippet_from_real_article(tmp_path: Path) -> None:
    article = parse_article(FIXTURE.read_bytes(), "https://taz.de/!5928990/")
    with Store.open(tmp_path / "c.sqlite3") as s:
        s.put_article(article, raw=FIXTURE.read_bytes(), fetched_at=T0,
                      parser_version=PARSER_VERSION)
        (hit,) = s.search("referentenentwurf")
        assert hit.teaser.title == "Ein bisschen Fortschritt"
        assert "Es gibt einen «Referentenentwurf» zum Selbstbestimmungsgesetz." in hit.snippet
        (hit,) = s.search("grune")  # the party name carries an umlaut in the text
        assert "«Grüne»" in hit.snippet
        assert s.search("opitz transgender")[0].teaser.id == "5928990"


def test_snippet_window_and_ellipses() -> None:
    text = " ".join(f"w{i}" for i in range(200)) + " Ziel " + " ".join(f"v{i}" for i in range(50))
    out = snippet([text], parse_query("ziel"), width=60)
    assert out.startswith("…") and out.endswith("…")
    assert "«Ziel»" in out and len(out) <= 64
    assert all(w in text.split() for w in out.strip("…").replace("«", "").replace("»", "").split())


def test_snippet_picks_the_densest_window() -> None:
    text = "Klima eins. " + "Füllwort " * 100 + "Klima und Klima und Klimaschutz. " + "Ende " * 50
    out = snippet([text], parse_query("klima"), width=80)
    assert out.count("«") == 3 and "«Klimaschutz»" in out


def test_snippet_variants() -> None:
    q = parse_query("strasse oko uber")
    out = snippet(["Die Straße, STRASSE, Strasse. Öko, OKO; über Übermut strasseX"], q)
    assert out == (
        "Die «Straße», «STRASSE», «Strasse». «Öko», «OKO»; «über» «Übermut» «strasseX»"
    )
    parts = snippet(["Hauptstraße, HAUPTSTRASSE, Ökostrom, gegenüber, Straßenbahn"], q)
    assert parts == "«Hauptstraße», «HAUPTSTRASSE», Ökostrom, «gegenüber», «Straßenbahn»"
    prefix = snippet(["Übermut tut selten gut"], parse_query("uber"))
    assert prefix == "«Übermut» tut selten gut"


def test_a_part_inside_a_huge_word_is_marked_fast() -> None:
    text = "Anfang " + "ab" * 2_000_000 + "strasse" + "cd" * 2_000_000 + " Ende"
    t = time.process_time()  # CPU time: a busy machine does not count
    out = snippet([text], parse_query("strasse"), width=80)
    assert time.process_time() - t < 0.5
    assert "«" + "ab" * 32 + "strasse" + "cd" * 32 + "»" in out


def test_snippet_without_hit_shows_start_unmarked() -> None:
    assert snippet(["", "Erster Satz hier."], parse_query("nichts")) == "Erster Satz hier."
    assert snippet([], parse_query("x")) == ""


@pytest.mark.parametrize(
    "query",
    ['"', '""', "*", "**", "NEAR", "NEAR(a b, 3)", "a AND", "OR", "NOT x", "(((", ")", "a:b",
     "title:öko", "-öko", "^x", "a + b", "'", "\x00", "\ud800", "", "   ", "{title}: x", "x*y",
     "AND OR NOT", '"unbalanced', "a" * 10_000, "ö " * 500],
)
def test_hostile_queries_never_raise(store: Store, query: str) -> None:
    hits = store.search(query)
    assert isinstance(hits, list)
    _raw_match(query)  # the store swallows SQL errors as a last resort; the sanitiser must not


@pytest.mark.parametrize(
    "query", ['"NEAR(" *', "strasse)", "^strasse", "str*asse", "strasse\x00 NOT", "a" * 10_000]
)
def test_hostile_queries_with_compounds_never_raise(store: Store, query: str) -> None:
    store.put_article(make_article(4, body="Nearby " + "a" * 70 + " NOTstrasse"),
                      fetched_at=T0, parser_version=1)
    assert isinstance(store.search(query), list)
    # The expression with the compounds of the vocabulary is valid FTS5 (the store would
    # swallow an error as a last resort; it must not have one to swallow).
    q = parse_query(query)
    store._conn.execute("SELECT rowid FROM fts WHERE fts MATCH ?",
                        (store._expression(q, compounds=True),)).fetchall()


def _raw_match(query: str) -> None:
    """Run the sanitised expression against a bare FTS5 table, so an SQL error would show."""
    q = parse_query(query)
    if q.empty:
        return
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO t VALUES ('near and or not öko strasse')")
    conn.execute("SELECT * FROM t WHERE t MATCH ?", (q.match_expression(),)).fetchall()
    conn.close()


def test_operators_are_searched_as_words(store: Store) -> None:
    store.put_article(make_article(6, title="Near and far"), fetched_at=T0, parser_version=1)
    assert ids(store, "NEAR") == [make_article(6).id]
    assert ids(store, "title:öko") == []  # no column filter: "title" must occur as a word
    assert ids(store, "-öko") == [make_article(1).id]  # no negation either


def test_parse_query() -> None:
    q = parse_query('Öko AND "Straße" (NEAR) x*')
    assert q.terms == ("oko", "and", "strasse", "near", "x")
    assert q.match_expression() == '"oko" AND "and" AND "strasse" AND "near" AND "x" *'
    assert parse_query("Mueller gruene").match_expression() == (
        '("mueller" OR "muller") AND ("gruene" * OR "grune" *)'
    )
    assert parse_query("neue Quelle Bauer").match_expression() == (
        '"neue" AND "quelle" AND "bauer" *'
    )
    assert parse_query("").empty and parse_query("()*:-").empty


HOSTILE = st.sampled_from(list('"*()-:^+ NEARORNOTandöß\'{}\\.,x\u0301')) | st.characters()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=HOSTILE, max_size=40))
def test_any_string_is_a_safe_query(store: Store, query: str) -> None:
    assert isinstance(store.search(query), list)
    _raw_match(query)


def test_a_body_pictures_caption_is_found_its_credit_not(tmp_path: Path) -> None:
    raw = (FIXTURE.parent / "constructed_drift_body_pictures.html").read_bytes()
    article = parse_article(raw)
    with Store.open(tmp_path / "c.sqlite3") as s:
        s.put_article(article, raw=raw, fetched_at=T0, parser_version=PARSER_VERSION)
        hits = s.search("Patin")  # only in the caption of the first picture in the body
        assert [h.teaser.id for h in hits] == [article.id]
        assert "«Patin»" in hits[0].snippet
        assert s.search("Roth") == []  # the photographer, in the credit only


def test_a_cache_of_schema_4_gets_compound_matching(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    article = parse_article(FIXTURE.read_bytes(), "https://taz.de/!5928990/")
    with Store.open(path) as s:
        s.put_article(article, raw=FIXTURE.read_bytes(), fetched_at=T0,
                      parser_version=PARSER_VERSION)
        s.put_article(make_article(2, title="Verkehr", body="Die Hauptstraße wird gesperrt."),
                      fetched_at=T0, parser_version=1)
    conn = sqlite3.connect(path, isolation_level=None)  # back to what schema 4 had
    conn.execute("DROP TRIGGER terms_grams")
    conn.execute("DROP TABLE grams")
    conn.execute("PRAGMA user_version = 4")
    conn.close()
    with Store.open(path) as s:
        assert s.notice is None and s.stats().schema_version == 5
        assert ids(s, "strasse") == [make_article(2).id]  # the words kept before
        assert "«Selbstbestimmungsgesetz»" in s.search("bestimmung")[0].snippet
        s.put_article(make_article(3, title="Landstraße"), fetched_at=T0, parser_version=1)
        assert ids(s, "strasse") == [make_article(3).id, make_article(2).id]  # and new ones


def test_clear_forgets_the_compounds(store: Store) -> None:
    store.clear()
    assert ids(store, "strasse") == []
    store.put_article(make_article(4, title="Landstraße"), fetched_at=T0, parser_version=1)
    assert ids(store, "strasse") == [make_article(4).id]
    assert store._conn.execute("SELECT count(*) FROM grams").fetchone()[0] == len(
        [w for (w,) in store._conn.execute("SELECT term FROM terms") if len(w) > 4]
    )
