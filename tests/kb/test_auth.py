"""Accounts, login and logout, roles, throttling, CSRF, cookies, the secret key and ``kb user``."""
from __future__ import annotations

import os
import stat

import pytest
from click.testing import CliRunner

from kb import create_app
from kb.cli import main as kb_main
from kb.accounts.auth import set_password, wait_seconds
from kb.db import get_db
from tests.kb.test_editor import PASSWORD, editor_app, form_fields, login, make_app  # noqa: F401

WRITES = ["/edit/new", "/edit/luat-102-2016-qh13", "/edit/upload", "/delete/luat-102-2016-qh13",
          "/history/luat-102-2016-qh13/restore/1", "/trash/1/restore",
          "/review/luat-102-2016-qh13/approve", "/review/luat-102-2016-qh13/return"]


@pytest.fixture
def auth_app(indexed_kb, tmp_path):
    """The read-only bundled content with a database of its own (nothing here writes content)."""
    return make_app(indexed_kb.content.root, tmp_path / "instance",
                    LOGIN_FREE_ATTEMPTS=2, LOGIN_DELAY_BASE=60, LOGIN_DELAY_MAX=300)


def test_login_takes_the_editor_back_where_they_were_going(auth_app):
    client = auth_app.test_client()
    response = client.get("/edit/new")
    assert response.status_code == 302 and response.headers["Location"] == "/login?next=/edit/new"
    fields = form_fields(client.get(response.headers["Location"]).get_data(as_text=True), "/login")
    assert fields["next"] == "/edit/new"
    response = client.post("/login", data={**fields, "username": "lan", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/edit/new"
    page = client.get("/edit/new").get_data(as_text=True)
    assert "lan (Biên tập viên)" in page and "Viết bài mới" in page


def test_wrong_password_and_unknown_account_get_the_same_answer(auth_app):
    client = auth_app.test_client()
    wrong = login(client, "lan", "mật-khẩu-sai-hoàn-toàn")
    unknown = login(client, "khong-ton-tai", PASSWORD)
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert client.get("/edit/new").status_code == 302


def test_repeated_failures_are_slowed_down_per_account_and_address(auth_app):
    client = auth_app.test_client()
    for _ in range(2):
        assert login(client, "lan", "sai-mật-khẩu-123").status_code == 401
    throttled = login(client, "lan", PASSWORD)  # even the right password waits
    assert throttled.status_code == 429
    assert "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 60 giây." in throttled.get_data(as_text=True)
    other_address = auth_app.test_client()
    other_address.environ_base["REMOTE_ADDR"] = "10.0.0.7"
    assert login(other_address, "lan").status_code == 302
    assert login(client, "minh").status_code == 302  # another account from the same address
    with auth_app.app_context():
        db = get_db()
        row = db.execute("SELECT failures, last_failure FROM login_failures WHERE username = 'lan' "
                         "AND ip = '127.0.0.1'").fetchone()
        assert row["failures"] == 2  # a throttled try is refused before the password is checked
        last = row["last_failure"]
        assert wait_seconds(db, "lan", "127.0.0.1", now=last + 59) == 1
        assert wait_seconds(db, "lan", "127.0.0.1", now=last + 60) == 0
        db.execute("UPDATE login_failures SET failures = 4, last_failure = ?", (last,))
        assert wait_seconds(db, "lan", "127.0.0.1", now=last) == 240  # the delay doubles
        db.execute("UPDATE login_failures SET failures = 9")
        assert wait_seconds(db, "lan", "127.0.0.1", now=last) == 300  # up to LOGIN_DELAY_MAX
        db.execute("DELETE FROM login_failures")
        db.commit()
    assert login(client, "lan").status_code == 302


def test_readers_may_read_but_not_write(editor_app):
    client = editor_app.test_client()
    login(client, "docgia")
    assert client.get("/doc/luat-102-2016-qh13").status_code == 200
    assert client.get("/edit/new").status_code == 403
    assert client.get("/review").status_code == 403
    token = form_fields(client.get("/").get_data(as_text=True), "/logout")["csrf_token"]
    for url in WRITES:
        assert client.post(url, data={"csrf_token": token, "title": "Bài của người đọc",
                                      "action": "draft"}).status_code == 403, url
    page = client.get("/").get_data(as_text=True)
    assert "docgia (Người đọc)" in page and "Viết bài" not in page


def test_every_write_is_refused_without_login_or_without_the_csrf_token(editor_app):
    content = editor_app.extensions["kb"].content
    before = {doc_id: content.path_for(doc_id).read_bytes() for doc_id in content.ids()}
    anonymous = editor_app.test_client()
    token = form_fields(anonymous.get("/login").get_data(as_text=True), "/login")["csrf_token"]
    admin = editor_app.test_client()
    login(admin, "quantri")
    for url in WRITES:
        data = {"title": "Bài chèn trái phép", "body": "x", "action": "draft", "comment": "x"}
        refused = anonymous.post(url, data={**data, "csrf_token": token})
        assert refused.status_code == 302 and refused.headers["Location"].startswith("/login?next="), url
        assert admin.post(url, data=data).status_code == 400, url
        assert admin.post(url, data={**data, "csrf_token": "gia-mao"}).status_code == 400, url
    assert admin.post("/logout").status_code == 400  # logging out is a write too
    assert admin.get("/logout").status_code == 405
    assert {doc_id: content.path_for(doc_id).read_bytes() for doc_id in content.ids()} == before


def test_logout_ends_the_session(auth_app):
    client = auth_app.test_client()
    login(client, "lan")
    fields = form_fields(client.get("/").get_data(as_text=True), "/logout")
    response = client.post("/logout", data=fields)
    assert response.status_code == 302
    assert "Bạn đã đăng xuất." in client.get("/").get_data(as_text=True)
    assert client.get("/edit/new").status_code == 302


def test_next_cannot_redirect_to_another_site(auth_app):
    client = auth_app.test_client()
    fields = form_fields(client.get("/login").get_data(as_text=True), "/login")
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        client.get("/")  # keep the same session token
        response = client.post("/login", data={**fields, "username": "lan", "password": PASSWORD,
                                               "next": target})
        assert response.headers["Location"] == "/", target
        fields = form_fields(client.get("/login").get_data(as_text=True), "/login")


def test_session_cookie_is_httponly_lax_and_secure_outside_tests(indexed_kb, tmp_path):
    testing = make_app(indexed_kb.content.root, tmp_path / "a")
    cookie = login(testing.test_client(), "lan").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    production = create_app({"CONTENT_DIR": str(indexed_kb.content.root),
                             "INSTANCE_DIR": str(tmp_path / "b"), "SECRET_KEY": "k"})
    assert production.config["SESSION_COOKIE_SECURE"] is True
    plain_http = create_app({"CONTENT_DIR": str(indexed_kb.content.root), "INSTANCE_DIR": str(tmp_path / "c"),
                             "SECRET_KEY": "k", "COOKIE_SECURE": False})
    assert plain_http.config["SESSION_COOKIE_SECURE"] is False


def test_secret_key_comes_from_the_environment_or_a_private_file(indexed_kb, tmp_path, monkeypatch):
    monkeypatch.delenv("KB_SECRET_KEY", raising=False)
    config = {"TESTING": True, "CONTENT_DIR": str(indexed_kb.content.root), "INSTANCE_DIR": str(tmp_path)}
    first = create_app(config).config["SECRET_KEY"]
    key_file = tmp_path / "secret_key"
    assert len(first) >= 64 and key_file.read_text() == first
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert create_app(config).config["SECRET_KEY"] == first  # kept across restarts
    monkeypatch.setenv("KB_SECRET_KEY", "khoa-bi-mat-tu-bien-moi-truong")
    assert create_app(config).config["SECRET_KEY"] == "khoa-bi-mat-tu-bien-moi-truong"


def test_cli_adds_users_and_changes_passwords(runner, tmp_path, indexed_kb, monkeypatch):
    instance = tmp_path / "instance"
    secret = tmp_path / "pw.txt"
    secret.write_text("mật-khẩu-mới-của-hoa\n", encoding="utf-8")
    result = runner("user", "add", "hoa", "--role", "admin", "--password-file", secret, instance=instance)
    assert result.exit_code == 0, result.output
    assert "account hoa added (admin)" in result.output
    again = runner("user", "add", "hoa", "--password-file", secret, instance=instance)
    assert again.exit_code == 1 and "Tài khoản hoa đã tồn tại." in again.output
    monkeypatch.setenv("KB_USER_PASSWORD", "ngắn")
    short = runner("user", "add", "binh", instance=instance)
    assert short.exit_code == 1 and "ít nhất 10 ký tự" in short.output
    monkeypatch.setenv("KB_USER_PASSWORD", "mật-khẩu-thứ-hai-2025")
    assert runner("user", "passwd", "hoa", instance=instance).exit_code == 0
    assert runner("user", "passwd", "khong-co", instance=instance).exit_code == 1
    assert "hoa\tadmin" in runner("user", "list", instance=instance).output
    assert runner("user", "role", "hoa", "editor", instance=instance).output == "hoa is now editor\n"
    assert runner("user", "role", "hoa", "admin", instance=instance).exit_code == 0
    assert runner("user", "role", "khong-co", "admin", instance=instance).exit_code == 1

    app = create_app({"TESTING": True, "SECRET_KEY": "test", "CONTENT_DIR": str(indexed_kb.content.root),
                      "INSTANCE_DIR": str(instance)})
    client = app.test_client()
    assert login(client, "hoa", "mật-khẩu-mới-của-hoa").status_code == 401
    assert login(client, "hoa", "mật-khẩu-thứ-hai-2025").status_code == 302
    assert client.get("/trash").status_code == 200


def test_cli_prompts_for_the_password_twice(tmp_path, monkeypatch):
    monkeypatch.delenv("KB_USER_PASSWORD", raising=False)
    args = ["--instance", str(tmp_path), "user", "add", "thu", "--role", "reader"]
    typo = CliRunner().invoke(kb_main, args, input="mật-khẩu-của-thu\nmật-khẩu-khác\nmật-khẩu-của-thu\n"
                                                   "mật-khẩu-của-thu\n")
    assert typo.exit_code == 0, typo.output
    assert "Mật khẩu" in typo.output and "account thu added (reader)" in typo.output
    assert "thu\treader" in CliRunner().invoke(kb_main, ["--instance", str(tmp_path), "user", "list"]).output


def test_a_new_password_ends_the_sessions_opened_with_the_old_one(auth_app):
    client = auth_app.test_client()
    login(client, "lan")
    assert client.get("/edit/new").status_code == 200
    with auth_app.app_context():
        set_password(get_db(), "lan", "mật-khẩu-mới-sau-khi-lộ")
    assert client.get("/edit/new").status_code == 302
    assert login(client, "lan", "mật-khẩu-mới-sau-khi-lộ").status_code == 302
