"""Restore the diacritics of a query typed without them, from the index's own text.

"con bi bo me danh thi bao cho ai" matches the accent-free twin fields well enough, but every
"bo" there is also "bộ", "bỏ" and "bố". A syllable bigram model says which accented form each
syllable most likely had, and the best path over all of them (Viterbi) gives
"con bị bố mẹ đánh thì báo cho ai". The model is the index itself:

- unigram counts: in how many passages each accented syllable occurs (``body`` and ``heading``,
  read once per index segment);
- bigram counts: in how many passages two syllables stand side by side, which the ``pairs``
  field already holds (``body:bố mẹ``), looked up as the query needs them;
- the general word list of :mod:`search.lexicon`, the phrases of the domain dictionary and the
  everyday expressions of the thesaurus ("chồng cũ", "tiền nuôi con"), for words that legal text
  lacks: a pair of syllables forming a word of these lists is a likely bigram, whatever the
  index says.

The probability of ``w`` after ``v`` mixes these sources (an interpolated bigram model whose
weights do not depend on the size of the index); a syllable nobody knows is kept as typed and
starts a new context. The search uses the result as a boost and for highlighting, never as a
filter (search.interpret), so a wrong guess costs little.
"""
from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from search import fields as F
from search.analysis import JOINER, pair_term
from search.lexicon import CHAT_SPELLINGS, QUESTION_PHRASES, Lexicon
from search.normalize import clean_text, normalize_token, strip_diacritics

log = logging.getLogger(__name__)

# The accented fields whose syllables and adjacent pairs make the model (titles are repeated on
# every passage of their document, so their counts would say more about document length).
MODEL_FIELDS = (F.BODY, F.HEADING)
# Weights of the sources in P(w | v): the index's bigrams, the word list's compounds, the
# dictionary's phrases, and the unigram distribution (renormalised over the sources that know v).
_INDEX_WEIGHT = 0.55
_LEXICON_WEIGHT = 0.15
_PHRASE_WEIGHT = 0.2
_UNIGRAM_WEIGHT = 0.1
# Within the unigram distribution, the share of the word lists (a syllable the index never uses
# may still be what was typed).
_LEXICON_UNIGRAM_SHARE = 0.2
# Added to P(w) of the syllables of the ways questions are asked (search.lexicon): the index
# holds statements, and "thì", "đâu", "gì" are far more frequent in queries than in it.
_ASKED_PRIOR = 0.002
# Accented forms considered per syllable, most frequent first ("a" has 18, most never seen),
# and how rare a form may be next to the most frequent one and still be considered: in a legal
# library "trò" (trò chơi) is 1/60 as frequent as "trợ", and "thấy" 1/16 of "thay", yet are what
# people type. Six forms and 2 % restored 93.5 % of the dev questions' syllables, ten and 0.1 %
# 95.0 % (docs/benchmarks.md), for about 4 ms more on a query seen for the first time.
MAX_FORMS = 10
_MIN_FORM_SHARE = 0.001
_SYLLABLE = re.compile(r"[^\W\d_]+")
# The model is rebuilt for every index version over mostly the same syllables.
_accent_free = functools.lru_cache(maxsize=262144)(strip_diacritics)


def segment_syllables(reader) -> tuple[Counter, Counter]:
    """Occurrences and passages of each accented syllable of :data:`MODEL_FIELDS` in one index
    segment. Occurrences make the unigram model (a passage count would flatten the function
    words people type most: "thì", "cho"); passages are what the bigram counts are comparable
    with."""
    occurrences: Counter = Counter()
    passages: Counter = Counter()
    for fieldname in MODEL_FIELDS:
        if fieldname not in reader.schema:
            continue
        boost = reader.schema[fieldname].format.field_boost or 1.0
        for text, info in reader.iter_field(fieldname):
            text = text.decode("utf-8") if isinstance(text, bytes) else text
            if JOINER not in text and _SYLLABLE.fullmatch(text):
                occurrences[text] += round(info.weight() / boost)
                passages[text] += info.doc_frequency()
    return occurrences, passages


def index_bigrams(searcher) -> Callable[[str, str], int]:
    """Passages of ``searcher``'s index where syllable ``v`` is followed by ``w`` in the body
    (a term lookup each: headings, short and few, are left out to halve them)."""
    reader = searcher.reader()

    def count(v: str, w: str) -> int:
        return reader.doc_frequency(F.PAIRS, pair_term(F.BODY, v, w))

    return count


class Restorer:
    """A syllable bigram model over accented forms, and its best path for accent-free syllables.

    >>> from search.lexicon import Lexicon
    >>> pairs = {("trẻ", "em"): 9, ("em", "bị"): 3, ("xâm", "hại"): 3}
    >>> model = Restorer({"trẻ": 9, "em": 9, "bị": 5, "bỏ": 4, "bộ": 8, "xâm": 3, "hại": 3},
    ...                  lambda v, w: pairs.get((v, w)), Lexicon.from_words(["bỏ rơi", "xâm hại"]))
    >>> model.restore(["tre", "em", "bi", "xam", "hai"])
    ['trẻ', 'em', 'bị', 'xâm', 'hại']
    """

    def __init__(self, unigrams: Mapping[str, int], bigrams: Callable[[str, str], int | None],
                 lexicon: Lexicon, phrases: Iterable[str] = (),
                 contexts: Mapping[str, int] | None = None, asked: Iterable[str] = ()):
        self._unigrams = unigrams
        self._contexts = unigrams if contexts is None else contexts
        self._total = sum(unigrams.values())
        self._bigram_source = bigrams
        self._bigrams: dict[tuple[str, str], int] = {}
        self._lexicon = lexicon
        self._phrase_pairs = Lexicon.from_words(phrases).pairs
        self._lexicon_next = Counter(v for v, _ in lexicon.pairs)
        self._asked = Lexicon.from_words(asked).syllables
        self._listed = lexicon.syllables | self._asked | {s for pair in self._phrase_pairs for s in pair}
        self._candidates: dict[str, list[str]] = {}
        for syllable in self._listed | set(unigrams):
            self._candidates.setdefault(_accent_free(syllable), []).append(syllable)
        self._forms: dict[str, list[str]] = {}  # the likely candidates, as queries ask for them

    def _likely(self, forms: list[str]) -> list[str]:
        ranked = sorted(forms, key=lambda s: (-self.unigram(s), s))[:MAX_FORMS]
        floor = self.unigram(ranked[0]) * _MIN_FORM_SHARE
        return [f for f in ranked if self.unigram(f) >= floor]

    def forms(self, plain: str) -> list[str]:
        """The accented forms an accent-free syllable may stand for, most frequent first (a
        syllable with diacritics stands for itself)."""
        if _accent_free(plain) != plain:
            return [plain]
        found = self._forms.get(plain)
        if found is None:
            candidates = self._candidates.get(plain)
            found = self._forms[plain] = self._likely(candidates) if candidates else []
        return found

    def knows(self, plain: str) -> bool:
        """Whether ``plain`` is the accent-free form of a syllable of the model."""
        return plain in self._candidates

    def unigram(self, syllable: str) -> float:
        """P(syllable): the index's counts mixed with a uniform share over the word lists."""
        listed_p = (1.0 / len(self._listed)) if syllable in self._listed else 0.0
        if syllable in self._asked:
            listed_p += _ASKED_PRIOR / _LEXICON_UNIGRAM_SHARE
        indexed = self._unigrams.get(syllable, 0) / self._total if self._total else 0.0
        return (1 - _LEXICON_UNIGRAM_SHARE) * indexed + _LEXICON_UNIGRAM_SHARE * listed_p or 1e-9

    def _bigram_count(self, v: str, w: str) -> int:
        key = (v, w)
        found = self._bigrams.get(key)
        if found is None:
            found = self._bigrams[key] = self._bigram_source(v, w) or 0
        return found

    def bigram(self, v: str, w: str) -> float:
        """P(w | v), interpolated with fixed weights: a source that never saw ``v`` gives
        nothing, so a form the sources know little about is not preferred for that. A phrase of
        the dictionary or thesaurus counts whole, however many phrases start with ``v``."""
        p = _UNIGRAM_WEIGHT * self.unigram(w)
        seen = self._contexts.get(v, 0)
        if seen and self._contexts.get(w):
            p += _INDEX_WEIGHT * min(1.0, self._bigram_count(v, w) / seen)
        if self._lexicon_next.get(v):
            p += _LEXICON_WEIGHT * ((v, w) in self._lexicon.pairs) / self._lexicon_next[v]
        if (v, w) in self._phrase_pairs:  # not shared out among v's phrases: "báo" starts many
            p += _PHRASE_WEIGHT
        return p

    def restore(self, syllables: list[str]) -> list[str]:
        """The most likely accented form of each lowercase accent-free syllable (normalised as
        the index writes it); a syllable the model does not know is returned as it is, one that
        has diacritics already stays as it is and is the context of its neighbours."""
        out: list[str] = []
        run: list[str] = []
        for syllable in syllables + [""]:
            if syllable and (self.knows(syllable) or _accent_free(syllable) != syllable):
                run.append(syllable)
                continue
            out += self._best_path(run)
            run = []
            if syllable:
                out.append(syllable)
        return out

    def _best_path(self, run: list[str]) -> list[str]:
        if not run:
            return []
        # Viterbi over log probabilities: best[form] = (score, path ending in form)
        best = {f: (math.log(self.unigram(f)), [f]) for f in self.forms(run[0])}
        for plain in run[1:]:
            step = {}
            for form in self.forms(plain):
                score, path = max(((s + math.log(self.bigram(prev, form) or 1e-12), p)
                                   for prev, (s, p) in best.items()), key=lambda sp: sp[0])
                step[form] = (score, path + [form])
            best = step
        return max(best.values(), key=lambda sp: sp[0])[1]


def restore_text(restorer: Restorer, text: str, chat: bool = True) -> str:
    """``text`` with the diacritics of its Vietnamese syllables restored, everything else (case,
    punctuation, numbers, ``field:value`` filters) as typed, in NFC. Chat spellings
    (search.lexicon.CHAT_SPELLINGS) are read as the words they stand for, unless ``chat`` is false.

    >>> model = Restorer({"trẻ": 2, "em": 2, "gì": 1}, lambda v, w: 2, Lexicon.from_words([]))
    >>> restore_text(model, "Tre em, kind:law 2016")
    'Trẻ em, kind:law 2016'
    >>> restore_text(model, "tre em lm j"), restore_text(model, "tre em lm j", chat=False)
    ('trẻ em làm gì', 'trẻ em lm j')
    """
    text = clean_text(text)
    tokens = list(re.finditer(r"\S+", text))
    spans = [s for t in tokens if ":" not in t.group()
             for s in _SYLLABLE.finditer(text, t.start(), t.end())]
    read = [normalize_token(s.group()) for s in spans]
    read = [(CHAT_SPELLINGS.get(s, s) if chat else s).split() for s in read]
    restored = iter(restorer.restore([s for words in read for s in words]))
    pieces, last = [], 0
    for span, words in zip(spans, read):
        form = " ".join(next(restored) for _ in words)
        pieces += [text[last:span.start()], _same_case(span.group(), form)]
        last = span.end()
    return "".join(pieces + [text[last:]])


def _same_case(typed: str, form: str) -> str:
    if len(typed) > 1 and typed.isupper():
        return form.upper()
    if typed[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def build_restorer(leaves, searcher, lexicon: Lexicon, phrases: Iterable[str] = ()) -> Restorer:
    """The model of one searcher's index: ``leaves`` are its ``(SegmentArrays, offset)`` pairs,
    whose per-segment memo keeps each segment's syllable counts until the segment goes away."""
    occurrences: Counter = Counter()
    passages: Counter = Counter()
    for arrays, _offset in leaves:
        in_segment, passages_in_segment = arrays.memo("restore-syllables", segment_syllables)
        occurrences.update(in_segment)
        passages.update(passages_in_segment)
    return Restorer(occurrences, index_bigrams(searcher), lexicon, [*phrases, *QUESTION_PHRASES],
                    passages, QUESTION_PHRASES)
