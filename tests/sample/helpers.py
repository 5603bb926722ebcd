"""Shared by the sample tests."""

from __future__ import annotations

from pathlib import Path

# The articles the sample edition holds (the real 2024 page and the constructed ones).
SAMPLE_ARTICLES = {"5928990", "6150001", "6150002", "6150003", "6150004"}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below ``folder``: its bytes and its mtime (ns)."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*")) if p.is_file()
    }
