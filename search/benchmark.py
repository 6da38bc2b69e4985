"""Run the product's own indexing and ranking on a BEIR benchmark (what ``kb eval`` does).

The corpus is indexed into a fresh temporary index with exactly the code that indexes the
knowledge base, every query goes through :meth:`SearchEngine.search`, and the same queries are run
again with every diacritic removed, next to the plain syllable BM25 baseline of the same run.
"""
from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from search.evaluation import evaluate, load_beir, syllable_bm25_baseline
from search.indexing import IndexStore
from search.normalize import strip_diacritics
from search.restore_eval import syllable_accuracy
from search.searching import SearchEngine
from search.synonyms import Dictionary
from search.thesaurus import Thesaurus

log = logging.getLogger(__name__)

DEPTH = 100


def product_run(engine: SearchEngine, queries: Mapping[str, str],
                transform: Callable[[str], str] = str,
                restore: bool = True) -> dict[str, list[tuple[str, float]]]:
    """The top ``DEPTH`` documents per query as ``(doc id, score)``, best first."""
    run = {}
    for qid, text in queries.items():
        results = engine.search(transform(text), pagelen=DEPTH, with_facets=False,
                                with_snippets=False, restore=restore)
        run[qid] = [(hit.doc_id, hit.score) for hit in results.hits]
    return run


def evaluate_beir(directory: str | Path, dictionary: Dictionary | None = None,
                  thesaurus: Thesaurus | None = None) -> dict:
    """Index the benchmark, run it, and return metrics, runs and timings.

    The result has ``product``, ``product_accent_free`` (diacritics restored),
    ``product_accent_free_as_typed`` (not restored) and ``baseline`` metrics dicts, ``runs``,
    ``restoration`` (syllable accuracy of the restored queries, search.restore_eval) and
    ``seconds`` (indexing, querying).
    """
    corpus, queries, qrels = load_beir(directory)
    with tempfile.TemporaryDirectory(prefix="kb-eval-") as tmp:
        store = IndexStore(Path(tmp) / "index")
        started = time.perf_counter()
        store.rebuild({"id": doc_id, "title": doc.get("title") or "", "body": doc.get("text") or "",
                       "kind": ""} for doc_id, doc in corpus.items())
        indexed = time.perf_counter() - started
        engine = SearchEngine(store, dictionary, thesaurus)
        started = time.perf_counter()
        runs = {"product": product_run(engine, queries),
                "product_accent_free": product_run(engine, queries, strip_diacritics)}
        querying = time.perf_counter() - started
        runs["product_accent_free_as_typed"] = product_run(engine, queries, strip_diacritics,
                                                           restore=False)
        restoration = syllable_accuracy(engine.restorer(), queries.values())
    runs["baseline"] = syllable_bm25_baseline(corpus, queries)
    report = {name: evaluate(run, qrels) for name, run in runs.items()}
    report["runs"] = runs
    report["restoration"] = restoration
    report["seconds"] = {"index": round(indexed, 1), "queries": round(querying, 1),
                         "documents": len(corpus), "queries_run": 2 * len(queries)}
    return report
