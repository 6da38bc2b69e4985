"""Crash safety: SIGKILL a real process in the middle of a full reindex, an incremental index update
and a content save, many times; after every kill the previous index serves, every document parses,
and the next writer finishes or cleans up what was interrupted."""
from __future__ import annotations

import fcntl
import json
import logging
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kb.documents.content import NOT_DOCUMENTS, parse_document
from kb.knowledge_base import KnowledgeBase
from search.indexing import CURRENT, document_version
from tests.reliability import crash_worker
from tests.reliability.conftest import copy_small_content

log = logging.getLogger(__name__)
WORKER = Path(crash_worker.__file__)
QUICK_RUNS, SOAK_RUNS = 6, 200
SEED = int(os.environ.get("KB_CRASH_SEED", "20261123"))


class Zygote:
    """The worker process that forks the victims (see crash_worker.py)."""

    def __init__(self):
        self.process = subprocess.Popen([sys.executable, str(WORKER)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "ready"

    def start(self, **command) -> int:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def zygote():
    worker = Zygote()
    yield worker
    worker.close()


def _kill_after(pid: int, delay: float) -> None:
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:  # reaped by the zygote
        time.sleep(0.005)


def _assert_intact(kb_dirs: tuple[Path, Path], errors: Path, what: str) -> KnowledgeBase:
    assert not errors.exists(), f"{what}: the worker failed before the kill:\n{errors.read_text()}"
    kb = KnowledgeBase(*kb_dirs)
    kb.index.open()  # IndexMissing if the serving generation was lost
    assert kb.engine.search("trẻ em").total > 0, f"{what}: the index no longer answers"
    for path in kb.content.root.glob("*.md"):
        if path.name not in NOT_DOCUMENTS:
            parse_document(path.read_text(encoding="utf-8"), path.stem)  # InvalidDocument if torn
    generations = [p for p in kb.index.root.glob("gen-*") if p.is_dir()]
    assert len(generations) <= 3, f"{what}: leftover generations pile up: {generations}"
    with open(kb.index.root / "write.lock", "a+") as lock:  # no stale lock: it died with its holder
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError if it were still held
        fcntl.flock(lock, fcntl.LOCK_UN)
    return kb


def _crash_many(zygote, tmp_path: Path, op: str, runs: int, span: tuple[float, float]) -> KnowledgeBase:
    content, instance = copy_small_content(tmp_path / "content"), tmp_path / "instance"
    kb = KnowledgeBase(content, instance)
    kb.rebuild_index()
    target = kb.content.ids()[0]
    original = kb.content.get(target).body
    errors = tmp_path / "worker-errors.txt"
    rng = random.Random(f"{SEED}-{op}")
    for run in range(runs):
        pid = zygote.start(op=op, content=str(content), instance=str(instance), target=target,
                           errors=str(errors))
        _kill_after(pid, rng.uniform(*span))
        kb = _assert_intact((content, instance), errors, f"{op} run {run} (seed {SEED})")
        if op != "rebuild":
            body = kb.content.get(target).body
            assert body == original or body.endswith(crash_worker.END), f"{op} run {run}: {target} is torn"
    return kb


def _rebuild_time(tmp_path: Path) -> float:
    kb = KnowledgeBase(copy_small_content(tmp_path / "probe"), tmp_path / "probe-instance")
    kb.rebuild_index()
    start = time.monotonic()
    kb.rebuild_index()
    return time.monotonic() - start


def _full_reindex(zygote, tmp_path, runs):
    span = (0.0, 2 * _rebuild_time(tmp_path))
    kb = _crash_many(zygote, tmp_path, "rebuild", runs, span)
    kb.rebuild_index()  # the next writer removes half-built generations and temporary pointers
    assert len([p for p in kb.index.root.glob("gen-*") if p.is_dir()]) <= 2
    assert not list(kb.index.root.glob(f"{CURRENT}.tmp-*"))


def _incremental(zygote, tmp_path, runs):
    kb = _crash_many(zygote, tmp_path, "sync", runs, (0.0, 0.4))
    kb.sync_index()  # the next writer brings the index back in line with the files
    assert kb.index.versions() == {d["id"]: document_version(d) for d in kb.index_documents()}
    assert kb.engine.search("phiên bản").total > 0


def _content_save(zygote, tmp_path, runs):
    kb = _crash_many(zygote, tmp_path, "save", runs, (0.0, 0.3))
    assert [d.id for d in kb.content.all()] == kb.content.ids()
    log.info("%d kills during saves left %d temporary files", runs, len(list(kb.content.root.glob(".*.tmp"))))


SCENARIOS = {"full reindex": _full_reindex, "incremental update": _incremental, "content save": _content_save}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_sigkill_leaves_index_and_content_intact(zygote, tmp_path, scenario):
    SCENARIOS[scenario](zygote, tmp_path, QUICK_RUNS)


@pytest.mark.soak
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_sigkill_soak(zygote, tmp_path, scenario):
    SCENARIOS[scenario](zygote, tmp_path, SOAK_RUNS)


def test_next_save_removes_stale_temporary_files(small_kb):
    doc = small_kb.content.get(small_kb.content.ids()[0])
    stale = small_kb.content.root / f".{doc.id}.abc123.tmp"
    stale.write_text("half a document", encoding="utf-8")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    small_kb.content.save(doc)
    assert not stale.exists()
