"""Train the re-ranker (search.rerank) on BEIR benchmarks: ``python -m search.rerank_train DIR...``.

Each benchmark's corpus is indexed with the product's own code, every question is searched as the
site searches it (before re-ranking), and the features of the first :data:`search.rerank.DEPTH`
documents are paired: each judged document against each document judged less relevant above or
below it. Pairwise logistic regression (L2, Newton's method: nine weights need nothing more)
learns weights that order the better document first from the questions of all the benchmarks,
written to :data:`search.rerank.MODEL_FILE` with the benchmarks' names.

``kb eval`` never scores a question with weights learned from it: the questions are split in two
halves by a hash of their id, and the model file also keeps, for each half, the weights learned
from the other half of every benchmark (search.rerank.held_out_fits), which ``kb eval`` ranks
that half's questions with on a benchmark the model was trained on.

The bundled model: ``python -m search.rerank_train ../shared/bench/alqac2024 ../shared/bench/virhe4qa``
(law articles, and university regulations that are guidance-style text like much of the library).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import tempfile
from pathlib import Path

from search.benchmark import indexed_engine
from search.evaluation import load_beir
from search.rerank import FEATURES, MODEL_FILE, collect, fit, held_out_fits, training_pairs
from search.synonyms import domain_dictionary
from search.thesaurus import domain_thesaurus

log = logging.getLogger(__name__)


def train(directories: list[Path]) -> dict:
    """Index each benchmark of ``directories``, collect its candidates and fit on them all; the
    model as a dict. The bundled dictionary and thesaurus apply, as in ``kb eval``."""
    groups = []
    for directory in directories:
        corpus, queries, qrels = load_beir(directory)
        with tempfile.TemporaryDirectory(prefix="kb-rerank-") as tmp:
            engine = indexed_engine(corpus, Path(tmp), domain_dictionary(), domain_thesaurus())
            groups += collect(engine, queries, qrels)
    return {"features": list(FEATURES), "weights": _rounded(fit(groups)),
            "held_out": [_rounded(weights) for weights in held_out_fits(groups)],
            "trained_on": [d.name for d in directories], "questions": len(groups),
            "pairs": len(training_pairs(groups)), "date": dt.date.today().isoformat()}


def _rounded(weights) -> list[float]:
    return [round(float(w), 6) for w in weights]


def main(argv: list[str] | None = None) -> int:
    """Train on benchmark folders and write :data:`search.rerank.MODEL_FILE`."""
    parser = argparse.ArgumentParser(prog="python -m search.rerank_train", description=__doc__.split("\n")[0])
    parser.add_argument("benchmarks", type=Path, nargs="+",
                        help="BEIR folders, e.g. ../shared/bench/alqac2024 ../shared/bench/virhe4qa")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    model = train([b.resolve() for b in args.benchmarks])
    MODEL_FILE.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log.info("weights %s written to %s", dict(zip(FEATURES, model["weights"])), MODEL_FILE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
