"""Pure parsers: page text in, models out. Each raises only :class:`ParseError`."""

from tazreader.taz.errors import ParseError

__all__ = ["ParseError"]
