"""The register thesaurus: search/data/thesaurus.yml read, looked up and applied to queries."""

import pytest

from search.analysis import JOINER, pair_term, vietnamese_analyzer
from search.datafiles import bundled_path
from search.errors import DictionaryError
from search.query import THESAURUS_BOOST, parse_query
from search.thesaurus import Thesaurus, load_thesaurus, parse_thesaurus

THESAURUS_FILE = bundled_path("search", "thesaurus.yml")
THESAURUS = load_thesaurus(THESAURUS_FILE)


def test_the_bundled_thesaurus_has_at_least_400_entries():
    assert len(THESAURUS) >= 400


@pytest.mark.parametrize(("typed", "legal"), [
    ("tiền nuôi con", "cấp dưỡng"),
    ("tien nuoi con", "cấp dưỡng"),
    ("bị đuổi học", "buộc thôi học"),
    ("nghiện game", "trò chơi điện tử"),
    ("bắt đi làm", "bóc lột sức lao động"),
    ("lấy chồng sớm", "tảo hôn"),
    ("bme", "cha mẹ"),
    ("Bố Dượng", "cha dượng"),
])
def test_everyday_expressions_give_their_legal_terms(typed, legal):
    assert legal in THESAURUS.expansions(typed)


def test_the_thesaurus_is_one_way_and_ignores_ambiguous_accent_free_syllables():
    thesaurus = Thesaurus([("tiền nuôi con", ["cấp dưỡng"]), ("bố", ["cha"]), ("ko", ["không"])])
    assert thesaurus.expansions("cấp dưỡng") == []
    assert thesaurus.expansions("bố") == ["cha"]
    assert thesaurus.expansions("bo") == []  # bố, bỏ or bộ?
    assert thesaurus.expansions("ko") == ["không"]


@pytest.mark.parametrize(("text", "problem"), [
    ("- [a, b]", "expected lines such as"),
    ("tiền nuôi con: [cấp dưỡng]\nTiền nuôi con: [nuôi dưỡng]", "line 2: 'Tiền nuôi con' is already on line 1"),
    ("tiền nuôi con: []", "line 1: 'tiền nuôi con' has no legal term"),
    ("tiền nuôi con: [cấp dưỡng\n", "not valid YAML"),
    ("tiền nuôi con: [{a: b}]", "plain text"),
])
def test_a_broken_thesaurus_is_reported_with_its_line(text, problem):
    with pytest.raises(DictionaryError, match=problem):
        parse_thesaurus(text, "thesaurus.yml")


def test_legal_terms_are_searched_with_less_weight_than_the_words_typed():
    parsed = parse_query("tiền nuôi con", thesaurus=Thesaurus([("tiền nuôi con", ["cấp dưỡng"])]))
    boosts = {str(q): q.boost for q in parsed.query.subqueries}
    legal = [b for q, b in boosts.items() if "cấp" in q]
    typed = [b for q, b in boosts.items() if "nuôi" in q and "cấp" not in q]
    assert legal == [THESAURUS_BOOST] and THESAURUS_BOOST < min(typed)
    assert "cấp" in parsed.terms  # the legal words are highlighted too


def _exists(searcher, term: str) -> bool:
    syllables = [t.text for t in vietnamese_analyzer()(term) if JOINER not in t.text]
    fields = ("title", "heading", "body")
    if len(syllables) == 1:
        return any(searcher.doc_frequency(f, syllables[0]) for f in fields)
    return all(any(searcher.doc_frequency("pairs", pair_term(f, a, b)) for f in fields)
               for a, b in zip(syllables, syllables[1:]))


def test_every_legal_term_exists_in_the_index_of_the_library(indexed_kb):
    with indexed_kb.index.open().searcher() as searcher:
        missing = [f"{expression} → {term}" for expression, terms in THESAURUS.entries
                   for term in terms if not _exists(searcher, term)]
    assert missing == []
