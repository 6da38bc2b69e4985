"""The one whoosh schema of the knowledge base: one whoosh document per passage.

A passage carries its document's metadata so that filters, facets and collapsing work on passages
directly. Accented text fields have a diacritic-free twin (``*_plain``) so that a query typed
without accents still finds ``trẻ em bị xâm hại``; the query layer decides which fields to search.
Field names and what each holds: :mod:`search.fields`. Changing a field, an analyser or a boost
here means bumping :data:`search.fields.INDEX_FORMAT`.
"""
from __future__ import annotations

from whoosh.analysis import IDTokenizer, RegexTokenizer, LowercaseFilter
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, FieldType, Schema
from whoosh.formats import Existence

from search import fields as F
from search.analysis import plain_analyzer, vietnamese_analyzer

# Field weights for BM25F (bump search.fields.INDEX_FORMAT when they change): a word in the document title or the passage heading says more about
# what the passage is about than the same word in running text.
TITLE_BOOST = 3.0
HEADING_BOOST = 2.0


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
    """A TEXT field that also takes :class:`Postings`, with term frequencies but no positions:
    phrases are matched in the ``pairs`` field and, from three words on, confirmed on the stored
    text (search.vectorized), so positions would only make the index twice as big."""

    def __init__(self, **kwargs):
        super().__init__(phrase=False, **kwargs)


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
    return Schema(**{
        F.UID: ID(unique=True, stored=True),
        F.DOC_ID: ID(stored=True, sortable=True),
        F.DOC_VERSION: ID,
        F.ANCHOR: STORED,
        F.ARTICLE: ID,
        F.POSITION: NUMERIC(stored=True, sortable=True),
        F.TITLE: AnalyzedText(analyzer=vietnamese_analyzer(), stored=True, field_boost=TITLE_BOOST),
        F.TITLE_PLAIN: AnalyzedText(analyzer=plain_analyzer(), field_boost=TITLE_BOOST),
        # The heading is stored for display; its plain twin also holds the headings above it.
        F.HEADING: AnalyzedText(analyzer=vietnamese_analyzer(), stored=True, field_boost=HEADING_BOOST),
        F.HEADING_PLAIN: AnalyzedText(analyzer=plain_analyzer(), field_boost=HEADING_BOOST),
        F.CONTEXT: STORED,
        F.BODY: AnalyzedText(analyzer=vietnamese_analyzer(), stored=True),
        F.BODY_PLAIN: AnalyzedText(analyzer=plain_analyzer()),
        F.PAIRS: PairsField(),
        F.NUMBER: TEXT(analyzer=_NUMBER_ANALYZER, stored=True, field_boost=TITLE_BOOST),
        F.STATUS: ID(stored=True),
        F.KIND: ID(stored=True),
        F.VALIDITY: ID(stored=True),
        F.DATE: ID(stored=True, sortable=True),
        F.YEAR: ID(stored=True),
        F.TAGS: KEYWORD(stored=True, commas=True, lowercase=True),
        F.PLACES: KEYWORD(stored=True, commas=True),
        F.ORGANIZATIONS: KEYWORD(stored=True, commas=True),
        F.PUBLISHER: STORED,
    })
