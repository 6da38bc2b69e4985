"""Ranking on the knowledge base's own library: the everyday-questions dev set (``kb eval``).

A dev set folder holds ``queries.jsonl`` (``{"_id", "text", "kind"}``) and ``qrels/test.tsv``
(``query-id  corpus-id  score``) like a BEIR folder, but no corpus: its corpus ids are passages of
the library, ``<doc id>#<anchor>`` (``luat-102-2016-qh13#dieu-51``), and the documents are the
library itself, indexed into a temporary index with exactly the product's code. Each result list
holds one passage per document, the product's and the baseline's alike, so that a document with
several relevant articles is judged by the article it is represented by. Metrics are reported per
query ``kind`` (``colloquial``, ``accent_free``, ``chat``, ``legal_words``...) and for all queries.
"""
from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from search import fields as F
from search.benchmark import DEPTH
from search.evaluation import evaluate, load_kinds, load_queries, syllable_bm25_baseline
from search.indexing import IndexStore, passage_fields
from search.normalize import strip_diacritics
from search.restore_eval import syllable_accuracy
from search.searching import SearchEngine
from search.synonyms import Dictionary
from search.thesaurus import Thesaurus

log = logging.getLogger(__name__)

RUNS = ("product", "product_accent_free", "baseline")


def _passage_run(engine: SearchEngine, queries: Mapping[str, str], accent_free: bool = False):
    run = {}
    for qid, text in queries.items():
        results = engine.search(strip_diacritics(text) if accent_free else text, pagelen=DEPTH,
                                with_facets=False, with_snippets=False)
        run[qid] = [(f"{hit.doc_id}#{hit.anchor}", hit.score) for hit in results.hits]
    return run


def _one_per_document(ranked: Iterable[tuple[str, float]],
                      depth: int = DEPTH) -> list[tuple[str, float]]:
    """The first (best) passage of each document, in rank order."""
    seen: dict[str, tuple[str, float]] = {}
    for uid, score in ranked:
        seen.setdefault(uid.split("#", 1)[0], (uid, score))
        if len(seen) == depth:
            break
    return list(seen.values())


def evaluate_library(documents: Iterable[Mapping], directory: str | Path,
                     dictionary: Dictionary | None = None, thesaurus: Thesaurus | None = None) -> dict:
    """Index ``documents`` (front matter + ``body`` mappings), run the dev set, return metrics.

    The result has ``kinds`` (``{kind: {run: metrics}}``, ``"all"`` included), ``runs``,
    ``restoration`` (syllable accuracy of the questions typed with diacritics, stripped and
    restored: search.restore_eval) and ``seconds``; runs are ``product``, ``product_accent_free`` and the plain syllable BM25
    ``baseline`` over the same passages (title, headings and text).
    """
    documents = list(documents)
    queries, qrels = load_queries(directory)
    kinds = load_kinds(directory)
    with tempfile.TemporaryDirectory(prefix="kb-eval-") as tmp:
        store = IndexStore(Path(tmp) / "index")
        started = time.perf_counter()
        store.rebuild(documents)
        indexed = time.perf_counter() - started
        engine = SearchEngine(store, dictionary, thesaurus)
        started = time.perf_counter()
        runs = {"product": _passage_run(engine, queries),
                "product_accent_free": _passage_run(engine, queries, accent_free=True)}
        querying = time.perf_counter() - started
        restoration = syllable_accuracy(engine.restorer(), queries.values())
    passages = {p[F.UID]: {"title": p[F.TITLE], "text": f"{p[F.HEADING_PLAIN]} {p[F.BODY]}"}
                for document in documents for p in passage_fields(document)}
    deep = syllable_bm25_baseline(passages, queries, depth=len(passages))
    runs["baseline"] = {qid: _one_per_document(ranked) for qid, ranked in deep.items()}
    report: dict = {"kinds": {}}
    for kind in ["all", *sorted(set(kinds.values()) - {"all"})]:
        chosen = {q: r for q, r in qrels.items() if kind == "all" or kinds.get(q) == kind}
        report["kinds"][kind] = {name: evaluate(run, chosen) for name, run in runs.items()}
    report["runs"] = runs
    report["restoration"] = restoration
    report["seconds"] = {"index": round(indexed, 1), "queries": round(querying, 1),
                         "documents": len(documents), "passages": len(passages),
                         "queries_run": 2 * len(queries)}
    return report
