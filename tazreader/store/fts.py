"""Full-text helpers for German: folding, query sanitising, snippets, and what the index
holds of an article (:func:`article_text`, :func:`fts_columns`).

SQLite's ``unicode61`` tokenizer with ``remove_diacritics 2`` folds ``ä`` to ``a`` but not
``ß`` to ``ss``, so the store indexes a *folded* copy of the text (:func:`fold`) and folds the
user's query the same way. Snippets are cut from the original text in Python, because the
folded text has different offsets (``Straße`` is one character longer as ``strasse``).
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from tazreader.taz.models import Article

MAX_TERMS = 16
MIN_PART = 4  # a term of this many letters or more also finds the words it is part of
MAX_TERM_LENGTH = 64
MARK_OPEN = "«"
MARK_CLOSE = "»"
SNIPPET_HITS = 24
WORD_REACH = 64  # letters a hit inside a word is widened by, each way

# A token as unicode61 sees it: letters and digits; everything else separates.
_WORD = re.compile(r"[^\W_]+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower case, ``ß`` -> ``ss``, diacritics removed: ``Öko-Straße`` -> ``oko-strasse``."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _COMBINING.sub("", decomposed)


@dataclass(frozen=True, slots=True)
class Query:
    """A sanitised query: folded terms; the last one also matches as a prefix."""

    terms: tuple[str, ...]
    prefix_last: bool = True

    @property
    def empty(self) -> bool:
        return not self.terms

    def match_expression(self) -> str:
        """The FTS5 MATCH string: every term quoted (so no operator syntax survives).

        A term typed with ``ae``/``oe``/``ue`` for an umlaut also matches the folded umlaut:
        ``oeko`` -> ``("oeko" OR "oko")``.
        """
        parts: list[str] = []
        for i, term in enumerate(self.terms):
            star = " *" if self.prefix_last and i == len(self.terms) - 1 else ""
            options = [f'"{t}"{star}' for t in spellings(term)]
            parts.append(options[0] if len(options) == 1 else f"({' OR '.join(options)})")
        return " AND ".join(parts)  # explicit: FTS5 does not AND a phrase and "( … )" implicitly

    def pattern(self) -> re.Pattern[str] | None:
        """Finds the terms in ORIGINAL text: whole words, the last one also as a prefix, and
        the words a term is part of (:func:`is_part`)."""
        return _compile(self.terms, self.prefix_last)


def is_part(term: str) -> bool:
    """Whether a folded term also finds the words it is part of (``strasse`` ->
    ``hauptstrasse``, ``wahl`` -> ``bundestagswahl``): words of letters, at least
    :data:`MIN_PART` long; shorter ones would be inside too many words (``der`` in
    ``kinder``, ``oder``, ``wieder``)."""
    return len(term) >= MIN_PART and term.isalpha()


@functools.lru_cache(maxsize=64)
def _compile(terms: tuple[str, ...], prefix_last: bool) -> re.Pattern[str] | None:
    """Every spelling of every term: as a whole word, or as the start of one for the last
    term, or anywhere for a part of words (:func:`is_part`; :func:`snippet` widens such a
    hit to its word). Matching the letters around a part in the regex, tried at every
    word start, made a snippet ten times slower."""
    if not terms:
        return None
    words: list[str] = []
    parts: list[str] = []
    for i, term in enumerate(terms):
        last = prefix_last and i == len(terms) - 1
        for v in spellings(term):
            if is_part(v):
                parts.append(term_pattern(v))
            elif last:
                words.append(f"{term_pattern(v)}{_WORDCHAR}*")
            else:
                words.append(f"{term_pattern(v)}(?!{_WORDCHAR})")
    alternatives = ([f"(?<!{_WORDCHAR})(?:{'|'.join(words)})"] if words else []) + parts
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _word(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the word around ``text[start:end]``, at most :data:`WORD_REACH` letters
    further each way (a "word" of a million letters on a hostile page is not walked)."""
    low, high = max(0, start - WORD_REACH), min(len(text), end + WORD_REACH)
    while start > low and text[start - 1].isalnum():  # isalnum(): a letter or digit, as _WORD
        start -= 1
    while end < high and text[end].isalnum():
        end += 1
    return start, end


# ae/oe/ue written for an umlaut; not after q or a vowel ("Quelle", "neue", "Bauer").
_DIGRAPH = re.compile(r"(?<![qaeiou])([aou])e")


def spellings(term: str) -> tuple[str, ...]:
    """The term, and the term with ``ae``/``oe``/``ue`` read as an umlaut (folded: a/o/u)."""
    other = _DIGRAPH.sub(r"\1", term)
    return (term,) if other == term or not other else (term, other)


def parse_query(text: str) -> Query:
    """Turn anything a user types into quoted terms; never raises.

    Quotes, ``*``, ``NEAR``, ``AND``/``OR``/``NOT``, parentheses, colons and ``-`` lose
    their FTS5 meaning: only runs of letters and digits remain, each searched as a word
    (all must occur), the last one as a prefix.
    """
    if not isinstance(text, str):
        return Query(())
    # Surrogates and other oddities cannot reach SQLite as UTF-8.
    clean = text.encode("utf-8", "replace").decode("utf-8")
    terms: list[str] = []
    for word in _WORD.findall(fold(clean)):
        for token in _WORD.findall(word):  # folding can split (e.g. "ﬁ" stays a word)
            term = token[:MAX_TERM_LENGTH]
            if term and term not in terms:
                terms.append(term)
    terms = terms[:MAX_TERMS]
    return Query(tuple(terms))


def snippet(texts: Sequence[str], query: Query, *, width: int = 200) -> str:
    """About ``width`` characters of the first text that contains a hit, hits marked ``«…»``.

    Works on the original text (a regex built from the folded terms finds ``Straße`` for
    ``strasse``), so what is shown is what the article says. ``texts`` are tried in order
    (body, teaser, title …); if none contains a hit, the start of the first non-empty text is
    returned unmarked.
    """
    pattern = query.pattern()
    for text in texts:
        if not text or pattern is None:
            continue
        # The first SNIPPET_HITS hits are enough to find a window of width characters.
        found = itertools.islice(pattern.finditer(text), SNIPPET_HITS)
        hits: list[tuple[int, int]] = []
        for m in found:
            start, end = _word(text, m.start(), m.end())
            if not hits or start >= hits[-1][1]:  # two parts in one word: one hit
                hits.append((start, end))
        if hits:
            return _render(text, hits, width)
    for text in texts:
        if text:
            return _render(text, [], width)
    return ""


def _render(text: str, hits: list[tuple[int, int]], width: int) -> str:
    if hits:
        # the window of `width` characters holding the most hits, with a little lead-in
        best, best_count, j = 0, 0, 0
        for i, (start, _end) in enumerate(hits):
            while hits[j][0] < start - width + width // 4:
                j += 1
            if i - j + 1 > best_count:
                best, best_count = j, i - j + 1
        lo = max(0, hits[best][0] - width // 4)
    else:
        lo = 0
    hi = min(len(text), lo + width)
    if hi < len(text):  # end on a word boundary, but never cut a marked hit
        cut = text.rfind(" ", lo, hi)
        inside = [e for s_, e in hits if s_ < hi]
        hi = max(cut if cut > lo else hi, max(inside, default=lo))
    if lo > 0:
        space = text.find(" ", lo, hits[best][0] if hits else hi)
        lo = space + 1 if space >= 0 else lo
    out: list[str] = []
    pos = lo
    for s_, e in hits:
        if s_ < lo or e > hi:
            continue
        out.append(text[pos:s_])
        out.append(f"{MARK_OPEN}{text[s_:e]}{MARK_CLOSE}")
        pos = e
    out.append(text[pos:hi])
    body = _squash("".join(out))
    if lo > 0:
        body = "…" + body
    if hi < len(text) and text[hi:].strip():
        body += "…"
    return body


def _squash(text: str) -> str:
    return " ".join(text.split())


def _variants() -> tuple[dict[str, str], dict[str, str]]:
    """Which original characters fold to each folded character (or two-letter sequence)."""
    single: dict[str, set[str]] = {}
    multi: dict[str, set[str]] = {}
    for cp in list(range(0x30, 0x250)) + [0x1E9E]:
        ch = chr(cp)
        if not ch.isalnum():
            continue
        f = fold(ch)
        if len(f) == 1:
            single.setdefault(f, {f}).add(ch)
        elif len(f) == 2 and f.isalpha():
            multi.setdefault(f, set()).add(ch)
    return (
        {k: "".join(sorted(v)) for k, v in single.items()},
        {k: "".join(sorted(v)) for k, v in multi.items()},
    )


_SINGLE, _MULTI = _variants()
_WORDCHAR = r"[^\W_]"


def _class(chars: str) -> str:
    return "[" + "".join(re.escape(c) for c in chars) + "]"


def term_pattern(term: str) -> str:
    """A regex for the original spellings of a folded term: ``strasse`` -> ``Straße`` too."""
    out: list[str] = []
    i = 0
    while i < len(term):
        one = _class(_SINGLE.get(term[i], term[i]))
        two = term[i : i + 2]
        if len(two) == 2 and two in _MULTI:
            other = _class(_SINGLE.get(term[i + 1], term[i + 1]))
            out.append(f"(?:{_class(_MULTI[two])}|{one}{other})")
            i += 2
        else:
            out.append(one)
            i += 1
    return "".join(out)


# --- what the index holds -----------------------------------------------------------------

# bm25 column weights, in the order of the fts table's columns (and of fts_columns):
# title, kicker, teaser, body, authors, tags
FTS_WEIGHTS = (10.0, 5.0, 3.0, 1.0, 2.0, 2.0)


def article_text(article: Article) -> str:
    """The article's body as plain text, one block a line (what search and snippets see)."""
    from tazreader.taz.blocks import (
        Figure,
        InfoBox,
        ListBlock,
        Paragraph,
        Quote,
        Subhead,
        block_lines,
    )

    lines: list[str] = []
    for block in article.blocks:
        match block:
            case Paragraph() | Subhead():
                lines.append(block.text)
            case Quote():
                lines.append(block.text + (f" — {block.source}" if block.source else ""))
            case InfoBox(title=title, paragraphs=paras):
                lines.append(title)
                lines.extend("".join(s.text for s in p) for p in paras)
            case ListBlock(items=items):
                lines.extend("".join(s.text for s in i) for i in items)
            case Figure(image=image):
                lines.append(image.caption)  # what a picture in the body shows; not its credit
            case _:  # questions, ticker entries, embeds' titles
                lines.extend(block_lines(block))
    return "\n".join(line for line in lines if line)


def fts_columns(article: Article, body: str) -> tuple[str, ...]:
    return (
        fold(article.title),
        fold(article.kicker),
        fold(article.teaser),
        fold(body),
        fold(" ".join(a.name for a in article.authors)),
        fold(" ".join(t.name for t in article.tags)),
    )


def words(columns: Sequence[str]) -> set[str]:
    """The distinct words of folded index columns, as the tokenizer splits them."""
    return {w[:MAX_TERM_LENGTH] for c in columns for w in _WORD.findall(c)}


def row_columns(data: str | bytes, body: str | bytes) -> tuple[str, ...] | None:
    """:func:`fts_columns` again, from an article's stored row (its JSON and its plain text),
    without building the article: what the index was given, so the entry can be taken out.
    None if the row does not decode."""
    try:
        d = json.loads(data)
        if not isinstance(d, dict) or not isinstance(body, str):
            return None
        title, kicker, teaser = d["title"], d.get("kicker", ""), d.get("teaser", "")
        authors = " ".join(a["name"] for a in d.get("authors", []))
        tags = " ".join(t["name"] for t in d.get("tags", []))
        if not all(isinstance(x, str) for x in (title, kicker, teaser)):
            return None
        return (fold(title), fold(kicker), fold(teaser), fold(body), fold(authors), fold(tags))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
