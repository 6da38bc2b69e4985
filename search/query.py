"""Turn what a user types into a whoosh query.

A query typed with diacritics searches the accented fields, so ``bà`` is not drowned by ``ba``,
``bạ`` and ``bả``; a query typed without any diacritics searches the accent-free twins, where
``tre em`` and ``trẻ em`` are the same tokens. Documents matching more of the query's words rank
higher (a coordination bonus), but a document need not contain every word.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query as wq

from search.analysis import JOINER, vietnamese_analyzer
from search.normalize import clean_text, strip_diacritics

MAX_QUERY_CHARS = 500
_ACCENTED_FIELDS = ("title", "heading", "body")
_PLAIN_FIELDS = ("title_plain", "heading_plain", "body_plain")
# Strength of the bonus for matching more of the query's words (whoosh's CoordMatcher).
_COORDINATION = 0.9


@dataclass
class ParsedQuery:
    """A whoosh query plus what highlighting needs to know about it."""

    text: str
    query: wq.Query | None
    terms: list[str] = field(default_factory=list)  # accented index tokens
    plain_terms: list[str] = field(default_factory=list)  # accent-free index tokens
    accent_free: bool = False


def _words_query(fields, tokens) -> wq.Query:
    return wq.Or([wq.Or([wq.Term(f, tok) for f in fields]) for tok in tokens], scale=_COORDINATION)


def parse_query(text: str) -> ParsedQuery:
    """Parse ``text``; never raises, an empty or punctuation-only query gives ``query=None``.

    >>> parsed = parse_query("tre em bi xam hai")
    >>> parsed.accent_free, parsed.plain_terms[:3]
    (True, ['tre', 'em', 'bi'])
    """
    cleaned = clean_text(text or "")[:MAX_QUERY_CHARS]
    analyzed = [t.text for t in vietnamese_analyzer()(cleaned)]
    syllables = [t for t in analyzed if JOINER not in t]
    # pyvi rarely segments a short or accent-free query right, so every pair of adjacent
    # syllables is also tried as a compound; pairs that are no word of the index match nothing.
    pairs = [f"{a}{JOINER}{b}" for a, b in zip(syllables, syllables[1:])]
    tokens = list(dict.fromkeys(analyzed + pairs))
    plain = list(dict.fromkeys(strip_diacritics(t) for t in tokens))
    accent_free = tokens == plain
    if not tokens:
        return ParsedQuery(text, None)
    fields, words = (_PLAIN_FIELDS, plain) if accent_free else (_ACCENTED_FIELDS, tokens)
    return ParsedQuery(text, _words_query(fields, words), tokens, plain, accent_free)
