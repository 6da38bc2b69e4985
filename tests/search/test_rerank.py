"""The re-ranker: its features on real questions and passages, its training and cross-fitting."""
import json

import numpy as np
import pytest

from search import rerank
from search.rerank import (FEATURES, Candidates, Question, Reranker, features, fit, fold_of, held_out_fits,
                           passage_heading)

QUESTION = "Người nghiện ma túy từ đủ 18 tuổi trở lên bị áp dụng biện pháp gì?"
ANSWER = ("Người nghiện ma túy từ đủ 18 tuổi trở lên bị áp dụng biện pháp xử lý hành chính đưa vào "
          "cơ sở cai nghiện bắt buộc.")
SCATTERED = ("Biện pháp xử lý hành chính áp dụng đối với người chưa thành niên; tuổi của người bị áp "
             "dụng được xác định theo giấy khai sinh. Ma túy bị cấm.")


def _question(text=QUESTION, accent_free=False):
    return Question.of(text, accent_free, lambda syllable: 2.0, frozenset({"từ", "gì"}))


def _named(values):
    return dict(zip(FEATURES, values))


def test_question_leaves_out_filler_and_stop_words():
    question = Question.of("con bị bố mẹ đánh thì báo cho ai", False, lambda s: 1.0, frozenset({"bị"}))
    assert question.typed == ("con", "bị", "bố", "mẹ", "đánh", "báo")
    assert sorted(question.idf) == ["báo", "bố", "con", "mẹ", "đánh"]
    assert ("đánh", "thì") not in question.pairs and ("bố", "mẹ") in question.pairs


@pytest.mark.parametrize("name, answer_wins", [
    ("coverage", None), ("pair_coverage", True), ("proximity", True), ("longest_run", True),
    ("pair_idf_coverage", True), ("word_coverage", None), ("density", True),
])
def test_the_answering_passage_has_the_higher_feature(name, answer_wins):
    answer = _named(features(_question(), ANSWER, 1.0, 1.0))
    scattered = _named(features(_question(), SCATTERED, 1.0, 1.0))
    if answer_wins:
        assert answer[name] > scattered[name]
    else:  # both hold most of the question's words: coverage alone cannot tell them apart
        assert answer[name] >= scattered[name]


def test_the_whole_question_as_typed_is_the_longest_run():
    found = _named(features(_question(), ANSWER, 3.0, 4.0))
    assert found["longest_run"] == 1.0 and found["pair_coverage"] == 1.0 and found["score"] == 0.75


def test_accent_free_questions_compare_accent_free_forms():
    typed = _named(features(_question("nguoi nghien ma tuy tu du 18 tuoi", True), ANSWER, 1.0, 1.0))
    assert typed["coverage"] == 1.0 and typed["longest_run"] == 1.0


def test_a_question_in_an_articles_own_words_matches_its_heading():
    question = _question("Tổ chức thực hiện của việc đào tạo liên thông như thế nào?")
    own = _named(features(question, "", 1.0, 1.0, "Điều 13. Tổ chức thực hiện"))
    other = _named(features(question, "", 1.0, 1.0, "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng"))
    half = _named(features(question, "", 1.0, 1.0, "Điều 4. Tổ chức thi"))
    assert own["heading_match"] == 1.0 and other["heading_match"] == 0.0
    assert half["heading_match"] == pytest.approx(2 / 3)  # "tổ chức" of "tổ chức thi", all weighing 2


def test_the_terms_added_for_an_everyday_question_match_the_heading_too():
    # the dictionary or thesaurus added "thông báo" for "báo"
    question = Question.of("con bị bố mẹ đánh thì báo cho ai", False, lambda s: 1.0,
                           expansions=[("thông", "báo")])
    found = _named(features(question, "", 1.0, 1.0, "Điều 51. Trách nhiệm thông báo"))
    assert found["heading_match"] == pytest.approx(2 / 4)


@pytest.mark.parametrize("heading, body, expected", [
    ("Điều 51. Trách nhiệm thông báo", "Cơ quan, tổ chức...", "Điều 51. Trách nhiệm thông báo"),
    # legal text indexed without markup: its opening article line
    ("", "Điều  6. \tBáo cáo tiến độ thực hiện KLTN\nNgoài việc báo cáo...", "Điều  6. \tBáo cáo tiến độ thực hiện KLTN"),
    ("", "Sáng nay ghé đây ăn sáng\nMón ăn: bánh gạo", ""),
    ("", "Điều kiện được hưởng trợ cấp là...", ""),
])
def test_the_heading_of_a_passage(heading, body, expected):
    assert passage_heading(heading, body) == expected


def test_old_tone_placement_and_y_spelling_match():
    found = _named(features(_question("hoà giải lý lịch"), "Hòa giải và lí lịch tư pháp", 1.0, 1.0))
    assert found["word_coverage"] == 1.0


def test_order_puts_the_best_scored_first_and_keeps_ties_in_search_order():
    model = Reranker(tuple(1.0 if name == "coverage" else 0.0 for name in FEATURES))
    rows = np.zeros((3, len(FEATURES)))
    rows[2, FEATURES.index("coverage")] = 1.0
    assert model.order(rows).tolist() == [2, 0, 1]


def _group(qid, better_feature):
    """A question whose judged passage is the one higher on ``better_feature``."""
    rows = np.zeros((2, len(FEATURES)))
    rows[1, FEATURES.index(better_feature)] = 1.0
    return Candidates(qid, ["a", "b"], rows, np.array([0.0, 1.0]))


def test_fit_learns_which_feature_marks_the_answer():
    weights = fit([_group(f"q{i}", "pair_coverage") for i in range(20)])
    assert weights[FEATURES.index("pair_coverage")] > 0
    assert weights[FEATURES.index("pair_coverage")] == max(weights)


def test_cross_fitting_never_ranks_a_question_with_weights_learned_from_it():
    # every question of one half says "coverage", every question of the other "density"
    qids = [f"q{i}" for i in range(40)]
    groups = [_group(q, "coverage" if fold_of(q) == 0 else "density") for q in qids]
    model = Reranker(tuple(fit(groups)), ("test",), tuple(tuple(w) for w in held_out_fits(groups)))
    for qid in qids:
        weights = dict(zip(FEATURES, model.for_question(qid).weights))
        own, other = ("coverage", "density") if fold_of(qid) == 0 else ("density", "coverage")
        assert weights[other] > 0 and weights[own] == pytest.approx(0.0, abs=1e-9)


def test_the_bundled_model_matches_the_features(monkeypatch, tmp_path):
    model = Reranker.bundled()
    assert model is not None and len(model.weights) == len(FEATURES) and model.trained_on
    assert len(model.held_out) == rerank.FOLDS and model.for_question("q1").weights in model.held_out
    stale = tmp_path / "reranker.json"
    stale.write_text(json.dumps({"features": ["score"], "weights": [1.0]}), encoding="utf-8")
    monkeypatch.setattr(rerank, "MODEL_FILE", stale)
    assert Reranker.bundled() is None  # trained on other features: no re-ranking, not wrong weights


@pytest.fixture
def engine_without_model(indexed_kb):
    engine = indexed_kb.engine
    model = engine.reranker
    yield engine, model
    engine.reranker = model
    engine._results.clear()


def test_candidates_are_the_first_documents_as_searched_before_reranking(engine_without_model):
    engine, model = engine_without_model
    question = "trách nhiệm thông báo khi phát hiện trẻ em bị xâm hại"
    doc_ids, rows = engine.rerank_candidates(question)
    engine.reranker = None
    engine._results.clear()
    searched = [hit.doc_id for hit in engine.search(question, pagelen=rerank.DEPTH).hits]
    assert doc_ids == searched and rows.shape == (len(searched), len(FEATURES))
    assert rows[0, FEATURES.index("score")] == 1.0  # the best document's share of the best score


def test_reranking_reorders_the_head_and_keeps_the_documents(engine_without_model):
    engine, model = engine_without_model
    question = "người chăm sóc trẻ em có trách nhiệm gì khi trẻ em bị bạo lực"
    engine._results.clear()
    reranked = [hit.doc_id for hit in engine.search(question, pagelen=rerank.DEPTH).hits]
    engine.reranker = None
    engine._results.clear()
    searched = [hit.doc_id for hit in engine.search(question, pagelen=rerank.DEPTH).hits]
    assert sorted(reranked) == sorted(searched)
    doc_ids, rows = engine.rerank_candidates(question)
    assert reranked == [doc_ids[i] for i in model.order(rows)]


def test_a_listing_by_date_is_not_reranked(engine_without_model):
    engine, _model = engine_without_model
    newest = [hit.doc_id for hit in engine.search("trẻ em", sort="date", pagelen=10).hits]
    engine.reranker = None
    engine._results.clear()
    assert [hit.doc_id for hit in engine.search("trẻ em", sort="date", pagelen=10).hits] == newest
