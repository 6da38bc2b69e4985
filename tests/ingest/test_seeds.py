"""Each raw seed page ingests to a clean document: right title, kind and date, no boilerplate."""
import pytest

from ingest.pipeline import ingest_path
from tests.conftest import SEEDS

CASES = [
    ("000_2191742f163256cd.txt", "Hội thảo Quản lý Trường hợp trẻ em 2018", "workshop", "2018-07-12",
     ["Sử dụng phiên bản máy tính", "Dưới đây là một số hình ảnh"]),
    ("001_4182d4f4e57e55de.txt", "HỘI THẢO QUỐC TẾ VỀ TĂNG CƯỜNG XÃ HỘI HÓA CÔNG TÁC TRỢ GIÚP XÃ HỘI",
     "workshop", "2017-10-23", ["Bình luận", "Email của bạn sẽ không được hiển thị"]),
    ("002_a411828a2ea0e620.txt", "Nâng cao năng lực cho đội ngũ cán bộ làm công tác trẻ em", "news", "",
     ["Đọc thêm", "Tin mới Emagazine"]),
    ("003_519e55cf800c329c.txt",
     "HỌP SƠ KẾT QUÝ 1 VÀ TRIỂN KHAI KẾ HOẠCH QUÝ 2 DỰ ÁN “BẢO VỆ VÀ NGĂN NGỪA LẠM DỤNG TRẺ EM TẠI TP. HCM”",
     "workshop", "2021-04-23", ["Chuyển tới nội dung", "bởi", "Tag:", "© HCWA", "Facebook", "Instagram",
                                "Follow by Email"]),
    ("004_13f12e5bcff0bd0c.txt",
     "Quảng Ninh: Tập huấn nâng cao năng lực về mô hình thăm hộ cho cán bộ các cấp và cộng tác viên công tác xã hội",
     "workshop", "2020-05-20", ["Từ khóa:", "Lạng Sơn: Quan tâm đào tạo nghề", "24-11-2024 08:01 44",
                                "Các học viên chụp ảnh lưu niệm"]),
]


@pytest.mark.parametrize("name, title, kind, date, absent", CASES)
def test_seed_ingests_cleanly(name, title, kind, date, absent):
    draft = ingest_path(SEEDS / name)
    assert draft.metadata["title"] == title
    assert draft.metadata["kind"] == kind
    assert draft.metadata["date"] == date
    lines = draft.body.split("\n")
    for boilerplate in absent:
        assert not any(line.strip().startswith(boilerplate) for line in lines), boilerplate
    assert title not in draft.body  # the repeated title line is gone


def test_seed_003_decorative_letters_become_plain_vietnamese():
    body = ingest_path(SEEDS / "003_519e55cf800c329c.txt").body
    assert "“Bảo vệ và ngăn ngừa lạm dụng trẻ em tại thành phố Hồ Chí Minh”" in body


def test_seed_authors_and_publisher_are_taken_from_the_text():
    assert ingest_path(SEEDS / "004_13f12e5bcff0bd0c.txt").metadata["authors"] == ["Mạc Văn Hùng"]
    draft = ingest_path(SEEDS / "002_a411828a2ea0e620.txt")
    assert draft.metadata["source"] == {"publisher": "Baohatinh.vn"}
    assert draft.body.startswith("300 cán bộ tại huyện Hương Sơn (Hà Tĩnh)")


def test_law_markdown_gets_number_issuer_and_title(tmp_path):
    from tests.conftest import CORPUS
    draft = ingest_path(CORPUS / "laws" / "tre-em" / "102-2016-QH13.md")
    assert draft.id == "luat-102-2016-qh13"
    assert (draft.metadata["title"], draft.metadata["number"], draft.metadata["issuer"],
            draft.metadata["issued"], draft.metadata["kind"]) == (
        "Luật Trẻ em", "102/2016/QH13", "Quốc hội", "2016-04-05", "law")
    assert draft.body.startswith("## Chương I. NHỮNG QUY ĐỊNH CHUNG")
    assert "Số hiệu:" not in draft.body
