"""Turn what a user types into a whoosh query.

Syntax, as people expect from web search: plain words (all count, best matches first, a document
need not contain every word; passages where typed words stand together rank higher),
``"exact phrase"``, ``-excluded`` (word or phrase), ``a OR b``, and
filters ``kind:law``, ``tag:…``, ``year:2018``, ``place:…``, ``org:…``, ``status:con-hieu-luc``
(or ``status:"còn hiệu lực"``). Nothing a user types is an
error: unknown syntax is read as words.

A query typed with diacritics searches the accented fields, so ``bà`` is not drowned by ``ba``,
``bạ`` and ``bả``; a query typed without any diacritics searches the accent-free twins, where
``tre em`` and ``trẻ em`` are the same tokens. Document numbers (``56/2017/NĐ-CP``, ``Nghị định
56``) and articles (``Điều 4``) get clauses of their own; abbreviations of the domain dictionary
(``BVTE``) also match their spelled-out forms.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query as wq

from search import fields as F
from search.analysis import JOINER, folded, word_tokens
from search.fields import ACCENTED_FIELDS, PLAIN_FIELDS
from search.filler import filler_positions
from search.legal_terms import TYPE_NUMBER_CODES, article_anchor
from search.normalize import clean_text, normalize_token, strip_diacritics
from search.synonyms import Dictionary
from search.thesaurus import Thesaurus
from search.vectorized import PairChain

MAX_QUERY_CHARS = 500
# A query of 2,000 words or one word of 10,000 letters costs seconds whatever the cache. Legal
# questions run long (87 words in ALQAC-2024, where a cut at 32 lost 0.007 nDCG@10), but no one
# types more than this, and no Vietnamese word, number or code is longer than MAX_TERM_CHARS.
MAX_QUERY_TERMS = 100
MAX_TERM_CHARS = 40
# Function words that carry no topic: left out of ranking (phrases keep them).
STOP_WORDS = frozenset(normalize_token(w) for w in """
    và của các là có được cho trong với những một này đó đã để theo về từ khi thì mà như
    nào ra vào lên đến tại trên dưới bởi hoặc hay nếu nhưng cũng rằng sẽ đang rất ai gì
    đâu sao chưa không
    """.split())
# Weights of the clauses, relative to a single word match (tuned on the benchmarks in docs/).
_PHRASE_BOOST = 1.0
_TIEBREAK = 0.2
NUMBER_BOOST = 12.0  # also what naming a document by its title earns (search.searching)
_ARTICLE_BOOST = 15.0
# A legal term the thesaurus adds for an everyday expression counts less than the words typed.
THESAURUS_BOOST = 0.7

_TOKEN_RE = re.compile(r'(?P<neg>-)?(?:(?P<field>[a-zA-Z]+):)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')
_NUMBER_RE = re.compile(r"\b\d{1,4}/(?:\d{4}/)?[A-Za-zĐđ][\w\-Đđ]*", re.UNICODE)
_TYPE_CODES = {strip_diacritics(t.lower()): strip_diacritics(c.lower()) for t, c in TYPE_NUMBER_CODES.items()}
_TYPED_NUMBER_RE = re.compile(
    r"\b(" + "|".join(f"{t.lower()}|{strip_diacritics(t.lower())}" for t in TYPE_NUMBER_CODES)
    + r")\s+(?:số\s+|so\s+)?(\d{1,4})(?:/(\d{4}))?(?![\w/])", re.IGNORECASE)
_ARTICLE_RE = re.compile(r"\b(?:điều|dieu)\s+(\d{1,3}[a-zđ]?)\b", re.IGNORECASE)


@dataclass
class ParsedQuery:
    """The whoosh query, the filters typed in it, and what ranking and highlighting need."""

    text: str
    query: wq.Query | None
    filters: dict[str, list[str]] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)  # index tokens to highlight
    words: list[str] = field(default_factory=list)  # the user's words, for "did you mean"
    accent_free: bool = False
    relaxed: wq.Query | None = None  # the query with its quoted phrases made optional
    restored: list[str] = field(default_factory=list)  # accented words guessed (search.interpret)
    restored_words: list[str] = field(default_factory=list)  # ``words`` with their accents restored
    # the syllables of each phrase the dictionary and thesaurus added for the words typed
    expansions: list[list[str]] = field(default_factory=list)

    @property
    def fields(self) -> tuple[str, ...]:
        """The text fields this query searches."""
        return PLAIN_FIELDS if self.accent_free else ACCENTED_FIELDS


def _tokens(text: str, accent_free: bool) -> list[str]:
    tokens = word_tokens(text)
    return [folded(t) for t in tokens] if accent_free else tokens


def _syllables(tokens: list[str]) -> list[str]:
    return [t for t in tokens if JOINER not in t]


def _is_filler(syllables: list[str], accent_free: bool) -> bool:
    # With a sentinel after it, a compound made only of filler ("như_thế_nào") counts as filler,
    # which filler_positions would refuse for a whole query made only of filler.
    return len(filler_positions(syllables + ["_"], accent_free)) == len(syllables)


def _any_field(fields, token: str, boost: float = 1.0) -> wq.Query:
    # The best field counts, the others only a little: a common word in a short title or heading
    # must not score three times over.
    return wq.DisjunctionMax([wq.Term(f, token) for f in fields], boost=boost, tiebreak=_TIEBREAK)


def _phrase(fields, syllables: list[str], boost: float, kind=wq.Phrase) -> wq.Query | None:
    if len(syllables) < 2:
        return _any_field(fields, syllables[0], boost) if syllables else None
    return wq.DisjunctionMax([kind(f, syllables, slop=1) for f in fields], boost=boost,
                             tiebreak=_TIEBREAK)


def _legal_clauses(text: str) -> tuple[str, list[wq.Query]]:
    """Clauses for document numbers and articles, and the text without numbers and articles."""
    clauses: list[wq.Query] = []
    for match in _NUMBER_RE.finditer(text):
        clauses.append(wq.Term(F.NUMBER, strip_diacritics(match.group().lower()), boost=NUMBER_BOOST))
    rest = _NUMBER_RE.sub(" ", text)
    for match in _TYPED_NUMBER_RE.finditer(rest):
        code = _TYPE_CODES[strip_diacritics(match[1].lower())]
        pattern = f"{match[2]}/{match[3] or '*'}/*{code}*"
        clauses.append(wq.Wildcard(F.NUMBER, pattern, boost=NUMBER_BOOST / 2))
    # "Nghị định 56" names a document, like its number does: its words are not what to look for.
    rest = _TYPED_NUMBER_RE.sub(" ", rest)
    for match in _ARTICLE_RE.finditer(rest):
        clauses.append(wq.Term(F.ARTICLE, article_anchor(match[1]),
                               boost=_ARTICLE_BOOST))
    # "Điều 4" is matched as an article, not as the words "điều" and "4" anywhere in the text.
    return _ARTICLE_RE.sub(" ", rest), clauses


def _expansions(words: list[str], dictionary: Dictionary | Thesaurus | None, accent_free: bool):
    """For each run of words the dictionary (or thesaurus) knows, the syllables of each phrase
    it gives for them."""
    if not dictionary or not len(dictionary):
        return []
    found, i = [], 0
    while i < len(words):
        for size in range(min(dictionary.max_words, len(words) - i), 0, -1):
            # a one-syllable abbreviation of two letters ("TE") would match unrelated syllables
            phrases = [p for p in dictionary.expansions(" ".join(words[i:i + size]))
                       if len(p.split()) > 1 or len(p) > 2]
            if phrases:
                found.append([_syllables(_tokens(p, accent_free)) for p in phrases])
                i += size
                break
        else:
            i += 1
    return found


def limit_query(text: str) -> tuple[str, bool]:
    """``text`` cut to :data:`MAX_QUERY_TERMS` words of at most :data:`MAX_TERM_CHARS` characters,
    and whether anything was cut (the site says so). Applied before any parsing.

    >>> limit_query("trẻ em " + "x" * 50)
    ('trẻ em xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', True)
    >>> limit_query("trẻ em bị xâm hại")
    ('trẻ em bị xâm hại', False)
    """
    words = (text or "").split()
    kept = " ".join(word[:MAX_TERM_CHARS] for word in words[:MAX_QUERY_TERMS])[:MAX_QUERY_CHARS]
    cut = len(words) > MAX_QUERY_TERMS or any(len(word) > MAX_TERM_CHARS for word in words)
    cut = cut or len(kept) == MAX_QUERY_CHARS and len(" ".join(words)) > MAX_QUERY_CHARS
    return (kept, True) if cut else (text, False)


def parse_query(text: str, dictionary: Dictionary | None = None,
                thesaurus: Thesaurus | None = None) -> ParsedQuery:
    """Parse ``text``; never raises. A query with nothing to search gives ``query=None``.

    >>> parsed = parse_query('tre em bi xam hai kind:law -"bao luc"')
    >>> parsed.accent_free, parsed.filters, parsed.terms[:3]
    (True, {'kind': ['law']}, ['tre', 'em', 'bi'])
    """
    cleaned = clean_text(limit_query(text)[0])[:MAX_QUERY_CHARS]
    cleaned, legal = _legal_clauses(cleaned)
    filters: dict[str, list[str]] = {}
    words, phrases, excluded = [], [], []
    for match in _TOKEN_RE.finditer(cleaned):
        name = (match["field"] or "").lower()
        value = match["phrase"] if match["phrase"] is not None else match["word"]
        if name in F.FILTER_KEYS and value and not match["neg"]:
            filters.setdefault(F.FILTER_KEYS[name], []).append(value.strip())
        elif match["word"] == "OR" and not match["neg"]:
            continue  # any word may match already; OR only reads as the operator people know
        elif match["neg"]:
            excluded.append(value)
        elif match["phrase"] is not None:
            phrases.append(value)
        else:
            words.append(match.group())
    typed = " ".join(words + phrases)
    accent_free = strip_diacritics(typed) == typed
    fields = PLAIN_FIELDS if accent_free else ACCENTED_FIELDS
    tokens = _tokens(" ".join(words), accent_free)
    syllables = _syllables(tokens)
    filler = filler_positions(syllables, accent_free)  # the question's frame: not its topic
    compounds = list(dict.fromkeys(t for t in tokens if JOINER in t
                                   and not _is_filler(t.split(JOINER), accent_free)))
    keywords = [s for s in dict.fromkeys(s for i, s in enumerate(syllables) if i not in filler)
                if s not in STOP_WORDS]
    optional: list[wq.Query] = [_any_field(fields, s) for s in keywords]
    optional += [_any_field(fields, c) for c in compounds]
    # Adjacent syllables as phrases reward passages where the words stand together as typed,
    # whether or not pyvi segmented the (often accent-free) query into the right compounds.
    pairs = [(a, b) for i, (a, b) in enumerate(zip(syllables, syllables[1:]))
             if i not in filler and i + 1 not in filler]
    optional += [q for pair in dict.fromkeys(pairs)
                 if (q := _phrase(fields, list(pair), _PHRASE_BOOST))]
    optional += legal
    added: list[list[str]] = []
    typed_words = _syllables(_tokens(" ".join(words), False))
    for source, boost in ((dictionary, 1.0), (thesaurus, THESAURUS_BOOST)):
        for expansions in _expansions(typed_words, source, accent_free):
            optional += [q for e in expansions if (q := _phrase(fields, e, boost, PairChain))]
            added += expansions
    required = [q for p in phrases
                if (q := _phrase(fields, _syllables(_tokens(p, accent_free)), _PHRASE_BOOST))]
    negative = [q for e in excluded
                if (q := _phrase(fields, _syllables(_tokens(e, accent_free)), 1.0))]

    def assemble(required_phrases: list[wq.Query]) -> wq.Query | None:
        query: wq.Query | None = wq.Or(optional + required_phrases) if optional else None
        if required_phrases and query is None:
            query = wq.Or(required_phrases)
        return wq.AndNot(query, wq.Or(negative)) if query is not None and negative else query

    positive = assemble([])
    if required:
        strict = wq.AndMaybe(wq.And(required), positive) if positive else wq.And(required)
        relaxed, positive = assemble(required), wq.AndNot(strict, wq.Or(negative)) if negative else strict
    else:
        relaxed = None
    highlight = list(dict.fromkeys(keywords + compounds + [s for e in added for s in e]
                                   + [s for p in phrases for s in _tokens(p, accent_free)]))
    return ParsedQuery(text, positive, filters, highlight, words, accent_free, relaxed,
                       expansions=added)
