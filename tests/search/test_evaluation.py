"""IR metrics on hand-computed examples, BEIR loading, TREC run files and the BM25 baseline.

Expected metric values are written as the formula of the definition, worked out by hand:
nDCG@k = DCG@k / IDCG@k with DCG@k = sum(rel_i / log2(i + 1)) over ranks i = 1..k.
"""

import json
import math

import pytest

from search.evaluation import (
    evaluate,
    load_beir,
    mrr_at_k,
    ndcg_at_k,
    recall_at_k,
    syllable_bm25_baseline,
    write_trec_run,
)
from tests.conftest import SHARED

BENCH = SHARED / "bench"
LOG2_3 = math.log2(3)

# law-article ids in the ALQAC style, with commas and "@"
CHILD = "Luật_Trẻ_em@4"
ADOPTION = "Luật_Nuôi_con_nuôi@14"
ELDERLY = "Luật_Người_cao_tuổi@3"
DISABILITY = "Luật_Người_khuyết_tật@2"
DRUGS = "Luật_Phòng,_chống_ma_túy@32"


@pytest.mark.parametrize(
    ("ranked", "rels", "k", "expected"),
    [
        ([CHILD, ADOPTION], {CHILD: 1}, 10, 1.0),
        ([ADOPTION, CHILD], {CHILD: 1}, 10, 1 / LOG2_3),
        ([ADOPTION, ELDERLY, CHILD], {CHILD: 1}, 10, (1 / 2) / 1),  # log2(4) = 2
        ([ADOPTION, CHILD], {CHILD: 1, DRUGS: 1}, 10, (1 / LOG2_3) / (1 + 1 / LOG2_3)),
        # graded: gains 1, 2, 0 at ranks 1-3; ideal order 3, 2, 1
        ([CHILD, ADOPTION, ELDERLY], {CHILD: 1, ADOPTION: 2, DRUGS: 3},
         10, (1 + 2 / LOG2_3) / (3 + 2 / LOG2_3 + 1 / 2)),
        ([ADOPTION, CHILD], {CHILD: 1}, 1, 0.0),  # cut-off
        ([], {CHILD: 1}, 10, 0.0),
        ([CHILD], {}, 10, 0.0),
        ([CHILD], {CHILD: 0}, 10, 0.0),
        ([ADOPTION, ADOPTION, CHILD], {CHILD: 1}, 10, 1 / LOG2_3),  # repeats count once
        ([(ADOPTION, 9.5), (CHILD, 7.25)], {CHILD: 1}, 10, 1 / LOG2_3),  # scored results
    ],
)
def test_ndcg_at_k(ranked, rels, k, expected):
    assert ndcg_at_k(ranked, rels, k) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("ranked", "rels", "k", "expected"),
    [
        ([CHILD, ADOPTION], {CHILD: 1}, 10, 1.0),
        ([ADOPTION, ELDERLY, CHILD], {CHILD: 1, DRUGS: 1}, 10, 1 / 3),
        ([ADOPTION, CHILD, DRUGS], {CHILD: 1, DRUGS: 1}, 10, 1 / 2),
        ([ADOPTION, ELDERLY, CHILD], {CHILD: 1}, 2, 0.0),
        ([ADOPTION], {CHILD: 1}, 10, 0.0),
        ([], {CHILD: 1}, 10, 0.0),
        ([(ELDERLY, 3.0), (CHILD, 2.0)], {CHILD: 2}, 10, 1 / 2),
    ],
)
def test_mrr_at_k(ranked, rels, k, expected):
    assert mrr_at_k(ranked, rels, k) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("ranked", "rels", "k", "expected"),
    [
        ([CHILD, ADOPTION, ELDERLY], {CHILD: 1, ELDERLY: 1, DRUGS: 1, DISABILITY: 1}, 100, 2 / 4),
        ([CHILD, ADOPTION, ELDERLY], {CHILD: 1, ELDERLY: 1}, 2, 1 / 2),
        ([CHILD], {CHILD: 1, ADOPTION: 0}, 100, 1.0),
        ([], {CHILD: 1}, 100, 0.0),
        ([CHILD], {}, 100, 0.0),
        ([CHILD, CHILD], {CHILD: 1, ADOPTION: 1}, 100, 1 / 2),
    ],
)
def test_recall_at_k(ranked, rels, k, expected):
    assert recall_at_k(ranked, rels, k) == pytest.approx(expected)


def test_recall_at_100_looks_at_the_hundredth_result():
    ranked = [f"Luật_Dân_số@{n}" for n in range(1, 100)] + [CHILD, ADOPTION]
    assert recall_at_k(ranked, {CHILD: 1, ADOPTION: 1}) == pytest.approx(1 / 2)


def test_evaluate_means_over_judged_queries():
    qrels = {
        "q-tre-em": {CHILD: 1},
        "q-con-nuoi": {ADOPTION: 1},
        "q-nguoi-cao-tuoi": {ELDERLY: 1},  # absent from the run: scores 0
        "q-khong-danh-gia": {DRUGS: 0},  # nothing relevant: not a judged query
    }
    run = {
        "q-tre-em": [CHILD, ADOPTION],  # nDCG 1, RR 1, recall 1
        "q-con-nuoi": [CHILD, ADOPTION],  # nDCG 1/log2(3), RR 1/2, recall 1
        "q-ngoai-qrels": [DRUGS],  # not judged: ignored
    }
    assert evaluate(run, qrels) == pytest.approx({
        "ndcg@10": (1 + 1 / LOG2_3 + 0) / 3,
        "mrr@10": (1 + 1 / 2 + 0) / 3,
        "recall@100": (1 + 1 + 0) / 3,
        "queries": 3,
    })


def test_evaluate_without_judgements():
    assert evaluate({"q1": [CHILD]}, {}) == {
        "ndcg@10": 0.0, "mrr@10": 0.0, "recall@100": 0.0, "queries": 0}


def write_beir(directory, corpus, queries, qrels_lines):
    (directory / "qrels").mkdir(parents=True)
    with (directory / "corpus.jsonl").open("w", encoding="utf-8") as out:
        for record in corpus:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    with (directory / "queries.jsonl").open("w", encoding="utf-8") as out:
        for record in queries:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    (directory / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\n" + "".join(line + "\n" for line in qrels_lines),
        encoding="utf-8")


def test_load_beir(tmp_path):
    write_beir(
        tmp_path,
        [{"_id": CHILD, "title": "Luật Trẻ em", "text": "Giải thích từ ngữ"},
         {"_id": 7, "text": "Người cao tuổi là công dân Việt Nam từ đủ 60 tuổi trở lên."}],
        [{"_id": "q1", "text": "Người cao tuổi là người bao nhiêu tuổi?"}],
        ["q1\tLuật_Trẻ_em@4\t0", "q1\t7\t2", ""],
    )
    corpus, queries, qrels = load_beir(tmp_path)
    assert corpus == {
        CHILD: {"title": "Luật Trẻ em", "text": "Giải thích từ ngữ"},
        "7": {"title": "", "text": "Người cao tuổi là công dân Việt Nam từ đủ 60 tuổi trở lên."},
    }
    assert queries == {"q1": "Người cao tuổi là người bao nhiêu tuổi?"}
    assert qrels == {"q1": {CHILD: 0, "7": 2}}


@pytest.mark.parametrize(
    ("corpus_line", "qrels_line", "message"),
    [
        ('{"title": "không có _id"}', "q1\td1\t1", "corpus.jsonl:1"),
        ("không phải JSON", "q1\td1\t1", "corpus.jsonl:1"),
        ('{"_id": "d1", "text": "trẻ em"}', "q1 d1", "test.tsv:2"),
        ('{"_id": "d1", "text": "trẻ em"}', "q1\td1\tcao", "test.tsv:2"),
    ],
)
def test_load_beir_reports_bad_lines(tmp_path, corpus_line, qrels_line, message):
    write_beir(tmp_path, [], [{"_id": "q1", "text": "trẻ em"}], [qrels_line])
    (tmp_path / "corpus.jsonl").write_text(corpus_line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_beir(tmp_path)


def test_load_beir_missing_directory(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_beir(tmp_path / "không-có")


def test_write_trec_run(tmp_path):
    path = tmp_path / "run.trec"
    write_trec_run({"01-DS-1": [(DRUGS, 12.5), (CHILD, 3.25)], "q2": []}, path, "bm25-am-tiet")
    assert path.read_text(encoding="utf-8").splitlines() == [
        f"01-DS-1 Q0 {DRUGS} 1 12.500000 bm25-am-tiet",
        f"01-DS-1 Q0 {CHILD} 2 3.250000 bm25-am-tiet",
    ]


@pytest.mark.parametrize(
    ("run", "tag"),
    [
        ({"q1": [("Luật Trẻ em@4", 1.0)]}, "bm25"),
        ({"q 1": [(CHILD, 1.0)]}, "bm25"),
        ({"q1": [(CHILD, 1.0)]}, "bm25 âm tiết"),
        ({"q1": [(CHILD, 1.0)]}, ""),
    ],
)
def test_write_trec_run_refuses_white_space(tmp_path, run, tag):
    with pytest.raises(ValueError):
        write_trec_run(run, tmp_path / "run.trec", tag)


SMALL_CORPUS = {
    "tre-em": {"title": "", "text": "Trẻ em"},
    "cao-tuoi": {"title": "", "text": "Người cao tuổi"},
}


def test_bm25_score_by_hand():
    # N = 2, avgdl = 2.5; "trẻ": df 1, idf = ln(1 + 1.5 / 1.5) = ln 2, tf 1, dl 2
    # score = ln 2 * 1 * 2.5 / (1 + 1.5 * (0.25 + 0.75 * 2 / 2.5)) = ln 2 * 2.5 / 2.275
    run = syllable_bm25_baseline(SMALL_CORPUS, {"q": "TRẺ? trẻ!"})
    assert run["q"] == [("tre-em", pytest.approx(math.log(2) * 2.5 / 2.275))]


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("quyền của trẻ em", "tre-em"),
        ("người cao tuổi được chăm sóc", "cao-tuoi"),
        ("Ngu\u031bo\u031b\u0300i cao tuo\u0302\u0309i", "cao-tuoi"),  # NFD query
    ],
)
def test_bm25_ranks_the_matching_document_first(query, expected_first):
    assert syllable_bm25_baseline(SMALL_CORPUS, {"q": query})["q"][0][0] == expected_first


def test_bm25_no_match_gives_empty_list():
    assert syllable_bm25_baseline(SMALL_CORPUS, {"q": "mại dâm"}) == {"q": []}


def test_bm25_title_counts():
    corpus = {"a": {"title": "Bình đẳng giới", "text": "Điều 1"},
              "b": {"title": "", "text": "Điều 2"}}
    assert [d for d, _s in syllable_bm25_baseline(corpus, {"q": "bình đẳng"})["q"]] == ["a"]


@pytest.mark.skipif(not BENCH.is_dir(), reason="shared benchmarks not available")
@pytest.mark.parametrize(
    ("name", "ndcg", "mrr", "recall"),
    [
        ("alqac2024", 0.831, 0.796, 0.991),
        ("virhe4qa", 0.810, 0.768, 0.996),
    ],
)
def test_baseline_reproduces_benchmark_readme(name, ndcg, mrr, recall):
    corpus, queries, qrels = load_beir(BENCH / name)
    scores = evaluate(syllable_bm25_baseline(corpus, queries), qrels)
    assert scores["ndcg@10"] == pytest.approx(ndcg, abs=0.001)
    assert scores["mrr@10"] == pytest.approx(mrr, abs=0.001)
    assert scores["recall@100"] == pytest.approx(recall, abs=0.001)
