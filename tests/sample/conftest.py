"""Sample-edition tests: every path of the user's own (config, data, exports, temp) in tmp_path."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tazreader.sample import SampleSession, open_sample


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's paths in tmp_path; the sample's temp dirs in tmp_path/"tmp" (returned)."""
    monkeypatch.setenv("TAZREADER_CONFIG_FILE", str(tmp_path / "config.toml"))
    monkeypatch.setenv("TAZREADER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TAZREADER_EXPORT_DIR", str(tmp_path / "export"))
    monkeypatch.delenv("TAZREADER_BASE_URL", raising=False)
    monkeypatch.delenv("TAZREADER_FIRST_PAINT_FILE", raising=False)
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


@pytest.fixture
async def sample() -> AsyncIterator[SampleSession]:
    """A running sample session, its cache filled from the sample's front page."""
    with open_sample() as session:
        await session.prefill()
        yield session
