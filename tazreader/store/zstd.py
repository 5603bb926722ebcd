"""zstd, from Python itself (``compression.zstd``, 3.14+) or the ``zstandard`` package before.

Only what the store needs: raw-content dictionaries, a compressor at a level (optionally with a
dictionary) and one-shot decompression. Both libraries write and read the same frames, so a
cache written under one Python reads under the other.
"""

from __future__ import annotations

import importlib
from typing import Any

MAX_OUTPUT = 64 * 1024 * 1024  # more than any page the client accepts (a damaged size field)

try:
    _std: Any = importlib.import_module("compression.zstd")
except ImportError:
    _std = None

if _std is None:
    import zstandard as _zs

    Error: type[Exception] = _zs.ZstdError

    class Dict:
        """A raw-content dictionary: any bytes (here: a stored page)."""

        def __init__(self, content: bytes) -> None:
            self.native: Any = _zs.ZstdCompressionDict(
                content, dict_type=_zs.DICT_TYPE_RAWCONTENT
            )

    class Compressor:
        """Not thread-safe: the caller serialises its use."""

        def __init__(self, level: int, dictionary: Dict | None = None) -> None:
            native = None if dictionary is None else dictionary.native
            self._c = _zs.ZstdCompressor(level=level, dict_data=native, write_checksum=True)

        def compress(self, data: bytes) -> bytes:
            out: bytes = self._c.compress(data)
            return out

    class Decompressor:
        """Reusable (making one costs more than unpacking a short text); not thread-safe."""

        def __init__(self, dictionary: Dict | None = None) -> None:
            native = None if dictionary is None else dictionary.native
            self._d = (
                _zs.ZstdDecompressor(dict_data=native) if native is not None
                else _zs.ZstdDecompressor()
            )

        def decompress(self, data: bytes) -> bytes:
            if _zs.frame_content_size(data) > MAX_OUTPUT:
                raise Error("the frame claims more than any stored value holds")
            try:
                out: bytes = self._d.decompress(data)  # frames we write carry their size
            except _zs.ZstdError:
                with self._d.stream_reader(data) as reader:  # one that does not: streamed
                    out = reader.read()
            return out

    def decompress(data: bytes, dictionary: Dict | None = None) -> bytes:
        return Decompressor(dictionary).decompress(data)

else:  # pragma: no cover - Python 3.14+
    Error = _std.ZstdError

    class Dict:  # type: ignore[no-redef]
        def __init__(self, content: bytes) -> None:
            self.native: Any = _std.ZstdDict(content, is_raw=True)

    class Compressor:  # type: ignore[no-redef]
        def __init__(self, level: int, dictionary: Dict | None = None) -> None:
            self._options = {
                _std.CompressionParameter.compression_level: level,
                _std.CompressionParameter.checksum_flag: 1,
            }
            self._dict = None if dictionary is None else dictionary.native

        def compress(self, data: bytes) -> bytes:
            out: bytes = _std.compress(data, options=self._options, zstd_dict=self._dict)
            return out

    class Decompressor:  # type: ignore[no-redef]
        def __init__(self, dictionary: Dict | None = None) -> None:
            self._dict = None if dictionary is None else dictionary.native

        def decompress(self, data: bytes) -> bytes:
            out: bytes = _std.decompress(data, zstd_dict=self._dict)
            return out

    def decompress(data: bytes, dictionary: Dict | None = None) -> bytes:
        return Decompressor(dictionary).decompress(data)
