"""What the reader types where an address may stand: an article id (``!6135282``), a path, a
taz address."""

from __future__ import annotations

import re

from tazreader.taz.urls import ARTICLE_ID, TAZ_HOSTS

ARTICLE_ID_TYPED = re.compile(rf"!?=?({ARTICLE_ID})")


def looks_like_address(text: str) -> bool:
    """True for a web address or an article id typed where words were expected (the search
    box): it is opened, not searched for."""
    text = text.strip()
    return (
        text.lower().startswith(("http://", "https://"))
        or ARTICLE_ID_TYPED.fullmatch(text) is not None and text.startswith("!")
        or ("://" not in text and text.split("/", 1)[0].lower() in TAZ_HOSTS and "/" in text)
    )
