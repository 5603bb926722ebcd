"""The app tests' fixtures (a real store in tmp_path, the fixture server with a front page)."""

from tests.app.conftest import _isolated, db_path, server, store

__all__ = ["_isolated", "db_path", "server", "store"]
