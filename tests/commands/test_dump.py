"""`tazreader dump`: the real CLI on the real page, over real loopback HTTP, and its failures."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tazreader.__main__ import main
from tazreader.commands.dump import render, safe_json, safe_text
from tazreader.taz.models import Article, Link, PageKind, Paragraph, Segment, article_to_dict
from tazreader.taz.parse.article import parse_article

ROOT = Path(__file__).parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures"
PAGE = FIXTURES / "fundus_Taz_2024_10_23.html"
GOLDEN = FIXTURES / "expected_5928990.txt"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """dump reads and fills the offline cache: this test's own, in tmp_path."""
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))
    monkeypatch.delenv("TAZREADER_BASE_URL", raising=False)


def dump(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(["dump", *argv]) if argv[0] != "--base-url" else main([*argv[:2], "dump", *argv[2:]])
    out, err = capsys.readouterr()
    return rc, out, err


def assert_one_line_error(rc: int, out: str, err: str, *needles: str) -> None:
    assert rc != 0
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("tazreader dump: ")
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err


# --- the real page ---------------------------------------------------------------------


def test_golden_text_edition(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = dump(capsys, str(PAGE))
    assert (rc, err) == (0, "")
    assert out == GOLDEN.read_text(encoding="utf-8")


def test_golden_via_subprocess() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "tazreader", "dump", str(PAGE)],
        capture_output=True, cwd=ROOT, env=env, timeout=60, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    assert proc.stdout.decode("utf-8") == GOLDEN.read_text(encoding="utf-8")


def test_width_option_rewraps_the_body(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = dump(capsys, str(PAGE), "--width", "40")
    assert rc == 0
    golden = GOLDEN.read_text(encoding="utf-8")
    assert out != golden
    # Same words; every line within 40, the headline, the caption and the related headlines
    # too; only a link's address ("[n] https://…", in one piece to be copied) may be longer.
    assert [w for w in out.split() if w != ">"] == [w for w in golden.split() if w != ">"]
    lines = out.splitlines()
    links = lines[lines.index("## LINKS") + 1 : lines.index("## AUTOREN")]
    addresses = [line for line in links if line]
    assert len(addresses) == 5 and all(re.fullmatch(r"\[\d+\] https://\S+", a) for a in addresses)
    assert lines[1].strip() and lines[0] != golden.splitlines()[0]  # the title is wrapped
    for line in lines:
        if line not in addresses:
            assert len(line) <= 40, line
    assert "\n> Das alte, diskriminierende\n> Transsexuellengesetz ist endlich bald\n" in out


def test_markdown_format(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = dump(capsys, str(PAGE), "--format", "markdown")
    assert (rc, err) == (0, "")
    assert out.startswith("# Entwurf des Selbstbestimmungsgesetzes: Ein bisschen Fortschritt\n\n> ")
    assert "Na endlich! [Es gibt einen Referentenentwurf zum Selbstbestimmungsgesetz][1]. " in out
    assert "\n[1]: <https://taz.de/Einigung-auf-Gesetzentwurf/!5931168/>\n" in out
    assert "\n## Sonderklausel beim Hausrecht\n" in out
    assert "- [Nicole Opitz](<https://taz.de/Nicole-Opitz/!a52218/>)" in out


def test_json_format_is_the_model(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = dump(capsys, str(PAGE), "--format", "json")
    assert (rc, err) == (0, "")
    data = json.loads(out)
    assert data == article_to_dict(parse_article(PAGE.read_bytes()))
    assert data["id"] == "5928990"
    assert "„krank“" in out  # ensure_ascii=False
    assert out.startswith('{\n  "schema": 1,\n')  # indent 2


# --- failures: one line, non-zero, no traceback ------------------------------------------


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert_one_line_error(*dump(capsys, str(tmp_path / "nope.html")), "no such file", "nope.html")


def test_empty_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    assert_one_line_error(*dump(capsys, str(empty)), "is empty")


def test_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert_one_line_error(*dump(capsys, str(tmp_path)), "is a directory")


def test_unreadable_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    locked = tmp_path / "locked.html"
    locked.write_bytes(PAGE.read_bytes())
    locked.chmod(0)
    assert_one_line_error(*dump(capsys, str(locked)), "permission denied")


def test_unopenable_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    too_long = tmp_path / ("x" * 300 + ".html")  # ENAMETOOLONG, even for root
    assert_one_line_error(*dump(capsys, str(too_long)), "cannot read", "too long")


def test_non_taz_page(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "other.html"
    page.write_text(
        "<!doctype html><html><head><title>Anderswo</title></head>"
        "<body><h1>Hallo</h1><p>Kein taz-Artikel.</p></body></html>",
        encoding="utf-8",
    )
    assert_one_line_error(*dump(capsys, str(page)), "other.html: ")


def test_truncated_page(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cut = tmp_path / "cut.html"
    cut.write_bytes(PAGE.read_bytes()[:40_000])
    assert_one_line_error(*dump(capsys, str(cut)), "cut.html: ")


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("http://", "URL without a host"),
        ("http://[::1", "malformed URL"),
        ("http://127.0.0.1:99999/!5928990/", "bad port"),
        ("ftp://taz.de/!5928990/", "not an http(s) URL"),
        ("http://127.0.0.1:1/a b/", "malformed URL"),
    ],
)
def test_bad_url(capsys: pytest.CaptureFixture[str], url: str, needle: str) -> None:
    assert_one_line_error(*dump(capsys, url), needle)


def test_bad_base_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_line_error(*dump(capsys, "--base-url", "nonsense", str(PAGE)), "base URL")


@pytest.mark.parametrize(("width", "needle"), [("19", "at least 20, not 19"), ("0", "not 0"),
                                               ("-5", "not -5"), ("abc", "whole number")])
def test_bad_width(capsys: pytest.CaptureFixture[str], width: str, needle: str) -> None:
    assert_one_line_error(*dump(capsys, str(PAGE), "--width", width), "--width", needle)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def test_connection_refused(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{closed_port()}/Slug/!5928990/"
    assert_one_line_error(*dump(capsys, url), "Could not connect", "connection refused")


# --- a real loopback server ------------------------------------------------------------


@dataclass
class Served:
    port: int
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, user agent)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def served() -> Iterator[Served]:
    body = PAGE.read_bytes()
    state = Served(0)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            state.requests.append((self.path, self.headers.get("User-Agent", "")))
            if self.path == "/moved":
                self.send_response(301)
                self.send_header("Location", "/Slug/!5928990/")
                self.end_headers()
                return
            if self.path == "/away":
                self.send_response(302)
                self.send_header("Location", "http://elsewhere.invalid/!5928990/")
                self.end_headers()
                return
            if self.path == "/broken/":
                self.send_error(500)
                return
            if self.path == "/empty/":
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if "!5928990" not in self.path:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_url_fetched_from_loopback(capsys: pytest.CaptureFixture[str], served: Served) -> None:
    rc, out, err = dump(capsys, served.url("/Entwurf-des-Gesetzes/!5928990/"))
    assert (rc, err) == (0, "")
    # The server's origin is read as a mirror: its links stay on it, the text is the golden.
    mirror = served.url("")
    assert f"[1] {mirror}/Einigung-auf-Gesetzentwurf/!5931168/\n" in out
    assert out.replace(mirror, "https://taz.de") == GOLDEN.read_text(encoding="utf-8")
    path, agent = served.requests[-1]
    assert path == "/!5928990/"  # the canonical article URL
    assert agent.startswith("tazreader/")


def test_redirect_is_followed(capsys: pytest.CaptureFixture[str], served: Served) -> None:
    rc, out, _ = dump(capsys, served.url("/moved"))
    assert rc == 0
    assert out.replace(served.url(""), "https://taz.de") == GOLDEN.read_text(encoding="utf-8")
    assert [p for p, _ in served.requests] == ["/moved", "/Slug/!5928990/"]


def test_redirect_to_another_site_is_refused(
    capsys: pytest.CaptureFixture[str], served: Served
) -> None:
    """dump fetches through the reader's client: redirects are followed only within the site."""
    assert_one_line_error(*dump(capsys, served.url("/away")), "another site", "elsewhere.invalid")
    assert [p for p, _ in served.requests] == ["/away"]


def test_base_url_moves_taz_urls_onto_the_mirror(
    capsys: pytest.CaptureFixture[str], served: Served
) -> None:
    mirror = served.url("")
    rc, out, err = dump(capsys, "--base-url", mirror, "https://taz.de/Slug/!5928990/")
    assert (rc, err) == (0, "")
    assert served.requests[-1][0] == "/!5928990/"
    # The page's links now point at the mirror too; otherwise it is the golden text.
    assert f"[1] {mirror}/Einigung-auf-Gesetzentwurf/!5931168/\n" in out
    assert out.replace(mirror, "https://taz.de") == GOLDEN.read_text(encoding="utf-8")
    # A bare article id works the same way.
    rc, out2, _ = dump(capsys, "--base-url", mirror, "5928990")
    assert (rc, out2) == (0, out)


@pytest.mark.parametrize(
    ("path", "needles"),
    [("/nothing/here/", ("HTTP 404",)), ("/broken/", ("HTTP 500",)), ("/empty/", ("empty page",))],
)
def test_failed_fetch(
    capsys: pytest.CaptureFixture[str], served: Served, path: str, needles: tuple[str, ...]
) -> None:
    assert_one_line_error(*dump(capsys, served.url(path)), *needles)


# --- no terminal control characters reach stdout --------------------------------------

NASTY = "Vor\x1b[2J\x1b]0;pwned\x07her \x9b31m rot\u202e gespiegelt\x00 Ende"


def nasty_article() -> Article:
    return Article(
        id="1",
        url="https://taz.de/!1234567/",
        title=NASTY,
        teaser=NASTY,
        blocks=(Paragraph((Segment(NASTY), Segment(NASTY, 1))),),
        links=(Link(NASTY, "https://taz.de/!7654321/", PageKind.ARTICLE),),
    )


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_control_characters_never_reach_the_terminal(fmt: str) -> None:
    out = render(nasty_article(), fmt, 72)
    bad = [c for c in out if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F
           or c in "\u202e"]
    assert bad == []
    if fmt == "json":
        assert json.loads(out)["title"] == NASTY  # escaped, not lost
    else:
        assert "0;pwnedher 31m rot gespiegelt Ende" in out


def test_safe_helpers() -> None:
    assert safe_text("a\x1bb\x85c\td\ne\u2066") == "ab" + "c\td\ne"
    assert safe_json('"\x9b"') == '"\\u009b"'
    assert json.loads(safe_json(json.dumps("\x9b\x1b", ensure_ascii=False))) == "\x9b\x1b"
