"""Analyse passages into whoosh postings once per text.

whoosh analyses each field value itself when a document is added, so a passage's text was
segmented and tokenised once for its accented field, again for its accent-free twin, and again
for the ``pairs`` field. Here each distinct text of a passage is run through the Vietnamese
analyzer once; the accent-free tokens and the adjacent-syllable pairs are derived from that one
token stream, and the postings are encoded exactly as the fields' own format (frequencies, no
positions: search.schema) would encode them.
The writer then only files them (:class:`search.schema.AnalyzedText` accepts them as they are).

Because this is pure computation on one passage at a time, a rebuild runs it in each of its
writing processes (search.segment_workers).
"""
from __future__ import annotations

import functools
import logging
from collections import Counter

from whoosh.system import pack_uint

from search.analysis import JOINER, folded, pair_term, word_tokens
from search.fields import PAIRED_FIELDS, PAIRS, PLAIN_SUFFIX
from search.schema import Postings, build_schema

log = logging.getLogger(__name__)

_fields = functools.cache(build_schema)  # one schema per process, its field formats encode

def _encode(field, tokens: list[str]) -> list[tuple[bytes, int, float, bytes]]:
    """``field.index(text)`` for tokens already known: (term, frequency, weight, encoded frequency),
    as whoosh's ``Frequency`` format encodes them."""
    boost = field.format.field_boost
    return [(text.encode("utf-8"), n, n * boost, pack_uint(n)) for text, n in Counter(tokens).items()]


def _analysed(text: str) -> tuple[list[str], list[str]]:
    """Accented and accent-free tokens of ``text``, in order, from one analysis."""
    accented = word_tokens(text)
    return accented, [folded(t) for t in accented]


def _pairs(fieldname: str, tokens: list[str]) -> list[str]:
    syllables = [t for t in tokens if JOINER not in t]
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


def prepare_analysis() -> None:
    """Build the schema and load pyvi's model now: done once before forking, the worker processes
    share them instead of each loading its own."""
    _fields()
    word_tokens("khởi động")
