"""Rules that generalise: hard-wrap joining, crawl detection, legal headings, page frames."""
import pytest

from ingest.cleaning import is_article_end, is_boilerplate
from ingest.crawl import looks_crawled, repair_crawl, unwrap
from ingest.legal_text import heading_title, legal_markdown, strip_frame
from tests.conftest import SEEDS


@pytest.mark.parametrize("lines, paragraphs", [
    (["Trẻ em có hoàn cảnh đặc biệt", "là những người chịu nhiều thiệt thòi."],
     ["Trẻ em có hoàn cảnh đặc biệt là những người chịu nhiều thiệt thòi."]),
    (["Ngày 24/11/2025, tại Trụ sở", "Trung ương Đảng, đồng chí Tổng Bí thư"],
     ["Ngày 24/11/2025, tại Trụ sở Trung ương Đảng, đồng chí Tổng Bí thư"]),
    (["Tập huấn thăm hộ tại Quảng Ninh", "Từ ngày 20 -23/5/2020, lớp học"],  # a title ends on a name
     ["Tập huấn thăm hộ tại Quảng Ninh", "Từ ngày 20 -23/5/2020, lớp học"]),
    (["**QUYẾT ĐỊNH**", "VỀ", "VIỆC CÔNG BỐ DANH MỤC", "*Căn cứ Luật Tổ chức chính quyền địa phương"],
     ["**QUYẾT ĐỊNH** VỀ VIỆC CÔNG BỐ DANH MỤC", "*Căn cứ Luật Tổ chức chính quyền địa phương"]),
    (["1. Sở Y tế", "a) Công khai danh mục", "thủ tục hành chính;", "b) Chủ trì"],
     ["1. Sở Y tế", "a) Công khai danh mục thủ tục hành chính;", "b) Chủ trì"]),
    (["Quyết định 2022", "|", "tỉnh Cao Bằng", "", "-------", "**-----**", "Độc lập - Tự do - Hạnh phúc"],
     ["Quyết định 2022", "tỉnh Cao Bằng", "Độc lập - Tự do - Hạnh phúc"]),
    (["CHỦ NGHĨA VIỆT NAM**", "Độc lập - Tự do"], ["CHỦ NGHĨA VIỆT NAM**", "Độc lập - Tự do"]),
])
def test_unwrap(lines, paragraphs):
    assert unwrap(lines) == paragraphs


def test_seeds_do_not_look_crawled():
    for path in SEEDS.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not looks_crawled(text)
        assert repair_crawl(text) == (text, {})


@pytest.mark.parametrize("line, boilerplate, end", [
    ("Phụ lục 1.docx", True, False),
    ("04062021phuluc01.bhTT02(1).doc", True, False),
    ("1. Mau 01_So vu viec_01-TP-TGPL.xls", True, False),
    ("Đang tải văn bản...", True, False),
    ("Quyết định 2022/QĐ-UBND năm 2025 công bố Danh mục thủ tục hành chính", True, False),
    ("## Văn bản liên quan", False, True),
    ("NỘI DUNG SỬA ĐỔI, HƯỚNG DẪN", False, True),
    ("**FILE ĐƯỢC ĐÍNH KÈM THEO VĂN BẢN**", False, True),
    ("Văn bản này chưa cập nhật nội dung Tiếng Anh", False, True),
    ("Quyết định này có hiệu lực kể từ ngày ký.", False, False),
    ("Căn cứ Quyết định số 1235/QĐ-TTg ngày 03 tháng 7 năm 2014", False, False),
])
def test_portal_lines(line, boilerplate, end):
    assert (is_boilerplate(line), is_article_end(line)) == (boilerplate, end)


def test_legal_markdown_on_raw_forms():
    text = ("Chương II\n\nQUYỀN VÀ BỔN PHẬN CỦA TRẺ EM\n\nMục 1\n\nQUYỀN CỦA TRẺ EM\n\n"
            "Điều 12. Quyền sống\n\nTrẻ em có quyền được bảo vệ tính mạng.Điều 13. Quyền được khai sinh\n\n"
            "**Điều 14.** Trẻ em có quyền được chăm sóc.\n\nChương II QUYỀN VÀ BỔN PHẬN CỦA TRẺ EM\n\n"
            "Điều 12. Quyền sống")  # the repeated headings of a table of contents
    assert legal_markdown(text).split("\n\n") == [
        "## Chương II. QUYỀN VÀ BỔN PHẬN CỦA TRẺ EM", "### Mục 1. QUYỀN CỦA TRẺ EM", "#### Điều 12. Quyền sống",
        "Trẻ em có quyền được bảo vệ tính mạng.", "#### Điều 13. Quyền được khai sinh", "#### Điều 14.",
        "Trẻ em có quyền được chăm sóc."]


def test_strip_frame_keeps_other_sections():
    page = ("## THÔNG TIN VĂN BẢN\n\n| Số hiệu | Đang cập nhật |\n\n## VĂN BẢN\n# Trẻ em\n\nĐiều 1. A\n\n"
            "## Ghi chú\n\nNội dung.\n\n## Mục lục\n\n- Điều 1. A")
    assert strip_frame(page, "Trẻ em") == "Điều 1. A\n\n## Ghi chú\n\nNội dung."


@pytest.mark.parametrize("body, expected", [
    ("CHÍNH PHỦ\n\nSố: 56/2017/NĐ-CP\n\nNGHỊ ĐỊNH\n\nQUY ĐỊNH CHI TIẾT MỘT SỐ ĐIỀU CỦA LUẬT TRẺ EM\n\n"
     "Căn cứ Luật trẻ em ngày 05 tháng 4 năm 2016;\n\nCăn cứ Luật Trẻ em; theo Luật Trẻ em",
     ("Nghị định", "quy định chi tiết một số điều của Luật Trẻ em")),
    ("**THÔNG TƯ**\n\nHƯỚNG DẪN TỔ CHỨC THÁNG HÀNH ĐỘNG VÌ TRẺ EM\n\n**BỘ TRƯỞNG BỘ LAO ĐỘNG**",
     ("Thông tư", "hướng dẫn tổ chức tháng hành động vì trẻ em")),
    ("**QUYẾT ĐỊNH:**\n\nĐiều 1. Công bố", ("", "")),
    ("Tin tức về trẻ em", ("", "")),
])
def test_heading_title(body, expected):
    assert heading_title(body) == expected
