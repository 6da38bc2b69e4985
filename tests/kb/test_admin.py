"""/admin/users: admins add accounts, change roles, reset passwords, disable accounts; the audit log."""
from __future__ import annotations

import re

import pytest

from kb.db import connect
from kb.maintenance import backup, restore
from kb.knowledge_base import KnowledgeBase
from tests.kb.test_editor import PASSWORD, form_fields, login, make_app, submit  # noqa: F401

NEW_PASSWORD = "mật-khẩu-mới-đủ-dài"


@pytest.fixture
def site(indexed_kb, tmp_path):
    return make_app(indexed_kb.content.root, tmp_path / "instance")


def _as(site, name, password=PASSWORD):
    client = site.test_client()
    assert login(client, name, password).status_code == 302
    return client


def _audit(site):
    with connect(site.config["INSTANCE_DIR"]) as db:
        return [tuple(row)[2:] for row in db.execute("SELECT * FROM audit_log ORDER BY id")]


def test_only_admins_see_the_page(site):
    assert site.test_client().get("/admin/users").status_code == 302
    assert _as(site, "lan").get("/admin/users").status_code == 403
    page = _as(site, "quantri").get("/admin/users").get_data(as_text=True)
    assert all(f'id="user-{name}"' in page for name in ("lan", "minh", "quantri", "docgia"))


def test_an_admin_adds_an_account_that_can_log_in(site):
    admin = _as(site, "quantri")
    response = submit(admin, "/admin/users", "/admin/users", username="hoa", role="reader", password=NEW_PASSWORD)
    assert response.status_code == 302
    assert "Đã thêm tài khoản hoa." in admin.get("/admin/users").get_data(as_text=True)
    assert login(site.test_client(), "hoa", NEW_PASSWORD).status_code == 302
    refused = submit(admin, "/admin/users", "/admin/users", username="hoa2", role="reader", password="ngan")
    assert refused.status_code == 302 and "ít nhất 10 ký tự" in admin.get("/admin/users").get_data(as_text=True)
    assert _audit(site) == [("quantri", "add", "hoa", "reader")]


def test_role_change_takes_effect_at_the_next_request(site):
    admin, lan = _as(site, "quantri"), _as(site, "lan")
    assert lan.get("/edit/new").status_code == 200
    submit(admin, "/admin/users", "/admin/users/lan/role", role="reader")
    assert lan.get("/edit/new").status_code == 403
    assert _audit(site) == [("quantri", "role", "lan", "reader")]


def test_a_reset_password_ends_the_accounts_logins_and_the_new_one_works(site):
    admin, lan = _as(site, "quantri"), _as(site, "lan")
    submit(admin, "/admin/users", "/admin/users/lan/password", password=NEW_PASSWORD)
    assert lan.get("/edit/new").status_code == 302  # logged out
    assert login(site.test_client(), "lan", PASSWORD).status_code == 401
    assert login(site.test_client(), "lan", NEW_PASSWORD).status_code == 302
    assert _audit(site) == [("quantri", "password", "lan", "")]


def test_a_disabled_account_is_logged_out_and_cannot_log_in_until_enabled(site):
    admin, lan = _as(site, "quantri"), _as(site, "lan")
    submit(admin, "/admin/users", "/admin/users/lan/disable")
    assert lan.get("/edit/new").status_code == 302
    refused = login(site.test_client(), "lan")
    assert refused.status_code == 401 and "Tên đăng nhập hoặc mật khẩu không đúng." in refused.get_data(as_text=True)
    page = admin.get("/admin/users").get_data(as_text=True)
    assert re.search(r'id="user-lan">.*?Đã khóa', page, re.DOTALL)
    submit(admin, "/admin/users", "/admin/users/lan/enable")
    assert login(site.test_client(), "lan").status_code == 302
    assert [entry[1] for entry in _audit(site)] == ["disable", "enable"]


def test_an_admin_cannot_demote_or_disable_themselves(site):
    admin = _as(site, "quantri")
    token = form_fields(admin.get("/admin/users").get_data(as_text=True), "/admin/users")["csrf_token"]
    assert admin.post("/admin/users/quantri/role", data={"csrf_token": token, "role": "reader"}).status_code == 403
    assert admin.post("/admin/users/quantri/disable", data={"csrf_token": token}).status_code == 403
    assert admin.get("/admin/users").status_code == 200 and _audit(site) == []


def test_kb_user_changes_are_audited_and_the_log_survives_backup_and_restore(site, runner, tmp_path, indexed_kb):
    instance = site.config["INSTANCE_DIR"]
    content = indexed_kb.content.root
    assert runner("user", "disable", "minh", content=content, instance=instance).exit_code == 0
    assert login(site.test_client(), "minh").status_code == 401
    assert runner("user", "list", content=content, instance=instance).output.count("disabled") == 1
    submit(_as(site, "quantri"), "/admin/users", "/admin/users/lan/role", role="admin")
    expected = [("(dòng lệnh)", "disable", "minh", ""), ("quantri", "role", "lan", "admin")]
    assert _audit(site) == expected
    kb = KnowledgeBase(content, instance)
    backup(kb, tmp_path / "backup")
    copy = KnowledgeBase(tmp_path / "restored" / "content", tmp_path / "restored" / "instance")
    restore(copy, tmp_path / "backup")
    with connect(copy.instance_dir) as db:
        assert [tuple(row)[2:] for row in db.execute("SELECT * FROM audit_log ORDER BY id")] == expected
