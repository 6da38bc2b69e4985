"""Information-retrieval evaluation on BEIR-layout benchmarks (for ``kb eval BEIR_DIR``).

A BEIR directory holds ``corpus.jsonl`` (``{"_id", "title", "text"}``), ``queries.jsonl``
(``{"_id", "text"}``) and ``qrels/test.tsv`` (``query-id corpus-id score``, header first).

A *run* maps a query id to its ranked results, best first. Each result is either a document id or
a ``(document id, score)`` pair; metrics only look at the order. Metrics use graded relevance as
in trec_eval: a document is relevant when its qrels score is above 0, nDCG gains are the scores
themselves with a ``log2(rank + 1)`` discount, and the ideal ranking comes from the qrels.
"""

from __future__ import annotations

import heapq
import json
import logging
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

Qrels = dict[str, dict[str, int]]
Ranked = Sequence["str | tuple[str, float]"]

_WORD = re.compile(r"\w+")


# --- loading ----------------------------------------------------------------------------------

def _read_jsonl(path: Path) -> list[dict]:
    records = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                record["_id"] = str(record["_id"])
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: not a JSON object with an _id ({exc})") from exc
            records.append(record)
    return records


def _read_qrels(path: Path) -> Qrels:
    qrels: Qrels = defaultdict(dict)
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            fields = line.split()
            if not fields or (number == 1 and fields[0] == "query-id"):
                continue
            try:
                qid, docid, score = fields
                qrels[qid][docid] = int(float(score))
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: expected 'query-id corpus-id score'") from exc
    return dict(qrels)


def load_beir(directory: str | Path) -> tuple[dict[str, dict[str, str]], dict[str, str], Qrels]:
    """Load a BEIR directory into (corpus, queries, qrels).

    Raises FileNotFoundError for a missing file and ValueError (with file and line) for a bad line.

    >>> corpus, queries, qrels = load_beir(Path(__file__).resolve().parents[2] / "shared/bench/alqac2024")
    >>> len(corpus), len(queries), qrels["01-DS-1"]
    (2249, 530, {'Luật_Phòng,_chống_ma_túy@32': 1})
    """
    directory = Path(directory)
    corpus = {r["_id"]: {"title": r.get("title") or "", "text": r.get("text") or ""}
              for r in _read_jsonl(directory / "corpus.jsonl")}
    queries, qrels = load_queries(directory)
    log.info("%s: %d documents, %d queries, %d judged queries",
             directory, len(corpus), len(queries), len(qrels))
    return corpus, queries, qrels


def load_queries(directory: str | Path) -> tuple[dict[str, str], Qrels]:
    """The queries and qrels of a BEIR directory (or of a dev set over the library, which has no
    ``corpus.jsonl``)."""
    directory = Path(directory)
    queries = {r["_id"]: r.get("text") or "" for r in _read_jsonl(directory / "queries.jsonl")}
    return queries, _read_qrels(directory / "qrels" / "test.tsv")


def load_kinds(directory: str | Path) -> dict[str, str]:
    """The ``kind`` of each query (``"all"`` for a query without one)."""
    return {r["_id"]: r.get("kind") or "all" for r in _read_jsonl(Path(directory) / "queries.jsonl")}


# --- metrics ----------------------------------------------------------------------------------

def _ids(ranked: Ranked, k: int) -> list[str]:
    """First ``k`` distinct document ids of a ranked list (a repeated id counts once)."""
    seen: dict[str, None] = {}
    for item in ranked:
        if len(seen) == k:
            break
        seen.setdefault(item if isinstance(item, str) else item[0], None)
    return list(seen)


def ndcg_at_k(ranked_ids: Ranked, rels: Mapping[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain of the top ``k`` results; 0 if nothing is relevant.

    >>> round(ndcg_at_k(["d2", "d1"], {"d1": 1}), 4)  # (1/log2 3) / (1/log2 2)
    0.6309
    """
    dcg = sum(rels.get(d, 0) / math.log2(rank + 1)
              for rank, d in enumerate(_ids(ranked_ids, k), 1) if rels.get(d, 0) > 0)
    ideal = sorted((r for r in rels.values() if r > 0), reverse=True)[:k]
    idcg = sum(r / math.log2(rank + 1) for rank, r in enumerate(ideal, 1))
    return dcg / idcg if idcg else 0.0


def mrr_at_k(ranked_ids: Ranked, rels: Mapping[str, int], k: int = 10) -> float:
    """Reciprocal rank of the first relevant result within the top ``k``, else 0.

    >>> mrr_at_k(["d3", "d2", "d1"], {"d1": 1, "d2": 1})
    0.5
    """
    for rank, d in enumerate(_ids(ranked_ids, k), 1):
        if rels.get(d, 0) > 0:
            return 1.0 / rank
    return 0.0


def recall_at_k(ranked_ids: Ranked, rels: Mapping[str, int], k: int = 100) -> float:
    """Share of the relevant documents found in the top ``k``; 0 if nothing is relevant.

    >>> recall_at_k(["d3", "d2"], {"d1": 1, "d2": 2})
    0.5
    """
    relevant = {d for d, r in rels.items() if r > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(_ids(ranked_ids, k))) / len(relevant)


def evaluate(run: Mapping[str, Ranked], qrels: Mapping[str, Mapping[str, int]]) -> dict:
    """Mean nDCG@10, MRR@10 and Recall@100 over the judged queries (those with a relevant doc).

    A judged query missing from the run, or with no results, scores 0.

    >>> evaluate({"q1": ["d1"], "q2": []}, {"q1": {"d1": 1}, "q2": {"d9": 1}})
    {'ndcg@10': 0.5, 'mrr@10': 0.5, 'recall@100': 0.5, 'queries': 2}
    """
    judged = [q for q, rels in qrels.items() if any(r > 0 for r in rels.values())]
    totals = {"ndcg@10": 0.0, "mrr@10": 0.0, "recall@100": 0.0}
    for qid in judged:
        ranked, rels = run.get(qid, ()), qrels[qid]
        totals["ndcg@10"] += ndcg_at_k(ranked, rels, 10)
        totals["mrr@10"] += mrr_at_k(ranked, rels, 10)
        totals["recall@100"] += recall_at_k(ranked, rels, 100)
    result: dict = {name: (total / len(judged) if judged else 0.0)
                    for name, total in totals.items()}
    result["queries"] = len(judged)
    return result


# --- run files --------------------------------------------------------------------------------

def write_trec_run(run_with_scores: Mapping[str, Sequence[tuple[str, float]]],
                   path: str | Path, tag: str) -> None:
    """Write a run as TREC lines ``qid Q0 docid rank score tag`` (ranks from 1, in list order).

    >>> import tempfile, os
    >>> out = os.path.join(tempfile.mkdtemp(), "run.trec")
    >>> write_trec_run({"q1": [("d7", 12.5), ("d2", 3.0)]}, out, "bm25")
    >>> open(out).read()
    'q1 Q0 d7 1 12.500000 bm25\\nq1 Q0 d2 2 3.000000 bm25\\n'
    """
    if not tag or any(c.isspace() for c in tag):
        raise ValueError(f"run tag must be one word, got {tag!r}")
    with Path(path).open("w", encoding="utf-8") as out:
        for qid, ranked in run_with_scores.items():
            for rank, (docid, score) in enumerate(ranked, 1):
                if any(c.isspace() for c in qid + docid):
                    raise ValueError(f"ids may not contain white space: {qid!r} {docid!r}")
                out.write(f"{qid} Q0 {docid} {rank} {score:.6f} {tag}\n")


# --- baseline ---------------------------------------------------------------------------------

def _syllables(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def syllable_bm25_baseline(corpus: Mapping[str, Mapping[str, str]], queries: Mapping[str, str],
                           k1: float = 1.5, b: float = 0.75,
                           depth: int = 100) -> dict[str, list[tuple[str, float]]]:
    """Plain syllable BM25 (NFC, lowercase, split on non-word characters, title + text).

    Okapi BM25 with the Lucene idf ``ln(1 + (N - df + 0.5) / (df + 0.5))``; a syllable repeated
    in the query counts once. These choices reproduce the reference figures of the benchmark
    README (nDCG@10 0.831 alqac2024, 0.810 virhe4qa). Returns the ``depth`` best (docid, score) pairs per query, ties
    broken by corpus order.

    >>> corpus = {"a": {"title": "", "text": "trẻ em"}, "b": {"title": "", "text": "người cao tuổi"}}
    >>> [d for d, _s in syllable_bm25_baseline(corpus, {"q": "Trẻ em?"})["q"]]
    ['a']
    """
    ids = list(corpus)
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    lengths = []
    for index, docid in enumerate(ids):
        doc = corpus[docid]
        counts = Counter(_syllables(f"{doc.get('title', '')} {doc.get('text', '')}"))
        lengths.append(sum(counts.values()))
        for term, tf in counts.items():
            postings[term].append((index, tf))
    n_docs = len(ids)
    average = sum(lengths) / n_docs if n_docs else 0.0
    norms = [k1 * (1 - b + b * length / average) if average else k1 for length in lengths]
    run = {}
    for qid, text in queries.items():
        scores: dict[int, float] = defaultdict(float)
        for term in dict.fromkeys(_syllables(text)):
            docs = postings.get(term, ())
            idf = math.log(1 + (n_docs - len(docs) + 0.5) / (len(docs) + 0.5))
            for index, tf in docs:
                scores[index] += idf * tf * (k1 + 1) / (tf + norms[index])
        best = heapq.nsmallest(depth, scores.items(), key=lambda item: (-item[1], item[0]))
        run[qid] = [(ids[index], score) for index, score in best]
    return run
