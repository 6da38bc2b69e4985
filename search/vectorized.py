"""Evaluate the knowledge base's whoosh queries over whole posting lists at once, with numpy.

whoosh scores a query by stepping a tree of matchers posting by posting in Python. The queries of
search/query.py OR tens of clauses over three fields, so on a large index that walk was most of a
search's time (docs/benchmarks.md). Here each term's posting list is read once, block by block,
into arrays (kept per index segment, so a commit only costs the new segment), and the same BM25F
scores are computed with array operations over every passage of the index:

- ``Term``: BM25 of the field (``LuceneBM25F``: Lucene's idf, whoosh's length normalisation with
  its one-byte field lengths), times the clause's boost; an unscorable field scores its weight;
- ``Or`` sums; ``DisjunctionMax`` takes the best clause plus ``tiebreak`` times the others (whoosh's
  own DisjunctionMaxMatcher ignores the tiebreak and, with three or more clauses, can score a
  passage with another passage's best clause; this is the definition it documents),
  ``And`` intersects and sums, ``AndMaybe`` adds the optional part where the required part
  matches, ``AndNot`` removes;
- ``Phrase``: passages holding every adjacent pair of its words (the ``pairs`` field), checked
  on the stored text when the phrase has more than two words (except a :class:`PairChain`; the
  index keeps no positions), scored as the sum of its words' scores like whoosh's span queries;
  its slop is not read: the words stand together;
- ``Wildcard`` and other multi-term queries: a constant score (their boost) where any expansion
  matches.

Any other query type falls back to whoosh's own matcher, so the result is the same, only slower.
"""
from __future__ import annotations

import functools
import logging
import re
import threading
from collections import OrderedDict

import numpy as np
from whoosh import query as wq
from whoosh.reading import TermNotFound

from search.analysis import pair_term, syllables
from search.posting_arrays import EMPTY_IDS, EMPTY_WEIGHTS, read_postings
from search.fields import PAIRS, PLAIN_SUFFIX, SOURCE_FIELDS
from search.frequent_postings import FrequentPostings
from search.normalize import strip_diacritics

log = logging.getLogger(__name__)

# Posting lists kept per segment, counted in postings (8 bytes each: int32 id, float32 weight).
_CACHED_POSTINGS = 4_000_000
# Phrases of three or more words whose passages were confirmed on their text, per evaluator.
_CACHED_PHRASES = 256


@functools.cache
def _spellings() -> dict[str, str]:
    """Each letter and the lowercase letters that fold to it (marks dropped, đ as d, y as i)."""
    found: dict[str, list[str]] = {}
    for letter in map(chr, range(0x00C0, 0x1F00)):
        base = strip_diacritics(letter).replace("y", "i")
        if letter.islower() and len(base) == 1 and base.isascii() and base.isalpha():
            found.setdefault(base, [base]).append(letter)
    found["i"].append("y")
    return {base: "".join(letters) for base, letters in found.items()}


def _any_spelling(word: str) -> str:
    """A regular expression for ``word`` in lowercase text, whatever its marks, tone placement or
    i/y spelling: where a phrase may stand is found in C, and only there is it read closely.

    >>> [bool(re.fullmatch(_any_spelling(word), text)) for word, text in
    ...  [("lí", "lý"), ("hòa", "hoà"), ("khuyết", "khuyết"), ("đi", "di"), ("em", "êm")]]
    [True, True, True, True, True]
    """
    spellings = _spellings()
    folded = strip_diacritics(word).replace("y", "i")
    return "".join(f"[{spellings[c]}]" if c in spellings else re.escape(c) for c in folded)


class PairChain(wq.Phrase):
    """A phrase matched wherever each two adjacent words of it stand together, without checking
    that the whole sequence does: for the equivalents of the domain dictionary ("bảo vệ trẻ em")
    that is the same in practice and saves reading the texts. whoosh reads it as a phrase."""


class SegmentArrays:
    """Posting lists and field lengths of one index segment, as arrays, cached (LRU)."""

    def __init__(self, reader):
        self.reader = reader
        self.size = reader.doc_count_all()
        self._long_lists = FrequentPostings.of(reader)
        self._postings: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cached = 0
        self._lengths: dict[str, np.ndarray] = {}
        self._memo: dict[str, object] = {}
        self._lock = threading.Lock()

    def memo(self, key: str, build):
        """``build(reader)`` computed once for this segment (data derived from its columns or
        stored fields, which only change with the segment)."""
        if key not in self._memo:
            self._memo[key] = build(self.reader)
        return self._memo[key]

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Segment-local ids (sorted) and weights of ``text`` in ``fieldname``, deleted ones included."""
        key = (fieldname, text)
        with self._lock:
            found = self._postings.get(key)
            if found is not None:
                self._postings.move_to_end(key)
                return found
        found = self._long_lists.get(fieldname, text) if self._long_lists else None
        if found is None:
            try:  # one lookup of the term, not a test and then the lookup
                found = read_postings(self.reader.postings(fieldname, text))
            except TermNotFound:
                found = (EMPTY_IDS, EMPTY_WEIGHTS)
        with self._lock:
            self._postings[key] = found
            self._cached += len(found[0])
            while self._cached > _CACHED_POSTINGS and len(self._postings) > 1:
                _, (old_ids, _) = self._postings.popitem(last=False)
                self._cached -= len(old_ids)
        return found

    def lengths(self, fieldname: str) -> np.ndarray:
        """The length (in tokens, as whoosh stores it: approximated in one byte) of every passage."""
        found = self._lengths.get(fieldname)
        if found is None:
            found = np.array([self.reader.doc_field_length(d, fieldname, 0) or 0
                              for d in range(self.size)], dtype=np.float64)
            self._lengths[fieldname] = found
        return found


class SegmentCache:
    """:class:`SegmentArrays` by segment id, kept while the segment is part of the index."""

    def __init__(self):
        self._segments: dict[str, SegmentArrays] = {}
        self._lock = threading.Lock()

    def leaves(self, searcher) -> list[tuple[SegmentArrays, int]]:
        """``(arrays, offset)`` for each segment of ``searcher``'s reader; forgets unused segments."""
        leaves, used = [], {}
        with self._lock:
            for reader, offset in searcher.reader().leaf_readers():
                key = reader.segment().segment_id() if hasattr(reader, "segment") else str(id(reader))
                arrays = self._segments.get(key)
                if arrays is None or arrays.size != reader.doc_count_all():
                    arrays = SegmentArrays(reader)
                # a segment that gained deletions comes with a new reader; its postings are the same
                arrays.reader = reader
                used[key] = arrays
                leaves.append((arrays, offset))
            self._segments = used
        return leaves


class Evaluator:
    """Scores of a whoosh query for every passage of one searcher's index."""

    def __init__(self, searcher, cache: SegmentCache, weighting):
        self.searcher = searcher
        self.weighting = weighting
        self.size = searcher.doc_count_all()
        self._leaves = cache.leaves(searcher)
        self._live = np.ones(self.size, dtype=bool)
        for arrays, offset in self._leaves:
            deleted = list(arrays.reader.segment().deleted_docs()) if arrays.reader.has_deletions() else []
            if deleted:
                self._live[np.asarray(deleted, dtype=np.int64) + offset] = False
        self._lengths: dict[str, np.ndarray] = {}
        self._idf: dict[tuple[str, str], float] = {}
        self._sequences: dict[tuple[str, tuple[str, ...]], np.ndarray] = {}
        # a word's scores, once per query however many of its clauses name it (words and phrases)
        self._term_scores: dict[tuple[str, str], np.ndarray] = {}

    @property
    def leaves(self) -> list[tuple[SegmentArrays, int]]:
        """The segments of the searcher's index and the offset of their first passage."""
        return self._leaves

    @property
    def live(self) -> np.ndarray:
        """Passages not deleted."""
        return self._live

    def run(self, query: wq.Query) -> tuple[np.ndarray, np.ndarray]:
        """``(matches, scores)``: a boolean and a float array over all passages."""
        try:
            matches, scores = self._eval(query)
        finally:
            self._term_scores.clear()
        matches &= self._live
        return matches, np.where(matches, scores, 0.0)

    # -- postings ---------------------------------------------------------------------------------
    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Global ids and weights of a term over all segments."""
        parts = [(ids.astype(np.int64) + offset, weights) for arrays, offset in self._leaves
                 for ids, weights in [arrays.postings(fieldname, text)] if len(ids)]
        if not parts:
            return EMPTY_IDS, EMPTY_WEIGHTS
        if len(parts) == 1:
            return parts[0]
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    def lengths(self, fieldname: str) -> np.ndarray:
        found = self._lengths.get(fieldname)
        if found is None:
            found = np.zeros(self.size, dtype=np.float64)
            for arrays, offset in self._leaves:
                found[offset:offset + arrays.size] = arrays.lengths(fieldname)
            self._lengths[fieldname] = found
        return found

    def idf(self, fieldname: str, text: str) -> float:
        """The weighting's idf of a term (a document frequency is a lookup in every segment: once
        per searcher)."""
        found = self._idf.get((fieldname, text))
        if found is None:
            found = self._idf[fieldname, text] = self.weighting.idf(self.searcher, fieldname, text)
        return found

    # -- queries ----------------------------------------------------------------------------------
    def _empty(self) -> tuple[np.ndarray, np.ndarray]:
        return np.zeros(self.size, dtype=bool), np.zeros(self.size, dtype=np.float64)

    def _eval(self, q: wq.Query) -> tuple[np.ndarray, np.ndarray]:
        handler = _HANDLERS.get(type(q))
        if handler is None:
            for kind, candidate in _HANDLERS.items():
                if isinstance(q, kind):
                    handler = candidate
                    break
        return handler(self, q) if handler else self._by_whoosh(q)

    def _term(self, q: wq.Term) -> tuple[np.ndarray, np.ndarray]:
        matches, scores = self._empty()
        field = self.searcher.schema[q.fieldname] if q.fieldname in self.searcher.schema else None
        if field is None:
            return matches, scores
        text = q.text if isinstance(q.text, str) else q.text.decode("utf-8")
        ids, weights = self.postings(q.fieldname, text)
        if not len(ids):
            return matches, scores
        matches[ids] = True
        scores[ids] = self._bm25(q.fieldname, text, ids, weights) * q.boost
        return matches, scores

    def _bm25(self, fieldname: str, text: str, ids: np.ndarray, weights: np.ndarray) -> np.ndarray:
        if not self.searcher.schema[fieldname].scorable:
            return weights
        found = self._term_scores.get((fieldname, text))
        if found is not None:
            return found
        idf = self.idf(fieldname, text)
        avgfl = self.searcher.avg_field_length(fieldname) or 1
        b, k1 = self.weighting.B, self.weighting.K1
        lengths = self.lengths(fieldname)[ids]
        weights = weights.astype(np.float64)
        found = self._term_scores[fieldname, text] = (
            idf * (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))
        return found

    def _or(self, q) -> tuple[np.ndarray, np.ndarray]:
        matches, scores = self._empty()
        for sub in q.subqueries:
            m, s = self._eval(sub)
            matches |= m
            scores += s
        return matches, scores * q.boost

    def _dismax(self, q) -> tuple[np.ndarray, np.ndarray]:
        matches, best = self._empty()
        total = np.zeros(self.size, dtype=np.float64)
        for sub in q.subqueries:
            m, s = self._eval(sub)
            matches |= m
            np.maximum(best, s, out=best)
            total += s
        return matches, (best + q.tiebreak * (total - best)) * q.boost

    def _and(self, q) -> tuple[np.ndarray, np.ndarray]:
        matches, scores = np.ones(self.size, dtype=bool), np.zeros(self.size, dtype=np.float64)
        for sub in q.subqueries:
            m, s = self._eval(sub)
            matches &= m
            scores += s
        return matches, np.where(matches, scores * q.boost, 0.0)

    def _and_maybe(self, q) -> tuple[np.ndarray, np.ndarray]:
        matches, scores = self._eval(q.a)
        _, optional = self._eval(q.b)
        return matches, np.where(matches, (scores + optional) * q.boost, 0.0)

    def _and_not(self, q) -> tuple[np.ndarray, np.ndarray]:
        matches, scores = self._eval(q.a)
        excluded, _ = self._eval(q.b)
        matches &= ~excluded
        return matches, np.where(matches, scores * q.boost, 0.0)

    def _phrase(self, q: wq.Phrase) -> tuple[np.ndarray, np.ndarray]:
        words = list(q.words)
        if len(words) == 1:
            return self._term(wq.Term(q.fieldname, words[0], boost=q.boost))
        matches = np.ones(self.size, dtype=bool)
        for first, second in zip(words, words[1:]):
            ids, _ = self.postings(PAIRS, pair_term(q.fieldname, first, second))
            pair = np.zeros(self.size, dtype=bool)
            pair[ids] = True
            matches &= pair
        if len(words) > 2 and not isinstance(q, PairChain) and matches.any():
            key = (q.fieldname, tuple(words))
            found = self._sequences.get(key)
            if found is None:  # reading the texts is the slow part: confirmed once per evaluator
                found = self._in_sequence(q.fieldname, words, np.flatnonzero(matches & self._live))
                if len(self._sequences) >= _CACHED_PHRASES:
                    self._sequences.pop(next(iter(self._sequences)))
                self._sequences[key] = found
            matches &= found
        scores = np.zeros(self.size, dtype=np.float64)
        if not matches.any():  # the words' own lists are read only to score a phrase found
            return matches, scores
        for word in words:
            ids, weights = self.postings(q.fieldname, word)
            if len(ids):
                scores[ids] += self._bm25(q.fieldname, word, ids, weights)
        return matches, np.where(matches, scores * q.boost, 0.0)

    def _in_sequence(self, fieldname: str, words: list[str], candidates: np.ndarray) -> np.ndarray:
        """Which ``candidates`` hold ``words`` one after the other (the pairs only say that each
        adjacent two stand together somewhere), read in the stored text the field indexes."""
        accent_free, sources = fieldname.endswith(PLAIN_SUFFIX), SOURCE_FIELDS[fieldname]
        # Each place the words may stand, whatever their spelling and whatever is between them but
        # letters (overlapping places too), then read as the index reads them.
        spelled = r"\W+".join(_any_spelling(word) for word in words)
        places = re.compile(rf"(?<!\w)(?=({spelled})(?!\w))")
        found = np.zeros(self.size, dtype=bool)
        for docnum in candidates.tolist():
            stored = self.searcher.stored_fields(docnum)
            text = "\n".join(stored.get(source) or "" for source in sources).lower()
            found[docnum] = any(syllables(m.group(1), accent_free) == words for m in places.finditer(text))
        return found

    def _multi_term(self, q: wq.MultiTerm) -> tuple[np.ndarray, np.ndarray]:
        matches, scores = self._empty()
        for btext in q._btexts(self.searcher.reader()):
            text = btext if isinstance(btext, str) else btext.decode("utf-8")
            ids, _ = self.postings(q.field(), text)
            matches[ids] = True
        scores[matches] = q.boost
        return matches, scores

    def _every(self, q) -> tuple[np.ndarray, np.ndarray]:
        return np.ones(self.size, dtype=bool), np.ones(self.size, dtype=np.float64)

    def _null(self, q) -> tuple[np.ndarray, np.ndarray]:
        return self._empty()

    def _by_whoosh(self, q: wq.Query) -> tuple[np.ndarray, np.ndarray]:
        matches, scores = self._empty()
        matcher = q.matcher(self.searcher)
        while matcher.is_active():
            matches[matcher.id()] = True
            scores[matcher.id()] = matcher.score()
            matcher.next()
        return matches, scores


_HANDLERS = {
    wq.Term: Evaluator._term,
    wq.DisjunctionMax: Evaluator._dismax,
    wq.Or: Evaluator._or,
    wq.And: Evaluator._and,
    wq.AndMaybe: Evaluator._and_maybe,
    wq.AndNot: Evaluator._and_not,
    wq.Phrase: Evaluator._phrase,
    wq.MultiTerm: Evaluator._multi_term,
    wq.Every: Evaluator._every,
    wq.NullQuery.__class__: Evaluator._null,
}
