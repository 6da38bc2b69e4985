"""Write a whoosh segment directly from analysed passages, whole blocks at a time.

whoosh's ``SegmentWriter`` files every posting as a tuple in a sorting pool, then looks up each
posting's field length on disk and hands the codec one posting at a time: in the profile in
docs/benchmarks.md that took most of a rebuild, in the one writing process. Here a
:class:`SegmentBuilder` gathers a segment's postings per term in arrays as passages arrive in
docnum order (so only the terms are sorted), keeps each passage's field lengths at hand, and
gives the codec whole blocks. The files are whoosh 2.7.4's own format, byte for byte what its
writer produces for the same passages (tests/search/test_segments.py). A rebuild runs builders
in several processes at once (search.segment_workers).
"""
from __future__ import annotations

import functools
import itertools
import zlib
from array import array
from collections.abc import Callable
from pickle import dumps

import numpy as np
from whoosh.codec import default_codec
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3FieldWriter, W3TermInfo
from whoosh.fields import NUMERIC
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

from search.frequent_postings import MIN_POSTINGS, FrequentPostingsWriter

_BLOCK = default_codec()._blocklimit  # postings per block, as the codec writes them (whoosh is pinned)
_COMPRESSION = default_codec()._compression  # zlib level of the posting blocks
_TERM_INFO = W3TermInfo._struct  # flags, weight, document count, lengths, max weight, first and last docnum
_WINDOW = 65536  # postings turned into Python objects at a time while a segment is written
_NO_LENGTH = 2**31 - 1  # stands for "no length" where a block's shortest field length is computed


class _BlockFieldWriter(W3FieldWriter):
    """whoosh 2.7.4's field writer, given a term's postings whole: writes the bytes its postings
    writer (``W3PostingsWriter._write_block``, ``W3TermInfo``) writes one posting at a time, for
    the term at once. Most terms (the ``pairs`` field's) hold a few postings, so the cost of a
    term, not of a posting, is what counts."""

    def add_term(self, btext: bytes, first_id: int, blocks: list[tuple]) -> None:
        """Write one term's posting list: ``blocks`` of ``(docnum deltas, weights, minified
        weights, minified values, last docnum, max weight, shortest field length or None, longest
        field length)``, docnums ascending, the first ``first_id``."""
        postfile = self._postfile
        offset = postfile.tell()
        parts = [WHOOSH3_HEADER_MAGIC]
        weight, df, min_length, max_length, max_weight = 0, 0, None, 0, 0
        last = len(blocks) - 1
        for number, (deltas, weights, mini_weights, mini_values, last_id, block_max_weight,
                     block_min_length, block_max_length) in enumerate(blocks):
            data = zlib.compress(dumps((deltas, mini_weights, mini_values), 2), _COMPRESSION)
            info = dumps((len(deltas), last_id, block_max_weight, _COMPRESSION, length_to_byte(block_min_length),
                          length_to_byte(block_max_length)), 2)
            size = len(info) + len(data)
            parts += (pack_int(-size if number == last else size), info, data)
            weight += sum(weights)
            df += len(deltas)
            min_length = block_min_length if min_length is None else min(min_length, block_min_length)
            max_length = max(max_length, block_max_length)
            max_weight = max(max_weight, block_max_weight)
        written = b"".join(parts)
        postfile.write(written)
        term_info = _TERM_INFO.pack(False, weight, df, 0 if min_length is None else length_to_byte(min_length),
                                    length_to_byte(max_length), max_weight, first_id, last_id)
        self._tindex.add(pack_ushort(self._fieldid) + btext, term_info + pack_long(offset) + pack_int(len(written)))


class _Numbering(dict):
    """Numbers for keys in the order they are first looked up."""

    def __missing__(self, key) -> int:
        number = self[key] = len(self)
        return number


class _FieldPostings:
    """One field's postings in a segment being gathered, in the order they arrive (docnums
    ascending): flat arrays with each term numbered, rather than objects per term or posting.
    Values (encoded frequencies) lie end to end; ``ends`` says where each ends only for a format
    whose values vary in size."""

    __slots__ = ("term_ids", "terms", "docnums", "weights", "values", "size", "ends", "lengths")

    def __init__(self, value_size: int | None):
        self.term_ids = _Numbering()
        self.terms = array("I")
        self.docnums = array("I")
        self.weights = array("f")  # what the codec writes: float32
        self.values = bytearray()
        self.size = value_size
        self.ends = array("I")
        self.lengths: dict[int, int] = {}  # docnum -> the field's length as the segment stores it

    def add(self, docnum: int, items: list[tuple[bytes, int, float, bytes]]) -> None:
        """File the postings of one passage (``field.index`` items), after those of earlier ones."""
        ids = self.term_ids
        self.terms.extend([ids[term] for term, _, _, _ in items])
        self.docnums.extend(itertools.repeat(docnum, len(items)))
        self.weights.extend([weight for _, _, weight, _ in items])
        if self.size is None:
            for *_, value in items:
                self.values += value
                self.ends.append(len(self.values))
        elif self.size:
            self.values += b"".join(value for *_, value in items)

    def terms_in_order(self, doc_count: int,
                       keep_long: Callable[[bytes, np.ndarray, np.ndarray], None] | None = None):
        """``(term, first docnum, blocks)`` in term order, as :meth:`_BlockFieldWriter.add_term` takes them;
        the posting lists of :data:`search.frequent_postings.MIN_POSTINGS` or more are also handed
        to ``keep_long``, if given, as arrays (term, docnums, weights)."""
        in_order = sorted(self.term_ids.items())
        rank = np.empty(len(in_order), dtype=np.uint32)
        rank[[number for _, number in in_order]] = np.arange(len(in_order), dtype=np.uint32)
        terms = rank[np.frombuffer(self.terms, dtype=np.uint32)]
        del rank
        self.terms = array("I")
        order = np.argsort(terms, kind="stable")  # by term, docnums ascending within each
        counts = np.bincount(terms, minlength=len(in_order))
        del terms
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        # Each array is let go once sorted: a segment's peak memory is what it gathered, plus the order.
        docnums = np.frombuffer(self.docnums, dtype=np.uint32)[order]
        weights = np.frombuffer(self.weights, dtype=np.float32)[order]
        self.docnums, self.weights = array("I"), array("f")
        by_doc = np.zeros(doc_count, dtype=np.int32)
        by_doc[list(self.lengths)] = list(self.lengths.values())
        lengths = by_doc[docnums]
        # Each block's statistics at once: a term's blocks start every _BLOCK of its postings.
        block_counts = -(-counts // _BLOCK)
        first_blocks = np.concatenate(([0], np.cumsum(block_counts)[:-1]))
        firsts = (np.repeat(starts, block_counts)
                  + (np.arange(int(block_counts.sum())) - np.repeat(first_blocks, block_counts)) * _BLOCK)
        block_max_weights = np.maximum.reduceat(weights, firsts)
        same_weight = (np.minimum.reduceat(weights, firsts) == block_max_weights).tolist()
        max_weights = np.maximum(block_max_weights, 0.0).tolist()
        max_lengths = np.maximum.reduceat(lengths, firsts).tolist()
        min_lengths = np.minimum.reduceat(np.where(lengths > 0, lengths, _NO_LENGTH), firsts).tolist()
        del lengths
        deltas = docnums.copy()  # whoosh stores a block's docnums as differences, the first from 0
        deltas[1:] -= docnums[:-1]
        deltas[firsts] = docnums[firsts]
        values = self._values_in(order)
        starts, counts, first_blocks = starts.tolist(), counts.tolist(), first_blocks.tolist()
        # Postings are read in order, as Python objects a window at a time: one call for many small
        # terms, without a Python object for every posting of the segment at once.
        window_start = window_end = 0
        for (btext, _), start, count, block in zip(in_order, starts, counts, first_blocks):
            end = start + count
            if keep_long and count >= MIN_POSTINGS:
                keep_long(btext, docnums[start:end], weights[start:end])
            if end > window_end:
                window_start, window_end = start, max(end, start + _WINDOW)
                window = (deltas[window_start:window_end].tolist(), docnums[window_start:window_end].tolist(),
                          weights[window_start:window_end].tolist())
            term_deltas, term_docnums, term_weights = window
            blocks = []
            for first in range(start, end, _BLOCK):
                last = min(first + _BLOCK, end)
                here, there = first - window_start, last - window_start
                block_weights = term_weights[here:there]
                if not same_weight[block]:
                    mini_weights = tuple(block_weights)
                else:  # whoosh writes no weights when all are 1, one when all are equal
                    mini_weights = None if block_weights[0] == 1.0 else block_weights[0]
                shortest = min_lengths[block]
                blocks.append((tuple(term_deltas[here:there]), block_weights, mini_weights, values(first, last),
                               term_docnums[there - 1], max_weights[block],
                               None if shortest == _NO_LENGTH else shortest, max_lengths[block]))
                block += 1
            yield btext, term_docnums[start - window_start], blocks

    def _values_in(self, order):
        """A function giving the values of postings ``first:last`` of ``order`` as the codec
        writes them (``W3PostingsWriter._mini_values``)."""
        if self.size is None:
            starts = itertools.chain([0], self.ends)
            unsorted = [bytes(self.values[start:end]) for start, end in zip(starts, self.ends)]
            ordered = [unsorted[i] for i in order.tolist()]
            return lambda first, last: tuple(ordered[first:last])
        if not self.size:
            return lambda first, last: None
        rows = np.frombuffer(self.values, dtype=np.uint8).reshape(-1, self.size)[order]
        return lambda first, last: rows[first:last].tobytes()


class SegmentBuilder:
    """One new whoosh segment of ``storage``, written from analysed passages (docnums from 0)."""

    def __init__(self, storage, indexname: str, schema):
        self.schema = schema
        self.codec = default_codec()
        self.storage = storage
        self.segment = self.codec.new_segment(storage, indexname)
        self._perdoc = self.codec.per_document_writer(storage, self.segment)
        self._fields: dict[str, _FieldPostings] = {}
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
                items = list(field.index(value))
                postings = self._fields.get(name)
                if postings is None:
                    postings = self._fields[name] = _FieldPostings(field.format.fixed_value_size())
                postings.add(docnum, items)
                self.postings += len(items)
                if field.scorable:
                    length = sum(freq for _, freq, _, _ in items)
                if length:  # the codec records each posting's length as the segment stores it
                    postings.lengths[docnum] = byte_to_length(length_to_byte(length))
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
        long_lists = FrequentPostingsWriter(self.storage, self.segment)
        for name in sorted(self._fields):
            postings = self._fields.pop(name)
            if not postings.term_ids:
                continue
            field = self.schema[name]
            writer.start_field(name, field)
            # numbers and dates are searched by whoosh, not by text: their lists are not kept
            keep_long = None if isinstance(field, NUMERIC) else functools.partial(long_lists.add, name)
            for btext, first_id, blocks in postings.terms_in_order(self.docnum, keep_long):
                writer.add_term(btext, first_id, blocks)
            writer.finish_field()
        writer.close()
        long_lists.close()
        self.segment.set_doc_count(self.docnum)
        return self.segment
