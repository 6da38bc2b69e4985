"""Share a rebuild's documents among worker processes, each writing segments of its own.

:func:`write_segments` forks ``KB_INDEX_PROCS`` workers; each analyses its share of the passages
(search.postings) and writes whoosh segments (search.segments) of a size that keeps the rebuild's
processes within ``KB_INDEX_MEMORY_MB`` together. The caller lists all the segments in one table
of contents: no merge pass. Scores do not depend on how passages are spread over segments: whoosh
sums document counts and field lengths over segments, and the numpy scorer reads its collection
statistics from those sums.
"""
from __future__ import annotations

import gc
import itertools
import logging
import multiprocessing
import os
import queue
import threading
import traceback
from collections.abc import Iterable, Iterator

from search.errors import SearchError
from search.postings import analysed_passage, prepare_analysis
from search.segments import SegmentBuilder

log = logging.getLogger(__name__)

# Below this many documents a rebuild writes in its own process: starting workers costs more.
_PARALLEL_MIN_DOCUMENTS = 64
_CHUNK = 4  # documents per task sent to a worker
_IN_FLIGHT = 4  # tasks per worker queued ahead
# Memory one posting takes while its segment is gathered and written, at the peak (term number,
# docnum, weight and encoded frequency, their arrays' spare room, and the sort order while the
# segment is written): the process's RSS grew by 34 bytes a posting over 3 million postings of the
# bench corpus. Sets how many postings a segment of a memory budget holds.
_BYTES_PER_POSTING = 36
_WORKER_BASE_MB = 250  # a worker's own memory: interpreter and pyvi's model (130 MB), caches, the batch at hand
_PARENT_MB = 100  # the process that reads the documents and hands them out
_DEFAULT_MEMORY_MB = 1024


class IndexingFailed(SearchError):
    """A worker process of a rebuild failed; the rebuild is abandoned and nothing is swapped in."""


def _setting(name: str, default: int, minimum: int) -> int:
    try:
        return max(minimum, int(os.environ.get(name) or default))
    except ValueError:
        return default


def index_processes() -> int:
    """How many processes write a big rebuild: ``KB_INDEX_PROCS``, by default every core."""
    return _setting("KB_INDEX_PROCS", os.cpu_count() or 1, 1)


def rebuild_memory_mb() -> int:
    """The memory a rebuild may use, all processes together: ``KB_INDEX_MEMORY_MB`` (1024)."""
    return _setting("KB_INDEX_MEMORY_MB", _DEFAULT_MEMORY_MB, 256)


def segment_postings(processes: int, memory_mb: int) -> int:
    """Postings one segment gathers before it is written, so that ``processes`` builders fit
    ``memory_mb`` together.

    >>> segment_postings(1, 100 + 250 + 128)  # 128 MB beside what the processes need, 36 bytes a posting
    3728200
    """
    share = max((memory_mb - _PARENT_MB) // processes - _WORKER_BASE_MB, 64)
    return share * 2**20 // _BYTES_PER_POSTING // 100 * 100


def _write_share(ix, batches: Iterator[list[list[dict]]], max_postings: int) -> list:
    """Analyse and write the passages of ``batches`` into segments of ``max_postings`` at most."""
    storage, indexname, schema = ix.storage, ix.indexname, ix.schema
    segments = []
    builder = None
    for batch in batches:
        for passages in batch:
            builder = builder or SegmentBuilder(storage, indexname, schema)
            for fields in passages:
                builder.add(analysed_passage(fields))
            if builder.postings >= max_postings:
                segments.append(builder.finish())
                builder = None
    if builder is not None:
        segments.append(builder.finish())
    return segments


def _worker(ix, tasks, results, max_postings) -> None:
    try:
        segments = _write_share(ix, iter(tasks.get, None), max_postings)
        results.put(("segments", segments))
    except BaseException:
        results.put(("error", traceback.format_exc()))
        raise SystemExit(1) from None


def write_segments(ix, passages_of: Iterable[list[dict]]) -> list:
    """Index each document's passages (an iterable of lists of whoosh fields) into new segments
    of the whoosh index ``ix``; returns the segments, for a writer's commit to list.

    With many documents, ``KB_INDEX_PROCS`` > 1 and no other thread in this process (forking a
    threaded web worker is not safe), each of the processes writes segments of its share.
    """
    passages_of = iter(passages_of)
    head = list(itertools.islice(passages_of, _PARALLEL_MIN_DOCUMENTS))
    batches = _batches(itertools.chain(head, passages_of))
    procs = index_processes() if len(head) >= _PARALLEL_MIN_DOCUMENTS and _may_fork() else 1
    max_postings = segment_postings(procs, rebuild_memory_mb())
    if procs < 2:
        return _write_share(ix, batches, max_postings)
    prepare_analysis()  # load pyvi's model once, before forking
    # Keep the collector of the workers off what they inherit (the library, the model's tables):
    # its passes write to every object they visit, which copies the page in each worker (100 MB
    # of a 1 GB rebuild at 100,000 passages, docs/benchmarks.md).
    gc.freeze()
    try:
        segments = _in_workers(ix, batches, procs, max_postings)
    finally:
        gc.unfreeze()
    log.info("wrote %d segments in %d processes", len(segments), procs)
    return segments


def _in_workers(ix, batches: Iterator[list], procs: int, max_postings: int) -> list:
    """Hand ``batches`` out to ``procs`` forked workers; the segments they wrote."""
    context = multiprocessing.get_context("fork")
    tasks = context.Queue(maxsize=_IN_FLIGHT * procs)
    results = context.Queue()
    workers = [context.Process(target=_worker, daemon=True,
                               args=(ix, tasks, results, max_postings))
               for _ in range(procs)]
    for worker in workers:
        worker.start()
    segments: list = []
    finished = False
    try:
        for batch in itertools.chain(batches, [None] * procs):
            _put(tasks, batch, workers, results)
        for _ in workers:
            segments += _next_result(results, workers)
        finished = True
    finally:
        for worker in workers:
            if not finished:
                worker.terminate()
            worker.join()
    return segments


def _may_fork() -> bool:
    """Whether this process may fork workers: not with other threads running (a threaded web
    worker), since a lock one of them holds would stay held in the children forever."""
    return threading.active_count() == 1


def _failed(workers) -> bool:
    return any(w.exitcode not in (None, 0) for w in workers)


def _next_result(results, workers) -> list:
    """The segments a worker wrote, once it is done; raises :class:`IndexingFailed` if one failed."""
    while True:
        try:
            return _result(results.get(timeout=1))
        except queue.Empty:
            if _failed(workers):
                raise IndexingFailed("an indexing process stopped before the end of the rebuild") from None


def _result(message: tuple[str, object]) -> list:
    kind, value = message
    if kind == "error":
        raise IndexingFailed(f"an indexing process failed:\n{value}")
    return value  # type: ignore[return-value]


def _put(tasks, item, workers, results) -> None:
    """Queue ``item`` for the workers, waiting while the queue is full, unless one of them failed."""
    while True:
        try:
            tasks.put(item, timeout=1)
            return
        except queue.Full:
            if _failed(workers):
                _next_result(results, workers)  # raises, with the worker's error when it sent one


def _batches(items: Iterator) -> Iterator[list]:
    while batch := list(itertools.islice(items, _CHUNK)):
        yield batch
