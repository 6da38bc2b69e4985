"""The account administration page in a real browser (no JavaScript needed)."""
from __future__ import annotations

import pytest

from tests.browser.test_editor_browser import editor_server, log_in, session_as, shot  # noqa: F401
from tests.kb.test_editor import PASSWORD

pytestmark = pytest.mark.browser

NEW_PASSWORD = "mat-khau-cua-hoa-2026"


def _login(browser, server: str, name: str, password: str) -> str:
    """Log in from a new browser session; the page that answers."""
    context = browser.new_context(locale="vi-VN")
    html = log_in(context, server, name, password).content()
    context.close()
    return html


def test_an_admin_adds_an_editor_resets_a_password_and_disables_an_account(browser, editor_server, session_as):
    admin = session_as("quantri")
    admin.get_by_role("link", name="Tài khoản").click()
    assert admin.get_by_role("heading", name="Quản trị tài khoản").is_visible()
    admin.get_by_label("Tên đăng nhập").fill("hoa")
    admin.get_by_label("Vai trò", exact=True).select_option("editor")
    admin.get_by_label("Mật khẩu (ít nhất 10 ký tự)").fill(NEW_PASSWORD)
    admin.get_by_role("button", name="Thêm tài khoản").click()
    assert "Đã thêm tài khoản hoa." in admin.content()
    assert "Xin chào, hoa." in _login(browser, editor_server, "hoa", NEW_PASSWORD)

    admin.get_by_label("Mật khẩu mới của lan").fill(NEW_PASSWORD)
    admin.locator("#user-lan").get_by_role("button", name="Đặt lại mật khẩu").click()
    assert "Đã đặt lại mật khẩu của lan." in admin.content()

    admin.get_by_role("button", name="Khóa minh").click()
    assert "Đã khóa tài khoản minh." in admin.content()
    assert admin.locator("#user-minh").get_by_role("button", name="Mở khóa minh").is_visible()
    assert not admin.locator("#user-quantri").get_by_role("button").filter(has_text="Khóa").count()

    audit = admin.locator("table.audit tbody tr")
    assert audit.count() == 3
    assert audit.nth(0).inner_text().split("\t")[1:4] == ["quantri", "Khóa tài khoản", "minh"]
    assert audit.nth(2).inner_text().split("\t")[1:4] == ["quantri", "Thêm tài khoản", "hoa"]
    shot(admin, "admin-users")

    assert "Tên đăng nhập hoặc mật khẩu không đúng." in _login(browser, editor_server, "minh", PASSWORD)
