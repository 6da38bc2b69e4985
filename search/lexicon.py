"""General Vietnamese vocabulary, as syllables and as the adjacent-syllable pairs of compounds.

Two lists, both from pyvi, the package that segments the text:

- the word list it ships (``pyvi/models/words.txt``, about 31,000 dictionary words, common and
  rare alike: "bố mẹ" and the curse "bỏ mẹ" side by side), for its syllables;
- ``search/data/attested_words.txt``: the 14,632 words of the news corpus pyvi's part-of-speech
  tagger was trained on (the vocabulary of that model, written out by :func:`attested_words`;
  words people actually write: "bố mẹ" is there, "bỏ mẹ" is not), for its syllables and pairs.

The knowledge base's own index is legal and administrative text: it lacks everyday words
("bố mẹ", "con nghiện") that people type. The word list fills in what the index cannot say, for
restoring diacritics (:mod:`search.restore`) and for deciding whether a word the index does not
know is still Vietnamese, in which case "did you mean" leaves it alone (:mod:`search.spelling`).
Nothing is downloaded: the first list is read from the installed package, the second is
derived from it once (``python -m search.lexicon``, about 150 KB) and kept in the repository,
because loading the tagger's model takes seconds and 100 MB.
"""
from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from search.analysis import JOINER
from search.filler import FILLER_PHRASES
from search.normalize import normalize_token, strip_diacritics

log = logging.getLogger(__name__)

_SYLLABLE = re.compile(r"[^\W\d_]+")
_ATTESTED_WORD = re.compile(r"[^\W\d_]+(?:_[^\W\d_]+)*")

# How questions are asked: the filler that frames a question (search.filler), a few more
# turns that do carry meaning in a query ("không", "nếu"), and the pronouns and particles of
# someone telling what happened ("tôi thấy", "ly hôn rồi"). People search with questions, the
# index holds statements, and the word list lacks most of these: "đúng hay sai" must not come
# back as "dụng hay sai", nor "con tôi" as "con tội".
QUESTION_PHRASES = (*FILLER_PHRASES, "đúng hay sai", "có phải", "cái gì", "những gì", "bao giờ",
                    "đi đâu", "của ai", "nếu", "mấy", "nào", "không", "chưa", "đâu",
                    "tôi", "mình", "nó", "họ", "rồi", "thấy")

# Chat spellings and what they stand for, read before diacritics are restored: "ck cu" is "chồng
# cũ", and the restoration of "cu" needs the "chồng" before it. Only the unambiguous ones ("r" is
# "rồi" or "ra", "bt" "biết" or "bình thường": left as typed). Keys are lowercase, accent-free.
CHAT_SPELLINGS = {
    "ko": "không", "k": "không", "kg": "không", "khg": "không", "hok": "không", "dc": "được",
    "đc": "được", "ntn": "như thế nào", "j": "gì", "bn": "bao nhiêu", "lm": "làm", "ck": "chồng",
    "vk": "vợ", "mk": "mình", "cx": "cũng", "vs": "với", "trc": "trước", "bme": "bố mẹ",
    "mn": "mọi người", "ng": "người", "ns": "nói", "bh": "bây giờ",
}


@dataclass(frozen=True)
class Lexicon:
    """Syllables (normalised as the index normalises them), their accent-free forms, and the
    pairs of syllables that stand together in a word of the list."""

    syllables: frozenset[str]
    plain: frozenset[str]
    pairs: frozenset[tuple[str, str]]

    @classmethod
    def from_words(cls, words) -> Lexicon:
        """A lexicon of an iterable of words (each one or more space-separated syllables).

        >>> lex = Lexicon.from_words(["bố mẹ", "Hoà bình"])
        >>> sorted(lex.syllables), ("hòa", "bình") in lex.pairs, "bo" in lex.plain
        (['bình', 'bố', 'hòa', 'mẹ'], True, True)
        """
        syllables: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        for word in words:
            parts = [normalize_token(s) for s in _SYLLABLE.findall(word)]
            syllables.update(parts)
            pairs.update(zip(parts, parts[1:]))
        return cls(frozenset(syllables), frozenset(strip_diacritics(s) for s in syllables),
                   frozenset(pairs))


ATTESTED_WORDS = Path(__file__).parent / "data" / "attested_words.txt"
_WORD_ATTRIBUTE = "word.lower():"


def _pyvi_models() -> Path:
    import pyvi

    return Path(pyvi.__file__).parent / "models"


def attested_words() -> list[str]:
    """The words of pyvi's part-of-speech tagger's training corpus (syllables space-separated),
    read from the attributes of its CRF model: slow, run once to write :data:`ATTESTED_WORDS`."""
    import pickle

    with open(_pyvi_models() / "pyvipos3.pkl", "rb") as model_file:
        model = pickle.load(model_file)  # noqa: S301 - the installed package's own model
    found = {a[len(_WORD_ATTRIBUTE):] for a in model.attributes_ if a.startswith(_WORD_ATTRIBUTE)}
    words = [w.replace(JOINER, " ") for w in found if _ATTESTED_WORD.fullmatch(w)]
    return sorted(words)


@functools.cache
def vietnamese_lexicon() -> Lexicon:
    """The syllables of both lists and the pairs of the attested words, loaded once per process
    (what is missing is left out, with a warning).

    >>> lex = vietnamese_lexicon()
    >>> ("bố", "mẹ") in lex.pairs, ("bỏ", "mẹ") in lex.pairs, "ai" in lex.plain
    (True, False, True)
    """
    try:
        dictionary = (_pyvi_models() / "words.txt").read_text(encoding="utf-8").splitlines()
    except (ImportError, OSError):
        log.warning("pyvi's word list is missing: fewer everyday words are known")
        dictionary = []
    try:
        attested = Lexicon.from_words(ATTESTED_WORDS.read_text(encoding="utf-8").splitlines())
    except OSError:
        log.warning("%s is missing: fewer everyday words are known", ATTESTED_WORDS)
        attested = Lexicon.from_words([])
    listed = Lexicon.from_words(w for w in dictionary if " " not in w)
    syllables = listed.syllables | attested.syllables
    return Lexicon(syllables, frozenset(strip_diacritics(s) for s in syllables), attested.pairs)


if __name__ == "__main__":  # python -m search.lexicon: write ATTESTED_WORDS again
    ATTESTED_WORDS.write_text("\n".join(attested_words()) + "\n", encoding="utf-8")
