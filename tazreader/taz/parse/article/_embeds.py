"""What a page embeds from elsewhere: videos, audio, social-media posts, other iframes.

An embed is no text of the article: taz shows a consent box ("Externer Inhalt … Inhalt
anzeigen") where the embed will load, and puts the embed itself as an ``<iframe>`` into a
``<noscript>`` (FACTS §2: "embeds in noscript"; ftr-site-config turns ``noscript`` into ``div``
to show them). With or without ``data-for``, such a box becomes one :class:`Embed` placeholder
("Video: <title>") whose address is numbered among the article's links, and the consent text is
left out.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from tazreader.taz.blocks import Medium, embed_label
from tazreader.taz.models import Block, Embed, Link
from tazreader.taz.parse._html import Element, class_attr, text_of
from tazreader.taz.parse.article._page import Page
from tazreader.taz.text import clean

# Words in data-for, class or host that say what is embedded (first match wins).
_MEDIUM_WORDS: tuple[tuple[Medium, tuple[str, ...]], ...] = (
    ("video", ("video", "youtube", "vimeo", "dailymotion", "arte.tv", "ardmediathek")),
    ("audio", ("audio", "podcast", "spotify", "soundcloud", "podigee", "deezer", "apple.com")),
    ("post", ("twitter", "x.com", "instagram", "facebook", "mastodon", "bsky", "bluesky",
              "tiktok", "threads", "social", "tweet", "post")),
)
# data-for / class words of a web element that is an embed, whatever it holds.
EMBED_WORDS = ("embed", "video", "audio", "podcast", "iframe", "youtube", "tiktok", "tweet")


def is_embed(el: Element) -> bool:
    """A box that embeds something: named so, or with an iframe of its own (perhaps inside a
    ``noscript``), not one somewhere deep inside it."""
    words = f"{el.get('data-for') or ''} {class_attr(el)}".lower()
    if any(w in words for w in EMBED_WORDS) and "adzone" not in words:
        return True
    for child in el:
        if child.tag == "iframe":
            return True
        if child.tag == "noscript" and child.find(".//iframe") is not None:
            return True
    return False


def add_embed(page: Page, el: Element, blocks: list[Block]) -> None:
    """One placeholder for the embed box ``el``; its address becomes a numbered link."""
    page.skipped.append(el)  # the consent text is not the article's
    frame = next(el.iter("iframe"), None)
    address = ""
    title = ""
    if frame is not None:
        address = (frame.get("src") or frame.get("data-src") or "").strip()
        title = clean(frame.get("title") or frame.get("aria-label") or "")
    if not address:
        for node in el.iter():
            if not isinstance(node.tag, str):
                continue
            value = node.get("data-src") or node.get("data-url") or node.get("data-href")
            if node.tag == "a" and not value:
                value = node.get("href")
            if value and value.strip() and not value.strip().startswith("#"):
                address = value.strip()
                break
    if not title:
        title = clean(el.get("data-title") or "")
    if not title:
        heading = next((h for h in el.iter("h2", "h3", "h4", "figcaption")), None)
        title = text_of(heading)
    target = page.resolve(address) if address else None
    embed = Embed(_medium(el, address), title)
    if target is not None and target.url.startswith(("http://", "https://")):
        page.links.append(Link(embed_label(embed), target.url, target.kind))
        embed = Embed(embed.medium, title, len(page.links))
    blocks.append(embed)


def _medium(el: Element, address: str) -> Medium:
    host = ""
    if address.startswith(("http://", "https://", "//")):
        host = urlsplit(address if "://" in address else "https:" + address).hostname or ""
    words = f"{el.get('data-for') or ''} {class_attr(el)} {host}".lower()
    for medium, names in _MEDIUM_WORDS:
        if any(n in words for n in names):
            return medium
    return "other"
