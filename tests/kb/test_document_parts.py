"""Long documents served in parts: every page under 100 KB, every anchor still reachable.

The Law on Children (7 chapters, 106 articles) renders to over 200 KB of HTML; it is served one part
per page (``?phan=N``), with the contents of the whole law on each, and a stable link to each
passage (``/doc/<id>/a/<anchor>``) that redirects to the part holding it.
"""
import gzip
import re

import pytest

from kb.web import pages

LAW = "/doc/luat-102-2016-qh13"
DECREE = "/doc/nghi-dinh-56-2017-nd-cp"
SHORT = "/doc/thong-tu-34-2017-tt-byt"
LIMIT = 100_000


def get(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def part_paths(client, path: str) -> list[str]:
    """The pages of a document: itself and every ``?phan=N`` it links to, in order."""
    numbers = {int(n) for n in re.findall(rf'href="{re.escape(path)}\?phan=(\d+)', get(client, path))}
    return [path] + [f"{path}?phan={n}" for n in sorted(numbers)]


def follow(client, url: str) -> tuple[str, str]:
    """``(page path, fragment)`` where a link lands, through the passage redirect if it is one."""
    response = client.get(url)
    if response.status_code == 302:
        url = response.headers["Location"]
    path, _, fragment = url.partition("#")
    return path, fragment


def articles(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<h4 id="dieu-(\d+)"', html)]


def body(html: str) -> str:
    return html.split('<div class="body">')[1].split("</article>")[0]


def test_every_page_of_every_bundled_document_is_under_100_kb(client, indexed_kb):
    sizes = {}
    for doc_id in indexed_kb.content.ids():
        for path in part_paths(client, f"/doc/{doc_id}"):
            html = client.get(path).data
            sizes[path] = len(html)
            assert len(html) < LIMIT, (path, len(html))
            zipped = client.get(path, headers={"Accept-Encoding": "gzip"}).data
            assert gzip.decompress(zipped) == html and len(zipped) < 20_000
    assert len(part_paths(client, LAW)) >= 3 and len(part_paths(client, DECREE)) >= 2
    assert max(sizes.values()) > 60_000  # parts are not cut needlessly small


def test_the_parts_of_the_law_hold_every_article_once_in_order(client):
    pages = [get(client, path) for path in part_paths(client, LAW)]
    found = [n for html in pages for n in articles(body(html))]
    assert found == list(range(1, 107))  # Điều 1 to Điều 106, each exactly once
    assert all(articles(body(html)) for html in pages)  # no empty part
    # Parts are cut at chapters ("Chương"), or at sections ("Mục") of a chapter too long alone.
    for html in pages:
        assert re.match(r'\s*<h[23] id="chuong-\d+(-muc-\d+)?"', body(html)), body(html)[:80]
    # The page with everything is an explicit choice, for printing: it may weigh more.
    whole = get(client, f"{LAW}?toan-van=1")
    assert articles(whole) == list(range(1, 107)) and len(whole.encode()) > LIMIT
    assert f'<link rel="canonical" href="http://localhost{LAW}">' in whole
    assert f'<a href="{LAW}">Xem từng phần</a>' in whole and 'rel="next"' not in whole


def test_part_pages_have_titles_and_previous_next_links_in_vietnamese(client):
    paths = part_paths(client, LAW)
    first, second, last = get(client, paths[0]), get(client, paths[1]), get(client, paths[-1])
    assert f"Phần 1/{len(paths)}: <strong>Chương I – Chương II</strong>" in first
    assert f'<a href="{LAW}?toan-van=1">Toàn văn trên một trang (để in)</a>' in first
    assert re.search(rf'<a rel="next" href="{re.escape(paths[1])}">Phần sau: Chương III', first)
    assert 'rel="prev"' not in first and 'rel="next"' not in last
    assert re.search(rf'<a rel="prev" href="{LAW}">‹ Phần trước: Chương I – Chương II</a>', second)
    assert "Chương VII. ĐIỀU KHOẢN THI HÀNH" in last and "<h1>Luật Trẻ em</h1>" in last
    # Each part keeps the metadata, the citation box and a canonical link of its own.
    assert "<dt>Số hiệu</dt><dd>102/2016/QH13</dd>" in second and 'id="trich-dan"' in second
    assert f'<link rel="canonical" href="http://localhost{paths[1]}">' in second
    assert f'<meta name="citation_public_url" content="http://localhost{LAW}">' in second


@pytest.mark.parametrize("query", ["phan=0", "phan=9", "phan=hai", "phan="])
def test_a_part_the_document_does_not_have_is_404(client, query):
    assert client.get(f"{LAW}?{query}").status_code == 404


def test_the_stable_link_to_an_article_redirects_to_its_part(client):
    response = client.get(f"{LAW}/a/dieu-51")
    assert response.status_code == 302
    path, fragment = follow(client, f"{LAW}/a/dieu-51")
    assert re.fullmatch(rf"{LAW}\?phan=\d", path) and fragment == "dieu-51"
    page = get(client, path)
    assert '<h4 id="dieu-51">Điều 51. Trách nhiệm cung cấp, xử lý thông tin, thông báo' in page
    assert 51 in articles(body(page))
    # The permalinks printed on that part stay within it: "#dieu-51" on a ?phan= page.
    assert '<a aria-label="Liên kết đến Điều 51" class="pl" href="#dieu-51">#</a>' in page
    # A clause and a point too; a clause of an article without numbered clauses opens the article.
    assert follow(client, f"{LAW}/a/dieu-4-khoan-1") == (LAW, "dieu-4-khoan-1")
    assert follow(client, f"{LAW}/a/dieu-36-khoan-1") == (LAW, "dieu-36")
    # On a short document, the passage is on the document's one page.
    assert follow(client, f"{SHORT}/a/dieu-2-khoan-3") == (SHORT, "dieu-2-khoan-3")


@pytest.mark.parametrize("path", [f"{LAW}/a/khong-co", "/doc/khong-co/a/dieu-1", f"{SHORT}/a/khong-co"])
def test_an_unknown_anchor_is_404(client, path):
    assert client.get(path).status_code == 404


def test_an_article_the_text_lacks_opens_the_text(client, indexed_kb):
    # The compendium holds only Điều 3 of Thông tư 11/2021/TT-BTP; Luật Nuôi con nuôi cites its Điều 1.
    excerpt = "/doc/thong-tu-11-2021-tt-btp"
    assert "#### Điều 1." not in indexed_kb.content.get("thong-tu-11-2021-tt-btp").body
    assert follow(client, f"{excerpt}/a/dieu-1") == (excerpt, "")
    assert follow(client, f"{LAW}/a/dieu-999-khoan-2") == (LAW, "")


def test_the_contents_of_part_one_link_to_the_other_parts(client):
    paths = part_paths(client, LAW)
    toc = get(client, LAW).split('<nav class="toc"')[1].split("</nav>")[0]
    assert '<a href="#dieu-4">Điều 4. Giải thích từ ngữ</a>' in toc  # in part 1
    for path in paths[1:]:
        assert f'href="{path}#' in toc
    for href in re.findall(r'href="([^"]+)"', toc):  # every entry lands on its heading
        path, fragment = follow(client, href if href.startswith("/") else LAW + href)
        assert f'id="{fragment}"' in get(client, path)


def test_a_search_hit_opens_its_passage(client):
    page = get(client, "/search?q=trẻ em bị xâm hại báo cho ai")
    hits = re.findall(r'<h2><a href="(/doc/[^"]+)">', page)
    anchored = [href for href in hits if "/a/" in href]
    assert anchored, hits
    for href in anchored[:3]:
        path, fragment = follow(client, href)
        assert fragment and href.endswith(f"/a/{fragment}")
        assert f'id="{fragment}"' in get(client, path)
    api = client.get("/api/search", query_string={"q": "trẻ em bị xâm hại báo cho ai"}).get_json()
    first = next(hit for hit in api["results"] if hit["anchor"])
    assert first["url"] == f"/doc/{first['id']}/a/{first['anchor']}"


def test_short_documents_keep_one_page(client, indexed_kb):
    for path in [SHORT, "/doc/hoi-thao-quan-ly-truong-hop-tre-em-2018", "/doc/thong-tu-14-2020-tt-bldtbxh"]:
        html = get(client, path)
        assert "?phan=" not in html and "toan-van" not in html and 'class="parts"' not in html
        assert client.get(f"{path}?phan=2").status_code == 404
        assert body(get(client, f"{path}?toan-van=1")) == body(html)


def test_references_from_other_documents_land_on_the_right_part_of_the_law(client):
    decree = get(client, DECREE)
    links = dict(re.findall(r'<a href="(/doc/luat-102-2016-qh13/a/[^"]+)">([^<]+)</a>', decree))
    assert links["/doc/luat-102-2016-qh13/a/dieu-47"] == "Điều 47 Luật trẻ em"
    parts = set()
    for href in links:
        path, fragment = follow(client, href)
        assert f'id="{fragment}"' in get(client, path), href
        parts.add(path)
    assert len(parts) >= 2  # Điều 3 in the first part, Điều 47 further on


def test_references_within_the_law_go_to_the_part_holding_them(client):
    """ "khoản 2 Điều 62 của Luật này" links to the part where Điều 62 is, when it is another part."""
    pages = {path: get(client, path) for path in part_paths(client, LAW)}
    target, _ = follow(client, f"{LAW}/a/dieu-62-khoan-2")
    mentions = 0
    for path, html in pages.items():
        for href in re.findall(r'<a href="([^"]*#dieu-62-khoan-2)">khoản 2 Điều 62 của Luật này</a>', html):
            mentions += 1
            assert href == ("#dieu-62-khoan-2" if path == target else f"{target}#dieu-62-khoan-2")
    assert mentions == 2 and 'id="dieu-62-khoan-2"' in pages[target]


def test_citing_a_passage_uses_its_stable_link(client):
    page = get(client, f"{LAW}/cite?anchor=dieu-51")
    assert f"http://localhost{LAW}/a/dieu-51, truy cập ngày" in page
    path, _ = follow(client, f"{LAW}/a/dieu-51")
    assert f'<a href="{path}#dieu-51">‹ Về Điều 51 trong tài liệu</a>' in page
    ris = client.get(f"{LAW}/cite.ris", query_string={"anchor": "dieu-51"}).get_data(as_text=True)
    assert f"UR  - http://localhost{LAW}/a/dieu-51" in ris
    part = get(client, path)  # each heading of a part links to its citation
    assert f'href="{LAW}/cite?anchor=dieu-51"' in part


def test_the_law_is_rendered_and_cut_once_per_version(client):
    get(client, LAW)
    before = pages._render_cached.cache_info()
    for path in part_paths(client, LAW):
        get(client, path)
    assert client.get(f"{LAW}/a/dieu-51").status_code == 302
    after = pages._render_cached.cache_info()
    assert after.misses == before.misses and after.hits > before.hits
