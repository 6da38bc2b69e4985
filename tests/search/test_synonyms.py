"""The domain dictionary: the bundled search/data/dictionary.yml, and how bad files are reported."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.errors import DictionaryError, SearchError
from search.datafiles import bundled_path
from search.synonyms import Dictionary, load_dictionary

DICTIONARY_FILE = bundled_path("search", "dictionary.yml")
DICTIONARY = load_dictionary(DICTIONARY_FILE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("BVTE", "bảo vệ trẻ em"),
        ("bvte", "bảo vệ trẻ em"),
        ("LĐTBXH", "Lao động - Thương binh và Xã hội"),
        ("ldtbxh", "Lao động - Thương binh và Xã hội"),
        ("LĐ-TB&XH", "Lao động - Thương binh và Xã hội"),
        ("LĐ-TBXH", "Lao động - Thương binh và Xã hội"),
        ("LĐ - TBXH", "Lao động - Thương binh và Xã hội"),
        ("TE", "trẻ em"),
        ("HCĐB", "hoàn cảnh đặc biệt"),
        ("hcdb", "hoàn cảnh đặc biệt"),
        ("CTXH", "công tác xã hội"),
        ("QLTH", "quản lý trường hợp"),
        ("NKT", "người khuyết tật"),
        ("BTXH", "bảo trợ xã hội"),
        ("TGXH", "trợ giúp xã hội"),
        ("UBND", "ủy ban nhân dân"),
        ("HĐND", "hội đồng nhân dân"),
        ("NĐ-CP", "nghị định"),
        ("QĐ", "quyết định"),
        ("BVCSTE", "bảo vệ, chăm sóc trẻ em"),
        ("QLDA", "quản lý dự án"),
        ("CQLDA", "quản lý dự án"),
        ("TNTT", "tai nạn thương tích"),
        ("CTV", "cộng tác viên"),
        ("NCT", "người cao tuổi"),
        ("BĐG", "bình đẳng giới"),
        ("BLGĐ", "bạo lực gia đình"),
        ("blgd", "bạo lực gia đình"),
        ("TGPL", "trợ giúp pháp lý"),
        ("TT-BLĐTBXH", "thông tư Bộ Lao động - Thương binh và Xã hội"),
        ("tphcm", "thành phố Hồ Chí Minh"),
    ],
)
def test_acronym_expands_to_its_canonical_form_first(query, expected):
    assert DICTIONARY.expansions(query)[0] == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bảo vệ trẻ em", "BVTE"),
        ("Lao động Thương binh và Xã hội", "LĐTBXH"),
        ("Lao động - Thương binh và Xã hội", "LĐ-TB&XH"),
        ("uỷ ban nhân dân", "UBND"),
        ("Ủy Ban Nhân Dân", "UBND"),
        ("quản lí trường hợp", "QLTH"),
        ("hoàn cảnh đặc biệt", "HCĐB"),
        ("bao ve tre em", "BVTE"),
        ("bao ve tre em", "bảo vệ trẻ em"),
        ("lao dong thuong binh va xa hoi", "Lao động - Thương binh và Xã hội"),
        ("người tàn tật", "người khuyết tật"),
        ("buôn bán người", "mua bán người"),
        ("nghị định", "NĐ-CP"),
    ],
)
def test_long_form_maps_to_its_equivalents(query, expected):
    assert expected in DICTIONARY.expansions(query)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tế", []),  # accented: never matched through the accent-free form of "TE"
        ("trẻ", ["trẻ em", "trẻ nhỏ"]),  # what practitioners type for "trẻ em"
        ("hoàn toàn", []),
        ("Luật Trẻ em 2016", []),
        ("", []),
        ("  -- ", []),
        ("BVTE", ["bảo vệ trẻ em"]),
    ],
)
def test_expansions_exact_answers(query, expected):
    assert DICTIONARY.expansions(query) == expected


def test_expansions_leave_out_the_query_itself():
    for group in DICTIONARY.groups:
        for phrase in group:
            assert phrase not in DICTIONARY.expansions(phrase)


def test_every_phrase_reaches_the_canonical_form_of_its_group():
    for group in DICTIONARY.groups:
        for phrase in group[1:]:
            assert group[0] in DICTIONARY.expansions(phrase), phrase


def test_max_words_is_the_longest_phrase():
    assert DICTIONARY.max_words == len("Công ước của Liên hợp quốc về quyền trẻ em".split())


@settings(max_examples=300, deadline=None)
@given(query=st.text())
def test_expansions_never_raise(query):
    assert isinstance(DICTIONARY.expansions(query), list)


def test_missing_file_gives_an_empty_dictionary(tmp_path):
    dictionary = load_dictionary(tmp_path / "không-có.yml")
    assert len(dictionary) == 0
    assert dictionary.expansions("BVTE") == []


@pytest.mark.parametrize(
    ("text", "expected_groups"),
    [
        ("", 0),
        ("# chỉ có chú thích\n", 0),
        ("- [bảo vệ trẻ em, BVTE]\n- [trẻ em, TE]\n", 2),
        ("- - người cao tuổi\n  - NCT\n", 1),
    ],
)
def test_valid_files(tmp_path, text, expected_groups):
    path = tmp_path / "dictionary.yml"
    path.write_text(text, encoding="utf-8")
    assert len(load_dictionary(path)) == expected_groups


def test_yes_no_and_numbers_stay_text(tmp_path):
    path = tmp_path / "dictionary.yml"
    path.write_text("- [Tổng đài 111, 111]\n- [không đồng ý, NO]\n", encoding="utf-8")
    dictionary = load_dictionary(path)
    assert dictionary.expansions("111") == ["Tổng đài 111"]
    assert dictionary.expansions("không đồng ý") == ["NO"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- [bảo vệ trẻ em, BVTE\n- [trẻ em, TE]\n", "line 2: not valid YAML"),
        ("bảo vệ trẻ em: BVTE\n", "expected a list of groups"),
        ("- bảo vệ trẻ em\n", "line 1: a group must be a list"),
        ("- [trẻ em, TE]\n- [BVTE]\n", "line 2: a group needs at least two phrases"),
        ("- [trẻ em, {viết tắt: TE}]\n", "line 1: each phrase must be plain text"),
        ("- [trẻ em, '--']\n", "each phrase must be plain text with at least one word"),
    ],
)
def test_malformed_files_raise_a_clear_error(tmp_path, text, message):
    path = tmp_path / "dictionary.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DictionaryError, match=message) as caught:
        load_dictionary(path)
    assert isinstance(caught.value, SearchError)
    assert str(path) in str(caught.value)


def test_unreadable_file_raises(tmp_path):
    path = tmp_path / "dictionary.yml"
    path.write_bytes("- [trẻ em, TE]".encode("utf-16"))
    with pytest.raises(DictionaryError, match="cannot read"):
        load_dictionary(path)


def test_dictionary_built_in_code():
    dictionary = Dictionary([["người khuyết tật", "NKT"]])
    assert dictionary.expansions("nkt") == ["người khuyết tật"]
    assert dictionary.expansions("Người Khuyết Tật") == ["NKT"]
