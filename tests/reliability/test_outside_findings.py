"""The nine findings of the outside security test (issue 15), each with its regression test."""
from __future__ import annotations

import re
import stat
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import rispy
from werkzeug.serving import make_server

from kb.documents.content import build_document
from kb.editing.review import status_of
from kb.editing.revisions import working
from search.query import MAX_QUERY_TERMS, MAX_TERM_CHARS
from tests.kb.test_editor import (PASSWORD, form_fields, login, make_app, submit,  # noqa: F401
                                  write)
from tests.reliability.test_concurrency import Browser

GUESSES = 30


@pytest.fixture
def site(small_kb):
    return make_app(small_kb.content.root, small_kb.instance_dir, LOGIN_FREE_ATTEMPTS=3)


def _client(site, name):
    client = site.test_client()
    assert login(client, name).status_code == 302
    return client


@pytest.mark.parametrize("target", ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example",
                                    "/\\evil.example", "//evil.example", " //evil.example",
                                    "/edit\r\nSet-Cookie: x=1", "https://evil.example/"])
def test_login_never_redirects_off_the_site_nor_fails_on_control_characters(site, target):
    client = site.test_client()
    fields = form_fields(client.get("/login").get_data(as_text=True), "/login")
    response = client.post("/login", data={**fields, "next": target, "username": "lan", "password": PASSWORD})
    assert response.status_code == 302  # finding 2: a newline answered 500
    assert response.headers["Location"] == "/"  # finding 1: "/<TAB>/evil.example" led to //evil.example


def test_an_editor_cannot_publish_their_own_work_by_restoring_the_submitted_revision(site):
    lan, admin = _client(site, "lan"), _client(site, "quantri")
    doc_id = write(lan, "Quy trình can thiệp khẩn cấp", "Các bước can thiệp khi trẻ bị bạo lực.", action="submit")
    kb = site.extensions["kb"]
    with site.app_context():
        revision = working(kb.content.get(doc_id))[0]
    assert submit(admin, "/review", f"/review/{doc_id}/return", comment="Thiếu căn cứ pháp lý.",
                  base_rev=str(revision.id)).status_code == 302
    history = lan.get(f"/history/{doc_id}").get_data(as_text=True)
    assert f"<td>#{revision.id}</td>" in history
    assert submit(lan, f"/history/{doc_id}", f"/history/{doc_id}/restore/{revision.id}").status_code == 302
    with site.app_context():
        restored = working(kb.content.get(doc_id))
    assert status_of(restored[1]) == "draft"  # not back in review with the admin's "return" last
    token = form_fields(lan.get(f"/edit/{doc_id}").get_data(as_text=True), f"/edit/{doc_id}")["csrf_token"]
    lan.post(f"/review/{doc_id}/approve", data={"csrf_token": token, "base_rev": restored[0].id})
    assert status_of(kb.content.get(doc_id)) != "published"


def test_simultaneous_guesses_get_no_more_password_checks_than_the_free_attempts(site):
    server = make_server("127.0.0.1", 0, site, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        browser = Browser(server.server_port)
        token = re.search(r'name="csrf_token" value="([^"]+)"', browser.request("GET", "/login")[2])[1]
        guess = {"csrf_token": token, "username": "lan", "password": "doan-mat-khau-sai"}
        with ThreadPoolExecutor(GUESSES) as pool:
            statuses = list(pool.map(lambda _: browser.request("POST", "/login", guess)[0], range(GUESSES)))
    finally:
        server.shutdown()
    assert statuses.count(401) == 3  # passwords checked: LOGIN_FREE_ATTEMPTS, not 10
    assert statuses.count(429) == GUESSES - 3


def test_ris_export_keeps_line_breaks_of_a_field_inside_that_field(site):
    kb = site.extensions["kb"]
    document = build_document({"title": "Báo cáo giám sát", "kind": "guidance", "date": "2024-05-01",
                               "summary": "Dòng một\nER  - \nTY  - JOUR\nTI  - Bản ghi giả",
                               "source": {"publisher": "Sở LĐTBXH\r\nAU  - Kẻ giả mạo"}},
                              "Nội dung báo cáo giám sát.", "bao-cao-giam-sat")
    kb.save(document)
    ris = site.test_client().get("/doc/bao-cao-giam-sat/cite.ris").get_data(as_text=True)
    records = rispy.loads(ris)
    assert len(records) == 1
    assert records[0]["publisher"] == "Sở LĐTBXH AU - Kẻ giả mạo"
    assert "authors" not in records[0] and records[0]["title"] == "Báo cáo giám sát"
    assert [line[:2] for line in ris.splitlines()].count("TY") == 1


@pytest.mark.parametrize("part", ["²", "٣", "1²", "-1", "", "0"])
def test_a_part_number_that_is_not_plain_digits_is_not_found(site, small_kb, part):
    doc_id = small_kb.content.ids()[0]
    assert site.test_client().get(f"/doc/{doc_id}", query_string={"phan": part}).status_code == 404


def test_huge_queries_are_cut_before_parsing_with_a_notice(site):
    client = site.test_client()
    many = " ".join(f"từ{n}" for n in range(2000))
    for query in (many, "a" * 10_000, "trẻ em " + "b" * 10_000):
        response = client.get("/search", query_string={"q": query})
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert f"chỉ tìm theo {MAX_QUERY_TERMS} từ đầu, mỗi từ tối đa {MAX_TERM_CHARS} ký tự" in page
    engine = site.extensions["kb"].engine
    results = engine.search(many)
    assert len(results.query.split()) == MAX_QUERY_TERMS
    assert "chỉ tìm theo" not in client.get("/search?q=trẻ em").get_data(as_text=True)


def test_a_session_cookie_copied_before_logout_is_worthless_after_it(site):
    lan = _client(site, "lan")
    copied = lan.get_cookie("session").value
    assert lan.get("/edit/new").status_code == 200
    token = form_fields(lan.get("/edit/new").get_data(as_text=True), "/edit/new")["csrf_token"]
    assert lan.post("/logout", data={"csrf_token": token}).status_code == 302
    thief = site.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/edit/new").status_code == 302  # to the login page


def test_kb_index_creates_a_private_instance_folder_and_index(small_kb, runner, tmp_path):
    instance = tmp_path / "new" / "instance"
    assert runner("index", content=small_kb.content.root, instance=instance).exit_code == 0
    for folder in (instance, instance / "index"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
