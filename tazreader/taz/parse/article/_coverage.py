"""How much of its page's text a parse kept: the measure behind "not fully understood".

taz changes its markup without notice; a parser that no longer finds part of a page must say
so instead of showing a shortened article as if it were whole. So every parse is measured:

* the reference is the words of the article element's visible text, less what the parser
  leaves out on purpose (scripts and styles, hidden elements, ads, the "taz zahl ich" box, share
  widgets and modals, author boxes, the date box, and what the body walk set aside in
  :attr:`Page.skipped`: embeds' consent boxes, picture boxes inside the body that hold no real
  picture); and, on its own, the words of the JSON-LD ``articleBody``, which also holds text
  that moved out of the article;
* the kept words are those of the headline, teaser, byline, authors, agency, the lead image's
  caption and credit, and every block (a picture in the body: its caption and credit);
* the coverage is the smaller of the two shares of reference words found among the kept
  words, counted as multisets (a sentence kept once does not cover the same words twice).

Below :data:`~tazreader.taz.models.COMPLETE` (90 %) the article is incomplete, and
``Coverage.missing`` gives the beginnings of the passages least kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from tazreader.taz.blocks import block_lines
from tazreader.taz.models import COMPLETE, Article, Coverage
from tazreader.taz.parse._html import Element
from tazreader.taz.parse.article._page import Page
from tazreader.taz.text import clean, visible

_WORD = re.compile(r"\w+")
_UNSEEN_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "button", "iframe",
                          "form", "input", "select", "textarea", "nav", "meta", "link", "head"})
_CHROME = ("tzi", "ad_", "adzone", "shariff", "modal", "is-hidden", "author-container",
           "meta-data-container")
_BLOCK_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote",
                         "figcaption", "section", "article", "td", "th", "dd", "dt", "pre",
                         "aside", "header", "footer", "figure", "table", "ul", "ol"})
_DROP_CAP = re.compile(r"^\s*([B-HJ-NP-ZÄÖÜ]) (?=[a-zäöüß])")
MAX_MISSING = 3


def words(text: str) -> list[str]:
    return _WORD.findall(visible(text).lower())


def measure(page: Page, article: Article, *, fallback: bool = False) -> Coverage:
    """The coverage of ``article`` as parsed from ``page``."""
    kept_words = words("\n".join(_kept_texts(article)))
    kept = Counter(kept_words)
    shares: list[tuple[float, list[str]]] = []
    if page.article_el is not None:
        runs = _visible_runs(page, page.article_el)
        shares.append((_share(Counter(words("\n".join(runs))), kept), runs))
    body = page.news.get("articleBody")
    if isinstance(body, str) and body.strip():
        text = _DROP_CAP.sub(r"\1", body)
        shares.append((_share(Counter(words(text)), kept), text.splitlines()))
    if not shares:
        return Coverage(1.0, (), fallback)
    share, runs = min(shares, key=lambda s: s[0])
    missing = _missing(runs, kept_words) if share < COMPLETE or fallback else ()
    return Coverage(round(share, 3), missing, fallback)


def _kept_texts(a: Article) -> Iterable[str]:
    yield from (a.kicker, a.title, a.teaser, a.byline, a.source)
    yield from (au.name for au in a.authors)
    if a.image is not None:
        yield from (a.image.caption, a.image.credit)
    for block in a.blocks:
        yield from block_lines(block)


def _share(reference: Counter[str], kept: Counter[str]) -> float:
    total = sum(reference.values())
    if not total:
        return 1.0
    return sum((reference & kept).values()) / total


def _missing(runs: list[str], kept_words: list[str]) -> tuple[str, ...]:
    """The beginnings of the longest passages of which less than half was kept, judged by
    their runs of three words (common words alone would make any passage look kept)."""
    kept = set(_trigrams(kept_words))
    lost: list[tuple[int, int, str]] = []
    for i, run in enumerate(runs):
        grams = _trigrams(words(run))
        if len(grams) < 2:
            continue
        found = sum(1 for g in grams if g in kept)
        if found * 2 < len(grams):
            lost.append((len(grams), i, run))
    longest = sorted(lost, key=lambda x: -x[0])[:MAX_MISSING]
    return tuple(_start(run) for _, _, run in sorted(longest, key=lambda x: x[1]))


def _trigrams(ws: list[str]) -> list[tuple[str, str, str]]:
    return list(zip(ws, ws[1:], ws[2:], strict=False))


def _start(text: str) -> str:
    parts = clean(text).split()
    return " ".join(parts[:8]) + (" …" if len(parts) > 8 else "")


def _drop_cap(child: Element, parent: Element, index: int) -> bool:
    if "initial-letter" in (child.get("class") or ""):
        return True
    if index or (parent.text or "").strip() or child.tag != "span":
        return False
    letter = child.text_content().strip()
    return len(letter) == 1 and letter.isupper()


def _visible_runs(page: Page, art: Element) -> list[str]:
    """The article's visible text, one run per block-level element, in reading order."""
    skipped = {id(e) for e in page.skipped}
    runs: list[list[str]] = [[]]

    def walk(el: Element) -> None:
        block = el.tag in _BLOCK_TAGS
        if block:
            runs.append([])
        if el.text:
            runs[-1].append(el.text)
        for index, child in enumerate(el):
            tag = child.tag
            tail = child.tail
            if isinstance(tag, str) and tag not in _UNSEEN_TAGS and id(child) not in skipped:
                cls = child.get("class") or ""
                if cls and any(part in cls for part in _CHROME):
                    runs[-1].append(" ")  # hidden ": " between kicker and title: a word break
                else:
                    walk(child)
                    if tail and not tail.strip() and _drop_cap(child, el, index):
                        tail = None  # "N" + " " + "a endlich" reads "Na endlich"
            if tail:
                runs[-1].append(tail)
        if block:
            runs.append([])

    walk(art)
    return [text for run in runs if (text := "".join(run)).strip()]
