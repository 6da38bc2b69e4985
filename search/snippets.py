"""Excerpts of a passage around a query's words, the words marked, for a result list."""
from __future__ import annotations

import re

from whoosh import highlight
from whoosh.compat import htmlescape

from search.analysis import JOINER, syllable_analyzer
from search.query import ParsedQuery

_SNIPPET_CHARS = 220
_ADJACENT_MARKS = re.compile(r"</mark>(\s+)<mark>")  # "xâm hại" is one highlight, not two


class _MarkFormatter(highlight.Formatter):
    """Escaped text with ``<mark>`` around matched words and `` … `` between fragments."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return f"<mark>{htmlescape(highlight.get_text(text, token, replace))}</mark>"

    def _text(self, text):
        return htmlescape(text, quote=False)


def snippet(text: str, parsed: ParsedQuery) -> str:
    """An HTML excerpt of ``text`` around the query's words, matched words in ``<mark>``."""
    # Syllables are enough to mark words: adjacent marks merge, so a compound shows as one.
    # An accent-free query whose words were restored marks those words and what was typed
    # exactly, not every accented form of it ("bo" is not "bộ" when "bố" was meant).
    terms = frozenset(s for term in parsed.terms + parsed.restored for s in term.split(JOINER))
    analyzer = syllable_analyzer(parsed.accent_free and not parsed.restored)
    fragmenter = highlight.ContextFragmenter(maxchars=_SNIPPET_CHARS, surround=80)
    excerpt = highlight.highlight(text, terms, analyzer, fragmenter, _MarkFormatter(), top=2)
    if excerpt:
        return _ADJACENT_MARKS.sub(r"\1", " ".join(excerpt.split()))
    return htmlescape(text[:_SNIPPET_CHARS]) + ("…" if len(text) > _SNIPPET_CHARS else "")
