"""Pictures kept with their article: by size, offline, within the budget (before any text)."""

from __future__ import annotations

import os
from pathlib import Path

from tazreader.store import Store
from tests.factories import T0, make_article


def picture_url(n: int, width: int) -> str:
    return f"https://taz.de/picture/{7_000_000 + n}/{width}/bild.jpeg"


def test_a_picture_is_kept_by_size_and_goes_with_its_article(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.sqlite3") as s:
        article = make_article(1)
        s.put_article(article, fetched_at=T0, parser_version=1)
        s.put_picture(picture_url(1, 85), article.id, b"\xff\xd8\xffklein", "image/jpeg", T0)
        s.put_picture(picture_url(1, 665), article.id, b"\xff\xd8\xffgross", "image/jpeg", T0)
        narrow = s.picture(article.id, wide=80)
        assert narrow is not None and narrow.width == 85 and narrow.body.endswith(b"klein")
        wide = s.picture(article.id, wide=600)
        assert wide is not None and wide.width == 665
        assert s.picture(article.id, wide=1200) is None  # none that wide
        widest = s.picture(article.id)
        assert widest is not None and widest.width == 665  # offline: whatever there is
        assert s.stats().pictures == 2
        s.clear()
        assert s.picture(article.id) is None and s.stats().pictures == 0


def test_the_budget_evicts_pictures_before_any_text_and_keeps_bookmarks(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.sqlite3", budget_mb=1) as s:
        ids = []
        for n in range(6):
            article = make_article(n)
            s.put_article(article, raw=os.urandom(20_000), fetched_at=T0, parser_version=1)
            s.put_picture(picture_url(n, 665), article.id, os.urandom(250_000), "image/jpeg", T0)
            ids.append(article.id)
        s.add_bookmark(make_article(0).teaser_entry())
        assert s.stats().used_bytes > s.budget_bytes
        s.prune()
        assert s.stats().used_bytes <= s.budget_bytes
        assert s.cached_ids(ids) == set(ids)  # every article's text is still there
        assert s.picture(ids[0]) is not None  # the bookmark keeps its picture
        assert sum(s.picture(i) is not None for i in ids[1:]) < 5


def test_an_evicted_article_takes_its_picture_along(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.sqlite3", budget_mb=1) as s:
        for n in range(60):
            article = make_article(n)
            s.put_article(article, raw=os.urandom(30_000), fetched_at=T0, parser_version=1)
            s.set_read(article.id)
        s.put_picture(picture_url(0, 85), make_article(0).id, b"\xff\xd8\xffx", "image/jpeg",
                      T0)
        s.prune()
        assert s.get_article(make_article(0).id) is None
        assert s.picture(make_article(0).id) is None


def test_the_pictures_of_one_article_are_told_apart(tmp_path: Path) -> None:
    """An article with pictures in its body: each is found by its own address, in any of its
    widths; never another picture of the same article."""
    lead, body = picture_url(10, 85), picture_url(11, 665)
    with Store.open(tmp_path / "c.sqlite3") as s:
        article = make_article(1)
        s.put_article(article, fetched_at=T0, parser_version=1)
        s.put_picture(lead, article.id, b"\xff\xd8\xffvorn", "image/jpeg", T0)
        s.put_picture(body, article.id, b"\xff\xd8\xffmitten", "image/jpeg", T0)
        hit = s.picture(article.id, picture_url(11, 85), wide=85)
        assert hit is not None and hit.body.endswith(b"mitten") and hit.width == 665
        hit = s.picture(article.id, picture_url(10, 1900), wide=80)
        assert hit is not None and hit.body.endswith(b"vorn")
        assert s.picture(article.id, picture_url(10, 1900), wide=600) is None  # only 85 wide
        widest = s.picture(article.id, picture_url(10, 1900))  # any width of this picture
        assert widest is not None and widest.url == lead
        assert s.picture(article.id, picture_url(12, 85)) is None  # not cached at all
        assert s.picture(article.id, picture_url(12, 85), wide=1) is None
        # An address without a width is its own size: found as itself.
        plain = "https://taz.de/uploads/images/bild.jpeg"
        s.put_picture(plain, article.id, b"\xff\xd8\xffplain", "image/jpeg", T0)
        hit = s.picture(article.id, plain, wide=1)
        assert hit is not None and hit.body.endswith(b"plain")
