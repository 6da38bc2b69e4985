"""Which words "did you mean" may correct: only those that are no word at all.

A word is left alone when the index has it, with or without diacritics, or when it is a
Vietnamese syllable of the general word lists (search.lexicon): "… bao cho ai" is a question
typed without accents, not a misspelling of "… bao cho tai", even where the index never uses
"ai". What remains ("xaam", "hạii") is what the nearest spelling in the index may replace.
"""
from __future__ import annotations

import logging

from search.fields import BODY, BODY_PLAIN
from search.lexicon import Lexicon, vietnamese_lexicon
from search.normalize import normalize_token, strip_diacritics

log = logging.getLogger(__name__)


def is_known_word(searcher, token: str, lexicon: Lexicon | None = None) -> bool:
    """Whether ``token`` (one syllable as the index writes it, accented or accent-free) exists in
    either form in the index of ``searcher``, or in the word lists.

    A token typed with diacritics is known in that accented form, or as its accent-free form in
    the index; a token typed without any is known if any accented syllable strips to it.
    """
    lexicon = lexicon or vietnamese_lexicon()
    token = normalize_token(token)
    plain = strip_diacritics(token)
    if plain == token:
        if plain in lexicon.plain:
            return True
    elif token in lexicon.syllables or searcher.doc_frequency(BODY, token):
        return True
    return bool(searcher.doc_frequency(BODY_PLAIN, plain))
