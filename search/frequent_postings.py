"""The long posting lists of a segment, also kept as arrays beside it, so that a search reads them
without decoding whoosh's blocks.

whoosh stores each block of a posting list as a pickled tuple of Python numbers: turning the list
of a common syllable into arrays ("trợ" in 63,000 of 100,000 passages) costs milliseconds, and the
first search after a start decodes dozens of them in every segment (docs/benchmarks.md). When a
rebuild writes a segment (search.segments) the lists of its most common terms are at hand as
arrays; they are written once more, beside the segment, as little-endian arrays, each compressed
alone. search.vectorized reads a term from here when it is here and from whoosh's blocks otherwise
(a segment without long lists, as an editor's save writes, or one merged by whoosh's own writer,
has no such file).

The file is ``<segment id>.fpl``: whoosh deletes it with the segment's other files
(``whoosh.index.clean_files`` matches the segment's id). It holds the term blobs, then a JSON
table ``{field: {term: [offset, length, count, weights]}}``, then the table's offset and length.
"""
from __future__ import annotations

import json
import logging
import struct
import threading
import zlib

import numpy as np

log = logging.getLogger(__name__)

EXTENSION = ".fpl"
MIN_POSTINGS = 1024  # a list this long takes a few milliseconds to decode from whoosh's blocks
_MAGIC = b"KBFPL1\n"
_TRAILER = struct.Struct("<QQ")  # offset and length of the table
_COMPRESSION = 1  # the arrays are small integers: fast compression loses little
# How a term's weights are kept: none when all are 1 (the pairs field), as bytes when all are whole
# numbers below 256 (term frequencies), as float32 otherwise.
_ONES, _BYTES, _FLOATS = 0, 1, 2


class FrequentPostingsWriter:
    """Writes the long posting lists of one new segment beside it."""

    def __init__(self, storage, segment):
        self._storage, self._name = storage, segment.make_filename(EXTENSION)
        self._file = None  # created with the first list: most segments of a save have none
        self._offset = len(_MAGIC)
        self._table: dict[str, dict[str, list[int]]] = {}

    def add(self, fieldname: str, btext: bytes, docnums: np.ndarray, weights: np.ndarray) -> None:
        """Keep a term's posting list (docnums ascending, float32 weights as the codec writes them).
        The segment's builder hands those of at least :data:`MIN_POSTINGS` postings, of text
        fields only: numbers and dates are searched by whoosh, not by text."""
        if self._file is None:
            self._file = self._storage.create_file(self._name)
            self._file.write(_MAGIC)
        deltas = np.diff(docnums.astype(np.int64), prepend=0)
        deltas = deltas.astype("<u2" if deltas.max() < 2**16 else "<u4")
        if (weights == 1.0).all():
            kind, extra = _ONES, b""
        elif ((weights == np.round(weights)) & (weights >= 0) & (weights < 256)).all():
            kind, extra = _BYTES, weights.astype(np.uint8).tobytes()
        else:
            kind, extra = _FLOATS, weights.astype("<f4").tobytes()
        blob = zlib.compress(deltas.tobytes() + extra, _COMPRESSION)
        self._file.write(blob)
        self._table.setdefault(fieldname, {})[btext.decode("utf-8")] = [
            self._offset, len(blob), len(docnums), kind * 4 + deltas.itemsize]
        self._offset += len(blob)

    def close(self) -> None:
        """Write the table and close the file, if any list was kept."""
        if self._file is None:
            return
        table = json.dumps(self._table, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._file.write(table)
        self._file.write(_TRAILER.pack(self._offset, len(table)))
        self._file.close()


class FrequentPostings:
    """The long posting lists kept beside one segment (see the module's docstring)."""

    def __init__(self, postfile, table: dict[str, dict[str, list[int]]]):
        self._file = postfile
        self._table = table
        self._lock = threading.Lock()  # a read is a seek, then a read: one thread at a time
        # The file closes with this object, when the segment leaves the index (SegmentCache).

    @classmethod
    def of(cls, reader) -> FrequentPostings | None:
        """Those of a whoosh segment reader's segment; None when the segment has none (or they
        cannot be read: whoosh's blocks are then read, as for any segment)."""
        storage, name = reader.storage(), reader.segment().make_filename(EXTENSION)
        if not storage.file_exists(name):
            return None
        postfile = storage.open_file(name)
        try:
            size = storage.file_length(name)
            offset, length = _TRAILER.unpack(postfile.get(size - _TRAILER.size, _TRAILER.size))
            if postfile.get(0, len(_MAGIC)) != _MAGIC or offset + length + _TRAILER.size != size:
                raise ValueError("not a file of frequent postings")
            table = json.loads(postfile.get(offset, length))
        except (ValueError, struct.error) as exc:
            postfile.close()
            log.warning("%s: %s; its segment's posting lists are read from whoosh's blocks", name, exc)
            return None
        return cls(postfile, table)

    def get(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Docnums (int32, ascending) and weights (float32) of a term kept here, else None."""
        entry = self._table.get(fieldname, {}).get(text)
        if entry is None:
            return None
        offset, length, count, layout = entry
        kind, id_size = divmod(layout, 4)
        with self._lock:
            blob = self._file.get(offset, length)
        data = zlib.decompress(blob)
        ids_end = count * id_size
        ids = np.cumsum(np.frombuffer(data, dtype="<u2" if id_size == 2 else "<u4", count=count),
                        dtype=np.int64).astype(np.int32)
        if kind == _ONES:
            weights = np.ones(count, dtype=np.float32)
        elif kind == _BYTES:
            weights = np.frombuffer(data, dtype=np.uint8, count=count, offset=ids_end).astype(np.float32)
        else:
            weights = np.frombuffer(data, dtype="<f4", count=count, offset=ids_end).astype(np.float32)
        return ids, weights
