"""The analyzers on real Vietnamese sentences: input → expected tokens."""
import pytest

from search.analysis import plain_analyzer, vietnamese_analyzer


@pytest.mark.parametrize("text, expected", [
    ("Trẻ em bị xâm hại", ["trẻ_em", "trẻ", "em", "bị", "xâm_hại", "xâm", "hại"]),
    # i/y variants are folded to the "i" spelling (see search.normalize), so "quy" is "qui"
    ("Quy trình can thiệp", ["qui_trình", "qui", "trình", "can_thiệp", "can", "thiệp"]),
    # old tone placement and i/y variants reach the same tokens as the modern spelling
    ("Hoà nhập", ["hòa_nhập", "hòa", "nhập"]),
    ("Uỷ ban nhân dân", ["ủy_ban", "ủy", "ban", "nhân_dân", "nhân", "dân"]),
    ("quản lí", ["quản_lí", "quản", "lí"]),
    ("quản lý", ["quản_lí", "quản", "lí"]),
    # punctuation is dropped, numbers stay whole
    ("Điều 4, khoản 1.", ["điều", "4", "khoản", "1"]),
])
def test_vietnamese_analyzer(text, expected):
    assert [t.text for t in vietnamese_analyzer()(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("Trẻ em bị xâm hại", ["tre_em", "tre", "em", "bi", "xam_hai", "xam", "hai"]),
    ("Đuối nước ở trẻ em", ["duoi", "nuoc", "o", "tre_em", "tre", "em"]),
])
def test_plain_analyzer(text, expected):
    assert [t.text for t in plain_analyzer()(text)] == expected


def test_offsets_point_into_the_original_text():
    text = "Bảo vệ trẻ em là việc thực hiện các biện pháp phù hợp"
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in vietnamese_analyzer()(text, chars=True, positions=True)]
    spans = {token: text[start:end] for token, _, start, end in tokens}
    assert spans["bảo_vệ"] == "Bảo vệ"
    assert spans["trẻ_em"] == "trẻ em"
    assert spans["biện_pháp"] == "biện pháp"
    # a compound shares the position of its first syllable, so phrase positions stay syllabic
    positions = {token: pos for token, pos, _, _ in tokens}
    assert positions["trẻ_em"] == positions["trẻ"] == positions["em"] - 1


def test_decorative_letters_are_indexed_as_plain_vietnamese():
    from search.normalize import clean_text
    text = clean_text("𝘽𝙖̉𝙤 𝙫𝙚̣̂ 𝙫𝙖̀ 𝙣𝙜𝙖̆𝙣 𝙣𝙜𝙪̛̀𝙖")
    assert [t.text for t in vietnamese_analyzer()(text)][:3] == ["bảo_vệ", "bảo", "vệ"]
