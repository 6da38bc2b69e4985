"""Find exact and near duplicates: the same news item syndicated by two sites, a file saved twice.

Two bodies are compared by the Jaccard similarity of their sets of word 5-grams ("shingles"),
case, Unicode form and Markdown punctuation ignored; :data:`THRESHOLD` (0.8) or more is a
duplicate. Since the Jaccard similarity of two sets is at most the ratio of their sizes, bodies
whose sizes differ too much are skipped without comparing them.
"""
from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from search.normalize import clean_text

log = logging.getLogger(__name__)

SHINGLE_WORDS = 5
THRESHOLD = 0.8
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[int]:
    """Hashes of the word ``size``-grams of ``text`` (a text shorter than that gives one shingle).

    >>> len(shingles("Trẻ em là người dưới 16 tuổi")), shingles("**Trẻ em**") == shingles("trẻ  em")
    (3, True)
    """
    words = _WORD.findall(clean_text(text).casefold())
    grams = [" ".join(words[i:i + size]) for i in range(max(len(words) - size + 1, 1 if words else 0))]
    return frozenset(int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big") for g in grams)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """|a ∩ b| / |a ∪ b|, 0 for two empty sets.

    >>> jaccard(frozenset({1, 2, 3, 4}), frozenset({2, 3, 4, 5}))
    0.6
    """
    union = len(a | b)
    return len(a & b) / union if union else 0.0


@dataclass(frozen=True)
class Duplicate:
    """The stored document a new body duplicates, and how similar they are (0..1)."""

    doc_id: str
    similarity: float


class ShingleIndex:
    """Shingle sets of known documents, to test new bodies against them one after another.

    >>> story = "Sáng 8/12, huyện Hương Sơn tổ chức tập huấn cho 300 cán bộ làm công tác trẻ em."
    >>> index = ShingleIndex([("tin-a", story)])
    >>> index.match("(Baohatinh.vn) " + story)
    Duplicate(doc_id='tin-a', similarity=0.882)
    """

    def __init__(self, documents: Iterable[tuple[str, str]] = (), threshold: float = THRESHOLD):
        self.threshold = threshold
        self._sets: dict[str, frozenset[int]] = {}
        for doc_id, body in documents:
            self.add(doc_id, body)

    def add(self, doc_id: str, body: str) -> None:
        """Remember (or replace) a document's body."""
        self._sets[doc_id] = shingles(body)

    def match(self, body: str, exclude: str = "") -> Duplicate | None:
        """The most similar known document at or over the threshold (not ``exclude``), or None."""
        new = shingles(body)
        best: Duplicate | None = None
        for doc_id, known in self._sets.items():
            if doc_id == exclude or not new or not known:
                continue
            if min(len(new), len(known)) < self.threshold * max(len(new), len(known)):
                continue  # the sizes alone rule it out
            similarity = jaccard(new, known)
            if similarity >= self.threshold and (best is None or similarity > best.similarity):
                best = Duplicate(doc_id, round(similarity, 3))
        if best:
            log.debug("duplicate of %s (%.3f)", best.doc_id, best.similarity)
        return best


def find_duplicate(body: str, documents: Iterable[tuple[str, str]], threshold: float = THRESHOLD) -> Duplicate | None:
    """The document of ``documents`` (pairs of id and body) that ``body`` duplicates, or None.

    >>> text = "Hội thảo quốc tế về tăng cường xã hội hóa công tác trợ giúp xã hội diễn ra tại Hà Nội ngày 23/10/2017."
    >>> find_duplicate(text, [("a", "Tin khác hẳn về trẻ em và gia đình."), ("b", text)])
    Duplicate(doc_id='b', similarity=1.0)
    """
    return ShingleIndex(documents, threshold).match(body)
