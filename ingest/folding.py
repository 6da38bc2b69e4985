"""Text as the vocabularies (places, organisations, topics) are matched on: Unicode repaired,
canonical tone placement, i/y spelling variants folded.

Both folds work syllable by syllable, so they are applied to each run of letters once, through a
cache: a law of 300 000 characters repeats a few thousand distinct syllables.
"""
from __future__ import annotations

import re
from functools import lru_cache

from search.normalize import canonical_tones, clean_text, fold_variants

_LETTERS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=100_000)
def _fold(letters: str) -> str:
    return fold_variants(canonical_tones(letters))


def fold_text(text: str) -> str:
    """``text`` with its Unicode repaired, tones placed canonically and i/y variants folded.

    >>> fold_text("Uỷ ban nhân dân tỉnh Thanh Hoá quản lý")
    'Ủy ban nhân dân tỉnh Thanh Hóa quản lí'
    """
    return _LETTERS.sub(lambda m: _fold(m.group()), clean_text(text))
