"""Each raw document of ../shared/corpus ingests to a clean, well-described document.

Expected values were written by reading the sources: the admin crawls (site banner, header table
with one cell per line, hard-wrapped lines, portal footer) and the compendium pages (NFD, NBSP,
glued headings, attachment names, duplicated table of contents).
"""
import re
import unicodedata
from functools import lru_cache, cache

import pytest

from ingest.errors import EmptyInput
from ingest.legal import unit_heading
from ingest.pipeline import Vocabularies, ingest_path
from search.passages import heading_anchors
from tests.conftest import BUNDLED_CONTENT, CORPUS

ADMIN = CORPUS / "admin"
RAW = CORPUS / "phapdien-raw"
LAWS = CORPUS / "laws"

# Lines of the crawls' site frame: none may be a line of the body, or start one.
SITE_EXACT = {"|", "X", "**", "** **"}
SITE_LINES = ["Bản dịch này thuộc quyền sở hữu", "THƯ VIỆN PHÁP LUẬT", "CÁC NỘI DUNG ĐƯỢC SỬA ĐỔI",
              "Click vào phần bôi vàng", "Đang tải văn bản", "**Số hiệu:**", "**Loại văn bản:**",
              "Văn bản này chưa cập nhật nội dung Tiếng Anh", "## Văn bản liên quan", "Ban hành:", "Hiệu lực:",
              "NỘI DUNG SỬA ĐỔI, HƯỚNG DẪN", "**FILE ĐƯỢC ĐÍNH KÈM", "**Địa chỉ:**", "Thưa Quý khách",
              "Cảm ơn đã dùng ThuVienPhapLuat.vn", "- Bạn vừa bị Đăng xuất", "Tiếp tục sử dụng", "Quyết định 2022/QĐ-UBND năm",
              "Thông báo kết luận 432-TB/VPTW", "-------", "*****",
              # the frame of an official paper: motto, number, type line, signer (ingest.official)
              "CỘNG HÒA XÃ HỘI", "Độc lập - Tự do", "Số: ", "Số 432", "**CÔNG ĐIỆN**", "Lâm Thị Phương Thanh**",
              "**CHỦ TỊCH**", "Nơi nhận"]

CASES = [
    (ADMIN / "432-TB-VPTW-2025__tre-em-co-hoan-canh-dac-biet__raw.md",
     {"id": "thong-bao-432-tb-vptw-2025", "kind": "admin", "date": "2025-11-26", "number": "432-TB/VPTW",
      "doc_type": "Thông báo", "issuer": "Văn phòng Trung ương Đảng", "issued": "2025-11-26",
      "title": "Thông báo 432-TB/VPTW kết luận của đồng chí Tổng Bí thư tại buổi làm việc với Đảng uỷ Bộ Y tế và "
               "các ban, bộ, ngành Trung ương về công tác chăm sóc và bảo vệ trẻ em có hoàn cảnh đặc biệt"},
     ["Hà Nội", "TP. Hồ Chí Minh"],
     {"Văn phòng Trung ương Đảng", "Bộ Y tế", "Bộ Giáo dục và Đào tạo", "Hội Bảo vệ quyền trẻ em Việt Nam"},
     ["Ngày 24/11/2025, tại Trụ sở Trung ương Đảng, đồng chí Tổng Bí thư đã có buổi làm việc với Đảng uỷ Bộ Y tế, "
      "các ban, bộ, ngành Trung ương và địa phương[1] về công tác chăm sóc và bảo vệ trẻ em có hoàn cảnh đặc biệt "
      "khó khăn. Sau khi nghe Đảng uỷ Bộ Y tế báo cáo, ý kiến của các cơ quan liên quan, đồng chí Tổng Bí thư kết "
      "luận như sau:",
      "*4.4. *Giao Đảng uỷ Quốc hội chỉ đạo các cơ quan liên quan rà soát, hoàn thiện các quy định của pháp luật "
      "liên quan về trẻ em có hoàn cảnh đặc biệt theo đúng chủ trương của Đảng.",
      "Văn phòng Trung ương Đảng xin thông báo để các cơ quan có liên quan biết, thực hiện."]),
    (ADMIN / "2022-QD-UBND-CaoBang-2025__TTHC-tre-em-bao-tro-xa-hoi__raw.md",
     {"id": "quyet-dinh-2022-qd-ubnd-2025-cao-bang", "kind": "admin", "date": "2025-11-27", "number": "2022/QĐ-UBND",
      "doc_type": "Quyết định", "issuer": "Ủy ban nhân dân tỉnh Cao Bằng", "issued": "2025-11-27",
      "effective": "2025-11-27"},
     ["Cao Bằng"],
     {"Ủy ban nhân dân", "Sở Y tế", "Văn phòng Chính phủ"},  # "Bộ Y tế" only among the recipients
     ["*Căn cứ Nghị quyết số 66/NQ-CP ngày 26 tháng 3 năm 2025 của Chính phủ về Chương trình cắt giảm, đơn giản "
      "hóa thủ tục hành chính liên quan đến hoạt động sản xuất, kinh doanh năm 2025 và 2026;*",
      "#### Điều 1.", "#### Điều 2. Trách nhiệm thực hiện", "1. Sở Y tế",
      "b) Rà soát, tổng hợp khó khăn, vướng mắc phát sinh và tham mưu, đề xuất Chủ tịch Ủy ban nhân dân tỉnh chỉ "
      "đạo giải quyết.",
      "#### Điều 3.", "Quyết định này có hiệu lực kể từ ngày ký.",
      "**PHỤ LỤC 1** DANH MỤC THỦ TỤC HÀNH CHÍNH LĨNH VỰC BẢO TRỢ XÃ HỘI, LĨNH VỰC TRẺ EM VÀ LĨNH VỰC PHÒNG, "
      "CHỐNG TỆ NẠN XÃ HỘI THỰC HIỆN KHÔNG PHỤ THUỘC VÀO ĐỊA GIỚI HÀNH CHÍNH TRONG PHẠM VI TOÀN TỈNH THUỘC THẨM "
      "QUYỀN GIẢI QUYẾT CỦA SỞ Y TẾ, ỦY BAN NHÂN DÂN CẤP XÃ TỈNH CAO BẰNG",
      "| 2 | 1.012990 | Cấp giấy xác nhận quá trình thực hành công tác xã hội. |  |",  # a table row, rebuilt
      "Trả kết quả giải quyết TTHC cho tổ chức, cá nhân (trực tiếp hoặc qua dịch vụ bưu công ích tùy theo đăng ký)"]),
    (RAW / "xa-hoi__cong-dien-46-2026-cd-ttg-phong-chong-duoi-nuoc-tre-em.md",
     {"id": "cong-dien-46-cd-ttg-2026", "kind": "admin", "date": "2026-07-11", "number": "46/CĐ-TTg",
      "doc_type": "Công điện", "issuer": "Thủ tướng Chính phủ", "issued": "2026-07-11", "validity": "còn hiệu lực",
      "title": "Công điện 46/CĐ-TTg về tiếp tục tăng cường công tác phòng, chống đuối nước đối với trẻ em",
      "source": {"publisher": "vanban.chinhphu.vn"}},
     ["Lâm Đồng"],
     {"Thủ tướng Chính phủ", "Bộ Y tế", "Bộ Giáo dục và Đào tạo", "Mặt trận Tổ quốc Việt Nam"},
     ["- Ban Tuyên giáo và Dân vận Trung ương;"]),
    (RAW / "dan-so-gia-dinh-tre-em-binh-dang-gioi__tre-em.md",
     {"id": "tre-em", "kind": "law", "date": "2026-05-13", "title": "Trẻ em"},
     [],
     {"Quốc hội", "Chính phủ", "Bộ Lao động - Thương binh và Xã hội", "Hội Bảo vệ quyền trẻ em Việt Nam"},
     ["## Chương I. NHỮNG QUY ĐỊNH CHUNG", "#### Điều 8.1.LQ.1. Trẻ em", "Trẻ em là người dưới 16 tuổi.",
      "### Mục 1. QUYỀN CỦA TRẺ EM",
      # glued to the previous sentence in the source
      "Thời gian tổ chức phát động Tháng hành động vì trẻ em vào tuần cuối tháng 5 hoặc ngày 01 tháng 6 hằng năm.",
      "#### Điều 8.1.TT.6.3. Nội dung hoạt động của Tháng hành động vì trẻ em"]),
    (RAW / "bo-tro-tu-phap__tro-giup-phap-ly.md",
     {"id": "tro-giup-phap-ly", "kind": "law", "date": "2026-05-13", "title": "Trợ giúp pháp lý"},
     ["Huế", "Đà Nẵng", "Hà Nội"],  # the uniform rule: "từ Thừa Thiên Huế trở ra", "từ Đà Nẵng trở vào"
     {"Quốc hội", "Bộ Tư pháp", "Sở Tư pháp"},
     ["## Chương I. NHỮNG QUY ĐỊNH CHUNG"]),
]


@cache
def _ingest(path):
    """Each corpus file is ingested once for all the tests of this module (the compendium pages are big)."""
    return ingest_path(path, Vocabularies.from_content(BUNDLED_CONTENT))


@pytest.mark.parametrize("path, fields, places, organizations, lines", CASES, ids=[c[0].name[:40] for c in CASES])
def test_raw_document_ingests_cleanly(path, fields, places, organizations, lines):
    draft = _ingest(path)
    meta = draft.metadata
    for key, value in fields.items():
        assert meta.get(key) == value, key
    assert meta["places"] == places
    assert organizations <= set(meta["organizations"])
    body_lines = draft.body.split("\n")
    for line in lines:
        assert line in body_lines, line
    assert not SITE_EXACT & {line.strip() for line in body_lines}
    for site_line in SITE_LINES:
        assert not any(line.strip().startswith(site_line) for line in body_lines), site_line
    assert unicodedata.is_normalized("NFC", draft.body) and "\u00a0" not in draft.body
    assert not any(re.search(r"\.(docx?|xlsx?|pdf)$", line) for line in body_lines)  # attachment names


def test_compendium_page_has_the_law_structure_without_its_table_of_contents():
    draft = _ingest(RAW / "dan-so-gia-dinh-tre-em-binh-dang-gioi__tre-em.md")
    assert "Danh sách điều khoản" not in draft.body
    assert not re.search(r"^#+ \d{8,}$", draft.body, re.MULTILINE)
    headings = [unit_heading(line.lstrip("#").strip()) for line in draft.body.splitlines() if line.startswith("#")]
    law_articles = [number for level, number, _ in filter(None, headings) if number.startswith("8.1.LQ.")]
    assert law_articles == [f"8.1.LQ.{n}" for n in range(1, 107)]  # each once, in order
    anchors = heading_anchors(draft.body)
    assert [a for a in anchors if re.fullmatch(r"chuong-\d+", a)] == [f"chuong-{n}" for n in range(1, 8)]
    assert anchors[:2] == ["chuong-1", "dieu-8"]  # search.passages names the compendium numbers


def test_decision_articles_get_the_site_anchors():
    draft = _ingest(ADMIN / "2022-QD-UBND-CaoBang-2025__TTHC-tre-em-bao-tro-xa-hoi__raw.md")
    assert [a for a in heading_anchors(draft.body) if a.startswith("dieu-")] == ["dieu-1", "dieu-2", "dieu-3", "dieu-4"]
    refs = draft.metadata["references"]
    assert {"text": "Nghị định số 63/2010/NĐ-CP", "number": "63/2010/NĐ-CP"} in refs
    assert not any(r.get("number") == "2022/QĐ-UBND" for r in refs)  # not itself


def test_a_page_that_is_only_a_table_of_contents_is_refused():
    with pytest.raises(EmptyInput, match="no text left after cleaning"):
        ingest_path(RAW / "dan-so-gia-dinh-tre-em-binh-dang-gioi.md")


@pytest.mark.parametrize("path, expected", [
    (LAWS / "tre-em/102-2016-QH13.md",
     {"id": "luat-102-2016-qh13", "title": "Luật Trẻ em", "kind": "law", "date": "2016-04-05",
      "number": "102/2016/QH13", "doc_type": "Luật", "issuer": "Quốc hội", "issued": "2016-04-05",
      "effective": "2017-06-01", "source": {"publisher": "Bộ Pháp điển"}}),
    (LAWS / "tre-em/56-2017-ND-CP.md",
     {"id": "nghi-dinh-56-2017-nd-cp", "title": "Nghị định 56/2017/NĐ-CP quy định chi tiết một số điều của Luật Trẻ em",
      "kind": "law", "date": "2017-05-09", "number": "56/2017/NĐ-CP", "doc_type": "Nghị định", "issuer": "Chính phủ",
      "issued": "2017-05-09", "effective": "2017-07-01"}),
])
def test_legal_metadata_of_the_law_on_children_and_decree_56(path, expected):
    meta = ingest_path(path).metadata
    assert {key: meta.get(key) for key in expected} == expected
    assert "validity" not in meta and "status" not in meta  # the corpus does not say it


def test_references_of_decree_56():
    refs = ingest_path(LAWS / "tre-em/56-2017-ND-CP.md").metadata["references"]
    assert {"text": "Điều 3 Luật trẻ em", "title": "Luật trẻ em", "article": "3"} in refs
    assert all(set(r) <= {"text", "number", "title", "year", "article", "clause"} and r["text"] for r in refs)
    assert len({(r.get("number") or r.get("title", "").lower(), r.get("article"), r.get("clause")) for r in refs}) == len(refs)


@pytest.mark.parametrize("stem", ["432-TB-VPTW-2025__tre-em-co-hoan-canh-dac-biet",
                                  "2022-QD-UBND-CaoBang-2025__TTHC-tre-em-bao-tro-xa-hoi"])
def test_raw_and_cleaned_versions_are_one_document(stem):
    """The same decision crawled raw or cleaned by hand (its header as front matter) gets one id, so
    re-ingesting either updates it in place."""
    raw, clean = _ingest(ADMIN / f"{stem}__raw.md"), _ingest(ADMIN / f"{stem}__clean.md")
    keys = ("id", "title", "kind", "date", "number", "doc_type", "issuer", "issued")
    assert {k: raw.metadata.get(k) for k in keys} == {k: clean.metadata.get(k) for k in keys}
    assert clean.metadata["source"] == {"publisher": "thuvienphapluat.vn"}
    assert "Số hiệu" not in clean.metadata and "ghi_chu" in clean.metadata  # other keys are kept
