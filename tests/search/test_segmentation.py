"""The segmenter asks pyvi's model what pyvi itself would ask it, only faster."""
import re

import pytest
from pyvi.ViTokenizer import ViTokenizer

from search.segmentation import _TOKEN_RE, _labels, segment
from tests.conftest import CORPUS

# case, digits, punctuation, abbreviations and runs of one or two tokens: every feature pyvi uses
SENTENCES = [
    "Trẻ em bị xâm hại.",
    "Điều 4. Giải thích từ ngữ",
    "Theo Nghị định 56/2017/NĐ-CP, UBND xã phải báo cáo trong 12 giờ.",
    "GỌI NGAY TỔNG ĐÀI 111 ĐỂ ĐƯỢC HỖ TRỢ",
    "Bộ LĐTBXH, Cục BVTE và Sở Giáo dục - Đào tạo",
    "a",
    "Ừ",
    ", .",
]


def _pyvi_labels(tokens):
    return tuple(ViTokenizer.model.predict([ViTokenizer.sent2features(list(tokens), False)])[0])


def _law_lines(limit):
    lines = []
    for path in sorted(CORPUS.glob("laws/*/*.md"))[:6]:
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:limit]
    return lines


@pytest.mark.parametrize("sentence", SENTENCES)
def test_labels_are_pyvis_own(sentence):
    tokens = tuple(_TOKEN_RE.findall(sentence))
    assert _labels.__wrapped__(tokens) == _pyvi_labels(tokens)


def test_labels_are_pyvis_own_over_the_text_of_laws():
    lines = _law_lines(150)
    assert len(lines) > 500
    for line in lines:
        tokens = tuple(_TOKEN_RE.findall(line))[:400]
        if tokens:
            assert _labels.__wrapped__(tokens) == _pyvi_labels(tokens), line


def test_words_are_pyvis_words():
    text = "Cha mẹ có trách nhiệm bảo vệ trẻ em khỏi bị xâm hại"
    assert [[text[s:e] for s, e in w.spans] for w in segment(text)] == [
        word.split("_") for word in ViTokenizer.tokenize(text).split()]
    assert re.sub(r"\W+", "", text) == "".join(text[s:e] for w in segment(text) for s, e in w.spans)
