"""Every path tazreader uses, in one place, each movable by an environment variable.

Nothing is created at import time; callers create what they write into.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "tazreader"


def data_dir() -> Path:
    """Where the cache database lives (``TAZREADER_DATA_DIR`` moves it)."""
    env = os.environ.get("TAZREADER_DATA_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path(APP_NAME)


def config_file() -> Path:
    """The TOML config (``TAZREADER_CONFIG_FILE`` moves it)."""
    env = os.environ.get("TAZREADER_CONFIG_FILE")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def database_file() -> Path:
    return data_dir() / "cache.sqlite3"


def export_dir() -> Path:
    """Default folder for ``e`` (export): ``TAZREADER_EXPORT_DIR`` or the user's documents."""
    env = os.environ.get("TAZREADER_EXPORT_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_documents_path() / APP_NAME


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a crash leaves either the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
