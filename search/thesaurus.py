"""The register thesaurus: everyday expressions and old terms → the legal terms of the texts.

``search/data/thesaurus.yml`` (extended by a knowledge base's own ``content/thesaurus.yml``, see
:mod:`search.datafiles`) maps what people type ("tiền nuôi con", "bị đuổi học", "bme") to the
terms the law uses ("cấp dưỡng", "buộc thôi học", "cha mẹ"). Unlike the domain dictionary
(:mod:`search.synonyms`, groups of equivalent phrases), it is one-way: a query in the law's own
words is not widened to everyday speech. The query parser adds the legal terms as optional clauses
weighted below the words typed (:data:`search.query.THESAURUS_BOOST`).

Expressions are compared like dictionary phrases (:func:`search.synonyms.phrase_keys`: case, tone
placement, i/y spelling, glued words). Without diacritics, an expression matches only when it has
two words or more, or is itself written without diacritics ("ko", "bme"): a single accent-free
syllable is too ambiguous ("bo" is bố, bỏ and bộ).
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml

from search.datafiles import layer_paths
from search.errors import DictionaryError
from search.normalize import normalize_token, strip_diacritics
from search.synonyms import compose_yaml, load_query_data, phrase_keys, phrase_words

log = logging.getLogger(__name__)

FILE_NAME = "thesaurus.yml"


class Thesaurus:
    """Everyday expressions with their legal terms, looked up as the query parser reads words.

    >>> t = Thesaurus([("tiền nuôi con", ["cấp dưỡng"]), ("bố", ["cha"])])
    >>> t.expansions("Tiền nuôi con"), t.expansions("tien nuoi con"), t.expansions("bo")
    (['cấp dưỡng'], ['cấp dưỡng'], [])
    """

    def __init__(self, entries: Iterable[tuple[str, Sequence[str]]] = ()) -> None:
        self.entries: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
            (expression, tuple(terms)) for expression, terms in entries)
        self._exact: dict[str, list[str]] = {}
        self._plain: dict[str, list[str]] = {}
        self.max_words = 0
        # Sizes of the expressions starting with each word: the query parser looks up every run
        # of its words, and nearly all of them are dismissed here without normalising a phrase.
        self._starts: dict[str, set[int]] = {}
        for expression, terms in self.entries:
            words = phrase_words(expression)
            self.max_words = max(self.max_words, len(words))
            for first in (words[0], strip_diacritics(words[0])):
                self._starts.setdefault(first, set()).add(len(words))
            exact, glued, plain, plain_glued = phrase_keys(expression)
            for key in (exact, glued):
                self._exact.setdefault(key, []).extend(terms)
            if len(words) > 1 or strip_diacritics(exact) == exact:
                for key in (plain, plain_glued):
                    self._plain.setdefault(key, []).extend(terms)

    def __len__(self) -> int:
        return len(self.entries)

    def expansions(self, phrase: str) -> list[str]:
        """The legal terms of the everyday ``phrase``; [] if the thesaurus does not know it."""
        words = phrase.split()
        if words and len(words) not in self._starts.get(normalize_token(words[0]), ()):
            if len(words) > 1 or phrase_words(phrase) == words:  # one glued word may be "LĐ-TB"
                return []
        exact, glued, plain, plain_glued = phrase_keys(phrase)
        if not exact:
            return []
        found = self._exact.get(exact) or self._exact.get(glued)
        if not found and strip_diacritics(exact) == exact:
            found = self._plain.get(plain) or self._plain.get(plain_glued)
        return list(dict.fromkeys(found or ()))


def _scalar(node, source: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or not phrase_words(node.value):
        raise DictionaryError(f"{source}, line {node.start_mark.line + 1}: "
                              f"each expression and term must be plain text with at least one word")
    return node.value.strip()


def parse_thesaurus(text: str, source: str) -> list[tuple[str, list[str]]]:
    """Read the YAML text of a thesaurus into (expression, legal terms) entries.

    Raises :class:`search.errors.DictionaryError` with the line of the first problem.
    """
    root = compose_yaml(text, source)
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise DictionaryError(f"{source}: expected lines such as 'tiền nuôi con: [cấp dưỡng]'")
    entries, lines = [], {}
    for key_node, value_node in root.value:
        expression = _scalar(key_node, source)
        line = key_node.start_mark.line + 1
        key = phrase_keys(expression)[0]
        if key in lines:
            raise DictionaryError(f"{source}, line {line}: '{expression}' is already on line "
                                  f"{lines[key]}")
        lines[key] = line
        values = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        terms = [_scalar(node, source) for node in values]
        if not terms:
            raise DictionaryError(f"{source}, line {line}: '{expression}' has no legal term")
        entries.append((expression, terms))
    return entries


def load_thesaurus(*paths: str | Path) -> Thesaurus:
    """Load the thesaurus from one file, or several whose entries are joined; a missing file adds
    nothing (no expansion)."""
    return load_query_data(paths, "thesaurus", parse_thesaurus, Thesaurus)


def domain_thesaurus(content_dir: str | Path | None = None) -> Thesaurus:
    """The bundled thesaurus extended by the knowledge base's own ``content_dir/thesaurus.yml``."""
    return load_thesaurus(*layer_paths(FILE_NAME, "search", content_dir))
