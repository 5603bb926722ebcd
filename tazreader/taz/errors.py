"""The one error the parsers raise."""


class ParseError(ValueError):
    """The page is not what was expected: not taz, empty, broken or cut off.

    The message says what is missing, in words a reader understands.
    """
