"""Huge and pathological pages: bounded time and memory, then a clear ParseError or a result.

Each case runs in a fresh interpreter (``tests/hostile/huge_cases.py``) under an address-space
limit, so its peak RSS can be measured and a runaway allocation cannot take the machine down.
Bounds are generous (CI has two slow cores); the measured figures are in
/work/notes/reliability.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parent.parent.parent
SECONDS = 10.0  # per parser call
RSS_MB = 800.0  # growth of the peak RSS during the parser call

TOO_LARGE = "too large"
BEYOND_LIMITS = "beyond the parser's limits"
# case -> what must come out: ("error", words of the message) or ("article"/"listing", checks)
EXPECTED: dict[str, tuple[str, str]] = {
    "article_50mb_paragraph": ("error", TOO_LARGE),
    "article_50mb_padding": ("error", TOO_LARGE),
    "article_9mb_paragraph": ("article", "the giant paragraph kept whole, the rest too"),
    "article_100k_links": ("article", "at most 1000 numbered links"),
    "article_100k_inline": ("article", "one paragraph of 100,000 <b>"),
    "article_100k_paragraphs": ("article", "100,000 paragraphs"),
    "article_nested_div": ("error", BEYOND_LIMITS),
    "article_nested_span_in_p": ("error", BEYOND_LIMITS),
    "article_nested_a": ("article", "nested <a> are closed by the HTML parser"),
    "article_unclosed_10k": ("error", BEYOND_LIMITS),
    "listing_50mb": ("error", TOO_LARGE),
    "listing_100k_teasers": ("listing", "at most 1000 teasers"),
    "listing_100k_links": ("listing", "bare links are no teasers"),
    "listing_nested_div": ("error", BEYOND_LIMITS),
    "listing_nested_article": ("error", BEYOND_LIMITS),
    "feed_50mb": ("error", TOO_LARGE),
    "feed_100k_items": ("listing", "at most 1000 items"),
    "feed_nested": ("error", BEYOND_LIMITS),
    "feed_billion_laughs": ("error", BEYOND_LIMITS),
}


def run_case(name: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "tests.hostile.huge_cases", name],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_every_case_is_expected() -> None:
    from tests.hostile.huge_cases import CASES

    assert set(CASES) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_huge_input_is_bounded(name: str) -> None:
    r = run_case(name)
    # CPU time: the bound is on the parser's work, which other work on a busy machine does
    # not change (the wall-clock "seconds" are in the result too, for the README's table).
    assert r["cpu_seconds"] < SECONDS, r
    assert r["rss_growth_mb"] < RSS_MB, r
    kind, what = EXPECTED[name]
    assert r["result"] == kind, r
    if kind == "error":
        assert what in r["message"], r
    elif name == "article_9mb_paragraph":
        assert r["blocks"] == 9 and r["links"] == 5 and r["related"] == 3, r
        assert r["longest"] >= 8_999_999, r  # the giant paragraph, not cut off
    elif name == "article_100k_links":
        assert r["links"] == 1000, r
        assert r["blocks"] == 9 and r["related"] == 3, r  # the rest of the page is all there
    elif name == "article_100k_inline":
        assert r["longest"] == len("fett " * 100_000) - 1, r
    elif name == "article_100k_paragraphs":
        assert r["blocks"] == 100_000 + 8, r
    elif name in ("listing_100k_teasers", "feed_100k_items"):
        assert r["teasers"] == 1000, r
    elif name == "listing_100k_links":
        assert r["teasers"] == 21, r  # the front page's own teasers
    elif name == "article_nested_a":
        assert r["blocks"] == 9, r


def test_dump_refuses_a_50mb_file_quickly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import time

    from tazreader.__main__ import main

    page = tmp_path / "huge.html"
    real = (ROOT / "tests" / "fixtures" / "fundus_Taz_2024_10_23.html").read_bytes()
    with page.open("wb") as fh:
        fh.write(real[:1000])
        fh.truncate(50_000_000)  # sparse: 50 MB without writing them
    start = time.perf_counter()
    assert main(["dump", str(page)]) != 0
    assert time.perf_counter() - start < SECONDS
    out, err = capsys.readouterr()
    assert out == "" and "larger than 10 MB" in err and err.count("\n") == 1
