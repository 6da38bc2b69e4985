"""Posting lists of a whoosh index segment read into numpy arrays of docnums and weights.

The numpy scorer (search.vectorized) needs a term's whole posting list at once; whoosh's matchers
hand it out one posting at a time. The segments are whoosh 2.7's own (search.segments writes them
byte for byte as whoosh does; whoosh is pinned), so their blocks are read here directly.
"""
from __future__ import annotations

import io
import pickle
import struct
import zlib

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher

EMPTY_IDS = np.zeros(0, dtype=np.int32)
EMPTY_WEIGHTS = np.zeros(0, dtype=np.float32)
_BLOCK_LENGTH = struct.Struct("!i")  # before each posting block (whoosh.system.pack_int)


def read_postings(matcher) -> tuple[np.ndarray, np.ndarray]:
    """All ids (deleted passages included: callers mask them) and weights of a leaf matcher."""
    if isinstance(matcher, FilterMatcher):  # deletions are applied by the caller, as a mask
        matcher = matcher.child
    if isinstance(matcher, W3LeafMatcher):
        return _read_w3_postings(matcher)
    block_ids, block_weights = [], []
    while matcher.is_active():
        block_ids.append(matcher.id())
        block_weights.append(matcher.weight())
        matcher.next()
    return np.array(block_ids, dtype=np.int32), np.array(block_weights, dtype=np.float32)


def _read_w3_postings(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    """A term's posting list in whoosh 2.7's own format (whoosh is pinned), read in one piece and
    decoded block by block as ``W3LeafMatcher`` would, without its per-block seeks and state:
    each block is its length (negative for the last), a pickled info tuple and the pickled
    ``(docnum differences, weights, values)``, zlib-compressed when the info says so. Weights are
    left out when all are 1 and written once when all are equal (``W3PostingsWriter``)."""
    length = matcher._length  # whoosh 2.7.4 reads it as struct.unpack's 1-tuple (W3TermInfo.from_bytes)
    length = length[0] if isinstance(length, tuple) else length
    stream = io.BytesIO(matcher._postfile.get(matcher._startoffset, length))
    stream.seek(len(WHOOSH3_HEADER_MAGIC))
    deltas: list[int] = []
    weights: list[float] = []
    previous_last, last_block = 0, False
    while not last_block:
        size = _BLOCK_LENGTH.unpack(stream.read(_BLOCK_LENGTH.size))[0]
        last_block, end = size < 0, stream.tell() + abs(size)
        count, last, _, compression, _, _ = pickle.load(stream)
        data = stream.read(end - stream.tell())
        block_deltas, block_weights, _ = pickle.loads(zlib.decompress(data) if compression else data)
        deltas += block_deltas
        deltas[-count] -= previous_last  # a block's first docnum is written whole
        if block_weights is None or isinstance(block_weights, float):
            weights += [1.0 if block_weights is None else block_weights] * count
        else:
            weights += block_weights
        previous_last = last
    return np.cumsum(np.array(deltas, dtype=np.int64)).astype(np.int32), np.array(weights, dtype=np.float32)
