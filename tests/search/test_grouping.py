"""Grouping passages into documents, facet counts and document names, on the bundled content."""
from collections import Counter

import numpy as np
import pytest
from whoosh import query as wq

from search.grouping import title_syllables

LAW = "luat-102-2016-qh13"


@pytest.fixture(scope="module")
def view(indexed_kb):
    indexed_kb.engine.searcher()
    return indexed_kb.engine._view


def doc_id_of(view, code: int) -> str:
    docnum = int(np.flatnonzero(view.codes == code)[0])
    return view.searcher.stored_fields(docnum)["doc_id"]


@pytest.mark.parametrize("text, named, span", [
    ("Điều 4 Luật Trẻ em", LAW, (7, 18)),
    ("dieu 4 luat tre em", LAW, (7, 18)),
    ("quyền trẻ em theo LUẬT TRẺ EM", LAW, (18, 29)),
    ("trẻ em", None, (0, 0)),  # a topic, not a title: too short to name a document
    ("luật", None, (0, 0)),
])
def test_a_whole_title_in_the_query_names_its_document(view, text, named, span):
    codes, found = view.named_in(text)
    assert [doc_id_of(view, c) for c in codes] == ([named] if named else [])
    assert found == span


@pytest.mark.parametrize("text, expected", [
    ("Luật Trẻ Em (sửa đổi)", ["luat", "tre", "em", "sua", "doi"]),
    ("Quản lí trường hợp", ["quan", "li", "truong", "hop"]),
    ("Quản lý, hoà nhập", ["quan", "li", "hoa", "nhap"]),
])
def test_title_syllables(text, expected):
    assert title_syllables(text) == expected


def test_each_document_once_by_its_best_passage(view):
    matches, scores = view.evaluator.run(wq.Term("body", "trẻ_em"))
    ranked, docs = view.best_passages(matches, scores)
    names = [view.searcher.stored_fields(int(d))["doc_id"] for d in ranked]
    assert len(names) == len(set(names)) == len(docs)
    ranked_scores = scores[ranked]
    assert list(ranked_scores) == sorted(ranked_scores, reverse=True)
    for docnum in ranked:  # no passage of the same document scores higher
        same = view.codes == view.codes[docnum]
        assert scores[docnum] == scores[same & matches].max()


def test_facet_counts_count_documents_as_their_stored_fields_say(indexed_kb, view):
    results = indexed_kb.engine.search("trẻ em")
    expected = Counter()
    for hit_page in range(1, results.total // 10 + 2):
        for hit in indexed_kb.engine.search("trẻ em", page=hit_page).hits:
            expected.update([hit.kind])
    assert dict(results.facets["kind"]) == dict(expected)
    assert sum(n for _, n in results.facets["kind"]) == results.total
