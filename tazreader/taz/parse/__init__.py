"""Pure parsers: page text in, models out. Each raises only :class:`ParseError`.

* :mod:`.article` — an article page -> :class:`~tazreader.taz.models.Article`
  (``parse_article``, ``PARSER_VERSION``).
* :mod:`.listing` — a front, section, tag, author or search page -> ``Listing``.
* :mod:`.feed` — an RSS/RDF/Atom feed -> ``Listing`` of kind "feed".
* :mod:`.dispatch` — ``parse_list``: the one place that picks the feed or the listing parser.

What all of them share lives in three helper modules, so that the same input is refused for
the same reasons and the same markup is read the same way everywhere: ``_input`` (decoding,
size and libxml2 limits, the source URL), ``_html`` (elements by class, their text, picture
widths) and ``_german`` (author names, bylines, German dates).
"""

from tazreader.taz.errors import ParseError

__all__ = ["ParseError"]
