"""Full-text helpers for German: folding, query sanitising and snippets.

SQLite's ``unicode61`` tokenizer with ``remove_diacritics 2`` folds ``ä`` to ``a`` but not
``ß`` to ``ss``, so the store indexes a *folded* copy of the text (:func:`fold`) and folds the
user's query the same way. Snippets are cut from the original text in Python, because the
folded text has different offsets (``Straße`` is one character longer as ``strasse``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

MAX_TERMS = 16
MAX_TERM_LENGTH = 64
MARK_OPEN = "«"
MARK_CLOSE = "»"

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
        """The FTS5 MATCH string: every term quoted (so no operator syntax survives)."""
        parts = [f'"{t}"' for t in self.terms]
        if parts and self.prefix_last:
            parts[-1] += " *"
        return " ".join(parts)

    def matches(self, folded_word: str) -> bool:
        for i, term in enumerate(self.terms):
            if folded_word == term:
                return True
            if self.prefix_last and i == len(self.terms) - 1 and folded_word.startswith(term):
                return True
        return False


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


def snippet(
    texts: Sequence[str], query: Query, *, words: int = 28, fallback_words: int = 24
) -> str:
    """A window of the first text that contains a hit, hits marked ``«…»`` in the original.

    ``texts`` are tried in order (body, teaser, title …); if none contains a hit, the
    start of the first non-empty text is returned unmarked.
    """
    for text in texts:
        if not text:
            continue
        tokens = list(_WORD.finditer(text))
        hits = [i for i, m in enumerate(tokens) if query.matches(fold(m.group()))]
        if not hits:
            continue
        start = _best_window(hits, words)
        end = min(len(tokens), start + words)
        start = max(0, min(start, end - words))
        return _render(text, tokens, start, end, set(hits))
    for text in texts:
        if text:
            tokens = list(_WORD.finditer(text))
            return _render(text, tokens, 0, min(len(tokens), fallback_words), set())
    return ""


def _best_window(hits: list[int], words: int) -> int:
    """Start token of the window of ``words`` tokens holding the most hits (some lead-in)."""
    best_start, best_count = hits[0], 0
    j = 0
    for i, h in enumerate(hits):
        while hits[j] < h - words + 1:
            j += 1
        count = i - j + 1
        if count > best_count:
            best_count, best_start = count, hits[j]
    return max(0, best_start - words // 4)


def _render(text: str, tokens: list[re.Match[str]], start: int, end: int, hits: set[int]) -> str:
    if not tokens:
        return _squash(text)[:200]
    lo = 0 if start == 0 else tokens[start].start()
    hi = len(text) if end >= len(tokens) else tokens[end - 1].end()
    out: list[str] = []
    pos = lo
    for i in range(start, end):
        m = tokens[i]
        if i in hits:
            out.append(text[pos : m.start()])
            out.append(f"{MARK_OPEN}{m.group()}{MARK_CLOSE}")
            pos = m.end()
    out.append(text[pos:hi])
    body = _squash("".join(out))
    if start > 0:
        body = "…" + body
    if end < len(tokens):
        body += "…"
    return body


def _squash(text: str) -> str:
    return " ".join(text.split())
