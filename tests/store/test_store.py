"""Round trips through a real SQLite file for every Store method."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tazreader.store import ArticleState, CachedPage, Store
from tazreader.taz.models import Listing
from tests.factories import T0, make_article, make_teaser


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "cache.sqlite3")
    yield s
    s.close()


def test_open_creates_file_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "dir" / "cache.sqlite3"
    with Store.open(path) as s:
        assert s.notice is None
        assert s.path == path
    assert path.exists()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] >= 1
    conn.close()


def test_default_path_follows_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(tmp_path / "data"))
    with Store.open() as s:
        assert s.path == tmp_path / "data" / "cache.sqlite3"
    assert (tmp_path / "data" / "cache.sqlite3").exists()


def test_reopen_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    a = make_article(1)
    with Store.open(path) as s:
        s.put_article(a, raw=b"<html>1</html>", fetched_at=T0, parser_version=1)
        s.add_bookmark(a.teaser_entry())
    with Store.open(path) as s:
        assert s.notice is None
        got = s.get_article(a.id)
        assert got is not None and got[0] == a
        assert s.bookmarks() == [a.teaser_entry()]


def test_page_round_trip_and_touch(store: Store) -> None:
    body = "<html>Straße ÄÖÜ</html>".encode() * 100
    store.put_listing(Listing("section", "https://taz.de/!p4615/", "Politik"), raw=body,
                      etag='"abc"', last_modified="Tue, 01 Oct", fetched_at=T0,
                      content_type="text/html; charset=utf-8")
    page = store.get_page("https://taz.de/!p4615/")
    assert page == CachedPage("https://taz.de/!p4615/", body, '"abc"', "Tue, 01 Oct", T0,
                              "text/html; charset=utf-8")
    assert page.fetched_at.tzinfo is not None
    later = T0 + timedelta(hours=3)
    store.touch_page("https://taz.de/!p4615/", later)
    again = store.get_page("https://taz.de/!p4615/")
    assert again is not None and again.fetched_at == later and again.body == body
    assert store.get_page("https://taz.de/nope") is None


def test_page_is_stored_compressed(store: Store) -> None:
    body = b"<p>taz</p>" * 10_000
    a = make_article(1)
    store.put_article(a, raw=body, fetched_at=T0, parser_version=1)
    conn = sqlite3.connect(store.path)
    (size,) = conn.execute("SELECT length(body) FROM pages WHERE url = ?", (a.url,)).fetchone()
    conn.close()
    assert size < len(body) // 10


def test_article_round_trip(store: Store) -> None:
    a = make_article(1)
    store.put_article(a, raw=b"<html>a</html>", etag="e1", last_modified="lm",
                      fetched_at=T0, parser_version=3)
    for key in (a.id, a.url, f"!{a.id}", f"http://127.0.0.1:8123/mirror/!{a.id}/",
                f"https://taz.de/Ein-Titel/!{a.id}/"):
        got = store.get_article(key)
        assert got is not None, key
        assert got[0] == a and got[1] == T0
    page = store.get_page(a.url)
    assert page is not None and page.body == b"<html>a</html>" and page.etag == "e1"
    assert store.get_article("5999999") is None
    assert store.get_article("https://taz.de/!5999999/") is None
    assert store.get_article("not a url at all [") is None


def test_article_overwrite_and_touch_renews(store: Store) -> None:
    a = make_article(1)
    store.put_article(a, fetched_at=T0, parser_version=1)
    b = make_article(1, title="Neuer Titel")
    store.put_article(b, fetched_at=T0 + timedelta(minutes=1), parser_version=1)
    got = store.get_article(a.id)
    assert got is not None and got[0].title == "Neuer Titel"
    assert [h.teaser.id for h in store.search("neuer")] == [a.id]
    assert store.search("fortschritt") == []  # the old title left the index
    store.touch_page(a.url, T0 + timedelta(days=2))
    got = store.get_article(a.id)
    assert got is not None and got[1] == T0 + timedelta(days=2)


def test_put_article_without_raw_keeps_old_page(store: Store) -> None:
    a = make_article(1)
    store.put_article(a, raw=b"old", fetched_at=T0, parser_version=1)
    store.put_article(a, fetched_at=T0, parser_version=1)
    page = store.get_page(a.url)
    assert page is not None and page.body == b"old"


def test_cached_ids(store: Store) -> None:
    for n in (1, 2):
        store.put_article(make_article(n), fetched_at=T0, parser_version=1)
    ids = [make_article(n).id for n in (1, 2, 3)]
    assert store.cached_ids(ids) == set(ids[:2])
    assert store.cached_ids([]) == set()



def _set_column(store: Store, article_id: str, column: str, value: object) -> None:
    """Write a column of one article behind the store's back, as damage on disk would."""
    conn = sqlite3.connect(store.path)
    try:
        conn.execute(f"UPDATE articles SET {column} = ? WHERE id = ?", (value, article_id))
        conn.commit()
    finally:
        conn.close()


def test_heads_are_the_cached_teasers_in_the_order_asked(store: Store) -> None:
    arts = [make_article(n) for n in (1, 2, 3)]
    for a in arts:
        store.put_article(a, fetched_at=T0, parser_version=1)
    a1, a2, a3 = arts
    heads = store.heads(iter([a3.id, "5999999", a1.id, a3.id, "kein id"]))
    assert heads == {a3.id: a3.teaser_entry(), a1.id: a1.teaser_entry()}
    assert list(heads) == [a3.id, a1.id]
    assert heads[a1.id].published == a1.published and heads[a1.id].authors == a1.authors
    assert store.heads([]) == {}
    assert store.heads(iter(())) == {}
    assert store.heads(["5999999"]) == {}
    many = [str(i) for i in range(10_000)] + [a2.id]  # no limit on how many ids
    assert store.heads(many) == {a2.id: a2.teaser_entry()}


def test_heads_read_the_teaser_column_not_the_article(store: Store) -> None:
    a = make_article(1)
    store.put_article(a, fetched_at=T0, parser_version=1)
    _set_column(store, a.id, "data", "{kaputt")
    assert store.heads([a.id]) == {a.id: a.teaser_entry()}  # the article itself is not read


_T = '"id": "5900003", "url": "u", "title": "T"'
DAMAGED_TEASERS: dict[str, str | bytes] = {
    "not json": "{kaputt",
    "empty": "",
    "null": "null",
    "a list": "[]",
    "a string": '"ein Text"',
    "no title": '{"id": "5900003", "url": "u"}',
    "bad date": "{" + _T + ', "published": "gestern"}',
    "date a number": "{" + _T + ', "published": 20241023}',
    "authors a string": "{" + _T + ', "authors": "Nicole Opitz"}',
    "author without name": "{" + _T + ', "authors": [{"url": "x"}]}',
    "title a list": '{"id": "5900003", "url": "u", "title": ["T"]}',
    "another article's": '{"id": "5900001", "url": "u", "title": "T"}',
    "nested too deep": "[" * 100_000 + "]" * 100_000,
    "not utf-8": b"\xff\xfe",
}


@pytest.mark.parametrize("damage", DAMAGED_TEASERS.values(), ids=DAMAGED_TEASERS.keys())
def test_heads_skip_a_damaged_teaser(store: Store, damage: str | bytes) -> None:
    a1, a3 = make_article(1), make_article(3)
    for a in (a1, a3):
        store.put_article(a, fetched_at=T0, parser_version=1)
    _set_column(store, a3.id, "teaser", damage)
    assert store.heads([a3.id, a1.id]) == {a1.id: a1.teaser_entry()}
    assert store.heads([a3.id]) == {}


def test_listing_round_trip(store: Store) -> None:
    listing = Listing(
        kind="section", url="https://taz.de/Politik/!p4615/", title="Politik",
        teasers=tuple(make_teaser(n) for n in range(5)), total=None,
        next_url="https://taz.de/Politik/!p4615/?page=2", description="Blurb",
    )
    store.put_listing(listing, fetched_at=T0)
    got = store.get_listing(listing.url)
    assert got == (listing, T0)
    assert store.get_listing("https://taz.de/!p1/") is None
    store.touch_page(listing.url, T0 + timedelta(minutes=7))
    got = store.get_listing(listing.url)
    assert got is not None and got[1] == T0 + timedelta(minutes=7)


def test_listing_and_its_raw_page_are_one_write(store: Store) -> None:
    url = "https://taz.de/Politik/!p4615/"
    listing = Listing("section", url, "Politik", (make_teaser(1),))
    store.put_listing(listing, raw=b"<html>Politik</html>", etag='"e"', last_modified="lm",
                      content_type="text/html; charset=utf-8", fetched_at=T0)
    assert store.get_listing(url) == (listing, T0)
    assert store.get_page(url) == CachedPage(
        url, b"<html>Politik</html>", '"e"', "lm", T0, "text/html; charset=utf-8"
    )
    # A listing that cannot be written takes its page down with it: no page without listing.
    broken = Listing("section", "https://taz.de/Oeko/!p4610/", "Öko",
                     description=object())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        store.put_listing(broken, raw=b"<html>Oeko</html>", fetched_at=T0)
    assert store.get_page(broken.url) is None
    assert store.get_listing(broken.url) is None


def test_read_position_bookmarks_states(store: Store) -> None:
    a, b, c = (make_article(n) for n in (1, 2, 3))
    store.put_article(a, fetched_at=T0, parser_version=1)
    store.set_read(a.id)
    store.set_read(b.id)
    store.set_read(b.id, False)
    store.add_bookmark(c.teaser_entry())
    store.set_position(a.id, 42.5)
    assert store.get_position(a.id) == 42.5
    assert store.get_position(b.id) is None
    assert store.states([a.id, b.id, c.id, "5"]) == {
        a.id: ArticleState(read=True, bookmarked=False, cached=True),
        b.id: ArticleState(read=False, bookmarked=False, cached=False),
        c.id: ArticleState(read=False, bookmarked=True, cached=False),
        "5": ArticleState(),
    }
    assert store.states([]) == {}
    store.set_position(a.id, 7)
    store.set_read(a.id)  # position survives a read toggle
    assert store.get_position(a.id) == 7.0


def test_bookmarks_newest_first_and_remove(store: Store) -> None:
    for n in range(3):
        store.add_bookmark(make_teaser(n))
    store.add_bookmark(make_teaser(0))  # re-adding keeps its place
    assert [t.id for t in store.bookmarks()] == [make_teaser(n).id for n in (2, 1, 0)]
    store.remove_bookmark(make_teaser(1).id)
    store.remove_bookmark("nope")
    assert [t.id for t in store.bookmarks()] == [make_teaser(n).id for n in (2, 0)]
    assert store.bookmarks()[0] == make_teaser(2)


def test_history_reopen_moves_to_top(store: Store) -> None:
    for n in range(4):
        store.add_history(make_teaser(n))
    store.add_history(make_teaser(1))
    ids = [t.id for t in store.history()]
    assert ids == [make_teaser(n).id for n in (1, 3, 2, 0)]
    assert len(store.history(limit=2)) == 2
    assert store.history()[0] == make_teaser(1)


def test_offline_articles_newest_first(store: Store) -> None:
    for n in (2, 0, 1):
        store.put_article(make_article(n), fetched_at=T0, parser_version=1)
    got = store.offline_articles()
    assert [t.id for t in got] == [make_article(n).id for n in (2, 1, 0)]
    assert got[0] == make_article(2).teaser_entry()
    assert len(store.offline_articles(limit=1)) == 1


def test_meta(store: Store) -> None:
    assert store.get_meta("nav") is None
    store.set_meta("nav", {"back": ["a", "b"], "n": 1, "ü": None})
    assert store.get_meta("nav") == {"back": ["a", "b"], "n": 1, "ü": None}
    store.set_meta("nav", [1])
    assert store.get_meta("nav") == [1]
    with pytest.raises(TypeError):
        store.set_meta("bad", object())


def test_stats_and_clear(store: Store) -> None:
    a = make_article(1)
    store.put_article(a, raw=b"<html/>", fetched_at=T0, parser_version=1)
    store.put_listing(Listing("front", "https://taz.de/", "taz"), fetched_at=T0)
    store.set_read(a.id)
    store.add_bookmark(a.teaser_entry())
    store.add_history(a.teaser_entry())
    st = store.stats()
    assert (st.articles, st.pages, st.listings, st.read, st.bookmarks, st.history) == (
        1, 1, 1, 1, 1, 1)
    assert st.oldest == T0 and st.newest == T0 and st.file_bytes > 0
    assert st.budget_bytes == 500 * 1024 * 1024
    store.clear()
    st = store.stats()
    assert (st.articles, st.pages, st.listings, st.read, st.bookmarks, st.history) == (
        0, 0, 0, 0, 0, 0)
    assert store.search("fortschritt") == []
    assert store.get_article(a.id) is None


def test_timestamps_are_aware_utc(store: Store) -> None:
    naive = datetime(2026, 1, 1, 12, 0)
    store.put_listing(Listing("front", "u", "taz"), raw=b"x", fetched_at=naive)
    page = store.get_page("u")
    assert page is not None and page.fetched_at == naive.replace(tzinfo=UTC)
    assert page.fetched_at.tzinfo is UTC
    listing = store.get_listing("u")
    assert listing is not None and listing[1].tzinfo is UTC


def test_threads_share_one_store(store: Store) -> None:
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for n in range(k * 20, k * 20 + 20):
                store.put_article(make_article(n), fetched_at=T0, parser_version=1)
                store.states([make_article(n).id])
                store.search("fortschritt")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.stats().articles == 80
