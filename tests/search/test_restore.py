"""Diacritic restoration on the bundled content's own index, and the word lists behind it."""
import pytest

from search.lexicon import Lexicon, vietnamese_lexicon
from search.normalize import strip_diacritics
from search.restore import MAX_FORMS, Restorer, restore_text
from search.restore_eval import syllable_accuracy


@pytest.fixture(scope="module")
def restorer(indexed_kb):
    return indexed_kb.engine.restorer()


@pytest.mark.parametrize("typed, meant", [
    ("con bi bo me danh thi bao cho ai", "con bị bố mẹ đánh thì báo cho ai"),
    ("tre em bi xam hai", "trẻ em bị xâm hại"),
    ("tong dai dien thoai quoc gia", "tổng đài điện thoại quốc gia"),
    ("Uy ban nhan dan cap xa", "Ủy ban nhân dân cấp xã"),
    ("quan li truong hop", "quản lí trường hợp"),
    ("thi hanh an", "thi hành án"),
    # chat spellings are read as the words they stand for, and are the context of their neighbours
    ("ck cu ko chu cap tien nuoi con thi lm j", "chồng cũ không chu cấp tiền nuôi con thì làm gì"),
    # the thesaurus's everyday expressions are phrases people type ("bầm tím", not "bẩm tìm")
    ("danh con bam tim", "đánh con bầm tím"),
    ("tre bi xam hai bao cho ai", "trẻ bị xâm hại báo cho ai"),
    # a form far rarer in the library than its rival is still considered ("trò" against "trợ")
    ("tinh trang nghien tro choi dien tu", "tình trạng nghiện trò chơi điện tử"),
    # the words of someone telling what happened, which statements of law lack
    ("toi thay con bi danh", "tôi thấy con bị đánh"),
    ("no bi bo me bo roi", "nó bị bố mẹ bỏ rơi"),
    ("con toi nghien game", "con tôi nghiện game"),
])
def test_restores_the_words_meant(restorer, typed, meant):
    assert restore_text(restorer, typed) == meant


def test_keeps_what_is_not_a_syllable(restorer):
    assert restore_text(restorer, "dieu 13 nghi dinh 56/2017/ND-CP kind:law") == \
        "điều 13 nghị định 56/2017/NĐ-CP kind:law"
    assert restore_text(restorer, "TRE EM, zzzq!") == "TRẺ EM, zzzq!"


def test_syllables_typed_with_diacritics_stay_and_steer_their_neighbours():
    counts = {"bỏ": 3, "rơi": 3, "bộ": 9, "trưởng": 9, "bố": 1}
    pairs = {("bỏ", "rơi"): 3, ("bộ", "trưởng"): 9}
    model = Restorer(counts, lambda v, w: pairs.get((v, w), 0), Lexicon.from_words([]))
    assert model.restore(["bố"]) == ["bố"]
    assert model.restore(["bo", "rơi"]) == ["bỏ", "rơi"]


def test_every_form_strips_to_the_syllable_typed(restorer):
    forms = restorer.forms("bo")
    assert {"bộ", "bố", "bỏ"} <= set(forms)
    assert all(strip_diacritics(f) == "bo" for f in forms)
    assert len(forms) == len(set(forms)) <= MAX_FORMS
    assert restorer.forms("zzzq") == []


def test_the_index_decides_between_forms_the_word_lists_both_know():
    lexicon = Lexicon.from_words(["bỏ rơi", "bộ trưởng"])
    counts = {"bỏ": 3, "rơi": 3, "bộ": 9, "trưởng": 9}
    pairs = {("bỏ", "rơi"): 3, ("bộ", "trưởng"): 9}
    model = Restorer(counts, lambda v, w: pairs.get((v, w), 0), lexicon)
    assert model.restore(["bo"]) == ["bộ"]  # alone: the more frequent form
    assert model.restore(["bo", "roi"]) == ["bỏ", "rơi"]  # in context: the pair seen
    assert model.restore(["bo", "truong"]) == ["bộ", "trưởng"]


def test_accuracy_counts_syllables_of_accented_texts_only(restorer):
    report = syllable_accuracy(restorer, ["trẻ em bị xâm hại", "tre em", "Tổng đài 111"])
    assert report["texts"] == 2 and report["syllables"] == 7
    assert report["accuracy"] == 1.0 and report["texts_exact"] == 1.0


def test_lexicon_knows_everyday_words_and_which_pairs_people_write():
    lexicon = vietnamese_lexicon()
    assert {"bố", "mẹ", "đánh", "nghiện"} <= lexicon.syllables
    assert ("bố", "mẹ") in lexicon.pairs and ("bỏ", "mẹ") not in lexicon.pairs
    assert {"bao", "cho", "ai", "tai"} <= lexicon.plain
    assert "xaam" not in lexicon.plain
