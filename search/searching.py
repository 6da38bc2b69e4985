"""Run queries against the serving index: one searcher per thread, reopened after each commit."""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from whoosh import highlight, scoring, sorting
from whoosh.compat import htmlescape

from search.analysis import plain_analyzer, vietnamese_analyzer
from search.indexing import IndexStore
from search.query import ParsedQuery, parse_query

log = logging.getLogger(__name__)

# BM25F parameters; per-field weights live in the schema.
_WEIGHTING = scoring.BM25F(B=0.75, K1=1.2)
# How many passages are re-ranked by query coverage before grouping them by document.
_RERANK_DEPTH = 300
# Exponent on the idf-weighted share of the query's words a passage contains: BM25 alone lets a
# short passage with one frequent word beat a passage with all the words.
_COVERAGE_POWER = 2.0
_SNIPPET_CHARS = 220


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
    publisher: str = ""


@dataclass
class SearchResults:
    """A page of results and what is needed to render it."""

    query: str
    total: int
    hits: list[Hit]
    page: int
    pagelen: int
    seconds: float


class _MarkFormatter(highlight.Formatter):
    """Escaped text with ``<mark>`` around matched words and `` … `` between fragments."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return f"<mark>{htmlescape(highlight.get_text(text, token, replace))}</mark>"

    def _text(self, text):
        return htmlescape(text, quote=False)


class SearchEngine:
    """Searches one :class:`IndexStore`; safe to share between the threads of a web worker."""

    def __init__(self, store: IndexStore):
        self.store = store
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

    def search(self, text: str, page: int = 1, pagelen: int = 10) -> SearchResults:
        """Documents matching ``text``, best first, one hit per document (its best passage)."""
        started = time.perf_counter()
        page = max(1, page)
        parsed = parse_query(text)
        searcher = self.searcher()
        if parsed.query is None:
            return SearchResults(text, 0, [], page, pagelen, time.perf_counter() - started)
        depth = max(_RERANK_DEPTH, page * pagelen * 10)
        results = searcher.search(parsed.query, limit=depth, terms=True,
                                  groupedby=sorting.FieldFacet("doc_id"))
        total = len(results.groups("doc_id"))
        best: dict[str, tuple[float, object]] = {}
        weights = _term_weights(searcher, parsed)
        for hit in results:
            score = hit.score * _coverage(hit, weights) ** _COVERAGE_POWER
            doc_id = hit["doc_id"]
            if doc_id not in best or score > best[doc_id][0]:
                best[doc_id] = (score, hit)
        ranked = sorted(best.values(), key=lambda pair: pair[0], reverse=True)
        window = ranked[(page - 1) * pagelen: page * pagelen]
        hits = [self._hit(hit, parsed, score) for score, hit in window]
        return SearchResults(text, total, hits, page, pagelen, time.perf_counter() - started)

    def _hit(self, hit, parsed: ParsedQuery, score: float) -> Hit:
        stored = hit.fields()
        return Hit(
            doc_id=stored["doc_id"],
            anchor=stored.get("anchor", ""),
            title=stored.get("title", ""),
            kind=stored.get("kind", ""),
            date=stored.get("date", ""),
            heading=stored.get("heading", ""),
            snippet=snippet(stored.get("body", ""), parsed),
            score=round(score, 4),
            number=stored.get("number", ""),
            tags=[t for t in stored.get("tags", "").split(",") if t],
            publisher=stored.get("publisher", ""),
        )


def _term_weights(searcher, parsed: ParsedQuery) -> dict[str, float]:
    """idf of each query token (in the body field that the query searches)."""
    field, tokens = ("body_plain", parsed.plain_terms) if parsed.accent_free else ("body", parsed.terms)
    return {token: searcher.idf(field, token) for token in tokens
            if searcher.doc_frequency(field, token)}


def _coverage(hit, weights: dict[str, float]) -> float:
    """The idf-weighted share of the query's tokens that the passage matched, in any field."""
    total = sum(weights.values())
    if not total:
        return 1.0
    matched = {text.decode("utf-8") if isinstance(text, bytes) else text
               for _, text in hit.matched_terms()}
    return sum(w for token, w in weights.items() if token in matched) / total


def snippet(text: str, parsed: ParsedQuery) -> str:
    """An HTML excerpt of ``text`` around the query's words, matched words in ``<mark>``."""
    terms = parsed.plain_terms if parsed.accent_free else parsed.terms
    analyzer = plain_analyzer() if parsed.accent_free else vietnamese_analyzer()
    fragmenter = highlight.ContextFragmenter(maxchars=_SNIPPET_CHARS, surround=80)
    excerpt = highlight.highlight(text, frozenset(terms), analyzer, fragmenter, _MarkFormatter(), top=2)
    if excerpt:
        return " ".join(excerpt.split())
    return htmlescape(text[:_SNIPPET_CHARS]) + ("…" if len(text) > _SNIPPET_CHARS else "")
