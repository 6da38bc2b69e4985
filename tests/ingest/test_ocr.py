"""OCR of scanned PDFs: scans rendered here from Vietnamese text (Pillow, 300 dpi, turned, speckled).

Tesseract and its Vietnamese model are Debian packages that ``make`` installs.
"""
from __future__ import annotations

import io
import json
import textwrap

import pytest
from pypdf import PdfReader, PdfWriter

from ingest.errors import UnsupportedInput
from ingest.pipeline import Vocabularies, ingest_bytes
from tests.ingest.builders import character_accuracy, make_pdf, make_scan

HEADER = "UBND TỈNH HÀ TĨNH - SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
TITLE = "Báo cáo kết quả công tác phòng, chống đuối nước trẻ em năm 2023"
PAGE_ONE = textwrap.wrap(
    "Năm 2023, toàn tỉnh xảy ra 12 vụ đuối nước làm 15 trẻ em tử vong, giảm 4 trẻ so với năm 2022. "
    "Nguyên nhân chủ yếu là trẻ em tắm sông, suối, ao hồ không có người lớn giám sát; nhiều gia đình "
    "chưa quan tâm dạy bơi và kỹ năng an toàn trong môi trường nước cho con em mình.", 60)
PAGE_TWO = textwrap.wrap(
    "Ủy ban nhân dân các huyện đã tổ chức 45 lớp dạy bơi cho 1.820 học sinh tiểu học, lắp đặt biển "
    "cảnh báo tại 96 điểm nguy hiểm và rà soát các ao, hồ, hố sâu gần trường học. Năm 2024 tiếp tục "
    "nhân rộng mô hình bể bơi di động ở những xã khó khăn của huyện Hương Sơn.", 60)


@pytest.fixture(scope="module")
def scanned_report() -> bytes:
    """Two pages with the same letterhead line on top and a page number below."""
    return make_scan([[HEADER, "", TITLE, "", *PAGE_ONE, "", "Trang 1"], [HEADER, "", *PAGE_TWO, "", "Trang 2"]])


@pytest.fixture(scope="module")
def ocr_draft(scanned_report):
    return ingest_bytes(scanned_report, "bao-cao-scan.pdf", Vocabularies.from_content())


def test_scanned_text_is_read_with_97_percent_character_accuracy(ocr_draft):
    assert character_accuracy(ocr_draft.body, " ".join(PAGE_ONE + PAGE_TWO)) >= 0.97
    assert ocr_draft.metadata["title"] == TITLE
    assert ocr_draft.metadata["kind"] == "admin"


def test_ocr_is_recorded_with_a_confidence(ocr_draft):
    assert ocr_draft.metadata["ocr"] is True
    assert 0.8 <= ocr_draft.metadata["ocr_confidence"] <= 1


def test_repeated_header_and_page_numbers_are_removed(ocr_draft):
    assert "THƯƠNG BINH" not in ocr_draft.body
    assert "Trang 1" not in ocr_draft.body and "Trang 2" not in ocr_draft.body


def test_places_are_found_in_scanned_text(ocr_draft):
    assert ocr_draft.metadata["places"] == ["Hương Sơn"]


def test_only_the_pages_without_a_text_layer_are_read_by_ocr():
    typed = make_pdf(["Kế hoạch phòng, chống đuối nước trẻ em năm 2024.", "Trang có lớp văn bản đầy đủ."])
    scanned = make_scan([PAGE_TWO])
    writer = PdfWriter()
    for data in (typed, scanned):
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    draft = ingest_bytes(buffer.getvalue(), "ke-hoach.pdf")
    text = f"{draft.metadata['title']}\n{draft.body}"
    assert "Kế hoạch phòng, chống đuối nước trẻ em năm 2024." in text and "Trang có lớp văn bản đầy đủ." in text
    assert character_accuracy(text.split("đầy đủ.", 1)[1], " ".join(PAGE_TWO)) >= 0.97
    assert draft.metadata["ocr"] is True


def test_without_tesseract_the_refusal_says_how_to_install_it(scanned_report, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(UnsupportedInput, match="apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils"):
        ingest_bytes(scanned_report, "scan.pdf")


def test_scanned_text_is_searchable(runner, tmp_path, scanned_report):
    path = tmp_path / "bao-cao-scan.pdf"
    path.write_bytes(scanned_report)
    assert runner("ingest", path).exit_code == 0
    result = runner("search", "--json", "bể bơi di động")
    hits = json.loads(result.output)["results"]
    assert hits and hits[0]["title"] == TITLE
