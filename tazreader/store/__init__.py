"""The SQLite cache: pages, articles, listings, read state, bookmarks, history, FTS."""
