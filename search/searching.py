"""Run queries against the serving index: one searcher per process, reopened when the index
changed, and one view of the index (searcher, arrays, restorer) taken per operation.

Ranking: BM25F over the passages (field weights in search.schema, Lucene's idf), computed with
numpy by search.vectorized rather than by whoosh's matchers, plus the phrase, number and article
clauses of the query; passages are then grouped so that each document appears once, by its best
passage, and the first documents are ordered again by the learned re-ranker (search.rerank).
"""
from __future__ import annotations

import dataclasses
import logging
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from whoosh import scoring
from whoosh import query as wq

from search import fields as F
from search.analysis import plain_analyzer, vietnamese_analyzer
from search.fields import FACET_FIELDS
from search.grouping import IndexView, split_values, validity_slug
from search.indexing import IndexStore
from search.interpret import interpret
from search.lexicon import vietnamese_lexicon
from search.normalize import strip_diacritics
from search.query import (NUMBER_BOOST, STOP_WORDS, THESAURUS_BOOST, ParsedQuery, limit_query,
                          parse_query)
from search.rerank import DEPTH, FEATURES, Question, Reranker, features, passage_heading
from search.restore import Restorer, build_restorer
from search.snippets import snippet
from search.spelling import is_known_word
from search.synonyms import Dictionary
from search.thesaurus import Thesaurus
from search.vectorized import SegmentCache

log = logging.getLogger(__name__)

# Result pages kept until the index changes (pagination and facet clicks repeat a query).
_RESULTS_CACHED = 256


@dataclass
class Hit:
    """One document in a result list, represented by its best passage."""

    doc_id: str
    anchor: str
    title: str
    kind: str
    date: str
    heading: str
    snippet: str  # HTML: escaped text with <mark> around matched words
    score: float
    number: str = ""
    tags: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    publisher: str = ""
    validity: str = ""  # search.grouping.validity_slug of the legal status; "" for other documents

    def as_json(self) -> dict:
        """The hit as ``kb search --json`` and the JSON API give it (the API adds links and labels)."""
        return {"id": self.doc_id, "anchor": self.anchor, "title": self.title, "kind": self.kind,
                "date": self.date, "heading": self.heading, "snippet": self.snippet, "score": self.score}


@dataclass
class SearchResults:
    """A page of results and what is needed to render it."""

    query: str
    total: int  # documents
    hits: list[Hit]
    page: int
    pagelen: int
    seconds: float
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    filters: dict[str, list[str]] = field(default_factory=dict)
    suggestion: str | None = None
    interpreted: str | None = None  # an accent-free query with its diacritics restored


class LuceneBM25F(scoring.BM25F):
    """BM25F with Lucene's idf, ``ln(1 + (N - df + 0.5) / (df + 0.5))``: whoosh's own idf never
    reaches zero for very common words, which lets them outweigh rare ones in long queries."""

    def idf(self, searcher, fieldname, text):
        parent = searcher.get_parent()
        df = parent.doc_frequency(fieldname, text)
        total = parent.doc_count_all()
        return math.log(1 + (total - df + 0.5) / (df + 0.5))


# BM25 parameters, tuned on the benchmarks (docs/benchmarks.md); per-field weights are in the schema.
_WEIGHTING = LuceneBM25F(B=0.75, K1=1.2)


class SearchEngine:
    """Searches one :class:`IndexStore`; safe to share between the threads of a web worker.

    The process keeps one searcher, reopened only when a commit or a rebuild changed the index,
    and scores queries with :mod:`search.vectorized` over array copies of the posting lists kept
    per index segment. Searches take a lock: they are CPU-bound Python, so threads would queue on
    the interpreter lock anyway, and one searcher and its caches serve them all. Recent result
    pages are cached until the index changes. ``reranker`` defaults to the bundled model
    (search.rerank); set the attribute to None to rank by the scores alone.
    """

    def __init__(self, store: IndexStore, dictionary: Dictionary | None = None,
                 thesaurus: Thesaurus | None = None, cache_size: int = _RESULTS_CACHED,
                 reranker: Reranker | None = None):
        self.store = store
        self.reranker: Reranker | None = reranker or Reranker.bundled()
        self.dictionary: Dictionary = dictionary or Dictionary()
        self.thesaurus: Thesaurus = thesaurus or Thesaurus()
        self.cache_size = cache_size
        self._lock = threading.RLock()
        self._searcher = None
        self._generation: str | None = None
        self._segments = SegmentCache()
        self._view: IndexView | None = None
        self._results: OrderedDict[tuple, SearchResults] = OrderedDict()
        self._restorer: tuple[IndexView | None, Restorer | None] = (None, None)

    def searcher(self):
        """The process' searcher, reopened when a rebuild swapped generations or a commit landed."""
        with self._lock:
            return self._current().searcher

    def _current(self) -> IndexView:
        """The view of the index as it is now; call under the lock, once per operation.

        Reopening closes the readers of segments a commit merged away, so an operation that
        reopened midway would read closed files: each takes the view once and passes it on.
        """
        generation = self.store.generation()
        current = self._searcher
        if current is None or self._generation != generation:
            if current is not None:
                current.close()
            self._searcher = self.store.open().searcher(weighting=_WEIGHTING)
            self._generation = generation
        elif not current.up_to_date():
            self._searcher = current.refresh()
        if self._view is None or self._view.searcher is not self._searcher:
            self._view = IndexView(self._searcher, self._segments, _WEIGHTING)
            self._results.clear()
        return self._view

    def search(self, text: str, page: int = 1, pagelen: int = 10,
               filters: dict[str, list[str]] | None = None, sort: str = "relevance",
               with_facets: bool = True, with_snippets: bool = True,
               restore: bool = True) -> SearchResults:
        """Documents matching ``text`` and ``filters``, one hit per document (its best passage).

        An empty ``text`` lists the documents that match the filters, newest first. A query
        without diacritics is also read with them restored (``interpreted``), unless ``restore``
        is false: the search exactly as typed.
        """
        started = time.perf_counter()
        text = limit_query(text)[0]  # before anything reads it (title matching, did-you-mean)
        page = max(1, page)
        key = (text, tuple(sorted((k, tuple(v)) for k, v in (filters or {}).items())), sort, page,
               pagelen, with_facets, with_snippets, restore)
        with self._lock:
            view = self._current()
            cached = self._results.get(key)
            if cached is not None:
                self._results.move_to_end(key)
                return dataclasses.replace(cached, seconds=time.perf_counter() - started)
            results = self._search(view, text, page, pagelen, filters, sort, with_facets,
                                   with_snippets, restore)
            if self.cache_size:
                self._results[key] = results
                while len(self._results) > self.cache_size:
                    self._results.popitem(last=False)
        results.seconds = time.perf_counter() - started
        return results

    def _search(self, view, text, page, pagelen, filters, sort, with_facets, with_snippets,
                restore) -> SearchResults:
        ranking = self._rank(view, text, filters, sort, restore)
        if ranking is None:
            return SearchResults(text, 0, [], page, pagelen, 0.0)
        parsed, scores = ranking.parsed, ranking.scores
        window = ranking.ranked[(page - 1) * pagelen: page * pagelen]
        hits = [self._hit(view.searcher.stored_fields(int(docnum)), parsed if with_snippets else None,
                          float(scores[docnum])) for docnum in window]
        facets = view.facet_counts(ranking.docs) if with_facets else {}
        suggestion = self._suggest(view, parsed) if parsed.words else None
        return SearchResults(text, len(ranking.docs), hits, page, pagelen, 0.0, facets,
                             ranking.filters, suggestion, ranking.interpreted)

    def _rank(self, view: IndexView, text: str, filters, sort: str, restore: bool,
              rerank: bool = True) -> _Ranking | None:
        """Parse, score and group: the best passage of every matching document, in order. None
        when the query has nothing to search and no filter."""
        parsed = parse_query(text, self.dictionary, self.thesaurus)
        named, (start, end) = view.named_in(text)
        searched = text
        if len(named):
            # A title in the query names its document, like a number does: its words are a
            # reference, not what the passage should be about ("Điều 4 Luật Trẻ em").
            rest = parse_query(f"{text[:start]} {text[end:]}", self.dictionary, self.thesaurus)
            if rest.query is not None:
                parsed, searched = dataclasses.replace(rest, text=text, terms=parsed.terms), rest.text
        reading = (interpret(parsed, text, self._restorer_of(view), self.dictionary, searched,
                             self.thesaurus) if restore else None)
        parsed = reading.parsed if reading else parsed
        merged = {k: list(v) for k, v in (filters or {}).items() if v}
        for key, values in parsed.filters.items():
            merged.setdefault(key, []).extend(v for v in values if v not in merged.get(key, []))
        query = parsed.query
        if query is None:
            if not merged and text.strip():
                return None
            query, sort = wq.Every(), "date"
        allowed = view.published.copy()
        filter_query = _filter_query(merged)
        if filter_query is not None:
            allowed &= view.evaluator.run(filter_query)[0]
        matches, scores = view.evaluator.run(query)
        matches &= allowed
        if not matches.any() and parsed.relaxed is not None:  # no passage has the exact phrase
            matches, scores = view.evaluator.run(parsed.relaxed)
            matches &= allowed
        if len(named):  # a document named by its title gains as much as by its number
            scores = scores + np.where(matches & np.isin(view.codes, named), NUMBER_BOOST, 0.0)
        if view.in_force_factor is not None:
            scores = scores * view.in_force_factor
        ranked, docs = view.best_passages(matches, scores, by_date=sort == "date")
        ranking = _Ranking(parsed, ranked, docs, scores, merged, reading.text if reading else None)
        if rerank and self.reranker and sort != "date" and parsed.words and len(ranked) > 1:
            head = ranked[:DEPTH]
            order = self.reranker.order(self._rerank_rows(view, ranking, head))
            ranking.ranked = np.concatenate([head[order], ranked[DEPTH:]])
        return ranking

    def _rerank_rows(self, view: IndexView, ranking: _Ranking, head: np.ndarray) -> np.ndarray:
        """The re-ranker's features (search.rerank) of each passage of ``head``."""
        parsed = ranking.parsed
        # compared as restored, the reading the page shows: "bo me" is "bố mẹ", not also "bỏ", "bộ"
        words = parsed.restored_words or parsed.words
        accent_free = parsed.accent_free and not parsed.restored_words
        fieldname = F.BODY_PLAIN if accent_free else F.BODY
        question = Question.of(" ".join(words), accent_free,
                               lambda syllable: view.evaluator.idf(fieldname, syllable), STOP_WORDS,
                               parsed.expansions, THESAURUS_BOOST)
        best = float(ranking.scores[head[0]]) if len(head) else 0.0
        rows = []
        for docnum in head:
            stored = view.searcher.stored_fields(int(docnum))
            heading, body = stored.get(F.HEADING, ""), stored.get(F.BODY, "")
            rows.append(features(question, f"{heading}\n{body}", float(ranking.scores[docnum]), best,
                                 passage_heading(heading, body)))
        return np.array(rows, dtype=np.float64).reshape(len(head), len(FEATURES))

    def rerank_candidates(self, text: str, restore: bool = True) -> tuple[list[str], np.ndarray]:
        """The first :data:`search.rerank.DEPTH` documents of a search as ranked before
        re-ranking, and the re-ranker's features of their best passages (what
        search.rerank_train learns from and cross-validates with)."""
        with self._lock:
            view = self._current()
            ranking = self._rank(view, limit_query(text)[0], None, "relevance", restore, rerank=False)
            if ranking is None or not ranking.parsed.words:
                return [], np.zeros((0, len(FEATURES)))
            head = ranking.ranked[:DEPTH]
            doc_ids = [view.searcher.stored_fields(int(d))[F.DOC_ID] for d in head]
            return doc_ids, self._rerank_rows(view, ranking, head)

    def restorer(self) -> Restorer:
        """The diacritic restoration model of the current index (built once per index version)."""
        with self._lock:
            return self._restorer_of(self._current())

    def _restorer_of(self, view: IndexView) -> Restorer:
        built_for, model = self._restorer
        if built_for is not view or model is None:
            phrases = [p for group in self.dictionary.groups for p in group]
            # the thesaurus's everyday expressions; those it lists without diacritics are chat
            # spellings ("ck cu"), no Vietnamese to learn from
            phrases += [expression for expression, _terms in self.thesaurus.entries
                        if strip_diacritics(expression) != expression]
            model = build_restorer(view.evaluator.leaves, view.searcher, vietnamese_lexicon(), phrases)
            self._restorer = (view, model)
        return model

    def suggest(self, parsed: ParsedQuery) -> str | None:
        """A "did you mean" query: each word that is no word (search.spelling) replaced by its
        nearest term in the index."""
        with self._lock:
            return self._suggest(self._current(), parsed)

    def _suggest(self, view: IndexView, parsed: ParsedQuery) -> str | None:
        body = parsed.fields[-1]
        analyzer = plain_analyzer() if parsed.accent_free else vietnamese_analyzer()
        searcher, nearest = view.searcher, view.spellings  # per index version: the vocabulary walk is slow
        changed, words = False, []
        for word in parsed.words:
            tokens = [t.text for t in analyzer(word)]
            if len(tokens) == 1 and not is_known_word(searcher, tokens[0]):
                key = (body, tokens[0])
                if key not in nearest:
                    # the nearest spelling wins; frequency only decides between equally near ones
                    found = (searcher.suggest(body, tokens[0], limit=1, maxdist=1)
                             or searcher.suggest(body, tokens[0], limit=1, maxdist=2))
                    nearest[key] = found[0] if found else None
                if nearest[key]:
                    words.append(nearest[key])
                    changed = True
                    continue
            words.append(word)
        return " ".join(words) if changed else None

    def more_like_this(self, doc_id: str, limit: int = 5) -> list[Hit]:
        """Documents about the same things as ``doc_id`` (by its key terms), best first."""
        with self._lock:
            view = self._current()
            searcher = view.searcher
            docnums = list(searcher.document_numbers(**{F.DOC_ID: doc_id}))
            if not docnums:
                return []
            keys = [term for term, _ in searcher.key_terms(docnums, F.BODY, numterms=15)]
            if not keys:
                return []
            query = wq.AndNot(wq.Or([wq.Term(F.BODY, k) for k in keys]), wq.Term(F.DOC_ID, doc_id))
            matches, scores = view.evaluator.run(query)
            ranked, _ = view.best_passages(matches & view.published, scores)
            parsed = ParsedQuery("", None, terms=keys)
            return [self._hit(searcher.stored_fields(int(d)), parsed, float(scores[d]))
                    for d in ranked[:limit]]

    def _hit(self, stored: dict, parsed: ParsedQuery | None, score: float) -> Hit:
        return Hit(
            doc_id=stored[F.DOC_ID],
            anchor=stored.get(F.ANCHOR, ""),
            title=stored.get(F.TITLE, ""),
            kind=stored.get(F.KIND, ""),
            date=stored.get(F.DATE, ""),
            heading=stored.get(F.HEADING, ""),
            snippet=snippet(stored.get(F.BODY, ""), parsed) if parsed else "",
            score=round(score, 4),
            number=(stored.get(F.NUMBER) or "").split(" ")[0],
            tags=split_values(stored.get(F.TAGS, "")),
            places=split_values(stored.get(F.PLACES, "")),
            organizations=split_values(stored.get(F.ORGANIZATIONS, "")),
            publisher=stored.get(F.PUBLISHER, ""),
            validity=stored.get(F.VALIDITY, ""),
        )


@dataclass
class _Ranking:
    """A search before its page is cut: the query as read, every matching document's best
    passage in order (``ranked``), the documents, all passages' scores, the filters applied and
    the restored reading of an accent-free query."""

    parsed: ParsedQuery
    ranked: np.ndarray
    docs: np.ndarray
    scores: np.ndarray
    filters: dict[str, list[str]]
    interpreted: str | None


def _filter_query(filters: dict[str, list[str]]) -> wq.Query | None:
    """All filter keys must match; several values of one key are alternatives."""
    clauses = []
    for key, values in filters.items():
        if key in FACET_FIELDS and values:
            terms = [wq.Term(key, v.lower() if key == F.TAGS else validity_slug(v) if key == F.VALIDITY else v)
                     for v in values]
            clauses.append(wq.Or(terms))
    return wq.And(clauses) if clauses else None
