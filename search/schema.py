"""The one whoosh schema of the knowledge base: one whoosh document per passage.

A passage carries its document's metadata so that filters, facets and collapsing work on passages
directly. Accented text fields have a diacritic-free twin (``*_plain``) so that a query typed
without accents still finds ``trẻ em bị xâm hại``; the query layer decides which fields to search.
"""
from __future__ import annotations

from whoosh.analysis import IDTokenizer, RegexTokenizer, LowercaseFilter
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, FieldType, Schema
from whoosh.formats import Existence

from search.analysis import plain_analyzer, vietnamese_analyzer

# Field weights for BM25F: a word in the document title or the passage heading says more about
# what the passage is about than the same word in running text.
TITLE_BOOST = 3.0
HEADING_BOOST = 2.0

# The text fields, accented and accent-free, whose adjacent syllables the ``pairs`` field holds.
PAIRED_FIELDS = ("title", "title_plain", "heading", "heading_plain", "body", "body_plain")


class Postings:
    """A field value analysed beforehand (search.postings): ``(term, frequency, weight, value)``
    tuples exactly as the field's ``index()`` would return them; whoosh files them as they are."""

    __slots__ = ("items",)

    def __init__(self, items: list[tuple[bytes, int, float, bytes]]):
        self.items = items


class _Preanalysed:
    def index(self, value, **kwargs):
        if isinstance(value, Postings):
            return value.items
        return super().index(value, **kwargs)


class AnalyzedText(_Preanalysed, TEXT):
    """A TEXT field that also takes :class:`Postings`."""


class PairsField(_Preanalysed, FieldType):
    """Presence-only terms (no frequency or positions) that also takes :class:`Postings`."""

    def __init__(self):
        # Never scored, but "scorable" gives it a column of lengths: whoosh's writer looks up a
        # length for every posting it files and, for a field without one, asks the disk each time.
        super().__init__(format=Existence(), analyzer=IDTokenizer(), scorable=True)


# Document numbers ("56/2017/NĐ-CP") are kept whole: one token, lowercased, never segmented.
_NUMBER_ANALYZER = RegexTokenizer(r"[^,;\s]+") | LowercaseFilter()


def build_schema() -> Schema:
    """A fresh instance of the index schema (whoosh pickles it into the index's table of contents)."""
    return Schema(
        # "<doc_id>#<anchor>": the key of one passage.
        uid=ID(unique=True, stored=True),
        # The document the passage belongs to: results collapse on it, updates delete by it.
        doc_id=ID(stored=True, sortable=True),
        # "<doc_id>:<content hash>": lets an incremental update skip unchanged documents.
        doc_version=ID,
        # Where the passage starts in the document page ("" = top) and its order in the document.
        anchor=STORED,
        # The law article the passage is ("dieu-4"), so that "Điều 4 Luật Trẻ em" lands on it.
        article=ID,
        position=NUMERIC(stored=True, sortable=True),
        # The document's title, repeated on each passage; its diacritic-free twin.
        title=AnalyzedText(analyzer=vietnamese_analyzer(), stored=True, field_boost=TITLE_BOOST),
        title_plain=AnalyzedText(analyzer=plain_analyzer(), field_boost=TITLE_BOOST),
        # The passage's own heading ("Điều 4. Giải thích từ ngữ") and the headings above it.
        heading=AnalyzedText(analyzer=vietnamese_analyzer(), stored=True, field_boost=HEADING_BOOST),
        heading_plain=AnalyzedText(analyzer=plain_analyzer(), field_boost=HEADING_BOOST),
        context=STORED,
        # The passage text, stored for highlighting; its diacritic-free twin.
        body=AnalyzedText(analyzer=vietnamese_analyzer(), stored=True),
        body_plain=AnalyzedText(analyzer=plain_analyzer()),
        # "body:trẻ em": two syllables side by side in a text field (search.analysis.pair_term,
        # filled by search.postings); phrases of the query are matched through it.
        pairs=PairsField(),
        # Document numbers (số hiệu) as typed and accent-free: "56/2017/nđ-cp 56/2017/nd-cp".
        number=TEXT(analyzer=_NUMBER_ANALYZER, stored=True, field_boost=TITLE_BOOST),
        # Editorial status: "published" (the default), "draft" or "review"; only published shows.
        status=ID(stored=True),
        # Filters and facets.
        kind=ID(stored=True),
        # Legal validity as the knowledge base computed it (search.grouping.validity_slug):
        # "con-hieu-luc", "het-hieu-luc-toan-bo"...; "" for documents that are not legal texts.
        validity=ID(stored=True),
        date=ID(stored=True, sortable=True),  # ISO 8601, possibly partial ("2018-07") or ""
        year=ID(stored=True),
        tags=KEYWORD(stored=True, commas=True, lowercase=True),
        places=KEYWORD(stored=True, commas=True),
        organizations=KEYWORD(stored=True, commas=True),
        # Shown in results without opening the document.
        publisher=STORED,
    )
