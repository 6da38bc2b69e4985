"""Topic suggestions from the bundled taxonomy on the seed pages and on typical sentences."""


import pytest

from ingest.tags import Taxonomy, Topic, merge_tags
from tests.conftest import SEEDS

TAXONOMY = Taxonomy.for_content()


def _seed(name: str, title: str) -> tuple[str, str]:
    """Title and body of a seed page: the body starts after the title line, related news cut off."""
    text = (SEEDS / name).read_text(encoding="utf-8").split("\nTừ khóa:")[0]
    return title, text[text.index(title) + len(title):]


@pytest.mark.parametrize("seed, title, expected", [
    ("000_2191742f163256cd.txt", "Hội thảo Quản lý Trường hợp trẻ em 2018", ["quan-ly-truong-hop"]),
    ("001_4182d4f4e57e55de.txt", "HỘI THẢO QUỐC TẾ VỀ TĂNG CƯỜNG XÃ HỘI HÓA CÔNG TÁC TRỢ GIÚP XÃ HỘI",
     ["tro-giup-xa-hoi", "xa-hoi-hoa", "quyen-tre-em"]),
    ("002_a411828a2ea0e620.txt", "Nâng cao năng lực cho đội ngũ cán bộ làm công tác trẻ em",
     ["tap-huan", "xam-hai-bao-luc", "duoi-nuoc-thuong-tich", "hoan-canh-dac-biet"]),
    ("003_519e55cf800c329c.txt", "HỌP SƠ KẾT QUÝ 1 VÀ TRIỂN KHAI KẾ HOẠCH QUÝ 2 DỰ ÁN “BẢO VỆ VÀ NGĂN "
     "NGỪA LẠM DỤNG TRẺ EM TẠI TP. HCM”", ["xam-hai-bao-luc", "hoan-canh-dac-biet", "truyen-thong"]),
    ("004_13f12e5bcff0bd0c.txt", "Quảng Ninh: Tập huấn nâng cao năng lực về mô hình thăm hộ cho cán bộ "
     "các cấp và cộng tác viên công tác xã hội", ["tap-huan", "mua-ban-nguoi", "tham-ho", "cong-tac-xa-hoi"]),
])
def test_seeds(seed, title, expected):
    title, body = _seed(seed, title)
    assert TAXONOMY.suggest(title, body) == expected


LONG_FILLER = "Các đại biểu đã thảo luận, chia sẻ về những khó khăn, vướng mắc tại địa phương. " * 60


@pytest.mark.parametrize("title, body, expected", [
    # one term in the title is enough
    ("Phòng, chống đuối nước cho trẻ em mùa hè", "", ["duoi-nuoc-thuong-tich"]),
    # a passing mention in a body does not tag; three do in a short text
    ("Hội nghị tổng kết", "Có 7 trẻ em bị đuối nước. " + LONG_FILLER, []),
    ("Hội nghị tổng kết", "Đuối nước là nguy cơ. Dạy bơi cho trẻ. Phòng chống đuối nước.", ["duoi-nuoc-thuong-tich"]),
    # in a long body three mentions are not enough
    ("Hội nghị tổng kết", "Đuối nước. Đuối nước. Đuối nước. " + LONG_FILLER * 3, []),
    # the longest term wins: domestic violence is not also counted as violence
    ("Phòng, chống bạo lực gia đình", "", ["bao-luc-gia-dinh"]),
    ("Bạo lực học đường và bạo lực gia đình", "", ["bao-luc-gia-dinh", "bao-luc-hoc-duong"]),
    # spelling variants and case
    ("QUẢN LÍ TRƯỜNG HỢP", "", ["quan-ly-truong-hop"]),
    ("Tập huấn kĩ năng thăm hộ", "", ["tap-huan", "tham-ho"]),
    ("Chăm sóc thay thế và nhận con nuôi", "", ["cham-soc-thay-the", "nuoi-con-nuoi"]),
    ("Bảo vệ trẻ em trên môi trường mạng", "", ["moi-truong-mang"]),
])
def test_suggest(title, body, expected):
    assert TAXONOMY.suggest(title, body) == expected


def test_limit_keeps_the_best():
    title = "Tập huấn về mua bán người, thăm hộ, đuối nước, xâm hại, quyền trẻ em và bình đẳng giới"
    assert TAXONOMY.suggest(title, "Mua bán người. Mua bán người. Mua bán người.", limit=2) == \
        ["mua-ban-nguoi", "xam-hai-bao-luc"]


@pytest.mark.parametrize("slug, lang, expected", [
    ("tham-ho", "vi", "Thăm hộ gia đình"),
    ("tham-ho", "en", "Home visits"),
    ("mua-ban-nguoi", "en", "Human trafficking"),
    ("chu-de-rieng-cua-bien-tap", "vi", "chu-de-rieng-cua-bien-tap"),
])
def test_label(slug, lang, expected):
    assert TAXONOMY.label(slug, lang) == expected


@pytest.mark.parametrize("auto, editor, expected", [
    (["tap-huan", "tham-ho"], ["mua-ban-nguoi"], ["mua-ban-nguoi", "tap-huan", "tham-ho"]),
    (["tap-huan", "tham-ho"], ["tham-ho", "tap-huan"], ["tham-ho", "tap-huan"]),
    (["tap-huan", "tap-huan"], ["", " du-an-gni "], ["du-an-gni", "tap-huan"]),
    ([], [], []),
])
def test_merge_tags(auto, editor, expected):
    assert merge_tags(auto, editor) == expected


def test_taxonomy_data():
    assert len(TAXONOMY.topics) >= 30
    for slug in ["quan-ly-truong-hop", "xam-hai-bao-luc", "mua-ban-nguoi", "duoi-nuoc-thuong-tich",
                 "hoan-canh-dac-biet", "cham-soc-thay-the", "tro-giup-xa-hoi", "quyen-tre-em", "tap-huan",
                 "tham-ho", "moi-truong-mang", "tre-em-tham-gia", "khuyet-tat", "nguoi-cao-tuoi",
                 "binh-dang-gioi", "bao-luc-gia-dinh", "tro-giup-phap-ly", "nuoi-con-nuoi", "bao-luc-hoc-duong"]:
        assert slug in TAXONOMY.topics


@pytest.mark.parametrize("yaml_text, message", [
    ("topics:\n  - {slug: Quản lý, vi: Quản lý, en: Management, terms: [quản lý]}\n", "slug"),
    ("topics:\n  - {slug: a-b, vi: A, en: A, terms: [x y]}\n  - {slug: a-b, vi: B, en: B, terms: [z t]}\n",
     "twice"),
    ("topics:\n  - {slug: tham-ho, vi: Thăm hộ, terms: [thăm hộ]}\n", "needs vi, en"),
])
def test_bad_taxonomy(tmp_path, yaml_text, message):
    path = tmp_path / "taxonomy.yml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        Taxonomy.from_yaml(path)


def test_topic_without_yaml():
    taxonomy = Taxonomy([Topic("tham-ho", "Thăm hộ gia đình", "Home visits", ("thăm hộ", "thăm gia đình"))])
    assert taxonomy.count("Thăm hộ, thăm gia đình và thăm hộ") == {"tham-ho": 3}
