"""Find places and organisations named in a text, from editable gazetteers (ingest/data/*.yml,
extended by a knowledge base's own content/*.yml).

Matching is done on ``search.normalize.clean_text`` output with canonical tone placement and the
i/y variants folded on both sides, so "Thanh Hoá" finds "Thanh Hóa" and "Quĩ" finds "Quỹ".
Aliases match case-insensitively on word boundaries, a "-" in an alias matches a dash or plain
space ("Bộ Lao động Thương binh"), "và" matches "&", "TP." matches "TP.HCM" and "TP. HCM", and a
comma may follow any word ("Cục Bảo vệ, chăm sóc trẻ em").
Acronyms match case-sensitively. Entries marked ``proper`` (names that are also ordinary words,
like "hòa bình", peace) only match when every word is capitalised.

Overlaps: the longest match wins, an organisation wins a tie, and exclusion phrases ("Thái Bình
Dương", "phi Chính phủ") mask what they contain. Use :func:`find_entities` to search both
gazetteers at once, so that "Quỹ Hòa Bình Việt Nam" hides the province "Hòa Bình".
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path


from ingest.folding import fold_text
from search.datafiles import bundled_path, layer_paths, load_keyed  # noqa: F401 (bundled_path: the doctests)
from search.errors import DataFileError

log = logging.getLogger(__name__)

_DASHES = "-–—"
_FIRST_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Entry:
    """One gazetteer entry: canonical name, spellings, and its other YAML fields (kind, province...)."""

    name: str
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    proper: bool = False
    info: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Mention:
    """A match in the normalised text: span, canonical name (None for an exclusion), and rank."""

    start: int
    end: int
    name: str | None
    rank: int  # lower wins a tie of lengths


def _normalize(text: str) -> str:
    return fold_text(text)


def _alias_pattern(alias: str) -> str:
    """Regex source for one alias: flexible spaces, dashes and "và"/"&"."""
    tokens = _normalize(alias).split()
    out = ""
    for i, token in enumerate(tokens):
        if token in _DASHES:
            out += r"(?:\s*[-–—]\s*|\s+)"
            continue
        if i and tokens[i - 1] not in _DASHES:
            out += r"\s*" if tokens[i - 1].endswith(".") else r",?\s+"
        out += r"(?:và|&)" if token.lower() == "và" else re.escape(token)
    return out


def _capitalised(span: str) -> bool:
    return all(word[0].isupper() for word in re.findall(r"[^\W\d_]+", span))


class Gazetteer:
    """Named entries searched in text; build it with :meth:`from_yaml`."""

    def __init__(self, entries: list[Entry], exclusions: list[str] = ()):
        self.entries = {entry.name: entry for entry in entries}
        spellings = [(exclusion, None, False, re.IGNORECASE) for exclusion in exclusions]
        for entry in entries:
            spellings += [(alias, entry.name, entry.proper, re.IGNORECASE)
                          for alias in (entry.name, *entry.aliases)]
            spellings += [(acronym, entry.name, False, 0) for acronym in entry.acronyms]
        # spellings indexed by their first word, so that only a few regexes run at each word
        self._by_first_word: dict[str, list[tuple[re.Pattern, str | None, bool]]] = {}
        for spelling, name, proper, flags in spellings:
            first = _FIRST_WORD.search(_normalize(spelling)).group(0).casefold()
            pattern = re.compile(_alias_pattern(spelling) + r"(?!\w)", flags)
            self._by_first_word.setdefault(first, []).append((pattern, name, proper))

    @classmethod
    def from_yaml(cls, *paths: str | Path) -> Gazetteer:
        """Load ``entries`` (name, aliases, acronyms, proper, any other field) and ``exclusions``
        from one file, or from several merged in order (a later entry of the same name wins).

        >>> places = Gazetteer.from_yaml(bundled_path("ingest", "places.yml"))
        >>> places.entries["Hương Sơn"].info["province"]
        'Hà Tĩnh'
        """
        data = load_keyed(paths, "entries", "name")
        source = ", ".join(map(str, paths))
        entries = []
        for raw in data.get("entries") or []:
            if not isinstance(raw, dict) or not raw.get("name"):
                raise DataFileError(f"{source}: every entry needs a name, got {raw!r}")
            info = {k: v for k, v in raw.items() if k not in ("name", "aliases", "acronyms", "proper")}
            entries.append(Entry(str(raw["name"]), tuple(map(str, raw.get("aliases") or ())),
                                 tuple(map(str, raw.get("acronyms") or ())), bool(raw.get("proper")), info))
        log.debug("%s: %d entries", source, len(entries))
        return cls(entries, [str(p) for p in data.get("exclusions") or ()])

    @classmethod
    def for_content(cls, name: str, content_dir: str | Path | None = None) -> Gazetteer:
        """The bundled gazetteer ``name`` ("places.yml", "organizations.yml") extended by the
        knowledge base's own file of that name in ``content_dir``, if any."""
        return cls.from_yaml(*layer_paths(name, "ingest", content_dir))

    def mentions(self, text: str, rank: int = 0) -> list[Mention]:
        """Every match (overlapping ones included) in the normalised ``text``.

        >>> [m.name for m in Gazetteer([Entry("Hà Nội")]).mentions("Văn phòng Hà Nội")]
        ['Hà Nội']
        """
        text = _normalize(text)
        found = []
        for word in _FIRST_WORD.finditer(text):
            for pattern, name, proper in self._by_first_word.get(word.group(0).casefold(), ()):
                match = pattern.match(text, word.start())
                if match is None or (proper and not _capitalised(match.group(0))):
                    continue
                found.append(Mention(match.start(), match.end(), name, rank if name else -1))
        return found

    def find(self, text: str) -> list[str]:
        """Canonical names mentioned in ``text``, in order of first appearance.

        >>> Gazetteer.for_content("places.yml").find("Hà Nội, Huế, Tp. Hồ Chí Minh và TP.HCM")
        ['Hà Nội', 'Huế', 'TP. Hồ Chí Minh']
        """
        return _names(_resolve(self.mentions(text)))


def _resolve(mentions: list[Mention]) -> list[Mention]:
    """Keep non-overlapping mentions: longest first, then lower rank, then earlier."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start - m.end, m.rank, m.start)):
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def _names(mentions: list[Mention]) -> list[str]:
    return list(dict.fromkeys(m.name for m in mentions if m.name))


def find_entities(text: str, places: Gazetteer, organizations: Gazetteer) -> tuple[list[str], list[str]]:
    """Places and organisations named in ``text``; an organisation's name masks places inside it.

    >>> places = Gazetteer.for_content("places.yml")
    >>> orgs = Gazetteer.for_content("organizations.yml")
    >>> find_entities("Quỹ Hòa Bình Việt Nam tổ chức hội thảo tại Hà Nội", places, orgs)
    (['Hà Nội'], ['Quỹ Hòa Bình Việt Nam'])
    """
    place_mentions = places.mentions(text, rank=1)
    org_mentions = organizations.mentions(text, rank=0)
    kept = _resolve(place_mentions + org_mentions)
    place_set = {id(m) for m in place_mentions}
    return (_names([m for m in kept if id(m) in place_set]),
            _names([m for m in kept if id(m) not in place_set]))
