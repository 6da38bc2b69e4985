"""extract_date / extract_dates on the Vietnamese date forms of the seeds and of legal texts."""


import pytest

from ingest.dates import extract_date, extract_dates
from tests.conftest import SEEDS



@pytest.mark.parametrize("text, expected", [
    ("Trong hai ngày 12-13/7/2018, bộ phận Bảo trợ trẻ em của Tổ chức Good Neighbors", "2018-07-12"),
    ("TEV: Trong 2 ngày 23 và 24 tháng 10 năm 2017, Quỹ Hòa Bình Việt Nam đã tổ chức", "2017-10-23"),
    ("Ngày 23 Tháng 4 năm 2021, tại văn phòng Hội Bảo trợ trẻ em thành phố", "2021-04-23"),
    ("(LĐXH) - Từ ngày 20 -23/5/2020, tại thành phố Hạ Long", "2020-05-20"),
    ("Sáng 8/12, huyện Hương Sơn tổ chức tập huấn nghiệp vụ công tác trẻ em", None),
    ("- Ngày ban hành: 05/04/2016", "2016-04-05"),
    ("Báo cáo tháng 7/2018 của Cục Trẻ em", "2018-07"),
    ("Hà Nội, ngày 09 tháng 5 năm 2017", "2017-05-09"),
    ("Thông tư này có hiệu lực kể từ ngày 01 tháng 10 năm 2017.", "2017-10-01"),
    ("Hội nghị tháng 10 năm 2017 tại Hà Nội", "2017-10"),
    ("Tăng cường công tác phòng, chống đuối nước 21-11-2024 11:06 29", "2024-11-21"),
    ("Trại hè từ 30/6 - 2/7/2018 tại Thanh Hóa", "2018-06-30"),
    ("NGÀY 05 THÁNG 4 NĂM 2016", "2016-04-05"),
    ("Ngày 31/2/2018 không có thật; hội thảo ngày 05/04/2016", "2016-04-05"),
    ("Thông tư 02/2021/TT-BLĐTBXH hướng dẫn Nghị định 20/2021/NĐ-CP", None),
    ("Luật Trẻ em 2016 và các văn bản hướng dẫn", None),
    ("quý 1 năm 2021 và Quốc tế thiếu nhi 1/6", None),
    ("", None),
])
def test_extract_date(text, expected):
    assert extract_date(text) == expected


def test_only_the_lead_counts():
    text = "Sáng 8/12, huyện Hương Sơn tổ chức tập huấn. " + "Nội dung tập huấn. " * 90 + "Ngày 09/5/2017."
    assert extract_date(text) is None
    assert [d.iso for d in extract_dates(text)] == ["2017-05-09"]


@pytest.mark.parametrize("seed, expected", [
    ("000_2191742f163256cd.txt", "2018-07-12"),
    ("001_4182d4f4e57e55de.txt", "2017-10-23"),
    ("002_a411828a2ea0e620.txt", None),
    ("003_519e55cf800c329c.txt", "2021-04-23"),
    ("004_13f12e5bcff0bd0c.txt", "2020-05-20"),
])
def test_seeds(seed, expected):
    assert extract_date((SEEDS / seed).read_text(encoding="utf-8")) == expected


def test_all_dates_with_positions():
    text = "Nghị định 56/2017/NĐ-CP ngày 09/5/2017, có hiệu lực từ ngày 01 tháng 7 năm 2017."
    found = [(d.iso, d.text, text[d.start:d.end]) for d in extract_dates(text)]
    assert found == [
        ("2017-05-09", "09/5/2017", "09/5/2017"),
        ("2017-07-01", "ngày 01 tháng 7 năm 2017", "ngày 01 tháng 7 năm 2017"),
    ]
