"""The Flask pages, through the test client, on the bundled Vietnamese content."""
import gzip
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from collections import Counter

import pytest

from ingest.tags import Taxonomy
from kb import create_app
from kb.web.feeds import FEED_SIZE
from kb.documents.render import render_markdown

LAW = "/doc/luat-102-2016-qh13"


def of_kind(kb, kind: str, year: str = "") -> set[str]:
    """The documents of content/ of ``kind`` (and dated in ``year``), by their front matter."""
    return {d.id for d in kb.content.all(bodies=False) if d.kind == kind and d.date.startswith(year)}


class Page(HTMLParser):
    """The parts of a page the tests look at: elements with attributes, and text by id."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self._open: list[tuple[str, str]] = []
        self.text_by_id: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag not in {"meta", "link", "input", "br", "img", "hr"}:
            self._open.append((tag, attributes.get("id", "")))
            if attributes.get("id"):
                self.text_by_id[attributes["id"]] = ""

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, element_id in self._open:
            if element_id:
                self.text_by_id[element_id] += data

    def find(self, tag: str, **attributes) -> list[dict]:
        """Attributes of every ``tag`` whose attributes include ``attributes``."""
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attributes.items())]

    def text(self, element_id: str) -> str:
        return " ".join(self.text_by_id[element_id].split())


def hit_ids(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/doc/([^"#/]+)', html)


def get(client, path, **query) -> str:
    response = client.get(path, query_string=query or None)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


# --- home and layout -------------------------------------------------------------------------------

def test_home_has_search_box_and_latest_documents(client, indexed_kb):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert 'name="q"' in page and 'name="viewport"' in page
    newest = max(indexed_kb.content.all(bodies=False), key=lambda d: d.date)
    assert f'href="/doc/{newest.id}"' in page


def test_home_offers_browsing_by_kind_with_counts(client, indexed_kb):
    page = get(client, "/")
    laws, workshops = len(of_kind(indexed_kb, "law")), len(of_kind(indexed_kb, "workshop"))
    assert re.search(rf'href="/kind/law">Văn bản pháp luật <span class="count">{laws}</span>', page)
    assert re.search(rf'href="/kind/workshop">Hội thảo – tập huấn <span class="count">{workshops}</span>', page)
    assert 'href="/tags"' in page


def test_home_lists_the_most_used_topics(client, indexed_kb):
    counts = Counter(tag for doc in indexed_kb.content.all() for tag in doc.tags)
    page = get(client, "/")
    label = Taxonomy.for_content(indexed_kb.content.root).label
    for tag, count in counts.most_common(3):
        assert f'href="/tags/{tag}">{label(tag)} <span class="count">{count}</span>' in page


def test_every_page_links_opensearch_and_the_feed_and_keeps_a_usernav_slot(client):
    head = Page(get(client, "/search", q="trẻ em"))
    assert head.find("link", rel="search", type="application/opensearchdescription+xml", href="/opensearch.xml")
    assert head.find("link", rel="alternate", type="application/atom+xml", href="/feed.atom")
    with open("templates/base.html", encoding="utf-8") as base:
        assert "{% block usernav %}" in base.read()


PAGES = ["/", "/search?q=trẻ em", "/search?q=trẻ em&kind=law", "/search?q=zzzqqq", LAW,
         "/doc/quang-ninh-tap-huan-nang-cao-nang-luc-ve-mo-hinh-tham-ho-cho-can-bo-cac-cap-va",
         f"{LAW}/cite?anchor=dieu-4", "/tags", "/kind/law", "/khong-co-trang"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_javascript_and_are_accessible(client, path):
    html = client.get(path).get_data(as_text=True)
    page = Page(html)
    scripts = page.find("script")
    assert all(s.get("type") == "application/ld+json" for s in scripts), scripts
    assert not re.search(r"\son[a-z]+\s*=", html) and "javascript:" not in html
    assert '<html lang="vi">' in html
    for landmark in ("header", "main", "footer"):
        assert page.find(landmark), landmark
    assert page.find("a", href="#main")  # skip link, first in the focus order
    labelled = {a["for"] for a in page.find("label") if "for" in a}
    for field in page.find("input"):
        if field.get("type") != "hidden":
            assert field.get("id") in labelled, field
    assert len(page.find("h1")) == 1


def test_page_weights(client):
    """Home and search pages are light; the Law on Children (116 KB of text) travels gzipped."""
    for path in ["/", "/search?q=trẻ em"]:
        assert len(client.get(path).data) < 100_000
    for path in ["/", "/search?q=trẻ em", LAW]:
        response = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert response.headers["Content-Encoding"] == "gzip"
        assert len(response.data) < 100_000, path
        assert "<h1" in gzip.decompress(response.data).decode("utf-8")
    assert "Content-Encoding" not in client.get(LAW).headers


def test_a_revisit_of_an_unchanged_page_is_a_304(client):
    first = client.get(LAW, headers={"Accept-Encoding": "gzip"})
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    again = client.get(LAW, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get("/tags", headers={"If-None-Match": etag}).status_code == 200


def test_stylesheet_has_a_print_style(client):
    css = client.get("/static/style.css").get_data(as_text=True)
    assert "@media print" in css and "a.pl" in css


# --- search ------------------------------------------------------------------------------------------

def test_search_page_lists_relevant_bundled_documents(client):
    response = client.get("/search", query_string={"q": "trẻ em bị xâm hại"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="trẻ em bị xâm hại"' in page  # the query box keeps the query
    links = re.findall(r'<h2><a href="(/doc/[^"]+)"', page)
    assert links, page
    assert any(link.startswith(("/doc/luat-102-2016-qh13/a/dieu-", "/doc/nghi-dinh-56-2017-nd-cp/a/dieu-"))
               for link in links[:3])
    assert "<mark>" in page


def test_search_shows_count_time_kind_badge_date_and_source(client):
    page = get(client, "/search", q="Luật Trẻ em")
    assert re.search(r"Tìm thấy <strong>\d+</strong> tài liệu\s*\(\d+,\d\d giây\)", page)
    assert '<span class="badge kind-law">Văn bản pháp luật</span>' in page
    assert '<time datetime="2016-04-05">05/04/2016</time>' in page
    assert "<span>Bộ Pháp điển</span>" in page


def test_search_without_diacritics_finds_the_same_first_document(client):
    accented = client.get("/api/search", query_string={"q": "trẻ em bị xâm hại"}).get_json()
    plain = client.get("/api/search", query_string={"q": "tre em bi xam hai"}).get_json()
    assert plain["results"][0]["id"] == accented["results"][0]["id"]


def test_facets_show_counts_and_apply_as_url_filters(client):
    html = get(client, "/search", q="trẻ em")
    # the facet shows the count the search gives; its link adds kind=law to the query
    laws = next(f["count"] for f in client.get("/api/search", query_string={"q": "trẻ em"}).get_json()
                ["facets"]["kind"] if f["value"] == "law")
    assert re.search(r'<a href="/search\?q=tr%E1%BA%BB\+em&amp;kind=law">Văn bản pháp luật <span class="count">'
                     r'(\d+)</span>', html)[1] == str(laws)
    filtered = get(client, "/search", q="trẻ em", kind="law")
    assert set(re.findall(r'<span class="badge kind-(\w+)">', filtered.split('class="facets"')[0])) == {"law"}
    assert 'type="hidden" name="kind" value="law"' in filtered  # a new query keeps the filter


def test_facets_combine_and_each_filter_can_be_removed(client, indexed_kb):
    html = get(client, "/search", kind="law", year="2017")
    assert set(hit_ids(html)) == of_kind(indexed_kb, "law", "2017")
    page = Page(html)
    removers = {a["aria-label"]: a["href"] for a in page.find("a", **{"class": "on"}) if "aria-label" in a}
    assert removers["Bỏ lọc Năm: 2017"] == "/search?kind=law"
    assert removers["Bỏ lọc Loại tài liệu: Văn bản pháp luật"] == "/search?year=2017"
    everything = get(client, "/search", kind="law")
    pages = -(-len(of_kind(indexed_kb, "law")) // 10)  # 10 a page
    assert len(set(hit_ids(everything))) == 10 and f"Trang 1 / {pages}" in everything


def test_long_facets_keep_the_rest_behind_a_details(client):
    tags = client.get("/api/search", query_string={"q": "trẻ em"}).get_json()["facets"]["tag"]
    html = get(client, "/search", q="trẻ em")
    if len(tags) > 8:
        assert f"<details><summary>Thêm {len(tags) - 8} chủ đề</summary>" in html
    for tag in tags:
        assert f"tag={tag['value']}\">{tag['label']} <span class=\"count\">{tag['count']}</span>" in html


def test_two_values_of_one_facet_are_alternatives(client, indexed_kb):
    html = client.get("/search?year=2016&year=2018").get_data(as_text=True)
    expected = {d.id for d in indexed_kb.content.all(bodies=False) if d.date[:4] in ("2016", "2018")}
    assert set(hit_ids(html)) == expected and "luat-102-2016-qh13" in expected


def test_sort_by_date_and_pagination(client):
    html = get(client, "/search", q="trẻ em", sort="date")
    dates = re.findall(r'<time datetime="([\d-]+)">', html.split('class="facets"')[0])
    later = re.findall(r'<time datetime="([\d-]+)">',
                       get(client, "/search", q="trẻ em", sort="date", page=2).split('class="facets"')[0])
    assert dates == sorted(dates, reverse=True) and later and min(dates) >= max(later)
    assert '<strong aria-current="true">Mới nhất</strong>' in html
    first, second = hit_ids(html), hit_ids(get(client, "/search", q="trẻ em", sort="date", page=2))
    assert len(first) == 10 and second and not set(first) & set(second)
    assert '<ol class="results" start="11">' in get(client, "/search", q="trẻ em", page=2)
    assert 'rel="next" href="/search?q=' in html and "sort=date" in html and "page=2" in html


def test_did_you_mean(client):
    html = get(client, "/search", q="nuôii dưỡngg")
    assert "Có phải bạn muốn tìm" in html and ">nuôi dưỡng</a>" in html
    assert hit_ids(get(client, "/search", q="nuôi dưỡng"))


def test_an_accent_free_query_shows_how_it_was_read_and_a_way_back(client):
    page = get(client, "/search", q="con bi bo me danh thi bao cho ai", kind="law")
    assert re.search(r"Đang tìm: <strong[^>]*>con bị bố mẹ đánh thì báo cho ai</strong>", page)
    link = re.search(r'<a href="([^"]+)">Tìm đúng như đã gõ', page)
    assert link and "as_typed=1" in link[1] and "kind=law" in link[1]
    as_typed = get(client, link[1].replace("&amp;", "&"))
    assert "Đang tìm:" not in as_typed and "Tìm thấy" in as_typed
    assert "Đang tìm:" not in get(client, "/search", q="trẻ em bị xâm hại")


def test_empty_query_and_odd_input_never_fail(client):
    assert client.get("/search").status_code == 200
    for query in ['"', "-", "OR", "((", "kind:", "?" * 5000, "\u0000"]:
        assert client.get("/search", query_string={"q": query}).status_code == 200
        assert client.get("/api/search", query_string={"q": query}).status_code == 200
    assert client.get("/search", query_string={"q": "trẻ em", "page": "abc"}).status_code == 200
    assert client.get("/search", query_string={"q": "trẻ em", "sort": "bogus", "kind": ""}).status_code == 200


def test_no_results_shows_help(client):
    page = get(client, "/search", q="zzzqqqxxx")
    assert "Không tìm thấy tài liệu nào" in page and "Kiểm tra lại chính tả" in page
    assert 'href="/tags"' in page
    filtered = get(client, "/search", q="Luật Trẻ em", kind="news", year="2016")
    assert "Tìm lại không dùng bộ lọc" in filtered


# --- document page ----------------------------------------------------------------------------------

def test_document_page_renders_articles_with_anchors(client):
    page = client.get(LAW).get_data(as_text=True)
    assert "<h1>Luật Trẻ em</h1>" in page
    assert re.search(r'<h4 id="dieu-4">Điều 4\. Giải thích từ ngữ<a [^>]*href="#dieu-4"', page)
    assert '<h2 id="chuong-1">' in page
    assert "102/2016/QH13" in page and "Quốc hội" in page
    assert "pháp điển:" not in page  # source comments are not shown


def test_clauses_points_and_paragraphs_have_anchors_and_plain_permalinks(client):
    page = Page(get(client, LAW))
    # Điều 4 opens with one paragraph, then defines 11 terms (khoản 1-11).
    assert page.text("dieu-4-p-1").startswith("Trong Luật này, các từ ngữ dưới đây được hiểu như sau:")
    assert page.text("dieu-4-khoan-1").startswith("Bảo vệ trẻ em là việc thực hiện các biện pháp phù hợp")
    assert page.text("dieu-4-khoan-11").startswith("Giám sát việc thực hiện quyền trẻ em")
    assert "dieu-4-khoan-12" not in page.text_by_id
    assert page.text("dieu-10-khoan-1-diem-a").startswith("a) Trẻ em mồ côi cả cha và mẹ")
    permalink = page.find("a", href="#dieu-4-khoan-1")
    assert permalink and permalink[0]["aria-label"] == "Liên kết đến Khoản 1 Điều 4"
    cite = page.find("a", href=f"{LAW}/cite?anchor=dieu-4")  # every heading links to its citation
    assert cite and cite[0]["aria-label"] == "Trích dẫn Điều 4"
    workshop = Page(get(client, "/doc/hoi-thao-quan-ly-truong-hop-tre-em-2018"))
    assert workshop.text("p-1").startswith("Trong hai ngày 12-13/7/2018")
    assert workshop.find("a", href="#p-1")


def test_anchors_are_stable_across_a_rebuild(indexed_kb, tmp_path):
    """A second knowledge base built from the same files serves the same anchors."""
    import shutil

    shutil.copytree(indexed_kb.content.root, tmp_path / "content")
    other = create_app({"TESTING": True, "CONTENT_DIR": str(tmp_path / "content"),
                        "INSTANCE_DIR": str(tmp_path / "instance")})
    other.extensions["kb"].rebuild_index()
    first = create_app({"TESTING": True, "CONTENT_DIR": str(indexed_kb.content.root),
                        "INSTANCE_DIR": str(indexed_kb.instance_dir)})
    ids = [re.findall(r' id="([^"]+)"', app.test_client().get(f"{LAW}?toan-van=1").get_data(as_text=True))
           for app in (first, other)]
    assert ids[0] == ids[1] and len(ids[0]) > 500


def test_search_hit_anchors_exist_on_the_document_page(client):
    hits = client.get("/api/search", query_string={"q": "tảo hôn"}).get_json()["results"]
    assert any(hit["anchor"] for hit in hits[:3])
    for hit in hits[:3]:
        if hit["anchor"]:  # the stable link redirects to the part holding the passage
            location = client.get(hit["url"]).headers["Location"]
            path, _, anchor = location.partition("#")
            assert anchor == hit["anchor"] and f'id="{anchor}"' in get(client, path)


def test_legal_references_link_to_documents_the_knowledge_base_holds(client):
    guide = get(client, "/doc/thong-tu-14-2020-tt-bldtbxh")
    assert re.search(r'<a href="/doc/nghi-dinh-56-2017-nd-cp"[^>]*>Nghị định số 56/2017/NĐ-CP</a>', guide)
    # "Luật trẻ em" written in lower case is still the law.
    assert re.search(r'<a href="/doc/luat-102-2016-qh13"[^>]*>Luật trẻ em</a>', guide)
    workshop = get(client, "/doc/hoi-thao-quan-ly-truong-hop-tre-em-2018")
    assert re.search(r'<a href="/doc/luat-102-2016-qh13"[^>]*>Luật Trẻ em</a>', workshop)
    # Thông tư 28/2014/TT-BYT is not in the knowledge base: left as text.
    health = get(client, "/doc/thong-tu-23-2017-tt-byt")
    assert "Thông tư số 28/2014/TT-BYT" in health and 'href="/doc/thong-tu-28-2014' not in health
    # A document does not link to itself.
    assert 'href="/doc/luat-102-2016-qh13"' not in get(client, LAW).split('class="body"')[1].split("</article>")[0]


def test_references_to_an_article_or_clause_link_to_its_anchor(client):
    guide = get(client, "/doc/thong-tu-14-2020-tt-bldtbxh")
    assert re.search(r'<a href="/doc/nghi-dinh-56-2017-nd-cp/a/dieu-32-khoan-3"[^>]*>'
                     r"khoản 3 Điều 32 Nghị định số 56/2017/NĐ-CP</a>", guide)
    amendment = get(client, "/doc/thong-tu-30-2019-tt-byt")
    assert re.search(r'<a href="/doc/thong-tu-34-2017-tt-byt/a/dieu-2-khoan-3"[^>]*>'
                     r"khoản 3 Điều 2 Thông tư số 34/2017/TT-BYT</a>", amendment)
    decree = get(client, "/doc/nghi-dinh-56-2017-nd-cp")
    assert 'id="dieu-32-khoan-3"' in decree
    law = get(client, f"{LAW}?toan-van=1")  # "… tại khoản 2 Điều 62 của Luật này": within the law
    assert '<a href="#dieu-62-khoan-2">khoản 2 Điều 62 của Luật này</a>' in law
    assert 'id="dieu-62-khoan-2"' in law
    # Điều 65, khoản 4: "… phải đăng ký theo quy định tại khoản 1 Điều này"
    assert '<a href="#dieu-65-khoan-1">khoản 1 Điều này</a>' in law and 'id="dieu-65-khoan-1"' in law
    # Thông tư 33/2017/TT-BYT, Điều 2: "… theo quy định tại điểm a khoản 2 Điều này"
    health = get(client, "/doc/thong-tu-33-2017-tt-byt")
    assert '<a href="#dieu-2-khoan-2-diem-a">điểm a khoản 2 Điều này</a>' in health
    assert 'id="dieu-2-khoan-2-diem-a"' in health
    assert 'id="dieu-2-khoan-3"' in get(client, "/doc/thong-tu-34-2017-tt-byt")


def test_every_anchor_link_of_every_document_lands_on_an_anchor(client, indexed_kb):
    """Links within a page, to another part of the document, and to a passage of another document."""
    pages = {}
    for doc_id in indexed_kb.content.ids():
        first = get(client, f"/doc/{doc_id}")
        pages[f"/doc/{doc_id}"] = first
        for number in set(re.findall(rf'href="/doc/{doc_id}\?phan=(\d+)', first)):
            pages[f"/doc/{doc_id}?phan={number}"] = get(client, f"/doc/{doc_id}?phan={number}")
    ids = {path: set(re.findall(r' id="([^"]+)"', html)) for path, html in pages.items()}
    missing, landed, checked = set(), {}, 0
    for path, html in pages.items():
        for href in re.findall(r'href="((?:/doc/[^"#]*)?#[^"]+|/doc/[a-z0-9-]+/a/[^"]+)"', html):
            checked += 1
            target = client.get(href).headers["Location"] if "/a/" in href else href
            page, _, fragment = target.partition("#")
            if fragment and fragment not in ids[page or path]:  # no fragment: the text's top
                missing.add((path, href))
            if target != href:
                landed[href] = target
    assert checked > 2000 and not missing, missing
    # Thông tư 14/2020 cites "điểm b khoản 1 Điều 36 Luật trẻ em", but Điều 36 of the law has no
    # clauses: the link opens the article.
    assert landed["/doc/luat-102-2016-qh13/a/dieu-36-khoan-1"] == "/doc/luat-102-2016-qh13#dieu-36"


def test_metadata_panel(client):
    facts = get(client, LAW).split('class="facts"')[1].split("</dl>")[0]
    assert "<dt>Số hiệu</dt><dd>102/2016/QH13</dd>" in facts
    assert "<dt>Cơ quan ban hành</dt><dd>Quốc hội</dd>" in facts
    assert '<time datetime="2016-04-05">05/04/2016</time>' in facts
    assert "Bộ Pháp điển" in facts and 'href="/kind/law"' in facts
    workshop = get(client, "/doc/quang-ninh-tap-huan-nang-cao-nang-luc-ve-mo-hinh-tham-ho-cho-can-bo-cac-cap-va")
    facts = workshop.split('class="facts"')[1].split("</dl>")[0]
    assert "<dt>Tác giả</dt><dd>Mạc Văn Hùng</dd>" in facts and "LĐXH" in facts


def test_table_of_contents_lists_every_article_in_a_collapsed_details(client):
    toc = get(client, LAW).split('<nav class="toc"')[1].split("</nav>")[0]
    assert "<details><summary>Mục lục" in toc and "<details open" not in toc
    articles = re.findall(r'<h4 id="(dieu-\d+)"', get(client, f"{LAW}?toan-van=1"))
    assert len(articles) == 106  # Luật Trẻ em has 106 articles
    linked = re.findall(r'href="(?:/doc/luat-102-2016-qh13(?:\?phan=\d)?)?#(dieu-\d+)"', toc)
    assert linked == articles  # the contents of the whole law, on each of its parts


def test_related_documents(client):
    html = get(client, LAW)
    related = html.split('aria-labelledby="related-h"')[1]
    assert 'href="/doc/nghi-dinh-56-2017-nd-cp"' in related  # the decree detailing the law
    assert 'href="/doc/luat-102-2016-qh13"' not in related


def test_related_documents_follow_changes_to_the_index(fresh_kb):
    client = create_app({"TESTING": True, "CONTENT_DIR": str(fresh_kb.content.root),
                         "INSTANCE_DIR": str(fresh_kb.instance_dir)}).test_client()
    assert "nghi-dinh-56-2017-nd-cp-ban-sao" not in get(client, LAW)
    copy = fresh_kb.content.get("nghi-dinh-56-2017-nd-cp")
    copy.id, copy.title = "nghi-dinh-56-2017-nd-cp-ban-sao", "Bản sao Nghị định 56/2017/NĐ-CP"
    fresh_kb.save(copy)
    related = get(client, LAW).split('aria-labelledby="related-h"')[1]
    assert 'href="/doc/nghi-dinh-56-2017-nd-cp-ban-sao"' in related


def test_unknown_document_and_route_are_404_in_site_style(client):
    for path in ["/doc/khong-co", "/doc/..%2F..%2Fetc%2Fpasswd", "/khong-co-trang", "/kind/khac",
                 "/tags/khong-co-chu-de"]:
        response = client.get(path)
        assert response.status_code == 404
        assert "Không tìm thấy" in response.get_data(as_text=True)
    api = client.get("/api/khong-co")
    assert api.status_code == 404 and api.get_json()["error"]["status"] == 404


def test_server_error_page_is_in_site_style(app):
    def broken():
        raise RuntimeError("hỏng")

    app.add_url_rule("/hong", view_func=broken)
    app.add_url_rule("/api/hong", view_func=broken)
    response = app.test_client().get("/hong")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra ở máy chủ" in page and '<html lang="vi">' in page and 'href="/tags"' in page
    api = app.test_client().get("/api/hong")
    assert api.status_code == 500 and api.get_json()["error"]["status"] == 500


# --- browsing, feed, OpenSearch ----------------------------------------------------------------------

def test_kind_listing(client, indexed_kb):
    html = get(client, "/kind/law")
    laws = [d for d in indexed_kb.content.all(bodies=False) if d.kind == "law"]
    assert "<h1>Văn bản pháp luật</h1>" in html and f"{len(laws)} tài liệu" in html
    listed = re.findall(r'<li>\s*<a href="/doc/([^"]+)">', html)
    dates = {d.id: d.date for d in laws}
    assert [dates[i] for i in listed] == sorted((dates[i] for i in listed), reverse=True)  # newest first
    assert 'href="/search?kind=law"' in html


def test_tag_pages_and_tag_facet_on_the_bundled_tags(client, indexed_kb):
    documents = list(indexed_kb.content.all())
    counts = Counter(tag for doc in documents for tag in doc.tags)
    if not counts:
        pytest.skip("content/ has no tags")
    tag, count = counts.most_common(1)[0]
    label = Taxonomy.for_content(indexed_kb.content.root).label(tag)
    tags = get(client, "/tags")
    assert f'href="/tags/{tag}">{label} <span class="count">{count}</span>' in tags
    tagged = sorted((d for d in documents if tag in d.tags), key=lambda d: d.date, reverse=True)
    listing = get(client, f"/tags/{tag}")
    assert f"<h1>Chủ đề: {label}</h1>" in listing
    assert re.findall(r'<li>\s*<a href="/doc/([^"]+)">', listing) == [d.id for d in tagged]
    results = get(client, "/search", tag=tag)
    assert f"Tìm thấy <strong>{count}</strong> tài liệu" in results
    assert set(hit_ids(results)) <= {d.id for d in tagged}
    assert f'aria-label="Bỏ lọc Chủ đề: {label}"' in results
    law = next(d for d in documents if d.id == "luat-102-2016-qh13")
    law_page = get(client, LAW)
    for law_tag in law.tags:
        assert f'<a href="/tags/{law_tag}">' in law_page


def test_an_editors_own_tag_is_listed_as_written(fresh_kb):
    for doc_id in ("luat-102-2016-qh13", "thong-tu-14-2020-tt-bldtbxh"):
        doc = fresh_kb.content.get(doc_id)
        doc.tags = [*doc.tags, "tai-lieu-tap-huan"]
        fresh_kb.save(doc)
    client = create_app({"TESTING": True, "CONTENT_DIR": str(fresh_kb.content.root),
                         "INSTANCE_DIR": str(fresh_kb.instance_dir)}).test_client()
    tags = get(client, "/tags")
    assert 'href="/tags/tai-lieu-tap-huan">tai-lieu-tap-huan <span class="count">2</span>' in tags
    listing = get(client, "/tags/tai-lieu-tap-huan")
    assert re.findall(r'<li>\s*<a href="/doc/([^"]+)">', listing) == ["thong-tu-14-2020-tt-bldtbxh",
                                                                       "luat-102-2016-qh13"]
    results = get(client, "/search", q="trẻ em", tag="tai-lieu-tap-huan")
    assert set(hit_ids(results)) == {"thong-tu-14-2020-tt-bldtbxh", "luat-102-2016-qh13"}


def test_tags_page_without_tags_says_so(client, indexed_kb):
    untagged = not any(d.tags for d in indexed_kb.content.all())
    html = get(client, "/tags")
    assert ("Chưa có tài liệu nào được gắn chủ đề" in html) == untagged


def test_atom_feed(fresh_kb):
    # the newest content files lead the feed: the law is made one of them, whatever the checkout's times
    os.utime(fresh_kb.content.path_for(LAW.rsplit("/", 1)[1]))
    client = create_app({"TESTING": True, "CONTENT_DIR": str(fresh_kb.content.root),
                         "INSTANCE_DIR": str(fresh_kb.instance_dir)}).test_client()
    response = client.get("/feed.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(response.data)
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    entries = feed.findall("a:entry", ns)
    assert len(entries) == min(len(fresh_kb.content.ids()), FEED_SIZE)
    for entry in entries:
        assert entry.find("a:id", ns).text.startswith("http://localhost/doc/")
        assert entry.find("a:title", ns).text and entry.find("a:updated", ns).text
    law = next(e for e in entries if e.find("a:id", ns).text.endswith(LAW))
    assert law.find("a:title", ns).text == "Luật Trẻ em"
    assert law.find("a:published", ns).text.startswith("2016-04-05")
    assert law.find("a:category", ns).get("term") == "law"


def test_opensearch_description(client):
    response = client.get("/opensearch.xml")
    assert response.mimetype == "application/opensearchdescription+xml"
    ns = {"o": "http://a9.com/-/spec/opensearch/1.1/"}
    root = ET.fromstring(response.data)
    assert len(root.find("o:ShortName", ns).text) <= 16
    templates = {u.get("type"): u.get("template") for u in root.findall("o:Url", ns)}
    assert templates["text/html"] == "http://localhost/search?q={searchTerms}"
    assert templates["application/json"] == "http://localhost/api/search?q={searchTerms}"


def test_only_links_to_other_sites_are_nofollow(client):
    html = render_markdown("Xem [nguồn](https://phapdien.moj.gov.vn/) và [Điều 4](#dieu-4).").html
    assert '<a href="https://phapdien.moj.gov.vn/" rel="noopener nofollow">nguồn</a>' in html
    assert '<a href="#dieu-4">Điều 4</a>' in html
    law = get(client, LAW)
    assert 'rel="noopener nofollow">#</a>' not in law
