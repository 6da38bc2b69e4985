"""kb eval on a dev set over the library itself: passages as corpus ids, figures per kind."""
import json

from search.library_eval import evaluate_library

LIBRARY = [
    {"id": "luat-tre-em", "title": "Luật Trẻ em", "kind": "law", "body":
     "## Điều 25. Quyền được bảo vệ để không bị xâm hại tình dục\n\n"
     "Trẻ em có quyền được bảo vệ dưới mọi hình thức để không bị xâm hại tình dục.\n\n"
     "## Điều 51. Trách nhiệm thông báo, tố giác hành vi xâm hại trẻ em\n\n"
     "Cơ quan, tổ chức, cá nhân phát hiện trẻ em bị xâm hại phải thông báo ngay."},
    {"id": "luat-hon-nhan", "title": "Luật Hôn nhân và gia đình", "kind": "law", "body":
     "## Điều 110. Nghĩa vụ cấp dưỡng của cha, mẹ đối với con\n\n"
     "Cha, mẹ có nghĩa vụ cấp dưỡng cho con chưa thành niên khi không sống chung với con."},
]


def test_figures_per_kind_over_the_passages_of_the_library(tmp_path):
    queries = [{"_id": "q1", "text": "phát hiện trẻ bị xâm hại phải thông báo", "kind": "legal_words"},
               {"_id": "q2", "text": "nghia vu cap duong", "kind": "accent_free"}]
    (tmp_path / "queries.jsonl").write_text(
        "\n".join(json.dumps(q, ensure_ascii=False) for q in queries), encoding="utf-8")
    (tmp_path / "qrels").mkdir()
    (tmp_path / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\nq1\tluat-tre-em#dieu-51\t2\nq2\tluat-hon-nhan#dieu-110\t2\n")
    report = evaluate_library(LIBRARY, tmp_path)
    assert set(report["kinds"]) == {"all", "legal_words", "accent_free"}
    assert report["kinds"]["legal_words"]["product"]["ndcg@10"] == 1.0
    assert report["kinds"]["accent_free"]["product"]["mrr@10"] == 1.0
    assert report["kinds"]["all"]["product"]["queries"] == 2
    # the plain baseline cannot match the accent-free query against accented text
    assert report["kinds"]["accent_free"]["baseline"]["ndcg@10"] == 0.0
    assert report["runs"]["product"]["q1"][0][0] == "luat-tre-em#dieu-51"
    assert report["seconds"]["passages"] == 3
    # restoration is measured on the one question typed with diacritics (9 syllables)
    assert report["restoration"]["texts"] == 1 and report["restoration"]["syllables"] == 9
