"""The array evaluator scores like whoosh's own matchers, on the bundled content's index.

whoosh's matchers are the reference for every query type whose whoosh implementation is right
(terms, OR, AND, AND NOT, AND MAYBE); for DisjunctionMax the reference is its documented
definition computed from whoosh's per-field scores, because whoosh's DisjunctionMaxMatcher ignores
the tiebreak and, over three or more fields, can score a passage with another passage's clause.
A phrase (the index keeps no positions for whoosh to match one) scores its words' whoosh scores
where the passage's text has the words together.
"""
import re

import numpy as np
import pytest
from whoosh import query as wq

from search.indexing import IndexStore
from search.normalize import strip_diacritics
from search.searching import _WEIGHTING
from search.vectorized import Evaluator, SegmentCache


SYLLABLE = re.compile(r"[^\W_]+")


@pytest.fixture(scope="module")
def searcher(indexed_kb):
    with indexed_kb.engine.store.open().searcher(weighting=_WEIGHTING) as searcher:
        yield searcher


def whoosh_scores(searcher, query) -> dict[int, float]:
    return {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}


def evaluated(searcher, query) -> dict[int, float]:
    matches, scores = Evaluator(searcher, SegmentCache(), _WEIGHTING).run(query)
    return {int(d): float(scores[d]) for d in np.flatnonzero(matches)}


def assert_same(mine: dict[int, float], reference: dict[int, float]):
    assert mine.keys() == reference.keys()
    assert reference, "the query should match something in the bundled content"
    for docnum, score in reference.items():
        assert mine[docnum] == pytest.approx(score, rel=1e-6), docnum


@pytest.mark.parametrize("query", [
    wq.Term("body", "trẻ_em"),
    wq.Term("title_plain", "tre", boost=3.0),
    wq.Term("article", "dieu-4", boost=15.0),  # an unscorable field scores its weight
    wq.Or([wq.Term("body", "xâm"), wq.Term("body", "hại"), wq.Term("heading", "xâm_hại")]),
    wq.And([wq.Term("body", "tổng"), wq.Term("body", "đài")]),
    wq.AndNot(wq.Term("body", "nuôi"), wq.Term("body", "nước_ngoài")),
    wq.AndMaybe(wq.Term("body", "con_nuôi"), wq.Term("heading", "nuôi")),
])
def test_scores_equal_whooshs_own(searcher, query):
    assert_same(evaluated(searcher, query), whoosh_scores(searcher, query))


@pytest.mark.parametrize("fieldname, stored, phrase, boost", [
    ("body", "body", "bạo lực", 1.0),
    ("body_plain", "body", "xam hai", 2.0),
    ("body", "body", "trẻ em có hoàn cảnh đặc biệt", 1.0),
    ("heading", "heading", "giải thích từ ngữ", 1.0),
])
def test_phrases_score_their_words_where_the_text_has_them_together(searcher, fieldname, stored, phrase,
                                                                     boost):
    words = phrase.split()
    per_word = [whoosh_scores(searcher, wq.Term(fieldname, word)) for word in words]
    expected = {}
    for docnum in set(per_word[0]).intersection(*per_word[1:]):
        text = searcher.stored_fields(docnum)[stored].lower()
        text = strip_diacritics(text) if fieldname.endswith("_plain") else text
        if f" {phrase} " in f" {' '.join(SYLLABLE.findall(text))} ":
            expected[docnum] = sum(scores[docnum] for scores in per_word) * boost
    assert_same(evaluated(searcher, wq.Phrase(fieldname, words, boost=boost)), expected)


@pytest.mark.parametrize("word, tiebreak", [("bị", 0.0), ("xâm_hại", 0.2), ("trẻ", 0.2)])
def test_dismax_is_the_best_field_plus_tiebreak_times_the_others(searcher, word, tiebreak):
    fields = [wq.Term(f, word) for f in ("title", "heading", "body")]
    per_field = [whoosh_scores(searcher, t) for t in fields]
    expected = {}
    for docnum in set().union(*per_field):
        scores = [p.get(docnum, 0.0) for p in per_field]
        expected[docnum] = (max(scores) + tiebreak * (sum(scores) - max(scores))) * 2.0
    query = wq.DisjunctionMax(fields, tiebreak=tiebreak, boost=2.0)
    assert_same(evaluated(searcher, query), expected)


def test_a_longer_phrase_needs_its_words_in_sequence(tmp_path):
    store = IndexStore(tmp_path / "index")
    # both adjacent pairs of "bảo vệ trẻ" occur in the first text, but never the three together
    store.rebuild([{"id": "tach", "title": "", "body": "bảo vệ môi trường; vệ trẻ"},
                   {"id": "lien", "title": "", "body": "bảo vệ trẻ em"}])
    with store.open().searcher(weighting=_WEIGHTING) as searcher:
        query = wq.Phrase("body", ["bảo", "vệ", "trẻ"])
        found = {searcher.stored_fields(d)["doc_id"] for d in evaluated(searcher, query)}
        assert found == {"lien"}


def test_deleted_passages_never_match_and_unchanged_segments_keep_their_arrays(tmp_path):
    store = IndexStore(tmp_path / "index")
    documents = [{"id": f"tin-{i}", "title": f"Tin {i}", "body": f"Trẻ em xã {i} được tiêm chủng."}
                 for i in range(30)]
    store.rebuild(documents)
    cache = SegmentCache()
    query = wq.Term("body", "tiêm_chủng")
    with store.open().searcher(weighting=_WEIGHTING) as searcher:
        assert len(evaluated(searcher, query)) == 30
        first = {id(arrays) for arrays, _ in Evaluator(searcher, cache, _WEIGHTING).leaves}
    store.sync([{**documents[0], "body": "Đã chuyển sang bài khác."}], complete=False)
    with store.open().searcher(weighting=_WEIGHTING) as searcher:
        evaluator = Evaluator(searcher, cache, _WEIGHTING)
        matches, _ = evaluator.run(query)
        doc_ids = {searcher.stored_fields(int(d))["doc_id"] for d in np.flatnonzero(matches)}
        assert "tin-0" not in doc_ids and len(doc_ids) == 29
        assert first & {id(arrays) for arrays, _ in evaluator.leaves}, "the old segment's arrays are reused"
        assert_same({int(d): 1.0 for d in np.flatnonzero(matches)},
                    {d: 1.0 for d in whoosh_scores(searcher, query)})
