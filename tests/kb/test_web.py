"""The Flask pages and the JSON API, through the test client."""
import re


def test_home_has_search_box_and_latest_documents(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert 'name="q"' in page and 'name="viewport"' in page
    assert 'href="/doc/hoi-thao-quan-ly-truong-hop-tre-em-2018"' in page


def test_search_page_lists_relevant_bundled_documents(client):
    response = client.get("/search", query_string={"q": "trẻ em bị xâm hại"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="trẻ em bị xâm hại"' in page  # the query box keeps the query
    links = re.findall(r'<h2><a href="(/doc/[^"]+)"', page)
    assert links, page
    assert any(link.startswith(("/doc/luat-102-2016-qh13#dieu-", "/doc/nghi-dinh-56-2017-nd-cp#dieu-"))
               for link in links[:3])
    assert "<mark>" in page


def test_search_without_diacritics_finds_the_same_first_document(client):
    accented = client.get("/api/search", query_string={"q": "trẻ em bị xâm hại"}).get_json()
    plain = client.get("/api/search", query_string={"q": "tre em bi xam hai"}).get_json()
    assert plain["results"][0]["id"] == accented["results"][0]["id"]


def test_api_search_shape(client):
    data = client.get("/api/search", query_string={"q": "quản lý trường hợp"}).get_json()
    assert data["query"] == "quản lý trường hợp"
    assert data["total"] >= 1
    first = data["results"][0]
    assert set(first) >= {"id", "title", "kind", "date", "url", "snippet", "score"}
    assert first["url"].startswith(f"/doc/{first['id']}")


def test_empty_query_and_odd_input_never_fail(client):
    assert client.get("/search").status_code == 200
    for query in ['"', "-", "OR", "((", "kind:", "?" * 5000, "\u0000"]:
        assert client.get("/search", query_string={"q": query}).status_code == 200
        assert client.get("/api/search", query_string={"q": query}).status_code == 200
    assert client.get("/search", query_string={"q": "trẻ em", "page": "abc"}).status_code == 200


def test_no_results_shows_help(client):
    page = client.get("/search", query_string={"q": "zzzqqqxxx"}).get_data(as_text=True)
    assert "Không tìm thấy tài liệu nào" in page and "Kiểm tra lại chính tả" in page


def test_document_page_renders_articles_with_anchors(client):
    page = client.get("/doc/luat-102-2016-qh13").get_data(as_text=True)
    assert "<h1>Luật Trẻ em</h1>" in page
    assert '<h4 id="dieu-4">Điều 4. Giải thích từ ngữ</h4>' in page
    assert '<h2 id="chuong-1">' in page
    assert "102/2016/QH13" in page and "Quốc hội" in page
    assert "pháp điển:" not in page  # source comments are not shown


def test_unknown_document_and_route_are_404_in_site_style(client):
    for path in ["/doc/khong-co", "/doc/..%2F..%2Fetc%2Fpasswd", "/khong-co-trang"]:
        response = client.get(path)
        assert response.status_code == 404
        assert "Không tìm thấy" in response.get_data(as_text=True)
    api = client.get("/api/khong-co")
    assert api.status_code == 404 and api.get_json()["error"]["status"] == 404
