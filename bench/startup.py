"""Start-up time of the reader: process start -> first painted list, from caches of several
sizes, against a bare Textual app (one Static) as the floor.

Builds caches of N articles (copies of the real 2024 article under new ids; 1,000 by default,
``--articles 1000 50000`` for the check that start-up does not grow with the cache) with a
front page of 100 teasers, then starts ``python -m tazreader`` in a pseudo-terminal (a real
terminal as far as Textual knows) with ``TAZREADER_FIRST_PAINT_FILE`` set: the app writes the
wall-clock time at which its first list has been painted and exits. The time from just before
the process is spawned to that moment is one sample. The bare app (a Textual App with one
Static, writing the same file once its first frame is painted) is started the same way, in
the same rounds, alternating with ours.

Scenarios: ``--offline`` (no network at all) for every size, online against a closed
loopback port (the network side must not delay the first paint) and the "Offline verfügbar"
list (1,000 rows) for the smallest.

Targets: median <= 0.35 s; first paint from the smallest cache <= 1.4 x the bare app's;
from every larger cache <= 1.1 x the smallest's.

    python bench/startup.py [--articles 1000 [50000 …]] [--runs 7] [--keep DIR] [--check]
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "fundus_Taz_2024_10_23.html"
ARTICLES = 1000  # the default cache size
TARGET_FLOOR_RATIO = 1.4  # ours from the smallest cache / the bare app
TARGET_GROWTH_RATIO = 1.1  # ours from a larger cache / ours from the smallest
BARE_APP = """
import os, sys, time
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("taz.de")

    def on_mount(self):
        self.call_after_refresh(self.painted)

    def painted(self):
        with open(os.environ["TAZREADER_FIRST_PAINT_FILE"], "w", encoding="utf-8") as f:
            f.write(repr(time.time()))
        self.exit()

Bare().run()
"""
FRONT_TEASERS = 100
CLOSED_PORT = "http://127.0.0.1:9"  # nothing listens there: loopback only, refused at once
sys.path.insert(0, str(ROOT))  # tazreader from this tree, for building and resetting the cache


def build_cache(data_dir: Path, articles: int = ARTICLES) -> None:
    from tazreader.store import Store
    from tazreader.taz.models import Listing
    from tazreader.taz.parse.article import PARSER_VERSION, parse_article

    base = parse_article(FIXTURE.read_bytes())
    now = datetime.now(UTC)
    store = Store.open(data_dir / "cache.sqlite3")
    try:
        teasers = []
        for i in range(articles):
            aid = str(6_000_000 + i)
            article = replace(
                base,
                id=aid,
                url=f"https://taz.de/!{aid}/",
                title=f"{base.title} ({i})",
                published=base.published - timedelta(minutes=i) if base.published else None,
            )
            store.put_article(article, fetched_at=now, parser_version=PARSER_VERSION)
            if i < FRONT_TEASERS:
                teasers.append(article.teaser_entry())
            if i and i % 10_000 == 0:
                print(f"  … {i} articles", flush=True)
        for base_url in ("https://taz.de", CLOSED_PORT):
            store.put_listing(
                Listing("front", f"{base_url}/", "taz.de", tuple(teasers)), fetched_at=now
            )
    finally:
        store.close()


def _drain(fd: int) -> None:
    with contextlib.suppress(OSError):
        while os.read(fd, 65536):
            pass


def one_run(env: dict[str, str], args: list[str], marker: Path,
            command: list[str] | None = None) -> float:
    marker.unlink(missing_ok=True)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 140, 0, 0))
    reader = threading.Thread(target=_drain, args=(master,), daemon=True)
    reader.start()
    start = time.time()
    proc = subprocess.Popen(
        command or [sys.executable, "-m", "tazreader", *args],
        stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, close_fds=True,
    )
    os.close(slave)
    try:
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    if not marker.exists():
        raise SystemExit(f"no first paint recorded (exit code {proc.returncode}, args {args})")
    return float(marker.read_text(encoding="utf-8")) - start


def _cache(folder: Path, articles: int) -> Path:
    """A data directory with a cache of ``articles`` articles (reused when kept)."""
    data = folder / f"data-{articles}"
    marker = data / "built"
    if marker.exists() and marker.read_text(encoding="utf-8").strip() == str(articles):
        print(f"cache: {articles} articles, reused from {data}")
        return data
    data.mkdir(parents=True, exist_ok=True)
    for p in data.glob("cache.sqlite3*"):
        p.unlink()
    t0 = time.perf_counter()
    build_cache(data, articles)
    marker.write_text(f"{articles}\n", encoding="utf-8")
    print(f"cache: {articles} articles, front page of {FRONT_TEASERS} teasers "
          f"(built in {time.perf_counter() - t0:.1f} s)")
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[ARTICLES],
                        help="cache sizes (default 1000); the first is the reference")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--target", type=float, default=0.35, help="seconds (default 0.35)")
    parser.add_argument("--keep", type=Path, help="build the caches in DIR and reuse them")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a target is missed (else 0 either way)")
    opts = parser.parse_args()
    sizes = list(dict.fromkeys(opts.articles))

    with tempfile.TemporaryDirectory(prefix="tazreader-bench-") as tmp:
        tmpdir = Path(tmp)
        folder = opts.keep or tmpdir
        datas = {n: _cache(folder, n) for n in sizes}
        marker = tmpdir / "first-paint"
        config = tmpdir / "config.toml"
        env = dict(os.environ)
        env.update(
            TAZREADER_CONFIG_FILE=str(config),
            TAZREADER_FIRST_PAINT_FILE=str(marker),
            TERM="xterm-256color",
            PYTHONPATH=str(ROOT),
        )
        env.pop("TAZREADER_BASE_URL", None)
        # Byte-compiled modules, as an installed package has them (pip compiles on install):
        # with PYTHONDONTWRITEBYTECODE set (as in some dev shells) every run would compile
        # tazreader's sources again. The caches go to the temporary directory, not the tree.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(tmpdir / "pycache")
        first = sizes[0]
        bare = "bare Textual app (one Static)"
        # (name, cache size or None for the bare app, args, config, counts for the target)
        Scenario = tuple[str, int | None, list[str], str, bool]
        scenarios: list[Scenario] = [(bare, None, [], "", False)]
        for n in sizes:
            scenarios.append((f"front page, --offline, {n:,} articles", n, ["--offline"],
                              'start_list = "front"\n', True))
        scenarios += [
            (f"front page, online (closed port), {first:,}", first,
             ["--base-url", CLOSED_PORT], 'start_list = "front"\n', True),
            (f"Offline verfügbar (1,000 rows), {first:,}", first, ["--offline"],
             'start_list = "offline"\n', False),
        ]
        ok = True
        # Warm the bytecode caches once, as an installed package would be.
        config.write_text(scenarios[1][3], encoding="utf-8")
        env["TAZREADER_DATA_DIR"] = str(datas[first])
        one_run(env, scenarios[1][2], marker)
        one_run(env, [], marker, [sys.executable, "-c", BARE_APP])
        # Interleaved rounds, so that a busy moment of the machine hits every scenario alike.
        samples: dict[str, list[float]] = {name: [] for name, *_ in scenarios}
        for _ in range(opts.runs):
            for name, n, args, cfg, _counts in scenarios:
                if n is None:
                    samples[name].append(
                        one_run(env, [], marker, [sys.executable, "-c", BARE_APP]))
                    continue
                config.write_text(cfg, encoding="utf-8")
                env["TAZREADER_DATA_DIR"] = str(datas[n])
                # The reader remembers the last list; start each scenario from its config.
                _forget_last_list(datas[n])
                samples[name].append(one_run(env, args, marker))
        medians = {name: statistics.median(runs) for name, runs in samples.items()}
        for name, _n, _args, _cfg, counts in scenarios:
            runs = samples[name]
            median = medians[name]
            met = median <= opts.target
            if counts:
                ok = ok and met
                verdict = f"target {opts.target:.2f} s {'met' if met else 'MISSED'}"
            else:
                verdict = "for reference"
            spread = f"min {min(runs):.3f} s, max {max(runs):.3f} s"
            print(f"{name:45s} median {median:.3f} s ({spread}, {len(runs)} runs): {verdict}")
        reference = medians[f"front page, --offline, {first:,} articles"]
        ratio = reference / medians[bare]
        met = ratio <= TARGET_FLOOR_RATIO
        ok = ok and met
        print(f"ours ({first:,} articles) / bare app: {ratio:.2f} x "
              f"(target <= {TARGET_FLOOR_RATIO} x: {'met' if met else 'MISSED'})")
        for n in sizes[1:]:
            growth = medians[f"front page, --offline, {n:,} articles"] / reference
            met = growth <= TARGET_GROWTH_RATIO
            ok = ok and met
            print(f"ours ({n:,} articles) / ours ({first:,}): {growth:.2f} x "
                  f"(target <= {TARGET_GROWTH_RATIO} x: {'met' if met else 'MISSED'})")
        _import_textual(env)
        return 1 if opts.check and not ok else 0


def _forget_last_list(data: Path) -> None:
    from tazreader.store import Store

    store = Store.open(data / "cache.sqlite3")
    try:
        store.set_meta("last_list", None)
    finally:
        store.close()


def _import_textual(env: dict[str, str]) -> None:
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import textual.app"], env=env, check=True)
        samples.append(time.perf_counter() - start)
    label = "for comparison: python -c 'import textual.app'"
    print(f"{label:45s} median {statistics.median(samples):.3f} s")


if __name__ == "__main__":
    sys.exit(main())
