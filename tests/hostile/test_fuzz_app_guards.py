"""Cross-checks of the app's guards (tazreader/app/exporting.py, owned by the app engineer) with
hostile input: an export file name never leaves its folder, and a URL passes the browser
guard only if it is a plain http(s) URL with a host and no control or bidi character."""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from hypothesis import given
from hypothesis import strategies as st

from tazreader.app.browser import browser_problem
from tazreader.app.exporting import RESERVED, export_article, safe_filename
from tazreader.taz.models import Article
from tests.hostile.checks import UNSAFE, UNSAFE_OUTPUT
from tests.hostile.conftest import profile
from tests.hostile.strategies import HOSTILE_TEXT, URL_PIECES, hrefs

names = st.lists(
    st.sampled_from([*HOSTILE_TEXT, "..", "/", "\\", "CON", "nul", "com1", ".txt", "~", "-", "."])
    | st.text(max_size=8),
    max_size=8,
).map("".join)


@profile()
@given(names, names)
def test_safe_filename_is_a_plain_stem(title: str, fallback: str) -> None:
    stem = safe_filename(title, fallback)
    assert stem and all(c.isascii() and (c.isalnum() or c == "-") for c in stem), stem
    assert stem.lower().split(".")[0] not in RESERVED


@profile(0.5)
@given(names, names, st.sampled_from(["text", "markdown"]))
def test_export_stays_in_its_folder(title: str, kicker: str, fmt: str) -> None:
    article = Article(id="6666666", url="https://taz.de/!6666666/", title=title or "x",
                      kicker=kicker)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name).resolve()
        path = export_article(article, fmt, folder)  # type: ignore[arg-type]
        assert path.resolve().parent == folder
        assert path.is_file()
        assert [p.name for p in folder.iterdir()] == [path.name]
        written = path.read_text(encoding="utf-8")
        assert UNSAFE_OUTPUT.search(written) is None, "a control character reached the file"


@profile(2)
@given(hrefs | st.lists(st.sampled_from(URL_PIECES) | st.text(max_size=4), max_size=8).map(
    "".join))
def test_browser_guard_lets_only_plain_web_urls_through(url: str) -> None:
    if browser_problem(url) is not None:
        return
    parts = urlsplit(url.strip())
    assert parts.scheme.lower() in ("http", "https"), url
    assert parts.hostname, url
    assert UNSAFE.search(url) is None, url
    assert not any(c.isspace() for c in url.strip()), url
