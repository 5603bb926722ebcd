"""Benchmark: parse_article + render_text against trafilatura.extract on the same real page.

Run from the repository root after ``pip install -e '.[bench]'``::

    python bench/parse.py [--repeat N] [--page FILE] [--profile]

Prints the median of each (after a warm-up), the ratio, and whether the target
(ours <= 0.5 x trafilatura) is met. Exit status 0 either way (a benchmark, not a test);
``--check`` makes it 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tazreader.taz.parse.article import parse_article  # noqa: E402
from tazreader.taz.textedition import render_text  # noqa: E402

PAGE = ROOT / "tests" / "fixtures" / "fundus_Taz_2024_10_23.html"
URL = "https://taz.de/Entwurf-des-Selbstbestimmungsgesetzes/!5928990/"
TARGET = 0.5


def timings(fn: Callable[[], object], repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--repeat", type=int, default=50, help="timed runs of each (default 50)")
    ap.add_argument("--page", type=Path, default=PAGE, help="the saved page (default: 2024 page)")
    ap.add_argument("--profile", action="store_true", help="also print a profile of ours")
    ap.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    args = ap.parse_args(argv)

    try:
        import trafilatura
    except ImportError:
        print("trafilatura is missing: pip install -e '.[bench]'", file=sys.stderr)
        return 2

    html = args.page.read_bytes()

    def ours() -> str:
        return render_text(parse_article(html, url=URL))

    def theirs() -> str | None:
        result: str | None = trafilatura.extract(html, url=URL)
        return result

    # Same page, same run; interleave the two series so drift hits both alike.
    assert ours().strip() and (theirs() or "").strip(), "one of the extractors returned nothing"
    ours_t: list[float] = []
    theirs_t: list[float] = []
    for _ in range(5):
        ours_t += timings(ours, max(1, args.repeat // 5))
        theirs_t += timings(theirs, max(1, args.repeat // 5))
    m_ours = statistics.median(ours_t)
    m_theirs = statistics.median(theirs_t)
    ratio = m_ours / m_theirs
    print(f"page: {args.page.name} ({len(html) / 1000:.0f} kB), {len(ours_t)} runs each")
    print(f"tazreader parse_article + render_text: median {m_ours * 1000:8.2f} ms")
    print(f"trafilatura.extract:                   median {m_theirs * 1000:8.2f} ms")
    print(f"ratio ours / trafilatura: {ratio:.2f} (target <= {TARGET})")
    met = ratio <= TARGET
    print("target met" if met else "target NOT met")

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(20):
            ours()
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return 1 if args.check and not met else 0


if __name__ == "__main__":
    sys.exit(main())
