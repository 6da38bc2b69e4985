"""Run one indexing job in its own process, so that its peak memory is its own.

``python -m bench.child CONTENT INSTANCE [PROFILE_OUT]`` rebuilds the index with
:meth:`KnowledgeBase.rebuild_index` and prints one JSON line: seconds, passages, peak RSS of this process and of the largest child,
and the peak memory of all of them together (PSS, sampled).
With PROFILE_OUT, the rebuild runs under cProfile and the stats are dumped there.
"""
from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from pathlib import Path


def _pss_kb(pid: int) -> int:
    """Proportional set size of one process: shared pages (pyvi's model, inherited by forked
    workers) count once across the processes that share them, unlike RSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            return next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
    except (OSError, StopIteration, ValueError):
        return 0


def _tree(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as children:
            kids = [int(k) for k in children.read().split()]
    except OSError:
        return [pid]
    return [pid] + [p for kid in kids for p in _tree(kid)]


class TreeMemory(threading.Thread):
    """Samples the memory of this process and its children together, every 0.2 s."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_kb = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.2):
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in _tree(os.getpid())))


def main(argv: list[str]) -> int:
    content, instance = Path(argv[0]), Path(argv[1])
    profile_out = argv[2] if len(argv) > 2 else None
    from kb.knowledge_base import KnowledgeBase

    kb = KnowledgeBase(content, instance)
    memory = TreeMemory()
    memory.start()
    started = time.perf_counter()
    if profile_out:
        import cProfile

        profiler = cProfile.Profile()
        passages = profiler.runcall(kb.rebuild_index)
        profiler.dump_stats(profile_out)
    else:
        passages = kb.rebuild_index()
    seconds = time.perf_counter() - started
    memory.stop.set()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "passages": passages,
                      "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "children_maxrss_kb": children, "peak_pss_kb": memory.peak_kb}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
