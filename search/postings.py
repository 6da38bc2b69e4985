"""Analyse passages into whoosh postings once per text, in worker processes when there are many.

whoosh analyses each field value itself when a document is added, so a passage's text was
segmented and tokenised once for its accented field, again for its accent-free twin, and again
for the ``pairs`` field. Here each distinct text of a passage is run through the Vietnamese
analyzer once; the accent-free tokens and the adjacent-syllable pairs are derived from that one
token stream, and the postings are encoded exactly as the fields' own formats would encode them.
The writer then only files them (:class:`search.schema.AnalyzedText` accepts them as they are).

Because this is pure computation on one document at a time, a rebuild runs it in a pool of
processes (``KB_INDEX_PROCS``, all cores by default) while the one whoosh writer files the
results: the index is the same as a serial build's, byte for byte in what it scores.
"""
from __future__ import annotations

import collections
import functools
import itertools
import logging
import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator

from search.analysis import JOINER, pair_term, vietnamese_analyzer
from search.normalize import strip_diacritics
from search.fields import PAIRED_FIELDS, PAIRS, PLAIN_SUFFIX
from search.schema import Postings, build_schema

log = logging.getLogger(__name__)

# Below this many documents a rebuild analyses in its own process: starting workers costs more.
_PARALLEL_MIN_DOCUMENTS = 64
_CHUNK = 4  # documents per task sent to a worker
_IN_FLIGHT = 4  # tasks per worker sent ahead of the writer

_fields = functools.cache(build_schema)  # one schema per process, its field formats encode

def _encode(field, tokens: list[tuple[str, int]]) -> list[tuple[bytes, int, float, bytes]]:
    """``field.index(text)`` for tokens already known: (term, frequency, weight, encoded positions)."""
    positions: dict[str, list[int]] = {}
    for text, pos in tokens:
        positions.setdefault(text, []).append(pos)
    boost = field.format.field_boost
    encode = field.format.encode
    return [(text.encode("utf-8"), len(p), len(p) * boost, encode(p)) for text, p in positions.items()]


def _analysed(text: str) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Accented and accent-free ``(token, position)`` lists of ``text``, from one analysis."""
    accented = [(t.text, t.pos) for t in vietnamese_analyzer()(text, positions=True)]
    folded: dict[str, str] = {}
    plain = [(folded.get(t) or folded.setdefault(t, strip_diacritics(t)), pos) for t, pos in accented]
    return accented, plain


def _pairs(fieldname: str, tokens: list[tuple[str, int]]) -> list[str]:
    syllables = [t for t, _ in tokens if JOINER not in t]
    return [pair_term(fieldname, a, b) for a, b in zip(syllables, syllables[1:])]


def analysed_passage(fields: dict) -> dict:
    """The whoosh fields of one passage with its text fields turned into :class:`Postings`
    (stored values kept under ``_stored_<field>``), ready for ``writer.add_document``."""
    schema = _fields()
    out = dict(fields)
    streams: dict[str, tuple[list, list]] = {}
    pairs: list[str] = []
    for name in PAIRED_FIELDS:
        plain = name.endswith(PLAIN_SUFFIX)
        text = fields[name]
        if text not in streams:
            streams[text] = _analysed(text)
        tokens = streams[text][1 if plain else 0]
        field = schema[name]
        out[name] = Postings(_encode(field, tokens))
        if field.stored:
            out[f"_stored_{name}"] = text
        pairs += _pairs(name, tokens)
    out[PAIRS] = Postings([(term.encode("utf-8"), 1, 1.0, b"") for term in dict.fromkeys(pairs)])
    return out


def _analyse_documents(batch: list[list[dict]]) -> list[list[dict]]:
    return [[analysed_passage(fields) for fields in passages] for passages in batch]


def index_processes() -> int:
    """How many processes analyse a big rebuild: ``KB_INDEX_PROCS``, by default every core."""
    try:
        return max(1, int(os.environ.get("KB_INDEX_PROCS") or os.cpu_count() or 1))
    except ValueError:
        return 1


def analysed_documents(passages_of: Iterable[list[dict]]) -> Iterator[list[dict]]:
    """:func:`analysed_passage` over each document's passages (an iterable of lists), in order.

    With many documents, ``KB_INDEX_PROCS`` > 1 and no other thread in this process (forking a
    threaded web worker is not safe), the work is shared by a pool of forked processes.
    """
    passages_of = iter(passages_of)
    head = list(itertools.islice(passages_of, _PARALLEL_MIN_DOCUMENTS))
    procs = index_processes()
    if len(head) < _PARALLEL_MIN_DOCUMENTS or procs < 2 or threading.active_count() > 1:
        for passages in itertools.chain(head, passages_of):
            yield [analysed_passage(fields) for fields in passages]
        return
    _fields()  # build the schema (and load pyvi's model) once, before forking
    vietnamese_analyzer()("khởi động")
    with multiprocessing.get_context("fork").Pool(procs) as pool:
        # A bounded window of batches in flight: the workers analyse faster than the writer
        # files, and results queued without limit would hold the whole corpus in memory.
        pending: collections.deque = collections.deque()
        for batch in _batches(itertools.chain(head, passages_of)):
            pending.append(pool.apply_async(_analyse_documents, (batch,)))
            if len(pending) >= _IN_FLIGHT * procs:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _batches(items: Iterator) -> Iterator[list]:
    while batch := list(itertools.islice(items, _CHUNK)):
        yield batch

