"""Drafts and documents in review stay private; hand-written source links cannot run script."""
import pytest

from kb import create_app
from kb.documents.content import Document


@pytest.fixture
def draft_app(fresh_kb):
    fresh_kb.save(Document(id="ban-nhap-tham-ho", title="Bản nháp: quy trình thăm hộ gia đình",
                           kind="guidance", body="Các bước thăm hộ gia đình trẻ em có hoàn cảnh đặc biệt.",
                           extra={"status": "draft"}))
    fresh_kb.save(Document(id="nguon-doc-hai", title="Tin có nguồn độc hại", kind="news",
                           source={"url": "javascript:alert(1)", "publisher": "Trang lạ"},
                           body="Nội dung tin."))
    return create_app({"TESTING": True, "CONTENT_DIR": str(fresh_kb.content.root),
                       "INSTANCE_DIR": str(fresh_kb.instance_dir), "SECRET_KEY": "test"})


def test_a_draft_is_hidden_from_readers_everywhere(draft_app):
    client = draft_app.test_client()
    assert client.get("/doc/ban-nhap-tham-ho").status_code == 404
    assert client.get("/api/documents/ban-nhap-tham-ho").status_code == 404
    assert client.get("/doc/ban-nhap-tham-ho/cite.ris").status_code == 404
    for path in ["/", "/feed.atom", "/kind/guidance", "/search?q=bản+nháp+thăm+hộ"]:
        assert "ban-nhap-tham-ho" not in client.get(path).get_data(as_text=True), path
    assert all(hit["id"] != "ban-nhap-tham-ho" for hit in
               client.get("/api/search?q=ban+nhap+tham+ho").get_json()["results"])


def test_a_javascript_source_url_is_shown_but_never_linked(draft_app):
    page = draft_app.test_client().get("/doc/nguon-doc-hai").get_data(as_text=True)
    assert "Trang lạ" in page
    assert 'href="javascript:' not in page
