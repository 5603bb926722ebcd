"""Shared pytest fixtures. Keep this small and generic; others may add fixtures here."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tazreader import i18n
from tests.server import FixtureServer, serve


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The tests read the English interface unless they ask for German (``german``), also
    where ``main()`` chooses the language from the locale, whatever the machine's is."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def german() -> Iterator[None]:
    """The German interface, for this test."""
    i18n.set_language("de")
    yield
    i18n.set_language("en")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` (pyproject's addopts): two workers per CPU, not one.

    About half of the suite's wall time is waiting, not computing: Textual's Pilot waits for
    the app to go idle after every key, and the loopback server, timeouts and subprocesses
    wait too. On the 2-core CI machine the full suite took about 58 s with 2 workers, 45 s
    with 3 and 40 s with 4 (serially: about 100 s). ``PYTEST_XDIST_AUTO_NUM_WORKERS=N`` or
    ``-n N`` still choose N; ``-n0`` runs serially.
    """
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own hook reads it
    return 2 * len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None


@pytest.fixture
def fixture_server() -> Iterator[FixtureServer]:
    """A real HTTP server on 127.0.0.1 playing taz.de from tests/fixtures (see tests/server.py)."""
    yield from serve()


# -- syrupy's snapshot report under pytest-xdist-----------------------------------------------
#
# Run serially, syrupy fails the run when a snapshot file belongs to no test (a test was
# renamed or removed), and ``--snapshot-update`` deletes it. Under xdist (the default run, see
# addopts in pyproject.toml) syrupy 4 skips that check, in the workers and in the controller.
# So each worker hands the controller syrupy's own verdict: the snapshot files it looked at
# and the ones it found unused. A worker uses only the snapshots of the tests it ran, so a
# snapshot is unused when every worker that looked at it found it unused; the run then fails
# as a serial one does. Deleting is left to a serial run: ``pytest -n0 --snapshot-update``.
# The workers' counts (passed, generated, updated, failed) are added up for the summary.

_SEEN = "tazreader_snapshots_seen"
_UNUSED = "tazreader_snapshots_unused"
_COUNTS = "tazreader_snapshots_counts"
_COUNTED = ("failed", "passed", "generated", "updated")
_WORKER_OUTPUTS = pytest.StashKey[list[dict[str, Any]]]()
_WORKER_LOST = pytest.StashKey[bool]()
_UNUSED_FOUND = pytest.StashKey[list[tuple[str, str]]]()
_COUNTS_FOUND = pytest.StashKey[dict[str, int]]()


@pytest.hookimpl(trylast=True)  # after syrupy's own sessionfinish has made its report
def pytest_sessionfinish(session: pytest.Session) -> None:
    config: Any = session.config
    output = getattr(config, "workeroutput", None)
    if output is not None:  # an xdist worker: say what syrupy found
        report = getattr(getattr(config, "_syrupy", None), "report", None)
        if report is not None:
            output[_SEEN] = sorted(c.location for c in report.discovered)
            output[_UNUSED] = sorted([c.location, s.name] for c in report.unused for s in c)
            output[_COUNTS] = [report.num_failed, report.num_matched, report.num_created,
                               report.num_updated]
        return
    outputs = config.stash.get(_WORKER_OUTPUTS, None)
    if not outputs or config.stash.get(_WORKER_LOST, False):
        return  # not an xdist run, or a worker died: nothing sure to say
    counts = dict.fromkeys(_COUNTED, 0)
    for output in outputs:
        for key, n in zip(_COUNTED, output.get(_COUNTS, ()), strict=False):
            counts[key] += n
    config.stash[_COUNTS_FOUND] = counts
    if session.shouldfail or session.shouldstop:
        return  # stopped early (-x, --maxfail): tests that did not run used no snapshots
    unused = unused_by_all(outputs)
    config.stash[_UNUSED_FOUND] = unused
    if unused:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def unused_by_all(outputs: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The (file, name) pairs that every worker which looked at the file found unused."""
    verdict: dict[str, set[tuple[str, str]]] = {}
    for output in outputs:
        if _SEEN not in output:
            continue
        unused = {(location, name) for location, name in output[_UNUSED]}
        for location in output[_SEEN]:
            here = {pair for pair in unused if pair[0] == location}
            verdict[location] = verdict[location] & here if location in verdict else here
    return sorted(pair for pairs in verdict.values() for pair in pairs)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object | None) -> None:
    """xdist controller: a worker is done; keep what it said (its ``workeroutput``)."""
    config = node.config
    if error is not None or not hasattr(node, "workeroutput"):
        config.stash[_WORKER_LOST] = True
    else:
        config.stash.setdefault(_WORKER_OUTPUTS, []).append(node.workeroutput)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    counts = config.stash.get(_COUNTS_FOUND, {})
    unused = config.stash.get(_UNUSED_FOUND, [])
    said = [f"{n} snapshot{'s' * (n != 1)} {key}." for key, n in counts.items() if n]
    if unused:
        said.append(f"{len(unused)} snapshot{'s' * (len(unused) != 1)} unused.")
    if not said:
        return
    terminalreporter.write_sep("-", "snapshot report summary (all xdist workers)")
    terminalreporter.write_line(" ".join(said))
    for location, name in unused:
        path = Path(location)
        shown = path.relative_to(config.rootpath) if path.is_relative_to(config.rootpath) else path
        terminalreporter.write_line(f"unused: {name} ({shown})")
    if unused:
        terminalreporter.write_line(
            "No test uses these snapshots (renamed or removed tests?). "
            "Delete them with a serial run: pytest -n0 --snapshot-update"
        )
