"""How well diacritics are restored: syllable accuracy on questions typed with diacritics,
stripped, restored, and compared with what was typed (``kb eval`` and ``kb eval-restore``)."""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from search.normalize import clean_text, normalize_token, strip_diacritics
from search.restore import Restorer, restore_text

log = logging.getLogger(__name__)

_SYLLABLE = re.compile(r"[^\W\d_]+")


def syllable_accuracy(restorer: Restorer, texts: Iterable[str]) -> dict:
    """Restore each text with diacritics after stripping them; count syllables restored right.

    Syllables compare as the index does (case, tone placement and i/y spelling do not matter);
    chat spellings are left as typed, since they are what the question had.
    Texts typed without any diacritic say nothing about restoration and are skipped. Returns
    ``texts``, ``syllables``, ``correct``, ``accuracy`` and ``texts_exact`` (share of texts
    restored without a single error).

    >>> from search.lexicon import Lexicon
    >>> model = Restorer({"trẻ": 2, "em": 2}, lambda v, w: 2, Lexicon.from_words([]))
    >>> syllable_accuracy(model, ["Trẻ em", "tre em", "Trẻ em ăn"])
    {'texts': 2, 'syllables': 5, 'correct': 4, 'accuracy': 0.8, 'texts_exact': 0.5}
    """
    counted = correct = exact = 0
    texts_seen = 0
    for text in texts:
        text = clean_text(text)
        typed = strip_diacritics(text)
        if typed == text:
            continue
        expected = [normalize_token(s) for s in _SYLLABLE.findall(text)]
        found = [normalize_token(s) for s in _SYLLABLE.findall(restore_text(restorer, typed, chat=False))]
        right = sum(a == b for a, b in zip(expected, found))
        texts_seen += 1
        counted += len(expected)
        correct += right
        exact += right == len(expected)
    return {"texts": texts_seen, "syllables": counted, "correct": correct,
            "accuracy": round(correct / counted, 4) if counted else 0.0,
            "texts_exact": round(exact / texts_seen, 4) if texts_seen else 0.0}
