"""How raw pages are kept small: zstd frames against a dictionary made of a page already stored.

Every taz page carries ~150 KB of the same site boilerplate; compressed on its own (zlib, the
schema-1 format) a page costs ~35 KB, compressed against a page of the same template a few KB.
So a page is compressed against one of the dictionaries in the ``dicts`` table, each of which is
simply an earlier page (a zstd "raw content" dictionary). A page that is not like any of them
(a new site design, a list page among articles) becomes a dictionary itself: it costs what it
would cost on its own, and the pages after it are small again.

A ``pages`` row says how its body is packed (``codec``): :data:`ZLIB` (rows written before
schema 2, still read) or :data:`ZSTD`, with ``dict`` naming the dictionary (NULL: none).
The zstd library is Python's own ``compression.zstd`` from 3.14 on, the ``zstandard`` package
before (:mod:`tazreader.store.zstd`); both write the same frames.
"""

from __future__ import annotations

import sqlite3
import threading
import zlib
from collections import OrderedDict
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tazreader.store import zstd

ZLIB = 0  # schema 1: zlib.compress(body, 6), no dictionary
ZSTD = 1  # a zstd frame; against the dictionary ``pages.dict`` if it is not NULL

LEVEL = 9  # once per page at store time, ~0.4 ms for a 160 KB page; reads are ~0.2 ms
PAGES = 0  # dicts.kind: raw pages
ARTICLES = 1  # dicts.kind: article JSON
# A value "is like" a dictionary when it packs to at most this share of its size without one.
LIKE = {PAGES: 0.4, ARTICLES: 0.75}
MIN_DICT = 2 * 1024  # smaller values gain little from a dictionary, and make poor ones
MAX_DICT = 1024 * 1024  # a (rare) huge page is packed on its own rather than kept in memory
TRIED = 6  # dictionaries tried for a page: the URL's own, then the most recently useful
CACHED = 16  # dictionaries kept loaded


def _zstd() -> Any:
    """The zstd binding, loaded when a value is first packed or unpacked: opening the store
    and showing the first list need none (~4 ms less before the first paint)."""
    from tazreader.store import zstd

    return zstd


class Damaged(Exception):
    """A stored body (or the dictionary it needs) does not unpack."""


class Packer:
    """Packs and unpacks page bodies; keeps the dictionaries it has loaded. Thread-safe."""

    def __init__(self, kind: int = PAGES) -> None:
        self.kind = kind
        self._like = LIKE[kind]
        self._lock = threading.Lock()
        self._dicts: OrderedDict[int, zstd.Dict] = OrderedDict()
        self._compressors: dict[int, zstd.Compressor] = {}
        self._decompressors: dict[int | None, zstd.Decompressor] = {}
        self._recent: list[int] = []  # dictionary ids, the most recently useful first
        self._plain_compressor: zstd.Compressor | None = None

    def _plain(self) -> zstd.Compressor:
        if self._plain_compressor is None:
            self._plain_compressor = _zstd().Compressor(LEVEL)
        return self._plain_compressor

    def reset(self) -> None:
        """Forget every loaded dictionary (the file was replaced)."""
        with self._lock:
            self._dicts.clear()
            self._compressors.clear()
            self._decompressors.clear()
            self._recent.clear()

    # -- packing ---------------------------------------------------------------------------

    def pack(
        self, conn: sqlite3.Connection, body: bytes, hint: int | None = None
    ) -> tuple[bytes, int, int | None]:
        """``body`` -> (blob, codec, dictionary id); may add a dictionary (inside the caller's
        transaction). ``hint``: the dictionary the URL's previous version used."""
        body = bytes(body)
        with self._lock:
            plain = self._plain().compress(body)
            best: tuple[bytes, int | None] = (plain, None)
            for tried in self._candidates(conn, hint):
                compressor = self._compressor(conn, tried)
                if compressor is None:
                    continue
                framed = compressor.compress(body)
                if len(framed) < len(best[0]):
                    best = (framed, tried)
                if len(framed) <= self._like * len(plain):
                    break
            blob, did = best
            if (
                (did is None or len(blob) > self._like * len(plain))
                and MIN_DICT <= len(body) <= MAX_DICT
                and len(plain) <= len(body) // 2  # text, not noise: worth keeping as a dictionary
            ):
                did = self._add_dict(conn, body, plain)
                compressor = self._compressor(conn, did)
                assert compressor is not None  # just made
                blob = compressor.compress(body)
            if did is not None:
                self._used(did)
            return blob, ZSTD, did

    def _candidates(self, conn: sqlite3.Connection, hint: int | None) -> list[int]:
        if not self._recent:
            self._recent = [
                r[0] for r in conn.execute(
                    "SELECT id FROM dicts WHERE kind = ? ORDER BY id DESC LIMIT ?",
                    (self.kind, TRIED),
                )
            ]
        out = [hint] if hint is not None else []
        out.extend(d for d in self._recent if d != hint)
        return out[:TRIED]

    def _used(self, did: int) -> None:
        if did in self._recent:
            self._recent.remove(did)
        self._recent.insert(0, did)
        del self._recent[CACHED:]

    def _add_dict(self, conn: sqlite3.Connection, body: bytes, plain: bytes) -> int:
        (did,) = conn.execute(
            "INSERT INTO dicts(kind, data, size, created_at) VALUES (?, ?, ?, ?) RETURNING id",
            (self.kind, plain, len(body), datetime.now(UTC).timestamp()),
        ).fetchone()
        self._remember(int(did), body)
        return int(did)

    def _remember(self, did: int, content: bytes) -> zstd.Dict:
        d: zstd.Dict = _zstd().Dict(content)
        self._dicts[did] = d
        self._dicts.move_to_end(did)
        while len(self._dicts) > CACHED:
            old, _ = self._dicts.popitem(last=False)
            self._compressors.pop(old, None)
            self._decompressors.pop(old, None)
        return d

    def _dict(self, conn: sqlite3.Connection, did: int) -> zstd.Dict | None:
        d = self._dicts.get(did)
        if d is not None:
            self._dicts.move_to_end(did)
            return d
        row = conn.execute(
            "SELECT data FROM dicts WHERE id = ? AND kind = ?", (did, self.kind)
        ).fetchone()
        if row is None:
            return None
        try:
            content = _zstd().decompress(row[0])
        except _zstd().Error:
            return None
        return self._remember(did, content)

    def _compressor(self, conn: sqlite3.Connection, did: int) -> zstd.Compressor | None:
        compressor = self._compressors.get(did)
        if compressor is None:
            d = self._dict(conn, did)
            if d is None:
                return None
            compressor = _zstd().Compressor(LEVEL, d)
            self._compressors[did] = compressor
        return compressor

    def plain(self, body: bytes) -> bytes:
        """``body`` as a zstd frame without a dictionary (short text)."""
        with self._lock:
            return self._plain().compress(bytes(body))

    # -- unpacking -------------------------------------------------------------------------

    def unpack(
        self, conn: sqlite3.Connection, blob: bytes, codec: int, did: int | None
    ) -> bytes:
        """The body a row holds; :class:`Damaged` if it (or its dictionary) does not unpack."""
        try:
            if codec == ZLIB:
                return zlib.decompress(blob)
            if codec != ZSTD:
                raise Damaged(f"unknown page codec {codec}")
            with self._lock:
                decompressor = self._decompressors.get(did)
                if decompressor is None:
                    d = None if did is None else self._dict(conn, did)
                    if did is not None and d is None:
                        raise Damaged(f"dictionary {did} is missing or damaged")
                    decompressor = self._decompressors[did] = _zstd().Decompressor(d)
                return decompressor.decompress(blob)
        except (zlib.error, _zstd().Error, TypeError) as exc:
            raise Damaged(str(exc)) from exc
