"""Run one indexing job in its own process, so that its peak memory is its own.

``python -m bench.child CONTENT INSTANCE [PROFILE_OUT]`` rebuilds the index with
:meth:`KnowledgeBase.rebuild_index` and prints one JSON line: seconds, passages, peak RSS (bench.run samples the memory of all its processes).
With PROFILE_OUT, the rebuild runs under cProfile and the stats are dumped there.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    content, instance = Path(argv[0]), Path(argv[1])
    profile_out = argv[2] if len(argv) > 2 else None
    from kb.knowledge_base import KnowledgeBase

    kb = KnowledgeBase(content, instance)
    started = time.perf_counter()
    if profile_out:
        import cProfile

        profiler = cProfile.Profile()
        passages = profiler.runcall(kb.rebuild_index)
        profiler.dump_stats(profile_out)
    else:
        passages = kb.rebuild_index()
    seconds = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "passages": passages,
                      "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "children_maxrss_kb": children}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
