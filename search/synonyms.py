"""The domain dictionary: abbreviations and synonyms of the child-protection field, for queries.

``search/data/dictionary.yml`` (extended by a knowledge base's own ``content/dictionary.yml``,
see :func:`domain_dictionary`) is a YAML list of groups of equivalent phrases, the first phrase of a
group being its spelled-out (canonical) form. This module is a pure lookup: given a phrase it
returns the other phrases of its group(s); turning them into OR-ed phrase queries is the query
parser's business.

A phrase is compared word by word after :func:`search.normalize.normalize_token`, so case, tone
placement and i/y spelling do not matter. Two looser comparisons are tried when the exact one
finds nothing: words glued together ("LĐ-TB&XH" = "LĐTBXH") and, only when the phrase asked
about carries no diacritics at all, the accent-free form ("ldtbxh", "bao ve tre em").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml

from search.datafiles import bundled_path, layer_paths  # noqa: F401 (bundled_path: the doctests)
from search.errors import DictionaryError
from search.normalize import clean_text, normalize_token, strip_diacritics

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")


def phrase_words(phrase: str) -> list[str]:
    """The normalised words of a phrase (case, tone placement and i/y spelling folded)."""
    return [normalize_token(w) for w in _WORD.findall(clean_text(phrase))]


def phrase_keys(phrase: str) -> tuple[str, str, str, str]:
    """Lookup keys of a phrase, strictest first: exact, glued, accent-free, accent-free glued."""
    words = phrase_words(phrase)
    exact, glued = " ".join(words), "".join(words)
    return exact, glued, strip_diacritics(exact), strip_diacritics(glued)


class Dictionary:
    """Groups of equivalent phrases with a normalised index over them.

    >>> d = Dictionary([["bảo vệ trẻ em", "BVTE"]])
    >>> d.expansions("bvte"), d.expansions("Bảo vệ trẻ em"), d.expansions("trẻ em")
    (['bảo vệ trẻ em'], ['BVTE'], [])
    """

    def __init__(self, groups: Iterable[Sequence[str]] = ()) -> None:
        self.groups: tuple[tuple[str, ...], ...] = tuple(tuple(g) for g in groups)
        self._levels: tuple[dict[str, list[int]], ...] = ({}, {}, {}, {})
        self.max_words = 0
        for number, group in enumerate(self.groups):
            for phrase in group:
                self.max_words = max(self.max_words, len(phrase_words(phrase)))
                for level, key in zip(self._levels, phrase_keys(phrase)):
                    if key and number not in level.setdefault(key, []):
                        level[key].append(number)

    def __len__(self) -> int:
        return len(self.groups)

    def expansions(self, phrase_or_token: str) -> list[str]:
        """Phrases equivalent to ``phrase_or_token``, canonical forms first; [] if unknown.

        The phrase itself (up to normalisation) is left out of the answer.

        >>> d = Dictionary([["Lao động - Thương binh và Xã hội", "LĐTBXH", "LĐ-TB&XH"]])
        >>> d.expansions("ldtbxh")
        ['Lao động - Thương binh và Xã hội', 'LĐTBXH', 'LĐ-TB&XH']
        >>> d.expansions("LĐTBXH")
        ['Lao động - Thương binh và Xã hội', 'LĐ-TB&XH']
        """
        keys = phrase_keys(phrase_or_token)
        exact = keys[0]
        if not exact:
            return []
        accent_free = strip_diacritics(exact) == exact
        levels = self._levels if accent_free else self._levels[:2]
        numbers: list[int] = next((lv[k] for lv, k in zip(levels, keys) if k in lv), [])
        found: list[str] = []
        seen = {exact}
        for number in numbers:
            for phrase in self.groups[number]:
                key = phrase_keys(phrase)[0]
                if key not in seen:
                    seen.add(key)
                    found.append(phrase)
        return found


def compose_yaml(text: str, source: str) -> yaml.Node | None:
    """The YAML node tree of a data file (scalars kept as written: no yes/no, no numbers).

    Raises :class:`search.errors.DictionaryError` with the line of a syntax error.
    """
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DictionaryError(f"{source}{where}: not valid YAML ({problem})") from exc


def load_query_data(paths: Iterable[str | Path], what: str, parse, build):
    """Load a query data file (the dictionary, the thesaurus) from its layers
    (:func:`search.datafiles.layer_paths`): ``build`` of the items ``parse`` reads from each file,
    in order; a missing file adds nothing, so that search works without it.

    Raises :class:`search.errors.DictionaryError` when a file is unreadable or malformed.
    """
    items: list = []
    paths = [Path(p) for p in paths]
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            log.info("no %s at %s", what, path)
            continue
        except (OSError, UnicodeDecodeError) as exc:
            raise DictionaryError(f"{path}: cannot read the {what} ({exc})") from exc
        items += parse(text, str(path))
    data = build(items)
    log.debug("loaded %d %s entries from %s", len(data), what, ", ".join(map(str, paths)))
    return data


def _parse(text: str, source: str) -> list[list[str]]:
    """Read the YAML text of a dictionary into groups, every scalar kept as written (no yes/no)."""
    root = compose_yaml(text, source)
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise DictionaryError(f"{source}: expected a list of groups such as "
                              f"'- [bảo vệ trẻ em, BVTE]'")
    groups = []
    for node in root.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.SequenceNode):
            raise DictionaryError(f"{source}, line {line}: a group must be a list of phrases, "
                                  f"e.g. '- [bảo vệ trẻ em, BVTE]'")
        phrases = []
        for item in node.value:
            if not isinstance(item, yaml.ScalarNode) or not phrase_words(item.value):
                raise DictionaryError(f"{source}, line {item.start_mark.line + 1}: "
                                      f"each phrase must be plain text with at least one word")
            phrases.append(item.value.strip())
        if len(phrases) < 2:
            raise DictionaryError(f"{source}, line {line}: a group needs at least two phrases")
        groups.append(phrases)
    return groups


def load_dictionary(*paths: str | Path) -> Dictionary:
    """Load the domain dictionary from one file, or several whose groups are joined; a missing
    file adds nothing.

    Raises :class:`search.errors.DictionaryError` when a file is unreadable or malformed.

    >>> load_dictionary(bundled_path("search", "dictionary.yml")).expansions("UBND")
    ['ủy ban nhân dân']
    """
    return load_query_data(paths, "dictionary", _parse, Dictionary)


def domain_dictionary(content_dir: str | Path | None = None) -> Dictionary:
    """The bundled dictionary extended by the knowledge base's own ``content_dir/dictionary.yml``.

    >>> domain_dictionary().expansions("BVTE")
    ['bảo vệ trẻ em']
    """
    return load_dictionary(*layer_paths("dictionary.yml", "search", content_dir))
