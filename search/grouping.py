"""From scored passages to documents: the best passage of each, sorting, and facet counts.

An :class:`IndexView` holds, for one searcher, which document each passage belongs to and each
document's facet values, as arrays, so that grouping and counting a query's matches is a few
array operations however many passages match. What it reads from the index (the ``doc_id``,
``position`` and ``date`` columns, one passage's stored facets per document) is kept per segment
in the :class:`~search.vectorized.SegmentCache`, so after a commit only the new segment is read.
"""
from __future__ import annotations

import re

import numpy as np
from whoosh import query as wq

from search import fields as F
from search.fields import FACET_FIELDS, MULTI_VALUED
from search.normalize import normalize_token, strip_diacritics
from search.query import MAX_QUERY_CHARS
from search.vectorized import Evaluator, SegmentCache

# Documents that editors have not published yet stay out of search.
UNPUBLISHED = wq.Or([wq.Term(F.STATUS, "draft"), wq.Term(F.STATUS, "review")])
# Texts no longer (or not yet) in force: between equally relevant passages, those in force first.
NOT_IN_FORCE = ("het-hieu-luc-toan-bo", "chua-co-hieu-luc")
NOT_IN_FORCE_FACTOR = 0.98
# A title this short ("Trẻ em") is a topic, not the name of one document.
_MIN_NAMED_SYLLABLES = 3
_WORD_RE = re.compile(r"\w+")


def title_syllables(text: str) -> list[str]:
    """Syllables of a title or query, normalised and without diacritics, to compare names.

    >>> title_syllables("Luật Trẻ Em (sửa đổi)")
    ['luat', 'tre', 'em', 'sua', 'doi']
    """
    return [strip_diacritics(normalize_token(w)) for w in _WORD_RE.findall(text)]


def validity_slug(status: str) -> str:
    """The indexed form of a validity status, typed or shown: "Còn hiệu lực" -> ``con-hieu-luc``.

    >>> validity_slug("Hết hiệu lực toàn bộ")
    'het-hieu-luc-toan-bo'
    """
    return "-".join(strip_diacritics(normalize_token(w)) for w in _WORD_RE.findall(status))


def split_values(value: str) -> list[str]:
    """The values of a comma-joined stored field (tags, places, organisations)."""
    return [v for v in (value or "").split(",") if v]


def _segment_table(reader) -> dict:
    """Columns of one segment and the stored facet values of its first passage per document."""
    doc_ids = list(reader.column_reader(F.DOC_ID))
    positions = np.fromiter(reader.column_reader(F.POSITION), dtype=np.int64, count=len(doc_ids))
    dates = list(reader.column_reader(F.DATE))
    first: dict[str, int] = {}
    for docnum, doc_id in enumerate(doc_ids):
        first.setdefault(doc_id, docnum)
    facets, titles = {}, {}
    for doc_id, docnum in first.items():
        stored = reader.stored_fields(docnum)
        facets[doc_id] = {name: split_values(stored.get(name, "")) if name in MULTI_VALUED
                          else [v for v in [stored.get(name, "")] if v] for name in FACET_FIELDS}
        titles[doc_id] = " ".join(title_syllables(stored.get(F.TITLE, "")))
    return {"doc_ids": doc_ids, "positions": positions, "dates": dates, "first": first,
            "facets": facets, "titles": titles}


class IndexView:
    """What one searcher needs to group, sort and count: built once per searcher."""

    def __init__(self, searcher, segments: SegmentCache, weighting):
        self.searcher = searcher
        self.evaluator = Evaluator(searcher, segments, weighting)
        live = self.evaluator.live
        size = self.evaluator.size
        names: dict[str, int] = {}
        codes = np.zeros(size, dtype=np.int64)
        self.positions = np.zeros(size, dtype=np.int64)
        doc_dates: dict[int, str] = {}
        doc_facets: dict[int, dict[str, list[str]]] = {}
        self._named: dict[str, list[int]] = {}  # title syllables -> documents with that title
        for arrays, offset in self.evaluator.leaves:
            table = arrays.memo("documents", _segment_table)
            local = np.fromiter((names.setdefault(d, len(names)) for d in table["doc_ids"]),
                                dtype=np.int64, count=len(table["doc_ids"]))
            codes[offset:offset + len(local)] = local
            self.positions[offset:offset + len(local)] = table["positions"]
            for doc_id, docnum in table["first"].items():
                if live[offset + docnum]:  # a document's passages are deleted and re-added together
                    code = names[doc_id]
                    doc_dates[code] = table["dates"][docnum] or ""
                    doc_facets[code] = table["facets"][doc_id]
                    title = table["titles"][doc_id]
                    if title.count(" ") + 1 >= _MIN_NAMED_SYLLABLES:
                        self._named.setdefault(title, []).append(code)
        self.codes = codes
        # Between equal scores, documents go in the order of their ids: the same however the index
        # was written (by several processes, or with edited documents re-added at its end).
        self._id_rank = np.argsort(np.argsort(np.array(list(names), dtype=object)))
        self._longest_title = max((t.count(" ") + 1 for t in self._named), default=0)
        self.dates = np.array([doc_dates.get(i, "") for i in range(len(names))], dtype=object)
        self._facets = _facet_arrays(doc_facets)
        demoted = np.array([any(v in NOT_IN_FORCE for v in doc_facets.get(i, {}).get(F.VALIDITY, []))
                            for i in range(len(names))], dtype=bool)
        # per passage: what its score is multiplied by (a text no longer in force loses ties)
        self.in_force_factor = np.where(demoted[codes], NOT_IN_FORCE_FACTOR, 1.0) if demoted.any() else None
        self.published = live & ~self.evaluator.run(UNPUBLISHED)[0]
        self.spellings: dict[tuple[str, str], str | None] = {}  # "did you mean", filled by searches

    def best_passages(self, matches: np.ndarray, scores: np.ndarray,
                      by_date: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """The best matching passage of each document, best document first (or newest first),
        and the documents' codes. Ties go to the earlier passage of a document, then the
        document whose id sorts first."""
        docnums = np.flatnonzero(matches)
        if not len(docnums):
            return docnums, docnums
        codes, passage_scores = self.codes[docnums], scores[docnums]
        # Per document, in linear time (sorting every matching passage took most of a search's
        # grouping): its best score, then the earliest passage that has it.
        best_score = np.full(len(self.dates), -np.inf)
        np.maximum.at(best_score, codes, passage_scores)
        at_best = passage_scores == best_score[codes]
        positions = self.positions[docnums]
        earliest = np.full(len(self.dates), np.iinfo(np.int64).max)
        np.minimum.at(earliest, codes[at_best], positions[at_best])
        chosen = np.flatnonzero(at_best & (positions == earliest[codes]))
        docs, first = np.unique(codes[chosen], return_index=True)  # one passage per document
        best, best_scores = docnums[chosen[first]], passage_scores[chosen[first]]
        if by_date:
            dates = self.dates[docs]
            ranking = sorted(range(len(best)), key=lambda i: (dates[i], best_scores[i]), reverse=True)
        else:
            ranking = np.lexsort((self._id_rank[docs], -best_scores))
        return best[ranking], docs

    def named_in(self, text: str) -> tuple[np.ndarray, tuple[int, int]]:
        """The documents whose whole title ``text`` contains, with or without diacritics ("Điều 4
        Luật Trẻ em" names the Law on Children), and where in ``text`` that title stands; the
        longest title wins. No documents: an empty array and ``(0, 0)``.
        """
        text = text[:MAX_QUERY_CHARS]
        words = list(_WORD_RE.finditer(text))
        keys = title_syllables(text)
        for size in range(min(len(words), self._longest_title), _MIN_NAMED_SYLLABLES - 1, -1):
            for start in range(len(words) - size + 1):
                codes = self._named.get(" ".join(keys[start:start + size]))
                if codes:
                    span = (words[start].start(), words[start + size - 1].end())
                    return np.array(codes, dtype=np.int64), span
        return np.zeros(0, dtype=np.int64), (0, 0)

    def facet_counts(self, docs: np.ndarray) -> dict[str, list[tuple[str, int]]]:
        """Documents per value of each facet field, over the documents ``docs``."""
        selected = np.zeros(len(self.dates), dtype=bool)
        selected[docs] = True
        counts = {}
        for name, (pair_doc, pair_value, values) in self._facets.items():
            per_value = np.bincount(pair_value[selected[pair_doc]], minlength=len(values))
            found = [(values[i], int(n)) for i in np.flatnonzero(per_value) for n in [per_value[i]]]
            counts[name] = sorted(found, key=lambda kv: (-kv[1], kv[0]))
        return counts


def _facet_arrays(doc_facets: dict[int, dict[str, list[str]]]) -> dict:
    """Per facet field: parallel arrays of (document code, value index) and the value names."""
    arrays = {}
    for name in FACET_FIELDS:
        index: dict[str, int] = {}
        pair_doc, pair_value = [], []
        for code, facets in doc_facets.items():
            for value in dict.fromkeys(facets.get(name, [])):
                pair_doc.append(code)
                pair_value.append(index.setdefault(value, len(index)))
        arrays[name] = (np.array(pair_doc, dtype=np.int64), np.array(pair_value, dtype=np.int64),
                        list(index))
    return arrays
