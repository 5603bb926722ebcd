"""Start-up time of the reader: process start -> first painted list, from a 1,000-article cache.

Builds a cache of 1,000 articles (copies of the real 2024 article under new ids) plus a
front page of 100 teasers in a temporary data directory, then starts ``python -m tazreader``
in a pseudo-terminal (a real terminal as far as Textual knows) with
``TAZREADER_FIRST_PAINT_FILE`` set: the app writes the wall-clock time at which its first list
has been painted and exits. The time from just before the process is spawned to that moment
is one sample; the median of several runs is compared with the target.

Scenarios: ``--offline`` (no network at all), online against a closed loopback port (the
network side must not delay the first paint), and the "Offline verfügbar" list (1,000 rows).

    python bench/startup.py [--runs 7] [--target 0.35] [--check]
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
ARTICLES = 1000
FRONT_TEASERS = 100
CLOSED_PORT = "http://127.0.0.1:9"  # nothing listens there: loopback only, refused at once
sys.path.insert(0, str(ROOT))  # tazreader from this tree, for building and resetting the cache


def build_cache(data_dir: Path) -> None:
    from tazreader.store import Store
    from tazreader.taz.models import Listing
    from tazreader.taz.parse.article import PARSER_VERSION, parse_article

    base = parse_article(FIXTURE.read_bytes())
    now = datetime.now(UTC)
    store = Store.open(data_dir / "cache.sqlite3")
    try:
        teasers = []
        for i in range(ARTICLES):
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


def one_run(env: dict[str, str], args: list[str], marker: Path) -> float:
    marker.unlink(missing_ok=True)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 140, 0, 0))
    reader = threading.Thread(target=_drain, args=(master,), daemon=True)
    reader.start()
    start = time.time()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tazreader", *args],
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--target", type=float, default=0.35, help="seconds (default 0.35)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when the target is missed (else 0 either way)")
    opts = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tazreader-bench-") as tmp:
        tmpdir = Path(tmp)
        data = tmpdir / "data"
        data.mkdir()
        t0 = time.perf_counter()
        build_cache(data)
        print(f"cache: {ARTICLES} articles, front page of {FRONT_TEASERS} teasers "
              f"(built in {time.perf_counter() - t0:.1f} s)")
        marker = tmpdir / "first-paint"
        config = tmpdir / "config.toml"
        env = dict(os.environ)
        env.update(
            TAZREADER_DATA_DIR=str(data),
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
        scenarios = [
            ("front page, --offline", ["--offline"], 'start_list = "front"\n', True),
            (
                "front page, online (closed loopback port)",
                ["--base-url", CLOSED_PORT],
                'start_list = "front"\n',
                True,
            ),
            ("Offline verfügbar (1,000 rows), --offline", ["--offline"],
             'start_list = "offline"\n', False),
        ]
        ok = True
        # Warm the bytecode caches once, as an installed package would be.
        config.write_text(scenarios[0][2], encoding="utf-8")
        one_run(env, scenarios[0][1], marker)
        # Interleaved rounds, so that a busy moment of the machine hits every scenario alike.
        samples: dict[str, list[float]] = {name: [] for name, *_ in scenarios}
        for _ in range(opts.runs):
            for name, args, cfg, _counts in scenarios:
                config.write_text(cfg, encoding="utf-8")
                # The reader remembers the last list; start each scenario from its config.
                _forget_last_list(data)
                samples[name].append(one_run(env, args, marker))
        for name, _args, _cfg, counts in scenarios:
            runs = samples[name]
            median = statistics.median(runs)
            met = median <= opts.target
            if counts:
                ok = ok and met
                verdict = f"target {opts.target:.2f} s {'met' if met else 'MISSED'}"
            else:
                verdict = "for reference"
            spread = f"min {min(runs):.3f} s, max {max(runs):.3f} s"
            print(f"{name:45s} median {median:.3f} s ({spread}, {len(runs)} runs): {verdict}")
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
