"""Exact and near duplicates: the same news item syndicated by two sites is found, others are not."""
import pytest

from ingest.duplicates import THRESHOLD, ShingleIndex, find_duplicate, jaccard, shingles
from ingest.pipeline import ingest_path
from tests.conftest import SEEDS

ARTICLE = ("300 cán bộ tại huyện Hương Sơn (Hà Tĩnh) được tập huấn nâng cao năng lực về công tác bảo vệ, chăm sóc "
           "trẻ em. Sáng 8/12, UBND huyện Hương Sơn phối hợp với Tổ chức Tầm nhìn Thế giới tổ chức lớp tập huấn cho "
           "đội ngũ cán bộ làm công tác trẻ em ở 21 xã, thị trấn. Tại lớp tập huấn, các học viên được trang bị kiến "
           "thức về quyền trẻ em, kỹ năng phát hiện, can thiệp và hỗ trợ trẻ em bị xâm hại, quy trình quản lý "
           "trường hợp và phối hợp liên ngành trong bảo vệ trẻ em tại cộng đồng.")


@pytest.mark.parametrize("candidate, duplicate", [
    (ARTICLE, True),  # the same file saved twice
    ("(Baohatinh.vn) - " + ARTICLE, True),  # syndicated with the other site's lead
    (ARTICLE.replace("Sáng 8/12", "Sáng ngày 8/12").replace("21 xã", "21 xã,") + " Ảnh: Báo Hà Tĩnh", True),
    ("**" + ARTICLE.upper() + "**", True),  # case and Markdown do not matter
    (ARTICLE[: len(ARTICLE) // 2], False),  # half of it is another (shorter) story
    ("Hội thảo quốc tế về tăng cường xã hội hóa công tác trợ giúp xã hội diễn ra tại Hà Nội.", False),
    ("", False),
])
def test_near_duplicates(candidate, duplicate):
    found = find_duplicate(candidate, [("tin-huong-son", ARTICLE), ("khac", "Trẻ em là người dưới 16 tuổi.")])
    assert (found is not None and found.doc_id == "tin-huong-son") == duplicate
    if found:
        assert found.similarity >= THRESHOLD


def test_shingles_and_jaccard():
    assert jaccard(shingles(ARTICLE), shingles(ARTICLE)) == 1.0
    assert jaccard(shingles("một hai ba bốn năm sáu"), shingles("một hai ba bốn năm bảy")) == pytest.approx(1 / 3)
    assert shingles("") == frozenset()


def test_index_excludes_the_document_itself_and_learns_new_ones():
    index = ShingleIndex([("tin-huong-son", ARTICLE)])
    assert index.match(ARTICLE, exclude="tin-huong-son") is None
    other = "Quảng Ninh tập huấn nâng cao năng lực về mô hình thăm hộ cho cán bộ các cấp và cộng tác viên. " * 3
    assert index.match(other) is None
    index.add("quang-ninh", other)
    assert index.match(other).doc_id == "quang-ninh"


def test_the_seeds_are_not_duplicates_of_each_other():
    bodies = [(path.name, ingest_path(path).body) for path in sorted(SEEDS.iterdir())]
    for name, body in bodies:
        assert find_duplicate(body, [(n, b) for n, b in bodies if n != name]) is None
