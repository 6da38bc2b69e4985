"""Measure serving again on a corpus and index ``make bench`` kept: ``python -m bench.serving DIR``.

``python -m bench --workdir DIR`` keeps its corpus (``DIR/content``) and index (``DIR/instance``);
the serving figures (search in-process, first query after a start, ``/search`` over HTTP with
``kb serve``'s workers) take minutes where building them takes most of an hour, and a loaded
machine distorts them most. This runs only those, on a quiet machine, and prints the rows of the
benchmark's table (bench/http.py renders the HTTP ones); nothing is written to docs/.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from bench import http
from bench.helpers import log, ms
from bench.run import QUERIES, time_queries


def main(argv: list[str] | None = None) -> int:
    """Time the query mix in-process, then the HTTP figures, over ``DIR``'s corpus and index."""
    parser = argparse.ArgumentParser(prog="python -m bench.serving", description=__doc__.split("\n")[0])
    parser.add_argument("workdir", type=Path, help="a folder kept by python -m bench --workdir")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--http-seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    content, instance = args.workdir / "content", args.workdir / "instance"
    if not (instance / "index").is_dir():
        parser.error(f"no index in {instance}: run python -m bench --workdir {args.workdir} first")

    from kb.knowledge_base import KnowledgeBase

    kb = KnowledgeBase(content, instance)
    kb.engine.cache_size = 0
    log("query mix: whoosh, in-process")
    in_process = time_queries(lambda q: kb.engine.search(q), args.rounds)
    figures, server = http.measure(content, instance, [q for _, q in QUERIES], args.http_seconds,
                                   args.clients, args.workers)
    server.stop()
    print(f"| search in-process, {len(QUERIES)} queries × {args.rounds} | p50 {ms(in_process['p50'])} ms, "
          f"p95 {ms(in_process['p95'])} ms, p99 {ms(in_process['p99'])} ms | — | — |")
    print("\n".join(http.render(figures, in_process["p95"])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
