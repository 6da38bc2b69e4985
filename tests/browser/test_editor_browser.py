"""Editors in a real browser (no JavaScript needed): write, preview, review, publish, find, edit,
conflict between two sessions, diff, restore, delete and restore from the trash."""
from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.kb.test_editor import PASSWORD, make_app
from tests.live_server import serving

pytestmark = pytest.mark.browser

TITLE = "Quy trình tiếp nhận thông báo qua Tổng đài 111"
BODY = ("## Các bước tiếp nhận\n\nCán bộ bảo vệ trẻ em tiếp nhận thông báo qua Tổng đài 111 và lập "
        "phiếu ghi chép ca trực trong vòng 12 giờ.")


def shot(tab, name: str) -> None:
    """Save a screenshot of one session's tab under test-artifacts/ for human review."""
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def editor_server(fresh_kb):
    """Waitress serving a writable copy of the content, with the test accounts."""
    app = make_app(fresh_kb.content.root, fresh_kb.instance_dir, COOKIE_SECURE=False)
    with serving(app) as base:
        yield base


def log_in(context, server: str, name: str, password: str = PASSWORD):
    """Log in through the login form in a new tab of ``context``; the tab, on the page that answered."""
    tab = context.new_page()
    tab.goto(server + "/login")
    tab.get_by_label("Tên đăng nhập").fill(name)
    tab.get_by_label("Mật khẩu").fill(password)
    tab.get_by_role("button", name="Đăng nhập").click()
    tab.wait_for_load_state()
    return tab


@pytest.fixture
def session_as(browser, editor_server):
    """Open a logged-in browser session for an account; closed after the test."""
    contexts = []

    def open_session(name: str):
        context = browser.new_context(locale="vi-VN")
        contexts.append(context)
        tab = log_in(context, editor_server, name)
        assert f"Xin chào, {name}." in tab.content()
        return tab

    yield open_session
    for context in contexts:
        context.close()


def test_write_preview_submit_approve_and_find_at_once(page, editor_server, session_as, screenshot):
    page.goto(editor_server + "/login")
    page.get_by_label("Tên đăng nhập").fill("lan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Viết bài").click()
    page.get_by_label("Tiêu đề").fill(TITLE)
    page.get_by_label("Loại tài liệu").select_option("guidance")
    page.get_by_label("Thêm một chủ đề có sẵn").fill("quan-ly-truong-hop")
    page.get_by_label("Nội dung (Markdown)").fill(BODY)
    page.get_by_role("button", name="Xem trước").click()
    preview = page.locator("section.preview")
    assert preview.locator("h2#cac-buoc-tiep-nhan").inner_text().startswith("Các bước tiếp nhận")
    assert page.get_by_label("Nội dung (Markdown)").input_value() == BODY
    screenshot("editor-preview")
    page.get_by_role("button", name="Gửi duyệt").click()
    assert "Đã lưu và gửi duyệt." in page.locator(".flashes").inner_text()
    assert page.locator("strong.status").inner_text() == "Chờ duyệt"

    reviewer = session_as("minh")
    reviewer.get_by_role("link", name="Duyệt bài").click()
    reviewer.get_by_role("button", name=f"Duyệt và xuất bản «{TITLE}»").click()
    assert reviewer.locator("h1").inner_text() == TITLE
    reviewer.get_by_label("Tìm kiếm").first.fill("phiếu ghi chép ca trực")
    reviewer.keyboard.press("Enter")
    reviewer.wait_for_url("**/search?q=*")
    assert TITLE in reviewer.locator("ol.results li.hit h2 a").all_inner_texts()[:3]
    shot(reviewer, "editor-published-found")


def test_conflict_diff_restore_and_trash(editor_server, session_as):
    lan, minh, admin = session_as("lan"), session_as("minh"), session_as("quantri")
    url = editor_server + "/edit/thong-tu-30-2019-tt-byt"
    lan.goto(url)
    minh.goto(url)
    body = minh.get_by_label("Nội dung (Markdown)")
    body.fill(body.input_value() + "\n\nGhi chú của Minh về sàng lọc.")
    minh.get_by_role("button", name="Lưu nháp").click()
    assert "Đã lưu bản nháp." in minh.content()

    mine = lan.get_by_label("Nội dung (Markdown)").input_value() + "\n\nBổ sung của Lan về tư vấn."
    lan.get_by_label("Nội dung (Markdown)").fill(mine)
    lan.get_by_role("button", name="Lưu nháp").click()
    assert lan.get_by_role("heading", name="Xung đột khi lưu").is_visible()
    assert "Ghi chú của Minh về sàng lọc." in lan.locator("#theirs").input_value()
    assert lan.get_by_label("Nội dung (Markdown)").input_value() == mine
    shot(lan, "editor-conflict")
    lan.get_by_label("Nội dung (Markdown)").fill(mine + "\n\nGhi chú của Minh về sàng lọc.")
    lan.get_by_role("button", name="Lưu nháp").click()
    assert "Đã lưu bản nháp." in lan.content()

    lan.get_by_role("link", name="Lịch sử sửa đổi").click()
    assert lan.locator("ul.diff ins", has_text="Bổ sung của Lan về tư vấn.").count() == 1
    shot(lan, "editor-history")
    first = lan.locator("button", has_text="Khôi phục #").last  # the oldest revision
    first.click()
    assert "Đã khôi phục phiên bản" in lan.locator(".flashes").inner_text()
    lan.goto(url)
    assert "Bổ sung của Lan" not in lan.get_by_label("Nội dung (Markdown)").input_value()

    lan.get_by_role("link", name="Xóa").click()
    lan.get_by_role("button", name="Chuyển vào thùng rác").click()
    assert "vào thùng rác" in lan.locator(".flashes").inner_text()
    admin.get_by_role("link", name="Thùng rác").click()
    restore = admin.locator("button", has_text="Khôi phục «")
    assert restore.count() == 1
    restore.click()
    assert "Đã khôi phục" in admin.locator(".flashes").inner_text()
    admin.goto(editor_server + "/doc/thong-tu-30-2019-tt-byt")
    assert admin.locator("h1").inner_text().startswith("Thông tư 30/2019/TT-BYT")
