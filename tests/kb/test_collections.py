"""Trainers' collections through the site's forms: building one from search and document pages,
stable citations when a document changes, is repealed or is deleted, privacy, share links, CSRF.
The fixtures and helpers here are shared with the other collection tests."""
from __future__ import annotations

import dataclasses
import re

import pytest

from kb.collections.passages import cite
from tests.kb.test_editor import editor_app, form_fields, lan, login, submit  # noqa: F401

LAW = "luat-102-2016-qh13"
DECREE = "nghi-dinh-56-2017-nd-cp"
CLAUSE_3 = ("3. Chính phủ thiết lập tổng đài điện thoại quốc gia thường trực để tiếp nhận, xử lý thông tin, "
            "thông báo, tố giác nguy cơ, hành vi xâm hại trẻ em")


@pytest.fixture
def reader(editor_app):
    """The reader ``docgia`` (a trainer's account), signed in."""
    client = editor_app.test_client()
    login(client, "docgia")
    return client


def csrf(client) -> str:
    """The session's CSRF token, as a page's forms carry it."""
    page = client.get("/collections").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def new_collection(client, name: str = "Tập huấn quản lý trường hợp") -> int:
    """Create a collection from the "mine" page and return its id."""
    response = submit(client, "/collections", "/collections/new", name=name, description="Ngày 1")
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


def add(client, collection_id: int, doc_id: str, anchor: str = "", note: str = ""):
    """Add a passage through the add page's form, with the button of ``collection_id``."""
    page = client.get("/collections/add", query_string={"doc_id": doc_id, "anchor": anchor})
    assert page.status_code == 200, page.get_data(as_text=True)
    html = page.get_data(as_text=True)
    target = f"/collections/{collection_id}/items"
    assert f'formaction="{target}"' in html
    fields = form_fields(html, re.search(r'<form class="stack" method="post" action="([^"]+)"', html).group(1))
    return client.post(target, data={**fields, "note": note})


def item_ids(client, collection_id: int) -> list[int]:
    """The items of a collection in the order its page shows them."""
    html = client.get(f"/collections/{collection_id}").get_data(as_text=True)
    return [int(n) for n in re.findall(r'<li class="item" id="muc-(\d+)">', html)]


def kb_of(app):
    return app.extensions["kb"]


def change_document(app, doc_id: str, old: str, new: str = "", **extra) -> None:
    """Save ``doc_id`` with ``old`` replaced by ``new`` in its body and ``extra`` front-matter keys."""
    kb = kb_of(app)
    doc = kb.content.get(doc_id)
    assert old in doc.body
    kb.save(dataclasses.replace(doc, body=doc.body.replace(old, new), extra={**doc.extra, **extra}))


def test_passage_text_keeps_clause_numbers_and_points(editor_app):
    with editor_app.test_request_context():
        doc = kb_of(editor_app).content.get(LAW)
        clause = cite(doc, "dieu-10-khoan-1")
        article = cite(doc, "dieu-51")
        pasted_clause = cite(doc, "dieu-36-khoan-9")  # no such clause: the nearest passage holding it
    assert clause.section == "Khoản 1 Điều 10"
    lines = clause.text.splitlines()
    assert lines[0] == "1. Trẻ em có hoàn cảnh đặc biệt bao gồm các nhóm sau đây:"
    assert lines[1:3] == ["a) Trẻ em mồ côi cả cha và mẹ;", "b) Trẻ em bị bỏ rơi;"]
    assert "đ) Trẻ em nhiễm HIV/AIDS;" in lines
    assert article.text.splitlines()[0].startswith("Điều 51. Trách nhiệm cung cấp")
    assert [line[:2] for line in article.text.splitlines()[1:]] == ["1.", "2.", "3."]
    assert "#" not in article.text and "trích dẫn" not in article.text  # no permalinks in the text
    assert pasted_clause.anchor == "dieu-36"


def test_reader_collects_passages_from_search_and_document_pages(editor_app, reader):
    page = reader.get("/search", query_string={"q": "tổng đài điện thoại quốc gia tố giác xâm hại"})
    add_link = re.search(r'href="(/collections/add\?doc_id=[^"]+)"', page.get_data(as_text=True)).group(1)
    add_page = reader.get(add_link.replace("&amp;", "&")).get_data(as_text=True)
    assert "Tạo và thêm" in add_page  # no collection yet: create one from here
    fields = form_fields(add_page, "/collections/new")
    response = reader.post("/collections/new", data={**fields, "name": "Tập huấn 111", "note": "Mở đầu"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/search?q=")  # back to the results
    mine = reader.get("/collections").get_data(as_text=True)
    collection_id = int(re.search(r'href="/collections/(\d+)"', mine).group(1))
    assert "Tập huấn 111" in mine and "1 mục" in mine

    # an article's citation page links to adding it; the document page's box takes a pasted permalink
    cite_page = reader.get(f"/doc/{LAW}/cite", query_string={"anchor": "dieu-51"}).get_data(as_text=True)
    assert f"/collections/add?doc_id={LAW}&amp;anchor=dieu-51" in cite_page
    document = reader.get(f"/doc/{DECREE}").get_data(as_text=True)
    assert 'action="/collections/add"' in document
    assert add(reader, collection_id, DECREE, f"http://localhost/doc/{DECREE}/a/dieu-32-khoan-3").status_code == 302
    assert add(reader, collection_id, LAW, "#dieu-51", note="Nhấn mạnh khoản 3").status_code == 302
    view = reader.get(f"/collections/{collection_id}").get_data(as_text=True)
    assert "Khoản 3 Điều 32" in view and CLAUSE_3 in view and "Nhấn mạnh khoản 3" in view
    assert "Điều 51, Luật Trẻ em số 102/2016/QH13, Quốc hội ban hành ngày 05/04/2016" in view
    assert view.count("<li class=\"item\"") == 3

    first, second, third = item_ids(reader, collection_id)
    token = csrf(reader)
    assert reader.post(f"/collections/{collection_id}/items/{third}/move",
                       data={"csrf_token": token, "position": "0"}).status_code == 302
    assert item_ids(reader, collection_id) == [third, first, second]
    reader.post(f"/collections/{collection_id}/items/{first}/note", data={"csrf_token": token, "note": "Hỏi học viên"})
    reader.post(f"/collections/{collection_id}/items/{second}/remove", data={"csrf_token": token})
    view = reader.get(f"/collections/{collection_id}").get_data(as_text=True)
    assert item_ids(reader, collection_id) == [third, first] and "Hỏi học viên" in view


def test_a_changed_document_is_flagged_with_the_difference_then_updated_or_kept(editor_app, reader):
    collection_id = new_collection(reader)
    add(reader, collection_id, LAW, "dieu-51-khoan-3")
    add(reader, collection_id, LAW, "dieu-51-khoan-1")
    clause_3, clause_1 = item_ids(reader, collection_id)
    assert "văn bản đã thay đổi" not in reader.get(f"/collections/{collection_id}").get_data(as_text=True).lower()

    change_document(editor_app, LAW, "tổng đài điện thoại quốc gia thường trực", "Tổng đài 111 thường trực")
    change_document(editor_app, LAW, "cơ sở giáo dục, gia đình, cá nhân có trách nhiệm thông tin",
                    "cơ sở giáo dục, gia đình, cá nhân, cộng đồng có trách nhiệm thông tin")
    view = reader.get(f"/collections/{collection_id}").get_data(as_text=True)
    assert view.count("Văn bản đã thay đổi") == 2
    assert "<del>3. Chính phủ thiết lập tổng đài điện thoại quốc gia thường trực" in view
    assert "<ins>3. Chính phủ thiết lập Tổng đài 111 thường trực" in view
    assert CLAUSE_3 in view  # the handout still quotes what was cited

    token = csrf(reader)
    reader.post(f"/collections/{collection_id}/items/{clause_3}/update", data={"csrf_token": token})
    reader.post(f"/collections/{collection_id}/items/{clause_1}/keep", data={"csrf_token": token})
    view = reader.get(f"/collections/{collection_id}").get_data(as_text=True)
    assert "Văn bản đã thay đổi" not in view
    assert "3. Chính phủ thiết lập Tổng đài 111 thường trực" in view
    assert "cá nhân có trách nhiệm thông tin" in view  # kept as cited, quietly noted
    assert "văn bản nay đã khác" in view
    # a further change to the kept passage is flagged again
    change_document(editor_app, LAW, "cá nhân, cộng đồng có trách nhiệm", "cá nhân, cộng đồng đều có trách nhiệm")
    assert "Văn bản đã thay đổi" in reader.get(f"/collections/{collection_id}").get_data(as_text=True)


def test_a_law_no_longer_in_force_is_flagged(editor_app, reader):
    collection_id = new_collection(reader)
    add(reader, collection_id, DECREE, "dieu-32-khoan-3")
    change_document(editor_app, DECREE, "", validity="hết hiệu lực toàn bộ")
    view = reader.get(f"/collections/{collection_id}").get_data(as_text=True)
    assert "Hiệu lực đã thay đổi" in view and "hết hiệu lực toàn bộ" in view
    assert "Văn bản đã thay đổi" not in view  # the text itself did not change
    (item_id,) = item_ids(reader, collection_id)
    reader.post(f"/collections/{collection_id}/items/{item_id}/update", data={"csrf_token": csrf(reader)})
    view = reader.get(f"/collections/{collection_id}").get_data(as_text=True)
    assert "Hiệu lực đã thay đổi" not in view and "Hiệu lực khi trích: hết hiệu lực toàn bộ" in view


def test_a_deleted_documents_items_keep_their_cited_text(editor_app, reader, lan):
    collection_id = new_collection(reader)
    add(reader, collection_id, "thong-tu-23-2017-tt-byt")  # the whole document
    add(reader, collection_id, LAW, "dieu-51-khoan-3")
    assert submit(lan, "/delete/thong-tu-23-2017-tt-byt", "/delete/thong-tu-23-2017-tt-byt").status_code == 302
    view = reader.get(f"/collections/{collection_id}").get_data(as_text=True)
    assert "không còn trên trang" in view and "Thông tư" in view
    markdown = reader.get(f"/collections/{collection_id}/export.md").get_data(as_text=True)
    assert "Thông tư số 23/2017/TT-BYT" in markdown and "## Danh mục nguồn trích dẫn" in markdown
    assert reader.get(f"/collections/{collection_id}/export.docx").status_code == 200


def test_another_users_private_collection_is_404_everywhere(editor_app, reader, lan):
    collection_id = new_collection(reader)
    add(reader, collection_id, LAW, "dieu-51")
    anonymous = editor_app.test_client()
    urls = [f"/collections/{collection_id}", f"/collections/{collection_id}/print",
            *(f"/collections/{collection_id}/export.{fmt}" for fmt in ("md", "docx", "ris", "bib")),
            f"/api/collections/{collection_id}", f"/collections/{collection_id}?share=guessed"]
    for client in (anonymous, lan):
        for url in urls:
            assert client.get(url).status_code == 404, url
    token = csrf(lan)
    assert lan.post(f"/collections/{collection_id}/items",
                    data={"csrf_token": token, "doc_id": LAW, "anchor": "dieu-4"}).status_code == 404
    assert lan.post(f"/collections/{collection_id}/delete", data={"csrf_token": token}).status_code == 404
    assert reader.get(f"/collections/{collection_id}").status_code == 200
    assert anonymous.get("/collections").status_code == 302  # "mine" asks to sign in


def test_share_link_is_read_only_and_revocable_and_public_flag(editor_app, reader):
    collection_id = new_collection(reader)
    add(reader, collection_id, LAW, "dieu-51-khoan-3", note="Số 111")
    token = csrf(reader)
    reader.post(f"/collections/{collection_id}/share", data={"csrf_token": token, "action": "create"})
    view = reader.get(f"/collections/{collection_id}").get_data(as_text=True)
    link = re.search(r'id="share-link"[^>]*value="([^"]+)"', view).group(1).replace("&amp;", "&")
    share = link.split("share=")[1]
    anonymous = editor_app.test_client()
    shared = anonymous.get(f"/collections/{collection_id}?share={share}")
    assert shared.status_code == 200 and shared.headers["X-Robots-Tag"] == "noindex"
    html = shared.get_data(as_text=True)
    assert CLAUSE_3 in html and "Số 111" in html
    assert "<form" not in html.split("<main", 1)[1].split("</main>")[0]  # read only: no forms
    assert f"export.docx?share={share}" in html
    assert anonymous.get(f"/collections/{collection_id}/export.docx?share={share}").status_code == 200

    reader.post(f"/collections/{collection_id}/share", data={"csrf_token": token, "action": "revoke"})
    assert anonymous.get(f"/collections/{collection_id}?share={share}").status_code == 404
    assert anonymous.get(f"/collections/{collection_id}/export.md?share={share}").status_code == 404
    reader.post(f"/collections/{collection_id}/share", data={"csrf_token": token, "action": "create"})
    assert anonymous.get(f"/collections/{collection_id}?share={share}").status_code == 404  # a new link

    reader.post(f"/collections/{collection_id}/public", data={"csrf_token": token, "public": "1"})
    assert anonymous.get(f"/collections/{collection_id}").status_code == 200
    reader.post(f"/collections/{collection_id}/public", data={"csrf_token": token, "public": "0"})
    assert anonymous.get(f"/collections/{collection_id}").status_code == 404


def test_every_write_needs_the_csrf_token(editor_app, reader):
    collection_id = new_collection(reader)
    add(reader, collection_id, LAW, "dieu-51")
    (item_id,) = item_ids(reader, collection_id)
    base = f"/collections/{collection_id}"
    writes = [("post", "/collections/new", {"name": "X"}), ("post", f"{base}/items", {"doc_id": LAW}),
              ("post", f"{base}/edit", {"name": "Y"}), ("post", f"{base}/share", {"action": "create"}),
              ("post", f"{base}/public", {"public": "1"}), ("post", f"{base}/delete", {})]
    writes += [("post", f"{base}/items/{item_id}/{action}", {"note": "Z", "position": "0"})
               for action in ("note", "move", "update", "keep", "remove")]
    writes += [("post", "/api/collections", {"name": "X"}), ("patch", f"/api/{base[1:]}", {"name": "Y"}),
               ("delete", f"/api/{base[1:]}", {}), ("post", f"/api/{base[1:]}/items", {"doc_id": LAW}),
               ("patch", f"/api/{base[1:]}/items/{item_id}", {"note": "Z"}),
               ("delete", f"/api/{base[1:]}/items/{item_id}", {}), ("post", f"/api/{base[1:]}/share", {}),
               ("delete", f"/api/{base[1:]}/share", {})]
    before = reader.get(base).get_data(as_text=True)
    for method, url, data in writes:
        for token in (None, "wrong-token"):
            response = getattr(reader, method)(url, data={**data, **({"csrf_token": token} if token else {})})
            assert response.status_code == 400, (method, url)
    assert reader.get(base).get_data(as_text=True) == before
    assert len(reader.get("/api/collections").get_json()["collections"]) == 1
