"""The layer that knows taz.de: models, URLs, parsers, the text edition, the client.

Nothing below this package imports Textual.
"""
