"""Vietnamese word segmentation with character offsets, on top of pyvi's CRF model.

pyvi's own ``ViTokenizer.tokenize`` returns a string with ``_`` joining the syllables of a word and
loses where each syllable stood in the input. Highlighting needs those offsets, so this module
splits syllables itself, asks pyvi's model for the B/I labels and merges syllables into words with
the same rule pyvi applies.

pyvi builds a dictionary of features for every token, looking each neighbour up again; that took
more time than the model's own tagging. Here each token's features are built once and the model
is given the same features in the same order (tests/search/test_segmentation.py), so the labels
are pyvi's, at about twice the speed of pyvi's own tokenizer.
"""
from __future__ import annotations

import functools
import logging
import re
import string
from dataclasses import dataclass

log = logging.getLogger(__name__)

# A syllable is a run of word characters; punctuation marks are kept as separate tokens because
# pyvi's model was trained on sequences that contain them.
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_WORD_START = re.compile(r"\w")
_LINE_RE = re.compile(r"[^\n]+")
_PUNCTUATION = frozenset(string.punctuation)
# pyvi's CRF is linear in the sequence length, but a very long line (a table dumped on one line)
# is split so that the model's feature dicts stay small.
_MAX_SEQUENCE = 400


@dataclass(frozen=True, slots=True)
class Word:
    """One segmented word: its syllables' spans in the source text (end exclusive)."""

    spans: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


def _pyvi():
    from pyvi.ViTokenizer import ViTokenizer  # lazily: loading the model takes about a second

    return ViTokenizer


@functools.lru_cache(maxsize=65536)
def _token_features(token: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """What pyvi's ``word2features`` says of ``token`` as the word itself, as the word before and
    as the word after another, in crfsuite's terms: a string feature ``"key:value"``, a true
    boolean ``"key"``; a false one is left out, since crfsuite multiplies its weight by 0."""
    lower, upper, title = token.lower(), token.isupper(), token.istitle()
    own = ("bias", f"word.lower():{lower}", *("word.isupper()",) * upper, *("word.istitle()",) * title,
           *("word.isdigit()",) * token.isdigit())
    before = (f"-1:word.lower():{lower}", *("-1:word.istitle()",) * title, *("-1:word.isupper()",) * upper)
    after = (f"+1:word.lower():{lower}", *("+1:word.istitle()",) * title, *("+1:word.isupper()",) * upper)
    return own, before, after


def _features(tokens: tuple[str, ...]) -> list[list[str]]:
    """pyvi's ``sent2features`` for ``tokens``, the same features in the same order, built from
    what each token and each run of two or three tokens contribute, each computed once."""
    vi = _pyvi()
    per_token = [_token_features(t) for t in tokens]
    bigram = [f"{a} {b}".lower() in vi.bi_grams for a, b in zip(tokens, tokens[1:])]
    trigram = [f"{a} {b} {c}".lower() in vi.tri_grams for a, b, c in zip(tokens, tokens[1:], tokens[2:])]
    last = len(tokens) - 1
    items = []
    for i, (own, _, _) in enumerate(per_token):
        item = list(own)
        if i > 0:
            item += per_token[i - 1][1]
            if bigram[i - 1]:
                item.append("-1:word.bi_gram()")
            if i > 1 and trigram[i - 2]:
                item.append("-2:word.tri_gram()")
        if i < last:
            item += per_token[i + 1][2]
            if bigram[i]:
                item.append("+1:word.bi_gram()")
            if i < last - 1 and trigram[i]:
                item.append("+2:word.tri_gram()")
        items.append(item)
    return items


@functools.lru_cache(maxsize=8192)  # entries are whole sentences: ~10 KB each
def _labels(syllables: tuple[str, ...]) -> tuple[str, ...]:
    """pyvi's B_W/I_W label per token; cached so unchanged text is never segmented twice."""
    return tuple(_pyvi().model.tagger_.tag(_features(syllables)))


def _joins(prev: str, cur: str, label: str) -> bool:
    """pyvi's own rule for gluing a syllable to the previous one (see ``ViTokenizer.tokenize``)."""
    return (
        label == "I_W"
        and cur not in _PUNCTUATION
        and prev not in _PUNCTUATION
        and not cur[0].isdigit()
        and not prev[0].isdigit()
        and not (cur[0].istitle() and not prev[0].istitle())
    )


def segment(text: str) -> list[Word]:
    """Split ``text`` into words, each a tuple of syllable spans; punctuation is dropped.

    >>> text = "Trẻ em bị xâm hại."
    >>> [[text[s:e] for s, e in w.spans] for w in segment(text)]
    [['Trẻ', 'em'], ['bị'], ['xâm', 'hại']]
    """
    words: list[Word] = []
    for line in _LINE_RE.finditer(text):
        matches = [(m.group(), m.start() + line.start(), m.end() + line.start())
                   for m in _TOKEN_RE.finditer(line.group())]
        for chunk_start in range(0, len(matches), _MAX_SEQUENCE):
            chunk = matches[chunk_start:chunk_start + _MAX_SEQUENCE]
            labels = _labels(tuple(tok for tok, _, _ in chunk))
            current: list[tuple[int, int]] = []
            prev = ""
            for (tok, start, end), label in zip(chunk, labels):
                if current and _joins(prev, tok, label):
                    current.append((start, end))
                else:
                    if current:
                        words.append(Word(tuple(current)))
                    current = [(start, end)] if _WORD_START.match(tok) else []
                prev = tok
            if current:
                words.append(Word(tuple(current)))
    return words
