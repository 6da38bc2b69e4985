"""Train the re-ranker (search.rerank) on a BEIR benchmark: ``python -m search.rerank_train DIR``.

The benchmark's corpus is indexed with the product's own code, every question is searched as the
site searches it (before re-ranking), and the features of the first :data:`search.rerank.DEPTH`
documents are paired: each judged document against each document judged less relevant above or
below it. Pairwise logistic regression (L2, Newton's method: eight weights need nothing more)
learns weights that order the better document first, written to :data:`search.rerank.MODEL_FILE`
with the benchmark's name.

``kb eval`` never scores a question with weights learned from it: on a benchmark the bundled model
was trained on, it cross-fits: questions are split in two halves by a hash
of their id, and each half is ranked with weights trained on the other half only
(search.rerank.cross_fitted).
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
from search.rerank import FEATURES, MODEL_FILE, collect, fit, training_pairs
from search.synonyms import domain_dictionary
from search.thesaurus import domain_thesaurus

log = logging.getLogger(__name__)


def train(directory: Path) -> dict:
    """Index the benchmark in ``directory``, collect its candidates and fit; the model as a dict.
    The bundled dictionary and thesaurus apply, as in ``kb eval``."""
    corpus, queries, qrels = load_beir(directory)
    with tempfile.TemporaryDirectory(prefix="kb-rerank-") as tmp:
        engine = indexed_engine(corpus, Path(tmp), domain_dictionary(), domain_thesaurus())
        groups = collect(engine, queries, qrels)
    weights = fit(groups)
    return {"features": list(FEATURES), "weights": [round(float(w), 6) for w in weights],
            "trained_on": [directory.name], "questions": len(groups), "pairs": len(training_pairs(groups)),
            "date": dt.date.today().isoformat()}


def main(argv: list[str] | None = None) -> int:
    """Train on one benchmark folder and write :data:`search.rerank.MODEL_FILE`."""
    parser = argparse.ArgumentParser(prog="python -m search.rerank_train", description=__doc__.split("\n")[0])
    parser.add_argument("benchmark", type=Path, help="a BEIR folder, e.g. ../shared/bench/alqac2024")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    model = train(args.benchmark.resolve())
    MODEL_FILE.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log.info("weights %s written to %s", dict(zip(FEATURES, model["weights"])), MODEL_FILE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
