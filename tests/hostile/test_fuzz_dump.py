"""``tazreader dump FILE`` on mutated pages, end to end through the CLI: exit 0 with inert output
in every format (and at most one inert warning line on stderr, for a page not fully
understood), or exit 1 with exactly one inert line on stderr — never a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tazreader.__main__ import main
from tests.hostile.checks import UNSAFE_OUTPUT
from tests.hostile.conftest import profile
from tests.hostile.strategies import ARTICLE_PAGES, mutated

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")


@profile(0.5)
@given(mutated(ARTICLE_PAGES), st.sampled_from(["text", "markdown", "json"]),
       st.sampled_from(["72", "20", "500"]))
def test_dump_of_a_mutated_page(
    capsys: pytest.CaptureFixture[str], case: tuple[str, bytes], fmt: str, width: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "page.html"
        page.write_bytes(case[1])
        rc = main(["dump", str(page), "--format", fmt, "--width", width])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    if rc == 0:
        assert out.strip()
        assert UNSAFE_OUTPUT.search(out) is None
        assert err == "" or (err.startswith("tazreader dump: warning: ") and err.count("\n") == 1)
        assert UNSAFE_OUTPUT.search(err) is None
    else:
        assert rc == 1 and out == ""
        assert err.startswith("tazreader dump: ") and err.count("\n") == 1, err
        assert UNSAFE_OUTPUT.search(err) is None
