"""Write a rebuild's whoosh segments directly, each process writing its own.

whoosh's ``SegmentWriter`` files every posting as a tuple in a sorting pool, then looks up each
posting's field length on disk and hands the codec one posting at a time: in the profile in
docs/benchmarks.md that took most of a rebuild, in the one writing process. Here a
:class:`SegmentBuilder` gathers a segment's postings per term in arrays as passages arrive in
docnum order (so only the terms are sorted), keeps each passage's field lengths at hand, and
gives the codec whole blocks. The files are whoosh 2.7.4's own format, byte for byte what its
writer produces for the same passages (tests/search/test_segments.py).

:func:`write_segments` shares a rebuild's documents among worker processes; each analyses its
share (search.postings) and writes segments of a bounded size, and the caller lists all the
segments in one table of contents: no merge pass. Scores do not depend on how passages are spread
over segments: whoosh sums document counts and field lengths over segments, and the numpy scorer
reads its collection statistics from those sums.
"""
from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import queue
import threading
import traceback
from array import array
from collections.abc import Iterable, Iterator

from whoosh.codec import default_codec
from whoosh.codec.whoosh3 import W3FieldWriter
from whoosh.util.numeric import byte_to_length, length_to_byte

from search.errors import SearchError
from search.postings import analysed_passage, prepare_analysis

log = logging.getLogger(__name__)

# Below this many documents a rebuild writes in its own process: starting workers costs more.
_PARALLEL_MIN_DOCUMENTS = 64
_CHUNK = 4  # documents per task sent to a worker
_IN_FLIGHT = 4  # tasks per worker queued ahead
# Memory one posting takes while its segment is gathered and written (docnum, weight, encoded
# positions, its share of its term's arrays; the process's RSS grows by about twice what
# tracemalloc counts, 31 bytes): measured on 16 million postings of the bench corpus. Sets how
# many postings a segment of a memory budget holds.
_BYTES_PER_POSTING = 60
_WORKER_BASE_MB = 300  # a worker's own memory: interpreter, pyvi's model and caches, the batch at hand
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

    >>> segment_postings(1, 100 + 300 + 128)  # 128 MB beside what the processes need, 60 bytes a posting
    2236900
    """
    share = max((memory_mb - _PARENT_MB) // processes - _WORKER_BASE_MB, 64)
    return share * 2**20 // _BYTES_PER_POSTING // 100 * 100


class _BlockFieldWriter(W3FieldWriter):
    """whoosh 2.7.4's field writer, given a term's postings whole and filling the codec's
    posting blocks from arrays: what ``add_posting`` would buffer one posting at a time."""

    def add_term(self, btext: bytes, docnums: array, weights: array, values: list[bytes],
                 lengths: list[int]) -> None:
        """Write one term's posting list (docnums ascending)."""
        self.start_term(btext)
        writer = self._postwriter
        limit = writer._blocklimit
        for start in range(0, len(docnums), limit):
            if start:
                writer._write_block()
            block = slice(start, start + limit)
            block_lengths = [n for n in lengths[block] if n]
            block_weights = weights[block]
            writer._ids = docnums[block]
            writer._weights = array("f", block_weights)
            writer._values = values[block] if values else []
            writer._maxweight = max(0, max(block_weights))
            writer._minlength = min(block_lengths) if block_lengths else None
            writer._maxlength = max(block_lengths, default=0)
        self.finish_term()  # writes the last block, marked as such


class _TermPostings:
    """One term's postings in a segment being gathered: arrays, and the encoded values (positions)
    end to end in one buffer, rather than a Python object per posting."""

    __slots__ = ("docnums", "weights", "values", "ends")

    def __init__(self):
        self.docnums = array("I")
        self.weights = array("d")
        self.values = bytearray()
        self.ends = array("I")  # where each posting's value ends in ``values``

    def value_list(self) -> list[bytes]:
        starts = itertools.chain([0], self.ends)
        return [bytes(self.values[start:end]) for start, end in zip(starts, self.ends)]


class SegmentBuilder:
    """One new whoosh segment of ``storage``, written from analysed passages (docnums from 0)."""

    def __init__(self, storage, indexname: str, schema):
        self.schema = schema
        self.codec = default_codec()
        self.storage = storage
        self.segment = self.codec.new_segment(storage, indexname)
        self._perdoc = self.codec.per_document_writer(storage, self.segment)
        self._terms: dict[tuple[str, bytes], _TermPostings] = {}
        self._lengths: dict[str, dict[int, int]] = {}  # field -> docnum -> length
        self.docnum = 0
        self.postings = 0

    def add(self, fields: dict) -> None:
        """Add one passage: what ``SegmentWriter.add_document`` stores and indexes for it."""
        perdoc, docnum = self._perdoc, self.docnum
        perdoc.start_doc(docnum)
        for name in sorted(n for n in fields if not n.startswith("_")):
            value = fields[name]
            if value is None:
                continue
            field = self.schema[name]
            length = 0
            if field.indexed:
                scorable = field.scorable
                for tbytes, freq, weight, vbytes in field.index(value):
                    if scorable:
                        length += freq
                    postings = self._terms.get((name, tbytes))
                    if postings is None:
                        postings = self._terms[(name, tbytes)] = _TermPostings()
                    postings.docnums.append(docnum)
                    postings.weights.append(weight)
                    if vbytes:
                        postings.values += vbytes
                        postings.ends.append(len(postings.values))
                    self.postings += 1
                if length:  # the codec records each posting's length as the segment stores it
                    self._lengths.setdefault(name, {})[docnum] = byte_to_length(length_to_byte(length))
            stored = fields.get(f"_stored_{name}", value)
            perdoc.add_field(name, field, stored if field.stored else None, length)
            if field.column_type and stored is not None:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(stored))
        perdoc.finish_doc()
        self.docnum += 1

    def finish(self):
        """Write the postings and close the segment's files; returns the whoosh segment."""
        self._perdoc.close()
        writer = _BlockFieldWriter(self.codec, self.storage, self.segment)
        field = None
        for name, tbytes in sorted(self._terms):
            if name != field:
                if field is not None:
                    writer.finish_field()
                writer.start_field(name, self.schema[name])
                field = name
            postings = self._terms.pop((name, tbytes))
            lengths = self._lengths.get(name, {})
            writer.add_term(tbytes, postings.docnums, postings.weights, postings.value_list(),
                            [lengths.get(d, 0) for d in postings.docnums])
        if field is not None:
            writer.finish_field()
        writer.close()
        self.segment.set_doc_count(self.docnum)
        return self.segment


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
    log.info("wrote %d segments in %d processes", len(segments), procs)
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
