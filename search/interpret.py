"""What an accent-free query most likely meant, and how that steers its search.

A query typed without diacritics searches the accent-free fields (search.query), where "bo"
is "bộ", "bỏ" and "bố" alike. :mod:`search.restore` guesses the accented words; here they become
the line the results page shows ("Đang tìm: con bị bố mẹ đánh thì báo cho ai"), an optional
query over the accented fields that adds to the score of passages using those very words, and
the words to highlight. The accent-free query still decides what matches: a wrong guess only
loses its boost.
"""
from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

from whoosh import query as wq

from search.normalize import normalize_token, strip_diacritics
from search.query import MAX_QUERY_CHARS, ParsedQuery, parse_query
from search.restore import Restorer, restore_text
from search.synonyms import Dictionary
from search.thesaurus import Thesaurus

log = logging.getLogger(__name__)

# Weight of the restored (accented) query against the accent-free one it is added to.
RESTORED_BOOST = 2.0


@dataclass
class Interpretation:
    """The query as the engine read it: the text shown, and the query searched."""

    text: str
    parsed: ParsedQuery


def interpret(parsed: ParsedQuery, text: str, restorer: Restorer,
              dictionary: Dictionary | None = None, searched: str | None = None,
              thesaurus: Thesaurus | None = None) -> Interpretation | None:
    """The restored reading of the accent-free query ``text``; None when it has diacritics, has
    no words, or reads the same restored.

    ``parsed`` is the query parsed from ``searched`` (``text`` without the title of a document it
    names, or ``text``). That text, restored, is parsed again as an accented query, with the same
    number, article and phrase clauses, and added to ``parsed`` as an optional part.
    """
    if not parsed.accent_free or not parsed.words:
        return None
    text, searched = text[:MAX_QUERY_CHARS], (searched or text)[:MAX_QUERY_CHARS]
    shown = restore_text(restorer, text)
    if normalize_token(shown) == normalize_token(text):
        return None
    accented = parse_query(restore_text(restorer, searched), dictionary, thesaurus)
    if accented.accent_free or accented.query is None:  # nothing restored in the words searched
        return Interpretation(shown, parsed)
    boost = wq.Or([accented.query], boost=RESTORED_BOOST)
    restored_terms = [t for t in accented.terms if strip_diacritics(t) != t]
    return Interpretation(shown, dataclasses.replace(
        parsed,
        query=wq.AndMaybe(parsed.query, boost) if parsed.query is not None else None,
        relaxed=wq.AndMaybe(parsed.relaxed, boost) if parsed.relaxed is not None else None,
        restored=restored_terms, restored_words=accented.words, expansions=accented.expansions))
