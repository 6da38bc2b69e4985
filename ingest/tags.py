"""Suggest topic tags for a document from the editable taxonomy (ingest/data/taxonomy.yml,
extended by a knowledge base's own content/taxonomy.yml).

A topic is suggested when one of its terms appears in the title, or when its terms appear in the
body often enough for the body's length: at least ``MIN_BODY_HITS`` times, and at least once per
``WORDS_PER_HIT`` words, so that a passing mention in a long law does not tag it. Terms match on
word boundaries, case-insensitively, with tone placement and the i/y variants ignored; when terms
overlap the longest wins ("bạo lực gia đình" is domestic violence, not also "bạo lực").
Topics are ranked by ``TITLE_WEIGHT`` x title hits + body hits.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


from ingest.folding import fold_text
from search.datafiles import bundled_path, layer_paths, load_keyed  # noqa: F401 (bundled_path: the doctests)
from search.errors import DataFileError
from search.normalize import clean_text

log = logging.getLogger(__name__)

TITLE_WEIGHT = 5
MIN_BODY_HITS = 3
WORDS_PER_HIT = 400
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Topic:
    """One topic of the taxonomy."""

    slug: str
    vi: str
    en: str
    terms: tuple[str, ...]


def _normalize(text: str) -> str:
    return fold_text(clean_text(text).lower())


def _term_pattern(term: str) -> re.Pattern:
    words = [re.escape(word) for word in _normalize(term).split()]
    return re.compile(r",?\s+".join(words) + r"(?!\w)")


@dataclass(frozen=True)
class Area:
    """One of the areas of social work the home page offers: a label over a few topics."""

    slug: str
    vi: str
    topics: tuple[str, ...]


class Taxonomy:
    """The topics, their areas, and term matching over the topics; build it with :meth:`from_yaml`."""

    def __init__(self, topics: list[Topic], areas: list[Area] | tuple[Area, ...] = ()):
        self.topics = {topic.slug: topic for topic in topics}
        self.areas = tuple(areas)
        # term patterns indexed by their first word: only a few are tried at each word
        self._by_first_word: dict[str, list[tuple[re.Pattern, str]]] = {}
        for topic in topics:
            for term in topic.terms:
                first = _WORD.search(_normalize(term)).group(0)
                self._by_first_word.setdefault(first, []).append((_term_pattern(term), topic.slug))

    @classmethod
    def from_yaml(cls, *paths: str | Path) -> Taxonomy:
        """Load and check ``topics`` (slug, vi, en, terms) from one file, or from several merged in
        order (a later topic of the same slug replaces the earlier); DataFileError names what is wrong.

        >>> Taxonomy.from_yaml(bundled_path("ingest", "taxonomy.yml")).label("mua-ban-nguoi")
        'Phòng, chống mua bán người'
        """
        data = load_keyed(paths, "topics", "slug")
        path = ", ".join(map(str, paths))
        topics = []
        for raw in data.get("topics") or []:
            if not isinstance(raw, dict):
                raise DataFileError(f"{path}: a topic must have slug, vi, en and terms, got {raw!r}")
            slug = str(raw.get("slug", ""))
            if not _SLUG.match(slug):
                raise DataFileError(f"{path}: topic slug {slug!r} must be lower-case ASCII words joined by '-'")
            terms = tuple(str(t) for t in raw.get("terms") or () if str(t).strip())
            if not raw.get("vi") or not raw.get("en") or not terms:
                raise DataFileError(f"{path}: topic {slug!r} needs vi, en and at least one term")
            topics.append(Topic(slug, str(raw["vi"]), str(raw["en"]), terms))
        raw_areas = load_keyed(paths, "areas", "slug")["areas"]
        if not all(isinstance(raw, dict) for raw in raw_areas):
            raise DataFileError(f"{path}: an area must have slug, vi and topics")
        areas = [Area(str(raw["slug"]), str(raw["vi"]), tuple(str(s) for s in raw.get("topics") or ()))
                 for raw in raw_areas if raw.get("slug") and raw.get("vi")]
        log.debug("%s: %d topics, %d areas", path, len(topics), len(areas))
        return cls(topics, areas)

    @classmethod
    def for_content(cls, content_dir: str | Path | None = None) -> Taxonomy:
        """The bundled taxonomy extended by the knowledge base's own ``content_dir/taxonomy.yml``."""
        return cls.from_yaml(*layer_paths("taxonomy.yml", "ingest", content_dir))

    def label(self, slug: str, lang: str = "vi") -> str:
        """The topic's label in ``lang`` ("vi" or "en"); an unknown slug (an editor's own tag) as is.

        >>> Taxonomy([Topic("tham-ho", "Thăm hộ gia đình", "Home visits", ("thăm hộ",))]).label("tham-ho", "en")
        'Home visits'
        """
        topic = self.topics.get(slug)
        if topic is None:
            return slug
        return topic.en if lang == "en" else topic.vi

    def count(self, text: str) -> Counter:
        """Term occurrences per topic slug in ``text``, overlapping terms resolved to the longest.

        >>> Taxonomy.for_content().count("Phòng, chống bạo lực gia đình")
        Counter({'bao-luc-gia-dinh': 1})
        """
        text = _normalize(text)
        counts: Counter = Counter()
        covered = 0
        for word in _WORD.finditer(text):
            if word.start() < covered:
                continue
            best = None
            for pattern, slug in self._by_first_word.get(word.group(0), ()):
                match = pattern.match(text, word.start())
                if match and (best is None or match.end() > best[0]):
                    best = (match.end(), slug)
            if best:
                covered = best[0]
                counts[best[1]] += 1
        return counts

    def suggest(self, title: str, body: str, limit: int = 5) -> list[str]:
        """Slugs of the topics the document is about, best first (see the module docstring).

        >>> Taxonomy.for_content().suggest("Tập huấn về mô hình thăm hộ", "")
        ['tap-huan', 'tham-ho']
        """
        in_title = self.count(title)
        in_body = self.count(body)
        needed = max(MIN_BODY_HITS, math.ceil(len(_WORD.findall(body)) / WORDS_PER_HIT))
        order = list(self.topics)
        chosen = [slug for slug in order if in_title[slug] or in_body[slug] >= needed]
        chosen.sort(key=lambda slug: (-(TITLE_WEIGHT * in_title[slug] + in_body[slug]), order.index(slug)))
        return chosen[:limit]


def merge_tags(auto: list[str], editor: list[str]) -> list[str]:
    """The editor's tags first (their order kept), then the suggested ones; no blanks, no repeats.

    >>> merge_tags(["tap-huan", "tham-ho"], ["mua-ban-nguoi", "tap-huan", " "])
    ['mua-ban-nguoi', 'tap-huan', 'tham-ho']
    """
    tags = (str(tag).strip() for tag in [*editor, *auto])
    return list(dict.fromkeys(tag for tag in tags if tag))
