"""The site in headless chromium, at phone (390px) and desktop (1280px) widths, without JavaScript.

The pages ship no script, so every test runs with JavaScript disabled in the page: what a trainer
does here works in any browser. Screenshots land in test-artifacts/ for review.
"""
import datetime as dt
import json
import re
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import bibtexparser
import pytest
import rispy

from tests.browser.conftest import save_screenshot

pytestmark = pytest.mark.browser

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
LAW = "/doc/luat-102-2016-qh13"


def vietnam_today() -> dt.date:
    """The access date a reader in Vietnam sees."""
    return dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()


@pytest.fixture
def shoot(nojs_page):
    """Screenshots of ``nojs_page`` under test-artifacts/ (``full_page=False``: what is on screen)."""

    def take(name: str, full_page: bool = True):
        save_screenshot(nojs_page, name, full_page)

    return take


def filters_of(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


@pytest.mark.parametrize("width", WIDTHS)
def test_search_apply_and_remove_a_facet(nojs_page, live_server, shoot, width):
    page = nojs_page
    page.set_viewport_size(WIDTHS[width])
    page.goto(live_server + "/search")
    page.get_by_label("Tìm kiếm trong kho tri thức").fill("trẻ em")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.wait_for_url("**/search?q=*")
    assert "Tìm thấy" in page.get_by_role("status").inner_text()
    assert page.locator("ol.results li.hit").count() == 10
    shoot(f"search-{width}")
    shoot(f"search-top-{width}", full_page=False)

    facets = page.get_by_role("complementary", name="Lọc kết quả")
    facets.get_by_role("link", name="Văn bản pháp luật").click()
    page.wait_for_url("**kind=law*")
    assert filters_of(page.url) == {"q": ["trẻ em"], "kind": ["law"]}
    badges = page.locator("ol.results .badge").all_inner_texts()
    assert badges and set(badges) == {"Văn bản pháp luật"}
    year = facets.get_by_role("link", name="2017")
    in_2017 = int(year.locator(".count").inner_text())  # the laws of 2017 the facet counts
    year.click()
    page.wait_for_url("**year=2017*")
    assert filters_of(page.url) == {"q": ["trẻ em"], "kind": ["law"], "year": ["2017"]}
    assert page.locator("ol.results li.hit").count() == min(in_2017, 10)
    assert f"Tìm thấy {in_2017} tài liệu" in page.get_by_role("status").inner_text()
    shoot(f"search-facets-{width}")

    page.get_by_role("link", name="Bỏ lọc Loại tài liệu: Văn bản pháp luật").click()
    page.wait_for_load_state()
    assert filters_of(page.url) == {"q": ["trẻ em"], "year": ["2017"]}
    page.get_by_role("link", name="Xóa tất cả bộ lọc").click()
    page.wait_for_load_state()
    assert filters_of(page.url) == {"q": ["trẻ em"]}


@pytest.mark.parametrize("width", WIDTHS)
def test_follow_a_hit_to_its_passage_and_use_its_permalink(nojs_page, live_server, shoot, width):
    page = nojs_page
    page.set_viewport_size(WIDTHS[width])
    page.goto(live_server + "/search?q=" + "giải thích từ ngữ Luật Trẻ em")
    first = page.locator("ol.results li.hit").first
    href = first.locator("h2 a").get_attribute("href")
    assert href == LAW + "/a/dieu-4"  # the stable link to the article, redirected to its part
    first.locator("h2 a").click()
    page.wait_for_url("**#dieu-4")
    heading = page.locator("#dieu-4")
    assert heading.is_visible() and heading.inner_text().startswith("Điều 4. Giải thích từ ngữ")
    assert heading.bounding_box()["y"] < 50  # scrolled to the article
    clause = page.locator("#dieu-4-khoan-1")
    clause.get_by_role("link", name="Liên kết đến Khoản 1 Điều 4").click()
    page.wait_for_url("**#dieu-4-khoan-1")
    assert clause.inner_text().startswith("Bảo vệ trẻ em là việc")
    shoot(f"document-anchor-{width}", full_page=False)  # what the reader sees on arrival


@pytest.mark.parametrize("width", WIDTHS)
def test_copy_a_citation_from_the_box(nojs_page, live_server, shoot, width):
    page = nojs_page
    page.set_viewport_size(WIDTHS[width])
    page.goto(live_server + LAW)
    shoot(f"document-top-{width}", full_page=False)
    page.get_by_role("link", name="Trích dẫn", exact=True).click()
    page.wait_for_url("**#trich-dan")
    box = page.get_by_role("region", name="Trích dẫn")
    box.get_by_label("Trích dẫn một điều, khoản hoặc đoạn").fill("dieu-4")
    box.get_by_role("button", name="Xem trích dẫn").click()
    page.wait_for_url("**/cite?anchor=dieu-4")
    citation = page.locator("#cite-vi")
    accessed = vietnam_today().strftime("%d/%m/%Y")
    assert citation.inner_text() == (f"Điều 4, Luật Trẻ em số 102/2016/QH13, Quốc hội ban hành ngày 05/04/2016, "
                                     f"{live_server}{LAW}/a/dieu-4, truy cập ngày {accessed}.")
    # One click selects the whole citation (CSS user-select: all), ready for Ctrl+C.
    citation.click()
    assert page.evaluate("() => window.getSelection().toString()").strip() == citation.inner_text()
    assert page.locator("#cite-apa").inner_text().startswith("Quốc hội. (2016). Luật Trẻ em số 102/2016/QH13 [Điều 4].")
    shoot(f"citation-{width}")


def test_download_each_citation_format(nojs_page, live_server):
    page = nojs_page
    page.set_viewport_size(WIDTHS["desktop"])
    page.goto(live_server + LAW + "/cite?anchor=dieu-4-khoan-1")
    downloads = page.locator(".downloads")
    files = {}
    for label in ("RIS", "BibTeX", "CSL-JSON"):
        with page.expect_download() as info:
            downloads.get_by_role("link", name=label, exact=True).click()
        download = info.value
        files[label] = (download.suggested_filename, open(download.path(), encoding="utf-8").read())
    name, ris = files["RIS"]
    assert name == "luat-102-2016-qh13-dieu-4-khoan-1.ris"
    [entry] = rispy.loads(ris)
    assert entry["title"] == "Luật Trẻ em số 102/2016/QH13" and entry["section"] == "Khoản 1 Điều 4"
    name, bib = files["BibTeX"]
    assert name.endswith(".bib")
    [bib_entry] = bibtexparser.parse_string(bib).entries
    assert {f.key: f.value for f in bib_entry.fields}["note"] == "Khoản 1 Điều 4"
    name, csl = files["CSL-JSON"]
    assert name.endswith(".json")
    [item] = json.loads(csl)
    assert item["type"] == "legislation" and item["URL"] == f"{live_server}{LAW}/a/dieu-4-khoan-1"


@pytest.mark.parametrize("width", WIDTHS)
def test_browse_pages_render_at_both_widths(nojs_page, live_server, shoot, width):
    page = nojs_page
    page.set_viewport_size(WIDTHS[width])
    page.goto(live_server + "/")
    shoot(f"home-{width}")
    page.locator("section[aria-labelledby='by-kind']").get_by_role("link", name=re.compile(r"^Văn bản pháp luật \d+$")).click()
    page.wait_for_url("**/kind/law")
    assert page.get_by_role("heading", level=1).inner_text() == "Văn bản pháp luật"
    # Nothing is wider than the screen.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    shoot(f"kind-{width}")


def test_keyboard_starts_at_the_skip_link_then_the_search_box(nojs_page, live_server):
    page = nojs_page
    page.goto(live_server + "/search?q=trẻ em")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Bỏ qua, đến nội dung chính"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "q"  # the search box, first in main


def test_print_style_shows_the_text_and_the_citation_only(nojs_page, live_server, shoot):
    page = nojs_page
    page.set_viewport_size(WIDTHS["desktop"])
    page.goto(live_server + "/doc/hoi-thao-quan-ly-truong-hop-tre-em-2018")
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible() and not page.locator(".related").is_visible()
    assert not page.locator("a.pl").first.is_visible() and not page.locator(".cite-form").is_visible()
    assert page.locator("h1").is_visible() and page.locator("#cite-vi").is_visible()
    shoot("document-print")
