"""Re-rank the best documents of a search with a small learned model of how well each answers.

BM25F scores each word on its own. What it misses is whether a passage answers the question as a
whole: does it hold the question's rare words (not just its common ones), its words side by side
in the same order, a long run of them as typed, close together? The first :data:`DEPTH` documents
of a relevance-ranked search are ordered again by a linear score over these features of their best
passage (its heading and text):

========================  =========================================================================
``score``                 the search's own score, as a share of the best one
``coverage``              share of the question's key syllables the passage holds, weighted by idf
``pair_coverage``         share of the question's adjacent syllable pairs standing side by side
``proximity``             distinct key syllables found, over the smallest window holding them all
``pair_idf_coverage``     ``pair_coverage`` with each pair weighted by its rarer syllable's idf
``longest_run``           longest run of consecutive question syllables found as typed, as a share
``word_coverage``         share of the key syllables the passage holds, unweighted
``density``               key syllable occurrences per syllable of the passage
``heading_match``         share of the passage heading's words (weighted by idf) that the question
                          holds, or the terms added for it: a question in an article's own words
                          names it ("tổ chức thực hiện ... như thế nào" and "Điều 13. Tổ chức thực
                          hiện")
========================  =========================================================================

A passage's heading is the one it was indexed with or, for legal text indexed without markup whose
passage opens with an article line ("Điều 6. Báo cáo tiến độ thực hiện KLTN"), that line.

Key syllables are the question's syllables less its filler (search.filler) and stop words, and
those of the legal terms the dictionary and thesaurus added; a question typed without diacritics is
compared on its restored reading (search.restore) if it has one, on accent-free forms otherwise. The weights are trained by
:mod:`search.rerank_train` (pairwise logistic regression on benchmarks of ``../shared/bench``)
and kept in ``search/data/reranker.json``, with the weights learned without each half of the
questions that ``kb eval`` ranks them with (cross-fitting); nothing is learned at run time.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from search.filler import filler_positions
from search.normalize import normalize_token, strip_diacritics

log = logging.getLogger(__name__)

FEATURES = ("score", "coverage", "pair_coverage", "proximity", "pair_idf_coverage", "longest_run",
            "word_coverage", "density", "heading_match")
# Documents re-ranked per search: deeper costs time and gains nothing measurable on the benchmarks.
DEPTH = 30
MODEL_FILE = Path(__file__).parent / "data" / "reranker.json"
_SYLLABLE = re.compile(r"[^\W\d_]+|\d+")
# "Điều 13." before an article's title: a label, not words of the heading.
_ARTICLE_LABEL = re.compile(r"^\s*(?:điều|dieu)\s+\d+[a-zđ]?\s*[.:]?", re.IGNORECASE)
_MAX_HEADING_CHARS = 300
_normalized = functools.lru_cache(maxsize=262144)(normalize_token)
_accent_free = functools.lru_cache(maxsize=262144)(strip_diacritics)


def syllables(text: str, accent_free: bool = False) -> list[str]:
    """The normalised syllables (and numbers) of ``text``, accent-free if asked.

    >>> syllables("Trẻ em, Điều 4"), syllables("Trẻ em", accent_free=True)
    (['trẻ', 'em', 'điều', '4'], ['tre', 'em'])
    """
    found = [_normalized(s) for s in _SYLLABLE.findall(text.lower())]
    return [_accent_free(s) for s in found] if accent_free else found


@dataclass(frozen=True)
class Question:
    """What the features compare passages with: a question's syllables, its key syllables with
    their idf, and its adjacent pairs (filler left out)."""

    typed: tuple[str, ...]  # the syllables outside filler, in order
    idf: dict[str, float]  # key syllable -> its weight: idf, less for an added term
    pairs: tuple[tuple[str, str], ...]
    accent_free: bool
    said: frozenset[str]  # every syllable of the question and of the added terms
    weigh: Callable[[str], float]  # the idf of any syllable, for the words of a heading
    stop_words: frozenset[str]

    @classmethod
    def of(cls, text: str, accent_free: bool, idf: Callable[[str], float],
           stop_words: frozenset[str] = frozenset(), expansions: Iterable[Iterable[str]] = (),
           expansion_weight: float = 1.0) -> Question:
        """The question ``text``; ``idf`` gives a syllable's idf in the index searched. The
        ``expansions`` (syllables of the terms the dictionary and thesaurus added for the words
        typed, which the search looked for too) are key syllables as well, their idf weighted by
        ``expansion_weight``.

        >>> q = Question.of("con bị đánh thì báo cho ai", False, lambda s: 1.0)
        >>> q.typed, sorted(q.idf), q.pairs
        (('con', 'bị', 'đánh', 'báo'), ['báo', 'bị', 'con', 'đánh'], (('con', 'bị'), ('bị', 'đánh')))
        """
        found = syllables(text, accent_free)
        filler = filler_positions(found, accent_free)
        typed = tuple(s for i, s in enumerate(found) if i not in filler)
        weights = {s: idf(s) for s in typed if s not in stop_words}
        for phrase in expansions:
            for s in phrase:
                s = _accent_free(s) if accent_free else s
                if s not in weights and s not in stop_words:
                    weights[s] = expansion_weight * idf(s)
        pairs = tuple(dict.fromkeys((a, b) for i, (a, b) in enumerate(zip(found, found[1:]))
                                    if i not in filler and i + 1 not in filler))
        return cls(typed, weights, pairs, accent_free, frozenset(found) | frozenset(weights), idf,
                   stop_words)


def passage_heading(heading: str, body: str) -> str:
    """The heading a passage was indexed with or, if it has none, the article line its text opens
    with (legal text indexed without markup).

    >>> passage_heading("", "Điều 6. Báo cáo tiến độ\\nSinh viên phải báo cáo...")
    'Điều 6. Báo cáo tiến độ'
    >>> passage_heading("", "Sinh viên phải báo cáo...")
    ''
    """
    if heading:
        return heading
    first = body.lstrip().split("\n", 1)[0]
    return first if len(first) <= _MAX_HEADING_CHARS and _ARTICLE_LABEL.match(first) else ""


def features(question: Question, passage: str, score: float, best_score: float,
             heading: str = "") -> list[float]:
    """The :data:`FEATURES` of one passage's text (its heading included) for ``question``;
    ``heading`` is the passage's heading alone (:func:`passage_heading`).

    >>> q = Question.of("trẻ em bị xâm hại", False, lambda s: 1.0)
    >>> [round(f, 2) for f in features(q, "Trẻ em bị xâm hại tình dục", 2.0, 4.0, "Điều 2. Trẻ em")]
    [0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.71, 1.0]
    """
    words = syllables(passage, question.accent_free)
    present = set(words)
    adjacent = set(zip(words, words[1:]))
    idf = question.idf
    total_idf = sum(idf.values()) or 1.0
    coverage = sum(v for s, v in idf.items() if s in present) / total_idf
    pairs = question.pairs
    pair_coverage = sum(p in adjacent for p in pairs) / len(pairs) if pairs else 0.0
    pair_weights = [min(idf.get(a, 0.0), idf.get(b, 0.0)) for a, b in pairs]
    pair_idf = (sum(w for p, w in zip(pairs, pair_weights) if p in adjacent) / (sum(pair_weights) or 1.0)
                if pairs else 0.0)
    return [score / best_score if best_score else 0.0, coverage, pair_coverage,
            _proximity(words, idf), pair_idf, _longest_run(question.typed, words),
            sum(s in present for s in idf) / len(idf) if idf else 0.0,
            sum(s in idf for s in words) / len(words) if words else 0.0,
            _heading_match(question, heading)]


def _heading_match(question: Question, heading: str) -> float:
    """Share of the heading's words, less its article label, stop words and numbers, weighted by
    idf, that the question holds."""
    words = dict.fromkeys(s for s in syllables(_ARTICLE_LABEL.sub("", heading), question.accent_free)
                          if s not in question.stop_words and not s.isdigit())
    weights = {s: question.weigh(s) for s in words}
    total = sum(weights.values())
    return sum(w for s, w in weights.items() if s in question.said) / total if total else 0.0


def _proximity(words: list[str], keys: dict[str, float]) -> float:
    """Distinct key syllables found, over the length of the smallest window holding them all."""
    positions = [i for i, s in enumerate(words) if s in keys]
    wanted = len({words[i] for i in positions})
    if not wanted:
        return 0.0
    smallest, seen, start = len(words), Counter(), 0
    for end in positions:
        seen[words[end]] += 1
        while len(seen) == wanted:
            first = positions[start]
            smallest = min(smallest, end - first + 1)
            seen[words[first]] -= 1
            if not seen[words[first]]:
                del seen[words[first]]
            start += 1
    return wanted / smallest


def _longest_run(typed: tuple[str, ...], words: list[str]) -> float:
    """The longest run of consecutive ``typed`` syllables that ``words`` holds as typed, as a
    share of ``typed``."""
    if not typed:
        return 0.0
    text = f" {' '.join(words)} "
    longest = 0
    for start in range(len(typed)):
        end = start + longest + 1
        while end <= len(typed) and f" {' '.join(typed[start:end])} " in text:
            longest, end = end - start, end + 1
    return longest / len(typed)


@dataclass(frozen=True)
class Reranker:
    """Linear weights over :data:`FEATURES`; ``order`` sorts candidates by their score."""

    weights: tuple[float, ...]
    trained_on: tuple[str, ...] = ()
    # per cross-fitting fold: the weights learned from the questions of the other folds only
    held_out: tuple[tuple[float, ...], ...] = ()

    @classmethod
    def bundled(cls) -> Reranker | None:
        """The model kept in :data:`MODEL_FILE`, or None (no re-ranking) if it is missing or
        was trained on other features (``python -m search.rerank_train`` writes it again)."""
        try:
            data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
            if tuple(data["features"]) != FEATURES:
                raise ValueError(f"features {data['features']}, expected {list(FEATURES)}")
            held_out = tuple(tuple(float(w) for w in fold) for fold in data.get("held_out", ()))
            if held_out and (len(held_out) != FOLDS or {len(f) for f in held_out} != {len(FEATURES)}):
                raise ValueError(f"held-out weights for {len(held_out)} folds, expected {FOLDS}")
            return cls(tuple(float(w) for w in data["weights"]), tuple(data.get("trained_on", ())),
                       held_out)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("no re-ranking: %s unusable (%s)", MODEL_FILE, exc)
            return None

    def for_question(self, qid: str) -> Reranker:
        """The model to rank question ``qid`` of a benchmark it was trained on: the weights
        learned without the question's fold (itself if it keeps none)."""
        return Reranker(self.held_out[fold_of(qid)], self.trained_on) if self.held_out else self

    def order(self, rows: np.ndarray) -> np.ndarray:
        """Indices of ``rows`` (one row of features per candidate, best first as searched) by
        the model's score; ties keep the searched order."""
        scores = rows @ np.asarray(self.weights)
        return np.lexsort((np.arange(len(rows)), -scores))


def idf_of(doc_frequency: Callable[[str], int], documents: int) -> Callable[[str], float]:
    """Lucene's idf from a document frequency lookup, as the search scores words."""
    def idf(syllable: str) -> float:
        df = doc_frequency(syllable)
        return math.log(1 + (documents - df + 0.5) / (df + 0.5))
    return idf


# -- training (python -m search.rerank_train) and cross-fitting (kb eval) -----------------------

FOLDS = 2
# L2 penalty on the weights (as scikit-learn's C=1 on the pairs taken both ways round): keeps the
# weights of rare feature patterns small.
_L2 = 0.25
_NEWTON_STEPS = 25


@dataclass
class Candidates:
    """One question's candidate documents (before re-ranking), their features and judgments."""

    qid: str
    doc_ids: list[str]
    rows: np.ndarray
    relevance: np.ndarray


def collect(engine, queries: Mapping[str, str], qrels: Mapping[str, Mapping[str, int]]) -> list[Candidates]:
    """Each judged question's candidates, searched by ``engine`` (a search.searching.SearchEngine)."""
    found = []
    for qid, text in queries.items():
        judged = qrels.get(qid)
        if not judged:
            continue
        doc_ids, rows = engine.rerank_candidates(text)
        relevance = np.array([judged.get(d, 0) for d in doc_ids], dtype=np.float64)
        found.append(Candidates(qid, doc_ids, rows, relevance))
    return found


def training_pairs(groups: list[Candidates]) -> np.ndarray:
    """Feature differences, better minus worse, of every pair of candidates judged differently."""
    differences = []
    for group in groups:
        rel = group.relevance
        better, worse = np.nonzero(rel[:, None] > rel[None, :])
        if len(better):
            differences.append(group.rows[better] - group.rows[worse])
    return np.vstack(differences) if differences else np.zeros((0, len(FEATURES)))


def fit(groups: list[Candidates]) -> np.ndarray:
    """Weights that put the more relevant candidate of each pair first (pairwise logistic
    regression, L2-penalised).

    >>> rows = np.array([[1.0] + [0.0] * (len(FEATURES) - 1), [0.0] * len(FEATURES)])
    >>> weights = fit([Candidates("q", ["a", "b"], rows, np.array([0.0, 1.0]))])
    >>> bool(weights[0] < 0)
    True
    """
    x = training_pairs(groups)
    weights = np.zeros(len(FEATURES))
    if not len(x):
        return weights
    for _ in range(_NEWTON_STEPS):  # minimise sum(log(1 + exp(-x @ w))) + _L2 * |w|^2
        p = 1.0 / (1.0 + np.exp(x @ weights))  # P(the pair is ordered wrong)
        gradient = -(x.T @ p) + 2 * _L2 * weights
        hessian = (x.T * (p * (1 - p))) @ x + 2 * _L2 * np.eye(len(FEATURES))
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights


def fold_of(qid: str) -> int:
    """The cross-fitting half a question belongs to (stable across runs and machines).

    >>> fold_of("q1") in range(FOLDS)
    True
    """
    return hashlib.sha1(qid.encode("utf-8")).digest()[0] % FOLDS


def held_out_fits(groups: list[Candidates]) -> list[np.ndarray]:
    """For each fold, the weights :func:`fit` learns from the questions of the other folds."""
    return [fit([g for g in groups if fold_of(g.qid) != fold]) for fold in range(FOLDS)]
