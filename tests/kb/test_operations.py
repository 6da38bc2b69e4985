"""Running behind a proxy, logs, /healthz, robots.txt and sitemap.xml."""
from __future__ import annotations

import json
import logging
import xml.etree.ElementTree as etree

import pytest

from kb import create_app
from kb.db import get_db
from kb.web.logs import JsonFormatter
from tests.kb.test_editor import form_fields, make_app

FORWARDED = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https",
             "X-Forwarded-Host": "baovetreem.sld.gov.vn"}
EXTERNAL = ["/feed.atom", "/opensearch.xml", "/sitemap.xml", "/doc/luat-102-2016-qh13/cite.ris"]


@pytest.fixture(params=[0, 1], ids=["no-proxy", "one-proxy"])
def proxied(request, indexed_kb, tmp_path):
    app = make_app(indexed_kb.content.root, tmp_path / "instance", PROXY_COUNT=request.param)
    return app, request.param


def test_forwarded_headers_are_trusted_only_when_a_proxy_is_configured(proxied):
    app, proxies = proxied
    client = app.test_client()
    for path in EXTERNAL:
        text = client.get(path, headers=FORWARDED).get_data(as_text=True)
        assert ("https://baovetreem.sld.gov.vn/" in text) == bool(proxies), path
        assert ("http://localhost/" in text) == (not proxies), path
    fields = form_fields(client.get("/login").get_data(as_text=True), "/login")
    assert client.post("/login", headers=FORWARDED,
                       data={**fields, "username": "lan", "password": "sai-mat-khau-1"}).status_code == 401
    with app.app_context():
        addresses = [row["ip"] for row in get_db().execute("SELECT ip FROM login_failures")]
    assert addresses == (["203.0.113.9"] if proxies else ["127.0.0.1"])


def test_healthz_reports_index_documents_and_database(app, indexed_kb):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    report = response.get_json()
    assert report["status"] == "ok" and report["database"] == {"ok": True}
    assert report["index"]["generation"] == indexed_kb.index.generation()
    assert report["index"]["documents"] == len(indexed_kb.content.ids())
    assert report["index"]["passages"] == indexed_kb.engine.searcher().doc_count() > 0


def test_healthz_is_503_without_an_index(indexed_kb, tmp_path):
    app = create_app({"TESTING": True, "CONTENT_DIR": str(indexed_kb.content.root),
                      "INSTANCE_DIR": str(tmp_path / "empty")})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "fail" and not response.get_json()["index"]["ok"]


def test_robots_keeps_crawlers_off_search_and_private_pages_and_points_to_the_sitemap(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    lines = text.splitlines()
    for path in ("/search", "/api/", "/edit/", "/admin/", "/login"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert "Disallow: /doc/" not in text


def test_sitemap_lists_every_published_document(client, indexed_kb):
    root = etree.fromstring(client.get("/sitemap.xml").data)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert locations[0] == "http://localhost/"
    assert sorted(locations[1:]) == sorted(f"http://localhost/doc/{doc_id}" for doc_id in indexed_kb.content.ids()
                                           if indexed_kb.content.get(doc_id).extra.get("status", "published")
                                           == "published")
    assert all(len(m.text) >= 20 for m in root.findall("s:url/s:lastmod", ns))


def test_one_access_log_line_per_request_with_client_user_status_and_time(app, caplog):
    with caplog.at_level(logging.INFO, logger="kb.access"):
        app.test_client().get("/search?q=trẻ em")
        app.test_client().get("/khong-co-trang-nay")
    lines = [r for r in caplog.records if r.name == "kb.access"]
    assert len(lines) == 2
    assert lines[0].getMessage().startswith('127.0.0.1 - "GET /search?q=')
    assert lines[0].fields["path"].startswith("/search?q=") and lines[0].fields["status"] == 200
    assert lines[1].fields["status"] == 404 and lines[1].fields["ms"] >= 0
    entry = json.loads(JsonFormatter().format(lines[0]))
    assert entry["logger"] == "kb.access" and entry["status"] == 200 and entry["method"] == "GET"
    assert entry["client"] == "127.0.0.1" and entry["user"] == "-" and entry["bytes"] > 0


def test_the_access_log_can_be_switched_off(indexed_kb, tmp_path, caplog):
    app = make_app(indexed_kb.content.root, tmp_path / "instance", ACCESS_LOG=False)
    with caplog.at_level(logging.INFO, logger="kb.access"):
        app.test_client().get("/")
    assert not [r for r in caplog.records if r.name == "kb.access"]
