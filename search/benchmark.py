"""Run the product's own indexing and ranking on a BEIR benchmark (what ``kb eval`` does).

The corpus is indexed into a fresh temporary index with exactly the code that indexes the
knowledge base, every query goes through :meth:`SearchEngine.search`, and the same queries are run
again with every diacritic removed, next to the plain syllable BM25 baseline of the same run.
On a benchmark the bundled re-ranker was trained on, each question is re-ranked with the weights
learned without its half of the questions (search.rerank.Reranker.for_question).
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
from search.rerank import Reranker
from search.restore_eval import syllable_accuracy
from search.searching import SearchEngine
from search.synonyms import Dictionary
from search.thesaurus import Thesaurus

log = logging.getLogger(__name__)

DEPTH = 100


def product_run(engine: SearchEngine, queries: Mapping[str, str],
                transform: Callable[[str], str] = str, restore: bool = True,
                rerankers: Mapping[str, Reranker] | None = None) -> dict[str, list[tuple[str, float]]]:
    """The top ``DEPTH`` documents per query as ``(doc id, score)``, best first; ``rerankers``
    gives a question its own re-ranker (cross-fitting), the engine's otherwise."""
    run = {}
    bundled = engine.reranker
    for qid, text in queries.items():
        engine.reranker = rerankers.get(qid, bundled) if rerankers else bundled
        results = engine.search(transform(text), pagelen=DEPTH, with_facets=False,
                                with_snippets=False, restore=restore)
        run[qid] = [(hit.doc_id, hit.score) for hit in results.hits]
    engine.reranker = bundled
    return run


def indexed_engine(corpus: Mapping[str, Mapping[str, str]], folder: Path,
                   dictionary: Dictionary | None = None, thesaurus: Thesaurus | None = None) -> SearchEngine:
    """A search engine over ``corpus`` (BEIR documents) indexed into ``folder`` by the product's
    code, without a result cache (every query computed)."""
    store = IndexStore(folder / "index")
    store.rebuild({"id": doc_id, "title": doc.get("title") or "", "body": doc.get("text") or "",
                   "kind": ""} for doc_id, doc in corpus.items())
    return SearchEngine(store, dictionary, thesaurus, cache_size=0)


def evaluate_beir(directory: str | Path, dictionary: Dictionary | None = None,
                  thesaurus: Thesaurus | None = None) -> dict:
    """Index the benchmark, run it, and return metrics, runs and timings.

    The result has ``product``, ``product_accent_free`` (diacritics restored),
    ``product_accent_free_as_typed`` (not restored) and ``baseline`` metrics dicts, ``runs``,
    ``restoration`` (syllable accuracy of the restored queries, search.restore_eval),
    ``cross_fitted`` (whether the re-ranker was cross-fitted on this benchmark) and ``seconds``
    (indexing, querying).
    """
    corpus, queries, qrels = load_beir(directory)
    with tempfile.TemporaryDirectory(prefix="kb-eval-") as tmp:
        started = time.perf_counter()
        engine = indexed_engine(corpus, Path(tmp), dictionary, thesaurus)
        indexed = time.perf_counter() - started
        rerankers = None
        model, name = engine.reranker, Path(directory).resolve().name
        if model and name in model.trained_on:
            if model.held_out:
                rerankers = {qid: model.for_question(qid) for qid in queries}
            else:
                log.warning("%s: the re-ranker was trained on it and keeps no held-out weights: "
                            "its figures are not held out", name)
        started = time.perf_counter()
        runs = {"product": product_run(engine, queries, rerankers=rerankers),
                "product_accent_free": product_run(engine, queries, strip_diacritics,
                                                   rerankers=rerankers)}
        querying = time.perf_counter() - started
        runs["product_accent_free_as_typed"] = product_run(engine, queries, strip_diacritics,
                                                           restore=False, rerankers=rerankers)
        restoration = syllable_accuracy(engine.restorer(), queries.values())
    runs["baseline"] = syllable_bm25_baseline(corpus, queries)
    report = {name: evaluate(run, qrels) for name, run in runs.items()}
    report["runs"] = runs
    report["restoration"] = restoration
    report["cross_fitted"] = rerankers is not None
    report["seconds"] = {"index": round(indexed, 1), "queries": round(querying, 1),
                         "documents": len(corpus), "queries_run": 2 * len(queries)}
    return report
