"""Whoosh analyzers for Vietnamese, composed as ``Tokenizer | Filter | Filter``.

Every word pyvi segments is indexed as its syllables (so a query for one syllable, or a phrase
segmented differently, still matches) and, for compounds, also as the joined word (``trẻ_em``) at
the position of its first syllable, so that a compound match scores above loose syllables.
Character offsets always point into the original text, so highlights land on what the reader sees.

    >>> [t.text for t in vietnamese_analyzer()("Trẻ em bị xâm hại")]
    ['trẻ_em', 'trẻ', 'em', 'bị', 'xâm_hại', 'xâm', 'hại']
    >>> [t.text for t in plain_analyzer()("Quản lí trường hợp")]
    ['quan_li', 'quan', 'li', 'truong_hop', 'truong', 'hop']

Two syllables standing next to each other in a text field are also indexed together, as one
term of the ``pairs`` field (``pair_term``, filled by search.postings), so that a phrase of the
query is a term lookup rather than a walk over positions.
"""
from __future__ import annotations

import functools
import re

from whoosh.analysis import Filter, RegexTokenizer, Token, Tokenizer

from search.normalize import normalize_token, strip_diacritics
from search.segmentation import segment

JOINER = "_"
# A syllable as the index numbers them: pyvi's tokens without its punctuation marks (search.segmentation).
_SYLLABLE = r"\w+"


@functools.lru_cache(maxsize=65536)
def _normalized(token: str) -> str:
    return JOINER.join(normalize_token(s) for s in token.split(JOINER))


@functools.lru_cache(maxsize=65536)
def folded(token: str) -> str:
    """The accent-free form of a token, normalised as the index normalises it (cached: tokens repeat).

    >>> folded("Thuỷ_Lợi")
    'thuy_loi'
    """
    return strip_diacritics(_normalized(token))


def _pieces(value: str):
    """Each word of ``value`` as the index takes it, ``(text, start, end, is_syllable)``: the
    joined compound first if the word has several syllables, then each syllable."""
    for word in segment(value):
        if len(word.spans) > 1:
            yield JOINER.join([value[s:e] for s, e in word.spans]), word.start, word.end, False
        for start, end in word.spans:
            yield value[start:end], start, end, True


class VietnameseTokenizer(Tokenizer):
    """Tokens for each pyvi word: the compound (if any) then its syllables, with offsets."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            t.pos, t.startchar, t.endchar = start_pos, start_char, start_char + len(value)
            yield t
            return
        pos = start_pos
        for text, start, end, is_syllable in _pieces(value):
            t.text = text
            t.boost, t.stopped = 1.0, False
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t
            pos += is_syllable


def word_tokens(text: str) -> list[str]:
    """What :func:`vietnamese_analyzer` yields for ``text``, as plain strings: indexing and
    parsing need only the texts, not a token object each.

    >>> word_tokens("Trẻ em bị xâm hại")
    ['trẻ_em', 'trẻ', 'em', 'bị', 'xâm_hại', 'xâm', 'hại']
    """
    return [_normalized(piece) for piece, *_ in _pieces(text)]


class NormalizeFilter(Filter):
    """Lowercase, canonical tone placement and i/y folding, syllable by syllable."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = _normalized(t.text)
            yield t


class FoldDiacriticsFilter(Filter):
    """Drop tone marks and vowel diacritics (``đ`` → ``d``) for accent-free matching."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = strip_diacritics(t.text)
            yield t


def vietnamese_analyzer():
    """The analyzer of accented text fields.

    >>> [t.text for t in vietnamese_analyzer()("Hoà nhập")]
    ['hòa_nhập', 'hòa', 'nhập']
    """
    return VietnameseTokenizer() | NormalizeFilter()


def plain_analyzer():
    """The analyzer of the diacritic-free twin fields that accent-free queries search.

    >>> [t.text for t in plain_analyzer()("Trẻ em")]
    ['tre_em', 'tre', 'em']
    """
    return VietnameseTokenizer() | NormalizeFilter() | FoldDiacriticsFilter()


def syllable_analyzer(accent_free: bool = False):
    """Syllables without segmentation, normalised like the index: enough to find and mark a
    query's words in a text shown to the reader, at a fraction of the cost of pyvi.

    >>> [t.text for t in syllable_analyzer()("Trẻ em bị xâm hại")]
    ['trẻ', 'em', 'bị', 'xâm', 'hại']
    >>> [t.text for t in syllable_analyzer(accent_free=True)("Quản lý")]
    ['quan', 'li']
    """
    analyzer = RegexTokenizer(_SYLLABLE) | NormalizeFilter()
    return analyzer | FoldDiacriticsFilter() if accent_free else analyzer


def syllables(text: str, accent_free: bool = False) -> list[str]:
    """What :func:`syllable_analyzer` yields for ``text``, as plain strings: checking the text of
    thousands of passages for a phrase cannot afford a token object per syllable.

    >>> syllables("Quản lý trẻ em"), syllables("Quản lý trẻ em", accent_free=True)
    (['quản', 'lí', 'trẻ', 'em'], ['quan', 'li', 'tre', 'em'])
    """
    normal = folded if accent_free else _normalized
    return [normal(s) for s in re.findall(_SYLLABLE, text)]


def pair_term(fieldname: str, first: str, second: str) -> str:
    """The ``pairs`` term saying that syllable ``first`` is followed by ``second`` in ``fieldname``.

    >>> pair_term("body", "trẻ", "em")
    'body:trẻ em'
    """
    return f"{fieldname}:{first} {second}"
