"""Exports of a collection (DOCX, Markdown, print page, RIS, BibTeX), hostile notes kept inert in
every one of them, the JSON API against its OpenAPI description, and backups."""
from __future__ import annotations

import io

import bibtexparser
import docx
import markdown
import pytest
import rispy

from kb import create_app, maintenance
from kb.knowledge_base import KnowledgeBase
from tests.kb.test_api import check
from tests.kb.test_collections import CLAUSE_3, DECREE, LAW, add, new_collection, reader  # noqa: F401
from tests.kb.test_editor import editor_app, lan, login  # noqa: F401

HOSTILE = ("<script>alert('x')</script> [bấm vào](javascript:alert(1)) <img src=x onerror=alert(2)>\r\n"
           "ER  - \r\nTY  - JOUR\r\nTI  - Giả mạo\n# Tiêu đề giả\n}, title = {Giả mạo}, x = {\\}")


@pytest.fixture
def handout(editor_app, reader):
    """A collection of three passages from two documents, one with a note: its id."""
    collection_id = new_collection(reader, "Tập huấn: tiếp nhận & xử lý tin báo")
    add(reader, collection_id, LAW, "dieu-51", note="Nhấn mạnh khoản 3: Tổng đài 111")
    add(reader, collection_id, DECREE, "dieu-32-khoan-3")
    add(reader, collection_id, LAW, "dieu-10-khoan-1")
    return collection_id


def test_docx_has_headings_passages_with_their_numbers_notes_citations_and_sources(reader, handout):
    response = reader.get(f"/collections/{handout}/export.docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="bo-tai-lieu-{handout}.docx"'
    document = docx.Document(io.BytesIO(response.data))
    paragraphs = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings == ["Tập huấn: tiếp nhận & xử lý tin báo", "1. Điều 51 – Luật Trẻ em số 102/2016/QH13",
                        "2. Khoản 3 Điều 32 – Nghị định số 56/2017/NĐ-CP quy định chi tiết một số điều của "
                        "Luật Trẻ em", "3. Khoản 1 Điều 10 – Luật Trẻ em số 102/2016/QH13",
                        "Danh mục nguồn trích dẫn"]
    assert CLAUSE_3 in "\n".join(paragraphs)
    assert any(p.startswith("1. Trẻ em có hoàn cảnh đặc biệt") for p in paragraphs)
    assert "a) Trẻ em mồ côi cả cha và mẹ;" in paragraphs
    assert "Ghi chú của giảng viên: Nhấn mạnh khoản 3: Tổng đài 111" in paragraphs
    assert any(p.startswith("Trích dẫn: Khoản 3 Điều 32, Nghị định số 56/2017/NĐ-CP") and p.endswith("[2]")
               for p in paragraphs)
    (table,) = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["STT", "Nguồn", "Liên kết"] and [row[0] for row in rows[1:]] == ["1", "2"]
    assert "truy cập ngày" in rows[1][1] and rows[1][2] == f"http://localhost/doc/{LAW}"
    assert document.sections[0].page_width.cm == pytest.approx(21, abs=0.01)


def test_markdown_and_print_page_and_citation_files(reader, handout):
    text = reader.get(f"/collections/{handout}/export.md").get_data(as_text=True)
    assert text.startswith("# Tập huấn: tiếp nhận & xử lý tin báo\n")
    assert "## 2. Khoản 3 Điều 32 – Nghị định số 56/2017/NĐ-CP" in text
    assert "> 3\\. Chính phủ thiết lập tổng đài điện thoại quốc gia" in text  # the number kept as written
    html = markdown.markdown(text)
    assert "<ol" not in html.split("Danh mục nguồn")[0]  # no renumbering of clauses
    assert "\n2. Nghị định số 56/2017/NĐ-CP quy định chi tiết một số điều của Luật Trẻ em, Chính phủ" in text
    assert html.split("Danh mục nguồn")[1].count("<li>") == 2  # the numbered source list
    assert f"http://localhost/doc/{DECREE}/a/dieu-32-khoan-3" in text

    page = reader.get(f"/collections/{handout}/print").get_data(as_text=True)
    assert "handout-print.css" in page and "<form" not in page and CLAUSE_3 in page
    css = reader.get("/static/handout-print.css").get_data(as_text=True)
    assert "size:A4" in css and "color:#000" in css

    records = rispy.loads(reader.get(f"/collections/{handout}/export.ris").get_data(as_text=True))
    assert [r["title"] for r in records] == ["Luật Trẻ em số 102/2016/QH13",
                                            "Nghị định số 56/2017/NĐ-CP quy định chi tiết một số điều của "
                                            "Luật Trẻ em"]
    assert records[0]["notes"] == ["Điều 51: Nhấn mạnh khoản 3: Tổng đài 111"]
    library = bibtexparser.parse_string(reader.get(f"/collections/{handout}/export.bib").get_data(as_text=True))
    assert [entry.key for entry in library.entries] == [LAW, DECREE] and not library.failed_blocks


def test_hostile_notes_and_names_are_inert_in_pages_and_exports(reader):
    collection_id = new_collection(reader, "Tên <b>đậm</b> [x](javascript:alert(1))")
    add(reader, collection_id, LAW, "dieu-51-khoan-3", note=HOSTILE)
    add(reader, collection_id, DECREE, "dieu-32-khoan-3", note="\x00\x0bGhi chú\x1b có ký tự điều khiển")
    page = reader.get(f"/collections/{collection_id}").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page and "&lt;script&gt;" in page
    assert "Ghi chú có ký tự điều khiển" in page

    html = markdown.markdown(reader.get(f"/collections/{collection_id}/export.md").get_data(as_text=True))
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert 'href="javascript' not in html and "<h1>Tiêu đề giả" not in html
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html

    records = rispy.loads(reader.get(f"/collections/{collection_id}/export.ris").get_data(as_text=True))
    assert len(records) == 2 and records[0]["title"] == "Luật Trẻ em số 102/2016/QH13"
    assert records[0]["notes"][0].startswith("Khoản 3 Điều 51: <script>") and "ER - TY - JOUR" in records[0]["notes"][0]
    library = bibtexparser.parse_string(reader.get(f"/collections/{collection_id}/export.bib").get_data(as_text=True))
    assert len(library.entries) == 2 and not library.failed_blocks
    assert {field.key for field in library.entries[0].fields} >= {"title", "annote"}
    assert "x" not in {field.key for entry in library.entries for field in entry.fields}
    assert library.entries[0]["title"] == "{Luật Trẻ em số 102/2016/QH13}"

    document = docx.Document(io.BytesIO(reader.get(f"/collections/{collection_id}/export.docx").data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "<script>alert('x')</script>" in text  # plain text in Word, never markup
    assert "Ghi chú có ký tự điều khiển" in text


def test_api_builds_a_collection_validated_by_the_openapi_description(editor_app, reader, lan):
    spec = editor_app.test_client().get("/api/openapi.json").get_json()
    anonymous = editor_app.test_client()
    assert anonymous.get("/api/collections").status_code == 401
    listing = check(spec, reader.get("/api/collections"), 200, "CollectionList")
    headers = {"X-CSRF-Token": listing["csrf_token"]}
    created = check(spec, reader.post("/api/collections", json={"name": "Qua API", "description": "Thử"},
                                      headers=headers), 201, "Collection")
    base = f"/api/collections/{created['id']}"
    check(spec, reader.post(f"{base}/items", json={"doc_id": LAW, "anchor": "dieu-51-khoan-3", "note": "A"},
                            headers=headers), 201, "Collection")
    body = check(spec, reader.post(f"{base}/items", json={"doc_id": DECREE}, headers=headers), 201, "Collection")
    first, whole = [item["id"] for item in body["items"]]
    assert body["items"][0]["cited_text"].startswith("3. Chính phủ") and body["items"][1]["anchor"] == ""
    assert body["items"][0]["revision"] is not None and body["items"][0]["status"]["flagged"] is False
    body = check(spec, reader.patch(f"{base}/items/{whole}", json={"position": 0, "note": "Đọc trước"},
                                    headers=headers), 200, "Collection")
    assert [item["id"] for item in body["items"]] == [whole, first] and body["items"][0]["note"] == "Đọc trước"
    assert reader.patch(f"{base}/items/{whole}", json={"position": "đầu"}, headers=headers).status_code == 400
    assert reader.post(f"{base}/items", json={"doc_id": LAW, "anchor": "dieu-999"},
                       headers=headers).status_code == 404
    body = check(spec, reader.post(f"{base}/share", headers=headers), 200, "Collection")
    share = body["share_url"].split("share=")[1]
    shared = check(spec, anonymous.get(f"{base}?share={share}"), 200, "Collection")
    assert shared["share_url"] is None and shared["exports"]["docx"].endswith(f"share={share}")
    assert lan.get(base).status_code == 404 and lan.get(f"{base}?share={share}").status_code == 200
    assert reader.delete(f"{base}/share", headers=headers).status_code == 204
    check(spec, anonymous.get(f"{base}?share={share}"), 404, "Error")
    assert reader.delete(f"{base}/items/{first}", headers=headers).status_code == 204
    assert reader.delete(base, headers=headers).status_code == 204
    assert reader.get(base).status_code == 404


def test_backup_and_restore_keep_collections(editor_app, reader, tmp_path):
    collection_id = new_collection(reader, "Sao lưu")
    add(reader, collection_id, LAW, "dieu-51-khoan-3", note="Giữ khi khôi phục")
    kb = editor_app.extensions["kb"]
    maintenance.backup(kb, tmp_path / "backup.tar.gz")
    restored = KnowledgeBase(tmp_path / "restored" / "content", tmp_path / "restored" / "instance")
    maintenance.restore(restored, tmp_path / "backup.tar.gz")
    restored_app = create_app({"TESTING": True, "CONTENT_DIR": str(restored.content.root),
                               "INSTANCE_DIR": str(restored.instance_dir), "SECRET_KEY": "test"})
    client = restored_app.test_client()
    login(client, "docgia")
    page = client.get(f"/collections/{collection_id}").get_data(as_text=True)
    assert "Sao lưu" in page and CLAUSE_3 in page and "Giữ khi khôi phục" in page
