"""Writing through the web: log in, create, preview, publish, find at once, edit, conflicts, review,
upload, delete and restore from the trash. The fixtures here are shared by the other editor tests."""
from __future__ import annotations

import re
import threading
from html.parser import HTMLParser

import pytest

from kb import create_app
from kb.accounts.auth import create_user
from kb.db import get_db
from kb.editing.review import can_read, is_public, status_of
from kb.editing.revisions import working

PASSWORD = "mật-khẩu-đủ-dài-2024"
USERS = {"lan": "editor", "minh": "editor", "quantri": "admin", "docgia": "reader"}


# -- fixtures and helpers shared with test_auth, test_history and test_markdown_safety ------------

def make_app(content_dir, instance_dir, **config):
    """An app over ``content_dir`` with the accounts of :data:`USERS`."""
    app = create_app({"TESTING": True, "CONTENT_DIR": str(content_dir),
                      "INSTANCE_DIR": str(instance_dir), "SECRET_KEY": "test", **config})
    with app.app_context():
        for name, role in USERS.items():
            create_user(get_db(), name, PASSWORD, role)
    return app


@pytest.fixture
def editor_app(fresh_kb):
    """An app over a writable copy of the content, with an index and the test accounts."""
    return make_app(fresh_kb.content.root, fresh_kb.instance_dir)


class _Forms(HTMLParser):
    """Collects each form's action and field values, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict]] = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append((attrs.get("action", ""), {}))
        elif not self.forms:
            return
        fields = self.forms[-1][1]
        if tag == "input" and attrs.get("name") and attrs.get("type") not in ("radio", "file"):
            fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            fields[self._textarea] = ""
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            fields[self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1][1][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_fields(page: str, action: str) -> dict:
    """The fields of the form posting to ``action`` on ``page`` (HTML)."""
    parser = _Forms()
    parser.feed(page)
    for form_action, fields in parser.forms:
        if form_action == action:
            return {k: v.removeprefix("\n") for k, v in fields.items()}
    raise AssertionError(f"no form posting to {action} in page")


def login(client, name: str, password: str = PASSWORD):
    """Log in through the login form."""
    fields = form_fields(client.get("/login").get_data(as_text=True), "/login")
    return client.post("/login", data={**fields, "username": name, "password": password})


def submit(client, page_url: str, target: str, **changes):
    """Load ``page_url``, change some fields of the form posting to ``target`` and submit it."""
    fields = form_fields(client.get(page_url).get_data(as_text=True), target)
    return client.post(target, data={**fields, **changes})


def write(client, title: str, body: str, action: str = "draft", **fields):
    """Create a new document from /edit/new and return its id."""
    response = submit(client, "/edit/new", "/edit/new", title=title, body=body, action=action, **fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]


@pytest.fixture
def lan(editor_app):
    """A client logged in as the editor ``lan``."""
    client = editor_app.test_client()
    login(client, "lan")
    return client


@pytest.fixture
def minh(editor_app):
    """A second editor's client."""
    client = editor_app.test_client()
    login(client, "minh")
    return client


@pytest.fixture
def admin(editor_app):
    """An admin's client."""
    client = editor_app.test_client()
    login(client, "quantri")
    return client


BODY = ("## Các bước tiếp nhận\n\nCán bộ bảo vệ trẻ em xã Tân Phước Khánh tiếp nhận thông báo về trẻ "
        "em bị xâm hại qua Tổng đài 111 và lập phiếu ghi chép trong vòng 12 giờ.")


# -- tests -----------------------------------------------------------------------------------------

def test_editor_creates_previews_and_publishes_an_article_found_by_search_at_once(editor_app, lan, minh):
    page = submit(lan, "/edit/new", "/edit/new", title="Quy trình tiếp nhận thông báo về trẻ em bị xâm hại",
                  body=BODY, action="preview").get_data(as_text=True)
    assert '<section class="preview"' in page
    assert '<h2 id="cac-buoc-tiep-nhan">Các bước tiếp nhận' in page  # the document page's renderer
    assert "Tổng đài 111" in form_fields(page, "/edit/new")["body"]  # the text is kept in the form

    doc_id = write(lan, "Quy trình tiếp nhận thông báo về trẻ em bị xâm hại", BODY, action="submit",
                   tags="quan-ly-truong-hop", kind="guidance")
    assert doc_id == "quy-trinh-tiep-nhan-thong-bao-ve-tre-em-bi-xam-hai"
    text = (editor_app.extensions["kb"].content.path_for(doc_id)).read_text(encoding="utf-8")
    assert "status: review" in text and "Tổng đài 111" in text

    page = minh.get("/review").get_data(as_text=True)
    assert "Quy trình tiếp nhận thông báo" in page
    response = submit(minh, "/review", f"/review/{doc_id}/approve")
    assert response.status_code == 302
    results = editor_app.extensions["kb"].engine.search("xã Tân Phước Khánh")  # at once: no reindex step
    assert doc_id in [hit.doc_id for hit in results.hits[:3]]
    assert "status: published" in editor_app.extensions["kb"].content.path_for(doc_id).read_text("utf-8")
    page = lan.get("/search", query_string={"q": "xa Tan Phuoc Khanh"}).get_data(as_text=True)
    assert f'href="/doc/{doc_id}' in page


def test_without_review_an_editor_publishes_directly(fresh_kb):
    app = make_app(fresh_kb.content.root, fresh_kb.instance_dir, REVIEW_REQUIRED=False)
    client = app.test_client()
    login(client, "lan")
    page = client.get("/edit/new").get_data(as_text=True)
    assert 'value="publish">Xuất bản' in page and 'value="submit"' not in page
    doc_id = write(client, "Sổ tay thăm hộ gia đình có trẻ em", "Thăm hộ định kỳ mỗi tháng một lần.",
                   action="publish")
    assert doc_id in [hit.doc_id for hit in app.extensions["kb"].engine.search("thăm hộ định kỳ").hits[:3]]
    assert submit(client, f"/edit/{doc_id}", f"/edit/{doc_id}", action="submit").status_code == 400


def test_an_editor_cannot_approve_their_own_submission_but_an_admin_can(lan, admin):
    doc_id = write(lan, "Hướng dẫn lập kế hoạch can thiệp", "Kế hoạch hỗ trợ can thiệp gồm năm bước.",
                   action="submit")
    page = lan.get("/review").get_data(as_text=True)
    assert "cần một người duyệt khác" in page
    token = form_fields(lan.get(f"/edit/{doc_id}").get_data(as_text=True), f"/edit/{doc_id}")["csrf_token"]
    assert lan.post(f"/review/{doc_id}/approve", data={"csrf_token": token}).status_code == 403
    assert submit(admin, "/review", f"/review/{doc_id}/approve").status_code == 302


def test_a_reviewer_sends_back_with_a_comment_the_editor_sees(lan, minh):
    doc_id = write(lan, "Hướng dẫn đánh giá nguy cơ", "Đánh giá nguy cơ ban đầu.", action="submit")
    response = submit(minh, "/review", f"/review/{doc_id}/return",
                      comment="Cần bổ sung bảng đánh giá mức độ.")
    assert response.status_code == 302
    page = lan.get(f"/edit/{doc_id}").get_data(as_text=True)
    assert "Cần bổ sung bảng đánh giá mức độ." in page and "Bản nháp" in page
    waiting = minh.get("/review").get_data(as_text=True).split("Đã đến hạn")[0]
    assert "Hướng dẫn đánh giá nguy cơ" not in waiting


def test_review_page_lists_documents_past_their_review_date(lan):
    doc_id = write(lan, "Danh bạ dịch vụ hỗ trợ trẻ em", "Danh sách cơ sở trợ giúp xã hội.",
                   review_by="2020-01-31")
    page = lan.get("/review").get_data(as_text=True)
    assert f'href="/edit/{doc_id}">Danh bạ dịch vụ hỗ trợ trẻ em</a> — cần xem lại trước 2020-01-31' in page


def test_editing_keeps_fields_the_form_does_not_show_and_suggests_tags(editor_app, lan):
    page = lan.get("/edit/luat-102-2016-qh13").get_data(as_text=True)
    assert '<option value="quan-ly-truong-hop">' in page  # from content/taxonomy.yml
    fields = form_fields(page, "/edit/luat-102-2016-qh13")
    assert fields["number"] == "102/2016/QH13" and fields["kind"] == "law"
    response = submit(lan, "/edit/luat-102-2016-qh13", "/edit/luat-102-2016-qh13", action="draft",
                      tag_add="tre-em-khuyet-tat", summary="Luật cơ bản về quyền trẻ em.")
    assert response.status_code == 302
    with editor_app.test_request_context():
        revision, doc = working(editor_app.extensions["kb"].content.get("luat-102-2016-qh13"))
    assert revision.pending  # a draft of a published law: readers keep the published text
    assert doc.summary == "Luật cơ bản về quyền trẻ em." and "tre-em-khuyet-tat" in doc.tags
    assert doc.issuer == "Quốc hội" and doc.extra["status"] == "draft"


def test_invalid_fields_are_explained_and_the_text_is_kept(lan):
    response = submit(lan, "/edit/new", "/edit/new", title="", date="12/07/2018", body="Nội dung quý giá",
                      source_url="javascript:alert(1)", action="draft")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Vui lòng nhập tiêu đề." in page and "Ngày phải có dạng" in page
    assert "Địa chỉ nguồn phải bắt đầu bằng http:// hoặc https://." in page
    assert form_fields(page, "/edit/new")["body"] == "Nội dung quý giá"


def test_two_editors_editing_at_once_get_a_conflict_not_a_lost_update(editor_app, lan, minh):
    url = "/edit/thong-tu-33-2017-tt-byt"
    lan_form = form_fields(lan.get(url).get_data(as_text=True), url)
    minh_form = form_fields(minh.get(url).get_data(as_text=True), url)
    first = minh.post(url, data={**minh_form, "body": minh_form["body"] + "\n\nGhi chú của Minh.",
                                 "action": "draft"})
    assert first.status_code == 302
    mine = lan_form["body"] + "\n\nBổ sung của Lan về khám sức khỏe."
    response = lan.post(url, data={**lan_form, "body": mine, "action": "draft"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Xung đột khi lưu" in page and "minh" in page
    assert "Ghi chú của Minh." in page  # their version, side by side
    kept = form_fields(page, url)
    assert kept["body"] == mine  # the editor's text is kept
    assert "Bổ sung của Lan" not in editor_app.extensions["kb"].content.get("thong-tu-33-2017-tt-byt").body
    merged = kept["body"] + "\n\nGhi chú của Minh."
    assert lan.post(url, data={**kept, "body": merged, "action": "draft"}).status_code == 302
    body = form_fields(lan.get(url).get_data(as_text=True), url)["body"]
    assert "Bổ sung của Lan" in body and "Ghi chú của Minh." in body


def test_an_edit_of_a_published_document_stays_offline_until_approved(editor_app, lan, minh):
    kb = editor_app.extensions["kb"]
    url = "/edit/thong-tu-09-2017-tt-btttt"
    published = kb.content.path_for("thong-tu-09-2017-tt-btttt").read_text(encoding="utf-8")
    body = form_fields(lan.get(url).get_data(as_text=True), url)["body"]
    body += "\n\nCập nhật: mẫu báo cáo mới Zalo-Tổng-đài."
    response = submit(lan, url, url, body=body, action="submit")
    assert "Bài đang công khai giữ nguyên" in lan.get(response.headers["Location"]).get_data(as_text=True)
    assert kb.content.path_for("thong-tu-09-2017-tt-btttt").read_text(encoding="utf-8") == published
    assert editor_app.test_client().get("/doc/thong-tu-09-2017-tt-btttt").status_code == 200
    page = lan.get(url).get_data(as_text=True)
    assert "Đây là bản sửa chưa công khai." in page and "Chờ duyệt" in page
    assert form_fields(page, url)["body"] == body
    queue = minh.get("/review").get_data(as_text=True)
    assert "Bản sửa của một bài đang công khai" in queue
    changes = re.search(r'href="(/history/thong-tu-09-2017-tt-btttt\?a=\d+&amp;b=\d+)">Xem thay đổi',
                        queue)[1]
    diff = minh.get(changes.replace("&amp;", "&")).get_data(as_text=True)
    assert "<ins>Cập nhật: mẫu báo cáo mới Zalo-Tổng-đài.</ins>" in diff  # against the published text
    assert submit(minh, "/review", "/review/thong-tu-09-2017-tt-btttt/approve").status_code == 302
    doc = kb.content.get("thong-tu-09-2017-tt-btttt")
    assert doc.body == body and doc.extra["status"] == "published"
    hits = kb.engine.search("mẫu báo cáo mới Zalo").hits
    assert "thong-tu-09-2017-tt-btttt" in [hit.doc_id for hit in hits[:3]]


def test_saving_without_changes_records_no_revision(lan):
    url = "/edit/nghi-dinh-56-2017-nd-cp"
    assert submit(lan, url, url, action="draft").status_code == 302
    again = submit(lan, url, url, action="draft")
    assert "Không có thay đổi nào để lưu." in lan.get(again.headers["Location"]).get_data(as_text=True)


def test_titles_give_safe_unique_ids(editor_app, lan):
    first = write(lan, "../../etc/passwd", "Thử đường dẫn.")
    second = write(lan, "../../etc/passwd", "Thử lần hai.")
    third = write(lan, "Mới", "Tiêu đề trùng tên trang.")
    assert (first, second) == ("etc-passwd", "etc-passwd-2")
    assert third == "moi"
    content = editor_app.extensions["kb"].content.root
    assert (content / "etc-passwd.md").is_file() and not (content.parent / "etc").exists()


@pytest.mark.parametrize("path", ["/edit/..%2F..%2Fetc%2Fpasswd", "/edit/../../etc/passwd",
                                  "/history/..%2Fkb", "/delete/%2E%2E", "/edit/Luat-Tre-Em"])
def test_ids_that_could_escape_content_are_refused(lan, path):
    assert lan.get(path).status_code == 404
    assert lan.post(path, data={"csrf_token": "x"}).status_code in (400, 404, 405)


def test_upload_of_a_text_file_opens_as_a_draft(editor_app, lan):
    data = ("Hướng dẫn tiếp nhận thông tin về trẻ em\n\nCán bộ tiếp nhận thông tin qua đường dây nóng "
            "và chuyển cho cán bộ quản lý trường hợp.").encode()
    fields = form_fields(lan.get("/edit/new").get_data(as_text=True), "/edit/upload")
    response = lan.post("/edit/upload", data={**fields, "file": (__import__("io").BytesIO(data),
                                                                  "../../etc/huong-dan.txt")},
                        content_type="multipart/form-data")
    assert response.status_code == 302
    doc_id = response.headers["Location"].rsplit("/", 1)[1]
    assert doc_id == "huong-dan-tiep-nhan-thong-tin-ve-tre-em"
    page = lan.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã nhập tệp huong-dan.txt thành bản nháp" in page and "Bản nháp" in page
    assert editor_app.extensions["kb"].content.get(doc_id).extra["status"] == "draft"


def test_upload_of_an_unreadable_file_is_explained(lan):
    fields = form_fields(lan.get("/edit/new").get_data(as_text=True), "/edit/upload")
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    response = lan.post("/edit/upload", data={**fields, "file": (__import__("io").BytesIO(png), "anh.png")},
                        content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Không đọc được tệp: anh.png" in response.get_data(as_text=True)


def test_delete_moves_to_the_trash_and_an_admin_restores_it(editor_app, lan, admin):
    kb = editor_app.extensions["kb"]
    assert kb.engine.search("23/2017/TT-BYT").hits[0].doc_id == "thong-tu-23-2017-tt-byt"
    assert "Chuyển vào thùng rác" in lan.get("/delete/thong-tu-23-2017-tt-byt").get_data(as_text=True)
    url = "/delete/thong-tu-23-2017-tt-byt"
    assert submit(lan, url, url).status_code == 302
    assert not kb.content.exists("thong-tu-23-2017-tt-byt")
    assert lan.get("/doc/thong-tu-23-2017-tt-byt").status_code == 404
    assert "thong-tu-23-2017-tt-byt" not in {h.doc_id for h in kb.engine.search("23/2017/TT-BYT").hits}
    assert lan.get("/trash").status_code == 403  # only admins restore
    page = admin.get("/trash").get_data(as_text=True)
    action = re.search(r'action="(/trash/\d+/restore)"', page)[1]
    assert submit(admin, "/trash", action).status_code == 302
    assert kb.content.exists("thong-tu-23-2017-tt-byt")
    assert kb.engine.search("23/2017/TT-BYT").hits[0].doc_id == "thong-tu-23-2017-tt-byt"
    assert "Thùng rác trống." in admin.get("/trash").get_data(as_text=True)


def test_only_published_documents_are_public(editor_app, lan):
    doc_id = write(lan, "Bản nháp kế hoạch truyền thông", "Nội dung chưa công bố.")
    kb = editor_app.extensions["kb"]
    draft, bundled = kb.content.get(doc_id), kb.content.get("luat-102-2016-qh13")
    assert (status_of(draft), is_public(draft)) == ("draft", False)
    assert (status_of(bundled), is_public(bundled)) == ("published", True)  # no status: published
    with editor_app.test_request_context():
        assert can_read(bundled) and not can_read(draft)  # an anonymous visitor
        with editor_app.test_client() as client:
            login(client, "lan")
            client.get("/")
            assert can_read(draft)


def test_a_decision_on_a_text_changed_since_the_reviewer_looked_is_refused(editor_app, lan, minh):
    doc_id = write(lan, "Hướng dẫn chăm sóc thay thế", "Chăm sóc thay thế tại cộng đồng.", action="submit")
    queue = minh.get("/review").get_data(as_text=True)
    stale = form_fields(queue, f"/review/{doc_id}/approve")
    url = f"/edit/{doc_id}"
    assert submit(lan, url, url, body="Chăm sóc thay thế tại cộng đồng và gia đình nhận nuôi.",
                  action="submit").status_code == 302
    response = minh.post(f"/review/{doc_id}/approve", data=stale)
    assert "Tài liệu vừa được sửa sau khi bạn mở trang." in minh.get(response.headers["Location"]).get_data(
        as_text=True)
    assert status_of(editor_app.extensions["kb"].content.get(doc_id)) == "review"


def test_preview_is_the_document_page_rendering_with_links_to_laws(lan):
    body = "Căn cứ Nghị định số 56/2017/NĐ-CP, cán bộ lập kế hoạch hỗ trợ can thiệp."
    page = submit(lan, "/edit/new", "/edit/new", title="Ghi chú áp dụng Nghị định 56", body=body,
                  action="preview").get_data(as_text=True)
    preview = page.split('<section class="preview"', 1)[1].split("</section>", 1)[0]
    assert re.search(r'<a href="/doc/nghi-dinh-56-2017-nd-cp"[^>]*>Nghị định số 56/2017/NĐ-CP</a>', preview)


def test_simultaneous_saves_never_overwrite_each_other(editor_app, lan, minh):
    url = "/edit/thong-tu-28-2019-tt-bldtbxh"
    forms = {client: form_fields(client.get(url).get_data(as_text=True), url) for client in (lan, minh)}
    new_forms = {client: form_fields(client.get("/edit/new").get_data(as_text=True), "/edit/new")
                 for client in (lan, minh)}
    barrier = threading.Barrier(2)
    answers: dict = {}

    def save(client, name):
        edited = forms[client]["body"] + f"\n\nÝ kiến của {name}."
        barrier.wait()
        answers[name, "edit"] = client.post(url, data={**forms[client], "action": "draft", "body": edited})
        barrier.wait()
        answers[name, "new"] = client.post("/edit/new", data={
            **new_forms[client], "action": "draft", "title": "Biên bản họp liên ngành", "body": name})

    threads = [threading.Thread(target=save, args=(client, name))
               for client, name in ((lan, "lan"), (minh, "minh"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers[name, "edit"].status_code for name in ("lan", "minh")) == [302, 409]
    created = sorted(answers[name, "new"].headers["Location"] for name in ("lan", "minh"))
    assert created == ["/edit/bien-ban-hop-lien-nganh", "/edit/bien-ban-hop-lien-nganh-2"]
