"""Pictures made in the test (Pillow): a JPEG and a PNG of known colours, a cut-off JPEG, a
decompression bomb (a tiny PNG of enormous dimensions) and a page served as a picture."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

RED, BLUE = (220, 20, 30), (20, 40, 220)


def jpeg(width: int = 120, height: int = 80) -> bytes:
    """Top half red, bottom half blue."""
    img = Image.new("RGB", (width, height), RED)
    img.paste(Image.new("RGB", (width, height // 2), BLUE), (0, height // 2))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90)
    return out.getvalue()


def noise_jpeg(width: int, height: int) -> bytes:
    """A picture that does not compress: a big download."""
    import os

    img = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=95)
    return out.getvalue()


def png(width: int = 60, height: int = 40) -> bytes:
    img = Image.new("RGB", (width, height), BLUE)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def truncated_jpeg() -> bytes:
    data = jpeg(400, 300)
    return data[: len(data) // 3]


def png_bomb(width: int = 60_000, height: int = 60_000) -> bytes:
    """A valid PNG header claiming 3.6 billion pixels, with a few bytes of data: a picture
    that would take gigabytes to unpack."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" + b"\x00" * 3 * 16, 9)  # far too little: a bomb's start
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(
        b"IEND", b"")


def bands(colours: list[tuple[int, int, int]], width: int = 120, height: int = 60,
          kind: str = "JPEG") -> bytes:
    """Horizontal bands of solid colour, top to bottom (a picture easy to recognise drawn)."""
    img = Image.new("RGB", (width, height), colours[0])
    step = height // len(colours)
    for i, colour in enumerate(colours[1:], 1):
        img.paste(Image.new("RGB", (width, height - i * step), colour), (0, i * step))
    out = io.BytesIO()
    img.save(out, kind, **({"quality": 95} if kind == "JPEG" else {}))
    return out.getvalue()
