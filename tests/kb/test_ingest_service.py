"""One ingest service: the editor's upload and `kb ingest` make the same document of the same file,
with places, organisations, tags and the duplicate check, in an empty knowledge base."""
from __future__ import annotations

import io

import pytest

from kb.knowledge_base import KnowledgeBase
from tests.conftest import SEEDS
from tests.ingest.builders import docx_paragraph, docx_table, make_docx
from tests.kb.test_editor import form_fields, login, make_app

NOTICE = ("UBND TỈNH QUẢNG NINH\nSỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
          "Độc lập - Tự do - Hạnh phúc\nSố: 215/TB-SLĐTBXH\nQuảng Ninh, ngày 14 tháng 3 năm 2024\nTHÔNG BÁO\n"
          "Về việc tổ chức lớp tập huấn kỹ năng thăm hộ gia đình\n"
          "Sở Lao động - Thương binh và Xã hội tỉnh Quảng Ninh thông báo tổ chức lớp tập huấn về mô hình "
          "thăm hộ cho cán bộ làm công tác bảo vệ trẻ em cấp xã tại thành phố Hạ Long từ ngày 20/3/2024.\n"
          "Nơi nhận:\n- UBND các huyện, thị xã, thành phố;\n- Lưu: VT, BVCSTE.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n"
          "Nguyễn Thị Hạnh").encode()
GUIDE = make_docx(docx_paragraph("Sổ tay thăm hộ gia đình có trẻ em", "Title"),
                  docx_paragraph("Thăm hộ giúp cán bộ xã tại tỉnh Hà Tĩnh nắm hoàn cảnh của trẻ em."),
                  docx_paragraph("Đọc hồ sơ của trẻ;", numbered=True, num_id=2),
                  docx_paragraph("Hẹn lịch với gia đình.", numbered=True, num_id=2),
                  docx_table([["STT", "Việc cần làm"], ["1", "Đánh giá nguy cơ"]]))


def _post(client, name: str, data: bytes):
    fields = form_fields(client.get("/edit/new").get_data(as_text=True), "/edit/upload")
    return client.post("/edit/upload", data={**fields, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _upload(tmp_path, name: str, data: bytes):
    """Upload a file as the editor ``lan`` into an empty knowledge base; ``(app, stored document)``."""
    app = make_app(tmp_path / "web" / "content", tmp_path / "web" / "instance")
    client = app.test_client()
    login(client, "lan")
    response = _post(client, name, data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return app, app.extensions["kb"].content.get(response.headers["Location"].rsplit("/", 1)[1])


@pytest.mark.parametrize("name, data", [("thong-bao.txt", NOTICE), ("so-tay.docx", GUIDE),
                                        ("hoi-thao.txt", (SEEDS / "000_2191742f163256cd.txt").read_bytes())])
def test_upload_and_kb_ingest_give_the_same_front_matter(runner, tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    assert runner("ingest", path).exit_code == 0
    cli = KnowledgeBase(tmp_path / "content", tmp_path / "instance").content
    from_cli = cli.get(cli.ids()[0])
    _app, uploaded = _upload(tmp_path, name, data)
    expected = from_cli.front_matter()
    assert {**uploaded.front_matter(), "status": None} == {**expected, "status": None}
    assert uploaded.extra["status"] == "draft"
    assert uploaded.body == from_cli.body
    assert expected["places"] and expected["tags"]  # the bundled vocabularies, in an empty folder


def test_notice_is_an_administrative_paper_with_its_subject_as_title(runner, tmp_path):
    path = tmp_path / "thong-bao.txt"
    path.write_bytes(NOTICE)
    runner("ingest", path)
    content = KnowledgeBase(tmp_path / "content", tmp_path / "instance").content
    document = content.get(content.ids()[0])
    assert (document.title, document.kind, document.date, document.places, document.number) == (
        "Thông báo 215/TB-SLĐTBXH về việc tổ chức lớp tập huấn kỹ năng thăm hộ gia đình", "admin",
        "2024-03-14", ["Quảng Ninh", "Hạ Long"], "215/TB-SLĐTBXH")
    assert document.body.startswith("Sở Lao động - Thương binh và Xã hội tỉnh Quảng Ninh thông báo")
    assert "Nơi nhận" not in document.body and "Nguyễn Thị Hạnh" not in document.body


def test_upload_of_a_duplicate_is_refused_with_the_document_it_repeats(tmp_path):
    data = (SEEDS / "000_2191742f163256cd.txt").read_bytes()
    app, stored = _upload(tmp_path, "hoi-thao.txt", data)
    client = app.test_client()
    login(client, "minh")
    copy = "Bản tin: ".encode() + data.replace("Hòa Bình".encode(), "Lai Châu".encode())  # another title
    response = _post(client, "ban-sao.txt", copy)
    assert response.status_code == 409
    assert f"trùng với một tài liệu đã có: duplicate of {stored.id}" in response.get_data(as_text=True)
