"""TazClient against a hostile server: what a response can carry that must not hurt the reader.

Compressed bodies that unpack to gigabytes, header text with terminal controls, validators
that cannot be sent back, a ``Retry-After`` that is no number, a body that drips, hosts that
are no hosts. Each is served by the real loopback server (tests/server.py) or a raw socket.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import subprocess
import sys
import textwrap
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tazreader.taz.client import TazClient, retry_after_seconds
from tests.hostile.checks import UNSAFE
from tests.server import FixtureServer

ROOT = Path(__file__).parent.parent.parent
ARTICLE = "/!5928990/"
MB = 1 << 20


def make_client(server: FixtureServer, **kwargs: object) -> TazClient:
    options: dict[str, object] = {
        "timeout": httpx.Timeout(2.0, connect=1.0),
        "backoff": 0.01,
        "retries": 2,
    }
    options.update(kwargs)
    return TazClient(server.base_url, **options)  # type: ignore[arg-type]


# --- decompression bombs ---------------------------------------------------------------


def _zeros_deflated(megabytes: int) -> bytes:
    """Raw deflate of ``megabytes`` MiB of zeros, built without compressing them all: after a
    full flush deflate starts afresh, so every MiB of zeros codes to the same bytes."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = deflate.compress(b"\0" * MB) + deflate.flush(zlib.Z_FULL_FLUSH)
    return block * megabytes + deflate.flush()


def _checksum(megabytes: int, function: Callable[[bytes, int], int], start: int) -> int:
    zeros, value = b"\0" * MB, start
    for _ in range(megabytes):
        value = function(zeros, value)
    return value


def gzip_of_zeros(megabytes: int) -> bytes:
    """A valid gzip stream (one member) of ``megabytes`` MiB of zeros."""
    body, crc = _zeros_deflated(megabytes), _checksum(megabytes, zlib.crc32, 0)
    size = (megabytes * MB) & 0xFFFFFFFF
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + body + crc.to_bytes(4, "little") + size.to_bytes(4, "little")


def zlib_of_zeros(megabytes: int) -> bytes:
    """A valid zlib stream (HTTP's "deflate") of ``megabytes`` MiB of zeros."""
    adler = _checksum(megabytes, zlib.adler32, 1)
    return b"\x78\xda" + _zeros_deflated(megabytes) + adler.to_bytes(4, "big")


def test_the_bomb_builder_makes_real_gzip() -> None:
    assert gzip.decompress(gzip_of_zeros(3)) == b"\0" * (3 * MB)
    assert zlib.decompress(zlib_of_zeros(3)) == b"\0" * (3 * MB)


@pytest.fixture(scope="module")
def bombs() -> dict[str, tuple[bytes, str]]:
    """name -> (body, Content-Encoding): each unpacks to 0.5 GB or more."""
    half_gb = gzip_of_zeros(512)
    member = gzip.compress(b"\0" * MB)
    return {
        "gzip, gzip 0.5 GB": (gzip.compress(half_gb), "gzip, gzip"),
        "gzip, gzip 4 GB (4096 members)": (gzip.compress(member * 4096), "gzip, gzip"),
        "deflate, gzip 1 GB": (gzip.compress(zlib_of_zeros(1024)), "deflate, gzip"),
        "gzip 0.5 GB": (half_gb, "gzip"),
    }


_MEASURE = textwrap.dedent("""
    import asyncio, json, sys, time
    from tazreader.taz.client import TazClient

    base, paths = sys.argv[1], sys.argv[2:]

    def status_mb(field):  # from /proc: getrusage's peak survives exec (the parent's)
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
        raise LookupError(field)

    def reset_peak():
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")

    async def main():
        out = []
        async with TazClient(base, retries=0) as client:
            await client.fetch(base + "/!5928990/")  # the machinery warmed up: the baseline
            for path in paths:
                reset_peak()
                before, start = status_mb("VmRSS"), time.monotonic()
                try:
                    await client.fetch(base + path)
                    outcome = "fetched"
                except TazClient.Error as exc:
                    outcome = type(exc).__name__ + ": " + str(exc)
                out.append({"path": path, "outcome": outcome,
                            "seconds": time.monotonic() - start,
                            "extra_mb": status_mb("VmHWM") - before})
        print(json.dumps(out))

    asyncio.run(main())
""")


@pytest.mark.skipif(platform.system() != "Linux", reason="reads the memory peak from /proc")
def test_decompression_bombs_are_refused_quickly_and_in_little_memory(
    fixture_server: FixtureServer, bombs: dict[str, tuple[bytes, str]]
) -> None:
    paths: dict[str, str] = {}
    for i, (name, (body, coding)) in enumerate(bombs.items()):
        path = f"/!{4000000 + i}/"
        paths[path] = name
        assert len(body) < 600_000, name  # small on the wire …
        fixture_server.fault(path, body=body, headers={"Content-Encoding": coding})
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, fixture_server.base_url, *paths],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads(proc.stdout)
    for got in results:
        name = paths[got["path"]]
        assert got["outcome"].startswith("TooLarge: "), (name, got)
        assert "too large" in got["outcome"], (name, got)
        assert got["seconds"] < 1.0, (name, got)  # … and refused at once,
        assert got["extra_mb"] < 50, (name, got)  # in little memory
    print(json.dumps(results, indent=1))  # the figures (pytest -s) for the README


async def test_gzip_and_deflate_pages_are_read(fixture_server: FixtureServer) -> None:
    page = fixture_server.content(ARTICLE)
    assert page is not None
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    for i, (body, coding) in enumerate([
        (gzip.compress(page.body), "gzip"),
        (gzip.compress(gzip.compress(page.body)), "x-gzip, gzip"),
        (zlib.compress(page.body), "deflate"),
        (raw_deflate.compress(page.body) + raw_deflate.flush(), "deflate"),  # raw, as some send
        (gzip.compress(page.body[:1000]) + gzip.compress(page.body[1000:]), "gzip"),  # members
        (page.body, "identity"),
    ]):
        path = f"/!{4100000 + i}/"
        fixture_server.fault(path, body=body, headers={"Content-Encoding": coding})
        async with make_client(fixture_server) as client:
            result = await client.fetch(fixture_server.url(path))
        assert result.body == page.body, coding
    sent = fixture_server.hits()[0].headers["accept-encoding"]
    assert sent == "gzip, deflate"  # nothing is asked for that cannot be read


@pytest.mark.parametrize(
    ("coding", "body", "says"),
    [
        ("br", b"\x0b\x02\x80<html>\x03", "cannot read"),
        ("gzip, gzip, gzip",
         gzip.compress(gzip.compress(gzip.compress(b"<html/>", mtime=0), mtime=0), mtime=0),
         "3 times"),
        ("gzip", b"<html>not gzip at all</html>", "damaged"),
        ("gzip", gzip.compress(b"<html>" + b"x" * 5000, mtime=0)[:-20], "cut off"),
    ],
    ids=["br", "three-layers", "not-gzip", "cut-off"],  # the same on every test worker
)
async def test_unknown_or_broken_codings_are_refused(
    fixture_server: FixtureServer, coding: str, body: bytes, says: str
) -> None:
    fixture_server.fault(ARTICLE, body=body, headers={"Content-Encoding": coding})
    async with make_client(fixture_server) as client:
        with pytest.raises(TazClient.Error) as info:
            await client.fetch(fixture_server.url(ARTICLE))
    assert says in str(info.value)
    assert len(fixture_server.hits(ARTICLE)) == 1  # not worth a retry


# --- header text -----------------------------------------------------------------------

HOSTILE_TYPE = "text/x\x1b[8m\x1b[6n\x1bc"  # hide, ask for the cursor, reset the terminal
HOSTILE_LOCATION = "http://us\x85er\x9b6n:pa\x9d0;pw\x9c@evil.example/!5928990/"  # C1


async def test_a_hostile_content_type_is_quoted_inert(fixture_server: FixtureServer) -> None:
    fixture_server.fault(ARTICLE, content_type=HOSTILE_TYPE)
    async with make_client(fixture_server) as client:
        with pytest.raises(TazClient.NotTaz) as info:
            await client.fetch(fixture_server.url(ARTICLE))
    message = str(info.value)
    assert "is not a web page (text/x[8m[6nc)" in message
    assert UNSAFE.search(message) is None and UNSAFE.search(info.value.message) is None


async def test_a_hostile_redirect_is_named_by_its_host_alone(
    fixture_server: FixtureServer,
) -> None:
    fixture_server.fault(ARTICLE, redirect=HOSTILE_LOCATION)
    fixture_server.fault("/!4000000/", redirect="http://[::1/broken")
    fixture_server.fault("/!4000001/", redirect="http://x\x1b]0;pw\x07@evil.example/")  # C0
    async with make_client(fixture_server) as client:
        with pytest.raises(TazClient.NotTaz) as info:
            await client.fetch(fixture_server.url(ARTICLE))
        message = str(info.value)
        assert "redirected to another site (evil.example)" in message
        assert "pw" not in message and UNSAFE.search(message) is None
        for path in ("/!4000000/", "/!4000001/"):  # no ValueError, no "broke off" and retry
            with pytest.raises(TazClient.NotTaz) as info:
                await client.fetch(fixture_server.url(path))
            assert "not following it" in str(info.value)
            assert UNSAFE.search(str(info.value)) is None
            assert len(fixture_server.hits(path)) == 1


# --- Retry-After -----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["\xb2", "\u0663", "1e3", "-5", "12 s", "soon", "0x10"])
def test_retry_after_that_is_no_number_is_ignored(value: str) -> None:
    assert retry_after_seconds(value) is None  # "²".isdigit() is true, float("²") fails


def test_retry_after_is_capped() -> None:
    assert retry_after_seconds("99999999999999999999") == 3600
    assert retry_after_seconds("Fri, 31 Dec 9999 23:59:59 GMT") == 3600
    assert retry_after_seconds(" 7 ") == 7


async def test_a_503_with_retry_after_superscript_two_is_retried(
    fixture_server: FixtureServer,
) -> None:
    fixture_server.fault(ARTICLE, status=503, retry_after="\xb2", times=1)
    async with make_client(fixture_server) as client:
        result = await client.fetch(fixture_server.url(ARTICLE))  # no ValueError
    assert result.status == 200
    assert len(fixture_server.hits(ARTICLE)) == 2


# --- a body that drips -----------------------------------------------------------------


async def test_a_dripping_body_meets_one_deadline_and_is_not_retried(
    fixture_server: FixtureServer,
) -> None:
    fixture_server.fault(ARTICLE, drip=0.2)  # a byte every 0.2 s: no read ever times out
    async with make_client(fixture_server, retries=3, deadline=1.0) as client:
        start = time.monotonic()
        with pytest.raises(TazClient.Offline) as info:
            await client.fetch(fixture_server.url(ARTICLE))
        took = time.monotonic() - start
    assert "too slow" in str(info.value) and "1 s" in str(info.value)
    assert took < 1.5, took  # one deadline for the request, not one per attempt
    assert len(fixture_server.hits(ARTICLE)) == 1  # and no retry after it


async def test_the_deadline_covers_the_waits_between_attempts(
    fixture_server: FixtureServer,
) -> None:
    fixture_server.fault(ARTICLE, status=503, retry_after="2")
    async with make_client(fixture_server, retries=3, deadline=1.0) as client:
        start = time.monotonic()
        with pytest.raises(TazClient.ServerError):
            await client.fetch(fixture_server.url(ARTICLE))
        took = time.monotonic() - start
    assert took < 0.5, took  # a wait past the deadline is not waited
    assert len(fixture_server.hits(ARTICLE)) == 1


def test_the_default_deadline_suits_a_newspaper_page() -> None:
    assert 20 <= TazClient().deadline <= 30


@pytest.mark.parametrize(
    "location",
    ["http://127.0.0.1:{port}@evil.example/!5928990/", "http://user@127.0.0.1:{port}/!5928990/",
     "https://taz.de:443@evil.example/!5928990/"],
)
async def test_a_redirect_with_user_info_leaves_the_site(
    fixture_server: FixtureServer, location: str
) -> None:
    fixture_server.fault(ARTICLE, redirect=location.format(port=fixture_server.port))
    async with make_client(fixture_server) as client:
        with pytest.raises(TazClient.NotTaz) as info:
            await client.fetch(fixture_server.url(ARTICLE))
    assert "another site" in str(info.value)
    assert len(fixture_server.hits()) == 1
