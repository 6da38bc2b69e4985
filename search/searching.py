"""Run queries against the serving index: one searcher per thread, reopened after each commit.

Ranking: whoosh scores passages with BM25F (field weights in the schema, Lucene's idf) plus the
phrase, number and article clauses of the query; passages are then grouped so that each document
appears once, by its best passage.
"""
from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import highlight, scoring, sorting
from whoosh import query as wq
from whoosh.compat import htmlescape

from search.analysis import plain_analyzer, vietnamese_analyzer
from search.indexing import IndexStore
from search.query import ParsedQuery, parse_query
from search.synonyms import Dictionary, load_dictionary

log = logging.getLogger(__name__)

# How many passages are read to find the best passage of each document on the page.
_RERANK_DEPTH = 300
_SNIPPET_CHARS = 220
_ADJACENT_MARKS = re.compile(r"</mark>(\s+)<mark>")  # "xâm hại" is one highlight, not two
# Documents that editors have not published yet stay out of search.
_UNPUBLISHED = wq.Or([wq.Term("status", "draft"), wq.Term("status", "review")])
FACET_FIELDS = ("kind", "tags", "year", "places", "organizations")
_MULTI_VALUED = {"tags", "places", "organizations"}


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


class _MarkFormatter(highlight.Formatter):
    """Escaped text with ``<mark>`` around matched words and `` … `` between fragments."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return f"<mark>{htmlescape(highlight.get_text(text, token, replace))}</mark>"

    def _text(self, text):
        return htmlescape(text, quote=False)


def _split(value: str) -> list[str]:
    return [v for v in (value or "").split(",") if v]


class SearchEngine:
    """Searches one :class:`IndexStore`; safe to share between the threads of a web worker."""

    def __init__(self, store: IndexStore, dictionary_path: str | Path | None = None):
        self.store = store
        self.dictionary: Dictionary = load_dictionary(dictionary_path) if dictionary_path else Dictionary()
        self._local = threading.local()

    def searcher(self):
        """This thread's searcher, reopened when a rebuild swapped generations or a commit landed."""
        local = self._local
        generation = self.store.generation()
        current = getattr(local, "searcher", None)
        if current is None or local.generation != generation:
            if current is not None:
                current.close()
            local.searcher = self.store.open().searcher(weighting=_WEIGHTING)
            local.generation = generation
        elif not current.up_to_date():
            local.searcher = current.refresh()
        return local.searcher

    def search(self, text: str, page: int = 1, pagelen: int = 10,
               filters: dict[str, list[str]] | None = None, sort: str = "relevance",
               with_facets: bool = True, with_snippets: bool = True) -> SearchResults:
        """Documents matching ``text`` and ``filters``, one hit per document (its best passage).

        An empty ``text`` lists the documents that match the filters, newest first.
        """
        started = time.perf_counter()
        page = max(1, page)
        parsed = parse_query(text, self.dictionary)
        merged = {k: list(v) for k, v in (filters or {}).items() if v}
        for key, values in parsed.filters.items():
            merged.setdefault(key, []).extend(v for v in values if v not in merged.get(key, []))
        searcher = self.searcher()
        query = parsed.query
        if query is None:
            if not merged and text.strip():
                return SearchResults(text, 0, [], page, pagelen, time.perf_counter() - started)
            query, sort = wq.Every(), "date"
        depth = max(_RERANK_DEPTH, page * pagelen * 10)
        results = searcher.search(query, limit=depth, filter=_filter_query(merged), mask=_UNPUBLISHED,
                                  groupedby=sorting.FieldFacet("doc_id"))
        if results.is_empty() and parsed.relaxed is not None:  # no passage has the exact phrase
            results = searcher.search(parsed.relaxed, limit=depth, filter=_filter_query(merged),
                                      mask=_UNPUBLISHED, groupedby=sorting.FieldFacet("doc_id"))
        groups = results.groups("doc_id")
        reader = searcher.reader()
        # Columns, not stored fields: reading a passage's stored text costs far more than this.
        doc_ids, positions = reader.column_reader("doc_id"), reader.column_reader("position")
        best: dict[str, tuple[float, int]] = {}
        for score, docnum in results.top_n:
            doc_id = doc_ids[docnum]
            if doc_id not in best or score > best[doc_id][0] or (
                    parsed.query is None and positions[docnum] < positions[best[doc_id][1]]):
                best[doc_id] = (score, docnum)
        ranked = sorted(best.values(), key=lambda pair: pair[0], reverse=True)
        if sort == "date":
            dates = reader.column_reader("date")
            ranked.sort(key=lambda pair: dates[pair[1]] or "", reverse=True)
        window = ranked[(page - 1) * pagelen: page * pagelen]
        hits = [self._hit(searcher.stored_fields(docnum), parsed if with_snippets else None, score)
                for score, docnum in window]
        facets = _facet_counts(self._facet_values(searcher), groups) if with_facets else {}
        suggestion = self.suggest(parsed) if parsed.words else None
        return SearchResults(text, len(groups), hits, page, pagelen, time.perf_counter() - started,
                             facets, merged, suggestion)

    def suggest(self, parsed: ParsedQuery) -> str | None:
        """A "did you mean" query: each word unknown to the index replaced by its nearest term."""
        searcher = self.searcher()
        body = parsed.fields[-1]
        analyzer = plain_analyzer() if parsed.accent_free else vietnamese_analyzer()
        changed, words = False, []
        for word in parsed.words:
            tokens = [t.text for t in analyzer(word)]
            if len(tokens) == 1 and not searcher.doc_frequency(body, tokens[0]):
                # the nearest spelling wins; frequency only decides between equally near ones
                candidates = (searcher.suggest(body, tokens[0], limit=1, maxdist=1)
                              or searcher.suggest(body, tokens[0], limit=1, maxdist=2))
                if candidates:
                    words.append(candidates[0])
                    changed = True
                    continue
            words.append(word)
        return " ".join(words) if changed else None

    def more_like_this(self, doc_id: str, limit: int = 5) -> list[Hit]:
        """Documents about the same things as ``doc_id`` (by its key terms), best first."""
        searcher = self.searcher()
        docnums = list(searcher.document_numbers(doc_id=doc_id))
        if not docnums:
            return []
        keys = [term for term, _ in searcher.key_terms(docnums, "body", numterms=15)]
        if not keys:
            return []
        query = wq.AndNot(wq.Or([wq.Term("body", k) for k in keys]), wq.Term("doc_id", doc_id))
        results = searcher.search(query, limit=_RERANK_DEPTH, mask=_UNPUBLISHED)
        parsed = ParsedQuery("", None, terms=keys)
        seen, hits = set(), []
        for hit in results:
            if hit["doc_id"] not in seen:
                seen.add(hit["doc_id"])
                hits.append(self._hit(hit.fields(), parsed, hit.score))
            if len(hits) == limit:
                break
        return hits

    def _facet_values(self, searcher) -> dict[str, dict[str, list[str]]]:
        """``{doc_id: {facet field: values}}``, read once per searcher (one passage per document)
        so that counting facets for a query never touches stored fields."""
        local = self._local
        cached = getattr(local, "facets", None)
        if cached is not None and cached[0] is searcher:
            return cached[1]
        reader = searcher.reader()
        doc_ids = reader.column_reader("doc_id")
        first: dict[str, int] = {}
        for docnum in reader.all_doc_ids():
            first.setdefault(doc_ids[docnum], docnum)
        values = {}
        for doc_id, docnum in first.items():
            stored = reader.stored_fields(docnum)
            values[doc_id] = {name: _split(stored.get(name, "")) if name in _MULTI_VALUED
                              else [v for v in [stored.get(name, "")] if v] for name in FACET_FIELDS}
        local.facets = (searcher, values)
        return values

    def _hit(self, stored: dict, parsed: ParsedQuery | None, score: float) -> Hit:
        return Hit(
            doc_id=stored["doc_id"],
            anchor=stored.get("anchor", ""),
            title=stored.get("title", ""),
            kind=stored.get("kind", ""),
            date=stored.get("date", ""),
            heading=stored.get("heading", ""),
            snippet=snippet(stored.get("body", ""), parsed) if parsed else "",
            score=round(score, 4),
            number=(stored.get("number") or "").split(" ")[0],
            tags=_split(stored.get("tags", "")),
            places=_split(stored.get("places", "")),
            organizations=_split(stored.get("organizations", "")),
            publisher=stored.get("publisher", ""),
        )


def _filter_query(filters: dict[str, list[str]]) -> wq.Query | None:
    """All filter keys must match; several values of one key are alternatives."""
    clauses = []
    for key, values in filters.items():
        if key in FACET_FIELDS and values:
            terms = [wq.Term(key, v.lower() if key == "tags" else v) for v in values]
            clauses.append(wq.Or(terms))
    return wq.And(clauses) if clauses else None


def _facet_counts(values: dict[str, dict[str, list[str]]], doc_ids) -> dict[str, list[tuple[str, int]]]:
    """Documents per value of each facet field, over the matching documents ``doc_ids``."""
    counters = {name: Counter() for name in FACET_FIELDS}
    for doc_id in doc_ids:
        for name, field_values in values.get(doc_id, {}).items():
            counters[name].update(field_values)
    return {name: sorted(c.items(), key=lambda kv: (-kv[1], kv[0])) for name, c in counters.items()}


def snippet(text: str, parsed: ParsedQuery) -> str:
    """An HTML excerpt of ``text`` around the query's words, matched words in ``<mark>``."""
    analyzer = plain_analyzer() if parsed.accent_free else vietnamese_analyzer()
    fragmenter = highlight.ContextFragmenter(maxchars=_SNIPPET_CHARS, surround=80)
    excerpt = highlight.highlight(text, frozenset(parsed.terms), analyzer, fragmenter,
                                  _MarkFormatter(), top=2)
    if excerpt:
        return _ADJACENT_MARKS.sub(r"\1", " ".join(excerpt.split()))
    return htmlescape(text[:_SNIPPET_CHARS]) + ("…" if len(text) > _SNIPPET_CHARS else "")
