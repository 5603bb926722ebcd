"""Pictures in the article: which size to ask taz for, how to decode what came (safely), and
how to draw it in the terminal with textual-image — the Kitty graphics protocol where the
terminal speaks it, coloured half blocks everywhere else.

Nothing here is imported before the first picture: Pillow and textual-image load in the worker
that draws it, after the text is on the screen. textual-image asks the terminal what it can do
when it is imported, which cannot work once Textual reads the keyboard; so the protocol is told
by the terminal's name (Kitty says who it is) and textual-image's own query is not run. Sixel
needs textual-image's widget, which a text pane cannot hold: Sixel terminals get half blocks.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from rich.text import Text

from tazreader.i18n import _

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

Protocol = Literal["tgp", "halfcell"]

MAX_PIXELS = 25_000_000  # a picture claiming more is refused before it is unpacked
MAX_ROWS = 24  # a picture takes at most this many lines of the article
DEFAULT_CELL = (10, 20)  # pixels of a cell when the terminal does not say (as textual-image)


class PictureError(Exception):
    """The picture cannot be shown; ``str()`` says why, for the reader."""


def protocol(env: Mapping[str, str] | None = None) -> Protocol:
    """How to draw pictures in this terminal."""
    env = os.environ if env is None else env
    if "tmux" in env.get("TERM", "") or env.get("TMUX"):
        return "halfcell"  # Kitty graphics pass through tmux only when it is set up for it
    if env.get("KITTY_WINDOW_ID") or env.get("TERM") == "xterm-kitty":
        return "tgp"
    return "halfcell"


def cell_size() -> tuple[int, int]:
    """Pixels of one cell (width, height), as the terminal reports them; else a guess."""
    try:
        import fcntl
        import struct
        import termios

        out = sys.__stdout__
        if out is None or not out.isatty():
            return DEFAULT_CELL
        rows, cols, width, height = struct.unpack(
            "HHHH", fcntl.ioctl(out.fileno(), termios.TIOCGWINSZ, b"\0" * 8)
        )
    except (OSError, ImportError, ValueError):
        return DEFAULT_CELL
    if not (rows and cols and width and height):
        return DEFAULT_CELL
    return max(width // cols, 1), max(height // rows, 1)


def pixels_wanted(columns: int, kind: Protocol, cell: tuple[int, int]) -> int:
    """How wide the picture must be to fill ``columns`` cells: half blocks draw one pixel a
    column, the Kitty protocol a cell's worth."""
    return columns if kind == "halfcell" else columns * cell[0]


def decode(data: bytes) -> PILImage:
    """The picture in ``data``, decoded to RGB; PictureError for anything else (no picture, a
    cut-off one, one that would unpack to gigabytes)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
            if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
                raise PictureError(_("the picture is too large to show ({w}×{h})").format(
                    w=width, h=height))
            img.draft("RGB", (min(width, 2000), min(height, 2000)))  # JPEG: decode smaller
            img.load()
            return img.convert("RGB")
    except PictureError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, EOFError, SyntaxError) as exc:
        raise PictureError(_("the picture cannot be read ({why})").format(
            why=type(exc).__name__)) from exc
    except Image.DecompressionBombError as exc:
        raise PictureError(_("the picture is too large to show")) from exc


@dataclass(frozen=True)
class Drawn:
    """A picture drawn for the article: its lines, and how it was drawn."""

    lines: list[Text]
    kind: Protocol


def draw(image: PILImage, columns: int, kind: Protocol, cell: tuple[int, int]) -> Drawn:
    """``image`` as lines of the article, ``columns`` wide (at most MAX_ROWS high)."""
    from rich.console import Console
    from rich.segment import Segment

    renderables = _renderables(cell)
    rows = max(1, round(columns * image.height / image.width * cell[0] / cell[1]))
    if rows > MAX_ROWS:  # a tall picture: narrower, so that it fits the rows
        columns = max(1, round(columns * MAX_ROWS / rows))
        rows = MAX_ROWS
    # Both told: given a width alone, textual-image takes the height from the picture's own
    # pixels (an 85-pixel picture in half blocks would be a band three lines high).
    renderable = renderables[kind](image, width=columns, height=rows)
    console = Console(width=columns, color_system="truecolor", force_terminal=True,
                      legacy_windows=False)
    lines: list[Text] = []
    for line in Segment.split_lines(console.render(renderable)):
        text = Text()
        for segment in line:
            if segment.text:
                text.append(segment.text, segment.style)
        lines.append(text)
    while lines and not lines[-1].plain:
        lines.pop()
    return Drawn(lines[:MAX_ROWS], kind)


_loaded: dict[str, Any] = {}


def _renderables(cell: tuple[int, int]) -> dict[str, Any]:
    """textual-image's renderables, loaded without its import-time terminal query (see the
    module docstring), with the terminal's cell size given to it instead of asked for."""
    if not _loaded:
        import importlib.util
        import types
        from pathlib import Path

        if "textual_image.renderable" not in sys.modules:
            spec = importlib.util.find_spec("textual_image")
            if spec is None or spec.origin is None:
                raise PictureError(_("textual-image is not installed"))
            package = types.ModuleType("textual_image.renderable")
            package.__path__ = [str(Path(spec.origin).parent / "renderable")]
            sys.modules["textual_image.renderable"] = package
        from textual_image import _terminal

        _terminal.get_cell_size._result = _terminal.CellSize(*cell)  # type: ignore[attr-defined]
        from textual_image.renderable.halfcell import Image as Halfcell
        from textual_image.renderable.tgp import Image as Graphics

        _loaded.update(halfcell=Halfcell, tgp=Graphics)
    return _loaded
