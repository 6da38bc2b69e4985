"""Places and organisations in the seed pages and in typical phrases, from content/*.yml."""


import pytest
import yaml

from ingest.entities import Entry, Gazetteer, find_entities
from search.datafiles import bundled_path
from tests.conftest import SEEDS

PLACES = Gazetteer.for_content("places.yml")
ORGS = Gazetteer.for_content("organizations.yml")


def _article(seed: str) -> str:
    """The seed's text without the related-news list that the cleaner removes ("Từ khóa:" on)."""
    return (SEEDS / seed).read_text(encoding="utf-8").split("\nTừ khóa:")[0]


@pytest.mark.parametrize("seed, places, orgs", [
    ("000_2191742f163256cd.txt",
     ["Hà Nội", "Hòa Bình", "Tuyên Quang", "Thanh Hóa", "Hà Giang"],
     ["Good Neighbors International", "Cục Trẻ em", "Bộ Lao động - Thương binh và Xã hội"]),
    ("001_4182d4f4e57e55de.txt",
     ["Hà Nội", "Yên Bái", "Huế", "TP. Hồ Chí Minh"],
     ["Quỹ Hòa Bình Việt Nam", "Cục Bảo trợ xã hội", "Bộ Lao động - Thương binh và Xã hội", "ASEAN",
      "Hội Bảo vệ quyền trẻ em Việt Nam"]),
    ("002_a411828a2ea0e620.txt",
     ["Hương Sơn", "Hà Tĩnh"],
     ["Ủy ban nhân dân", "Sở Lao động - Thương binh và Xã hội"]),
    ("003_519e55cf800c329c.txt",
     ["TP. Hồ Chí Minh", "Quận 8", "Bình Chánh"],
     ["Hội Bảo trợ trẻ em TP. Hồ Chí Minh", "Phòng Lao động - Thương binh và Xã hội"]),
    ("004_13f12e5bcff0bd0c.txt",
     ["Quảng Ninh", "Hạ Long"],
     ["Sở Lao động - Thương binh và Xã hội", "World Vision International", "Bộ đội Biên phòng",
      "Hội Liên hiệp Phụ nữ Việt Nam", "Phòng Lao động - Thương binh và Xã hội", "Ủy ban nhân dân"]),
])
def test_seeds(seed, places, orgs):
    assert find_entities(_article(seed), PLACES, ORGS) == (places, orgs)


@pytest.mark.parametrize("text, places, orgs", [
    # an organisation's name hides the province inside it
    ("Quỹ Hòa Bình Việt Nam đã tổ chức Hội thảo quốc tế", [], ["Quỹ Hòa Bình Việt Nam"]),
    ("Dự án tại tỉnh Hòa Bình", ["Hòa Bình"], []),
    # ordinary words and longer names that are no place
    ("vì hòa bình và thái bình thịnh trị", [], []),
    ("Hội nghị Bộ trưởng khu vực châu Á - Thái Bình Dương", [], []),
    ("Dự án sử dụng vốn viện trợ phi Chính phủ nước ngoài", [], []),
    ("Nghị định 56/2017/NĐ-CP của Chính phủ", [], ["Chính phủ"]),
    ("Thông tư 28/2019/TT-BLĐTBXH", [], []),
    ("Chủ tịch Hồ Chí Minh và Đoàn Thanh niên Cộng sản Hồ Chí Minh", [], ["Đoàn Thanh niên Cộng sản Hồ Chí Minh"]),
    # spelling variants of one place or organisation
    ("TP.HCM, TP. HCM, Tp. Hồ Chí Minh, thành phố Hồ Chí Minh, Sài Gòn", ["TP. Hồ Chí Minh"], []),
    ("Thanh Hoá và Hoà Bình", ["Thanh Hóa", "Hòa Bình"], []),
    ("Thừa Thiên Huế", ["Huế"], []),
    ("HÀ NỘI - HẢI PHÒNG", ["Hà Nội", "Hải Phòng"], []),
    ("Quận 10, quận 1 và Huyện Bình Chánh", ["Quận 10", "Quận 1", "Bình Chánh"], []),
    ("Bộ LĐ-TB&XH, Bộ Lao động Thương binh và Xã hội, LĐTBXH",
     [], ["Bộ Lao động - Thương binh và Xã hội"]),
    ("Sở Lao động Thương binh & Xã hội tỉnh Quảng Ninh",
     ["Quảng Ninh"], ["Sở Lao động - Thương binh và Xã hội"]),
    ("Phó phòng LĐTBXH quận 8", ["Quận 8"], ["Phòng Lao động - Thương binh và Xã hội"]),
    ("UNICEF, Plan International và Save the Children; Tổ chức GNI; Hội BVQTEVN; © HCWA",
     [], ["UNICEF", "Plan International", "Save the Children", "Good Neighbors International",
          "Hội Bảo vệ quyền trẻ em Việt Nam", "Hội Bảo trợ trẻ em TP. Hồ Chí Minh"]),
    ("Ủy ban Thường vụ Quốc hội và Thủ tướng Chính phủ", [], ["Ủy ban Thường vụ Quốc hội", "Thủ tướng Chính phủ"]),
    ("Mr. gni said the plan works", [], []),  # acronyms are case-sensitive; "plan" is no NGO
])
def test_phrases(text, places, orgs):
    assert find_entities(text, PLACES, ORGS) == (places, orgs)


def test_single_gazetteer_find():
    assert PLACES.find("Hà Nội, Huế, Tp. Hồ Chí Minh và TP.HCM; lại Hà Nội") == ["Hà Nội", "Huế", "TP. Hồ Chí Minh"]
    assert ORGS.find("GNI và Good Neighbors International") == ["Good Neighbors International"]


def test_gazetteer_data():
    raw = yaml.safe_load(bundled_path("ingest", "places.yml").read_text(encoding="utf-8"))["entries"]
    provinces = [e for e in raw if e["kind"] in ("tỉnh", "thành phố trực thuộc trung ương")]
    assert len(provinces) == 63
    assert len({e["merged_2025"] for e in provinces}) == 34
    names = {e["name"] for e in raw}
    assert {e["province"] for e in raw if "province" in e} <= names
    assert PLACES.entries["Hạ Long"].info["province"] == "Quảng Ninh"
    assert PLACES.entries["Hà Giang"].info["merged_2025"] == "Tuyên Quang"


def test_entry_without_yaml():
    gazetteer = Gazetteer([Entry("Cục Trẻ em", aliases=("Cục Bảo vệ chăm sóc trẻ em",))])
    assert gazetteer.find("Cục Bảo vệ, chăm sóc trẻ em (nay là Cục Trẻ em)") == ["Cục Trẻ em"]
    assert gazetteer.find("Cục Bảo vệ, chăm sóc trẻ em") == ["Cục Trẻ em"]
    assert gazetteer.find("cục trẻ em") == ["Cục Trẻ em"]
