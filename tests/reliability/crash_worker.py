"""A process to be killed: run as ``python crash_worker.py``, it loads the search stack once (pyvi's
model takes seconds), then for each JSON line on stdin forks a child that repeats one write
operation forever and prints the child's pid. The test kills the child with SIGKILL at a random
moment; forking keeps each run fast while every victim is a real, separate process.

Operations: ``rebuild`` (full reindex), ``sync`` (save one document and update the index
incrementally), ``save`` (atomic content save of a large document).
"""
from __future__ import annotations

import json
import os
import signal
import sys
import traceback
from pathlib import Path

FILLER = "Trẻ em bị xâm hại cần được hỗ trợ kịp thời bởi cán bộ công tác xã hội. " * 40
END = "HẾT-PHIÊN-BẢN"


def body_of(n: int) -> str:
    """The body of version ``n`` of the document the ``sync`` and ``save`` loops rewrite."""
    return f"Phiên bản {n}.\n\n" + FILLER * (1 + n % 7) + f"\n\n{END}"


def _loop(kb, op: str, target: str) -> None:
    n = 0
    while True:
        n += 1
        if op == "rebuild":
            kb.rebuild_index()
            continue
        document = kb.content.get(target)
        document.body = body_of(n)
        if op == "sync":
            kb.save(document)
        else:
            kb.content.save(document)


def _child(command: dict) -> None:
    from kb.knowledge_base import KnowledgeBase

    kb = KnowledgeBase(Path(command["content"]), Path(command["instance"]))
    try:
        _loop(kb, command["op"], command.get("target", ""))
    except BaseException:  # noqa: BLE001 - any failure of the loop is what the test looks for
        Path(command["errors"]).write_text(traceback.format_exc(), encoding="utf-8")
        os._exit(1)


def main() -> None:
    """Warm up, then fork one looping child per command line."""
    from search.segmentation import segment  # noqa: F401 - loads pyvi's model before forking

    segment("Trẻ em cần được bảo vệ")
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed children are reaped at once
    print("ready", flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        pid = os.fork()
        if pid == 0:
            sys.stdin.close()
            _child(command)
            os._exit(0)
        print(pid, flush=True)


if __name__ == "__main__":
    main()
