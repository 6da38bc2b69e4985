"""Security: headers, no reflected or stored XSS, no path traversal, upload limits, login
throttling, secrets never committed, and ``kb check`` on a weak and on a good set-up."""
from __future__ import annotations

import io
import os
import re
import subprocess

import pytest
from click.testing import CliRunner

from kb import create_app
from kb.accounts.auth import create_user
from kb.cli import main as kb_main
from kb.documents.content import Document
from kb.db import connect
from kb.errors import DocumentNotFound, InvalidId
from kb.web.security import HEADERS
from tests.conftest import PROJECT

XSS = '<script>alert("xss")</script>'
PASSWORD = "mat-khau-du-dai-123"


@pytest.fixture
def site(small_kb):
    """An app over a writable small knowledge base with one editor, and a logged-in client."""
    db = connect(small_kb.instance_dir)
    create_user(db, "bientap", PASSWORD, "editor")
    db.close()
    app = create_app({"TESTING": True, "CONTENT_DIR": str(small_kb.content.root),
                      "INSTANCE_DIR": str(small_kb.instance_dir)})
    return app


def _login(client, username="bientap", password=PASSWORD):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token}), token


@pytest.mark.parametrize("url", ["/", "/search?q=trẻ+em", "/doc/luat-102-2016-qh13", "/api/search?q=x",
                                 "/static/style.css", "/khong-co", "/login", "/feed.atom"])
def test_security_headers_on_every_response(client, url):
    response = client.get(url)
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (url, name)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'none'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp


def test_no_inline_style_or_script_that_the_policy_would_block(client, site):
    pages = [client.get(u).get_data(as_text=True) for u in ("/", "/search?q=trẻ+em", "/doc/luat-102-2016-qh13")]
    with site.test_client() as editor:
        _login(editor)
        pages.append(editor.get("/edit/new").get_data(as_text=True))
    for html in pages:
        assert "<style" not in html and " style=" not in html
        assert not re.search(r"<script(?![^>]*application/ld\+json)", html)
        assert not re.search(r"\son[a-z]+=", html)


def test_query_is_escaped_not_reflected(client):
    html = client.get("/search", query_string={"q": XSS}).get_data(as_text=True)
    assert XSS not in html and "&lt;script&gt;" in html
    api = client.get("/api/search", query_string={"q": XSS})
    assert api.mimetype == "application/json"


def test_stored_script_is_not_served(site, small_kb):
    small_kb.save(Document(id="xss", title=f"Tiêu đề {XSS}", kind="news",
                           body=f"Đoạn văn {XSS}\n\n<img src=x onerror=alert(1)>\n\n[a](javascript:alert(1))"))
    client = site.test_client()
    for url in ("/doc/xss", "/search?q=tiêu+đề", "/tags", "/feed.atom"):
        html = client.get(url).get_data(as_text=True)
        assert XSS not in html and "onerror=" not in html and "javascript:alert" not in html, url
    api = client.get("/api/documents/xss")  # the raw Markdown, as data: JSON, never sniffed as HTML
    assert api.mimetype == "application/json" and api.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("doc_id", ["../secret_key", "..", "a/../../b", "/etc/passwd", "x\x00y", "A", "a" * 200])
def test_path_traversal_ids_refused(small_kb, doc_id):
    with pytest.raises(InvalidId):
        small_kb.content.path_for(doc_id)
    with pytest.raises(DocumentNotFound):
        small_kb.content.get(doc_id)


def test_login_is_throttled(site):
    client = site.test_client()
    statuses = [_login(client, password="sai-mat-khau-roi")[0].status_code for _ in range(5)]
    assert statuses[:3] == [401, 401, 401] and 429 in statuses[3:]
    assert _login(client)[0].status_code == 429  # even the right password waits its turn


def test_upload_type_and_size_limits(site):
    client = site.test_client()
    _, token = _login(client)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/edit/new").get_data(as_text=True)).group(1)
    exe = client.post("/edit/upload", data={"csrf_token": token, "file": (io.BytesIO(
        b"MZ\x90\x00\x03" + bytes(range(256)) * 4), "virus.exe")}, content_type="multipart/form-data")
    assert exe.status_code == 400
    big = client.post("/edit/upload", data={"csrf_token": token, "file": (io.BytesIO(
        b"a" * (26 * 2**20)), "big.txt")}, content_type="multipart/form-data")
    assert big.status_code == 413


def test_secrets_are_never_committed():
    tracked = subprocess.run(["git", "ls-files"], cwd=PROJECT, capture_output=True, text=True, check=True).stdout
    assert not re.search(r"(^|/)(secret_key|.*\.sqlite3|\.env)$", tracked, re.MULTILINE)
    ignored = subprocess.run(["git", "check-ignore", "instance/secret_key"], cwd=PROJECT, capture_output=True)
    assert ignored.returncode == 0


CLEAN_ENV = {"KB_SECRET_KEY": None, "FLASK_DEBUG": None, "KB_DEBUG": None, "FLASK_ENV": None}


def _check(kb, **env):
    return CliRunner().invoke(kb_main, ["--content", str(kb.content.root), "--instance", str(kb.instance_dir),
                                        "check"], env={**CLEAN_ENV, **env})


def test_kb_check_reports_a_weak_setup(small_kb):
    os.chmod(small_kb.instance_dir, 0o755)
    (small_kb.content.root / "hong.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    connect(small_kb.instance_dir).close()
    os.chmod(small_kb.instance_dir / "kb.sqlite3", 0o644)
    result = _check(small_kb, KB_SECRET_KEY="dev", FLASK_DEBUG="1")
    assert result.exit_code == 1
    for expected in ("secret key in KB_SECRET_KEY is weak", "open to other users", "debug mode is on",
                     "hong.md does not parse", "(password hashes) can be read by other users"):
        assert expected in result.output, result.output


def test_kb_check_reports_a_world_readable_secret_and_missing_index(small_kb, tmp_path):
    secret = small_kb.instance_dir / "secret_key"
    secret.write_text(os.urandom(32).hex(), encoding="ascii")
    os.chmod(secret, 0o644)
    small_kb.index.root.joinpath("CURRENT").unlink()
    result = _check(small_kb)
    assert result.exit_code == 1
    assert "can be read by other users" in result.output and "no search index" in result.output


def test_kb_check_passes_a_good_setup(small_kb):
    os.chmod(small_kb.instance_dir, 0o700)
    connect(small_kb.instance_dir).close()
    os.chmod(small_kb.instance_dir / "kb.sqlite3", 0o600)
    create_app({"CONTENT_DIR": str(small_kb.content.root), "INSTANCE_DIR": str(small_kb.instance_dir)})
    assert (small_kb.instance_dir / "secret_key").stat().st_mode & 0o077 == 0
    result = _check(small_kb)
    assert result.exit_code == 0, result.output
    assert "0 problem(s)" in result.output
