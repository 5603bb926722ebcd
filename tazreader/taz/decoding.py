"""Content codings (``Content-Encoding``) undone as the bytes arrive, capped on what comes out.

A server may send a small body that unpacks to gigabytes (a decompression bomb: 1 KB of
``gzip, gzip`` is half a gigabyte of zeros). So the body is never unpacked whole: every step
of zlib produces at most :data:`STEP` bytes, the decoded size is counted as it grows, and the
decoder stops with :class:`Oversize` the moment it passes its limit. At most
:data:`MAX_LAYERS` codings are undone, and only the ones tazreader asks for
(:data:`ACCEPT_ENCODING`); anything else is a :class:`CodingError`.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from tazreader.i18n import _

ACCEPT_ENCODING = "gzip, deflate"  # brotli and zstd are not read, so not asked for
MAX_LAYERS = 2
STEP = 64 * 1024  # the most one decompression step may produce
_GZIP_MAGIC = b"\x1f\x8b"
_NAMES = {"gzip": "gzip", "x-gzip": "gzip", "deflate": "deflate"}


class CodingError(ValueError):
    """The body's coding is not one tazreader reads, or the coded data is damaged."""


class Oversize(Exception):
    """The decoded body passed the limit."""


def codings(header: str | None) -> list[str]:
    """The codings of a ``Content-Encoding`` header in the order they are undone (the last one
    applied first); ``identity`` is no coding. Raises :class:`CodingError`."""
    names = [c.strip().lower() for c in (header or "").split(",")]
    names = [n for n in names if n and n != "identity"]
    if len(names) > MAX_LAYERS:
        raise CodingError(_("it is compressed {n} times over").format(n=len(names)))
    unknown = [n for n in names if n not in _NAMES]
    if unknown:
        raise CodingError(
            _("it is compressed as {coding!r}, which tazreader cannot read").format(
                coding=unknown[0][:40]
            )
        )
    return [_NAMES[n] for n in reversed(names)]


class _Layer:
    """One coding undone step by step; no step produces more than :data:`STEP` bytes."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._raw_deflate = False
        self._stepped = False  # a step succeeded (a deflate stream is then no longer re-read)
        self._pending = b""  # the start of a possible next gzip member
        self._trailing = False  # bytes after the data: ignored, as browsers do
        self._d = self._decompressor()

    def _decompressor(self) -> zlib._Decompress:
        if self.name == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(-zlib.MAX_WBITS if self._raw_deflate else zlib.MAX_WBITS)

    def _step(self, data: bytes) -> bytes:
        try:
            out = self._d.decompress(data, STEP)
        except zlib.error as exc:
            # "deflate" should be zlib data, but some servers send raw deflate.
            if self.name == "deflate" and not self._raw_deflate and not self._stepped:
                self._raw_deflate = True
                self._d = self._decompressor()
                return self._step(data)
            raise CodingError(_("its {coding} data is damaged").format(coding=self.name)) from exc
        self._stepped = True
        return out

    def feed(self, data: bytes) -> Iterator[bytes]:
        data = self._pending + data
        self._pending = b""
        while data and not self._trailing:
            if self._d.eof:  # one gzip member ended: another may follow
                if self.name != "gzip":
                    self._trailing = True
                    return
                if len(data) < len(_GZIP_MAGIC):
                    self._pending = data
                    return
                if not data.startswith(_GZIP_MAGIC):
                    self._trailing = True
                    return
                self._d = self._decompressor()
            out = self._step(data)
            if out:
                yield out
            data = self._d.unused_data if self._d.eof else self._d.unconsumed_tail
            while len(out) == STEP and not data and not self._d.eof:  # output still held back
                out = self._step(b"")
                if out:
                    yield out

    def finish(self) -> Iterator[bytes]:
        while not self._d.eof and not self._trailing:
            out = self._step(b"")
            if not out:
                break
            yield out
        if not self._d.eof:
            raise CodingError(_("its {coding} data is cut off").format(coding=self.name))


class Decoder:
    """Feed it the raw body piece by piece; it returns what was decoded so far, and raises
    :class:`Oversize` once more than ``limit`` decoded bytes came out (or
    :class:`CodingError`)."""

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        self.layers = [_Layer(name) for name in codings(content_encoding)]
        self.limit = limit
        self.size = 0

    def _through(self, start: int, data: bytes) -> Iterator[bytes]:
        if start == len(self.layers):
            yield data
            return
        for out in self.layers[start].feed(data):
            yield from self._through(start + 1, out)

    def _counted(self, pieces: Iterator[bytes]) -> list[bytes]:
        got: list[bytes] = []
        for piece in pieces:
            self.size += len(piece)
            if self.size > self.limit:
                raise Oversize(self.size)
            got.append(piece)
        return got

    def feed(self, raw: bytes) -> list[bytes]:
        return self._counted(self._through(0, raw))

    def finish(self) -> list[bytes]:
        """The rest, once the whole raw body was fed; a coded stream must be complete."""
        got: list[bytes] = []
        for i, layer in enumerate(self.layers):
            for out in layer.finish():
                got += self._counted(self._through(i + 1, out))
        return got
