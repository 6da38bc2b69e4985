"""Crawled tables, one cell per paragraph, rebuilt as Markdown tables, rendered and searchable."""
from __future__ import annotations

import json

from ingest.pipeline import ingest_bytes
from ingest.tables import rebuild_tables
from kb.documents.render import render_markdown

CRAWLED = """Kết quả hỗ trợ trẻ em bị ảnh hưởng bởi bão số 3 tại tỉnh Yên Bái

Ngày 20/9/2024, Sở Lao động - Thương binh và Xã hội tỉnh Yên Bái tổng hợp kết quả hỗ trợ trẻ em như sau:

**STT**

**Huyện, thị xã**

**Số trẻ em được hỗ trợ**

**Kinh phí (triệu đồng)**

1

Lục Yên

412

824

2

Văn Yên

298

596

3

Mù Cang Chải

157

314

Các địa phương tiếp tục rà soát trẻ em mồ côi do bão để hỗ trợ lâu dài.
"""
TABLE = ("| STT | Huyện, thị xã | Số trẻ em được hỗ trợ | Kinh phí (triệu đồng) |\n| --- | --- | --- | --- |\n"
         "| 1 | Lục Yên | 412 | 824 |\n| 2 | Văn Yên | 298 | 596 |\n| 3 | Mù Cang Chải | 157 | 314 |")


def test_crawled_table_is_rebuilt_between_its_paragraphs():
    draft = ingest_bytes(CRAWLED.encode(), "bao-so-3.txt")
    assert draft.body.split("\n\n") == [
        "Ngày 20/9/2024, Sở Lao động - Thương binh và Xã hội tỉnh Yên Bái tổng hợp kết quả hỗ trợ trẻ em như sau:",
        TABLE, "Các địa phương tiếp tục rà soát trẻ em mồ côi do bão để hỗ trợ lâu dài."]


def test_rebuilt_table_is_rendered_as_a_table():
    html = render_markdown(TABLE).html
    assert "<table>" in html and "<th>Số trẻ em được hỗ trợ</th>" in html and "<td>Mù Cang Chải</td>" in html


def test_rows_without_their_empty_cells_are_padded_and_section_rows_kept():
    body = "\n\n".join(["**STT**", "**Thủ tục**", "**Ghi chú**", "**I**", "**CẤP TỈNH**", "1", "Cấp giấy phép",
                        "2", "Cấp lại", "Miễn phí", "Hết danh mục."])
    assert rebuild_tables(body) == ("| STT | Thủ tục | Ghi chú |\n| --- | --- | --- |\n| **I** | **CẤP TỈNH** |  |\n"
                                    "| 1 | Cấp giấy phép |  |\n| 2 | Cấp lại | Miễn phí |\n\nHết danh mục.")


def test_a_list_of_numbers_without_a_numbering_header_is_left_alone():
    body = "Kết quả\n\n1\n\nLục Yên\n\n2\n\nVăn Yên"
    assert rebuild_tables(body) == body


def test_table_cells_are_searchable(runner, tmp_path):
    path = tmp_path / "bao-so-3.txt"
    path.write_text(CRAWLED, encoding="utf-8")
    assert runner("ingest", path).exit_code == 0
    hits = json.loads(runner("search", "--json", "Mù Cang Chải").output)["results"]
    assert hits and hits[0]["title"] == "Kết quả hỗ trợ trẻ em bị ảnh hưởng bởi bão số 3 tại tỉnh Yên Bái"
