"""A legal researcher checks whether a circular still applies, and filters results by validity."""
import pytest

pytestmark = pytest.mark.browser


def test_law_page_validity_panel_related_texts_and_amended_article_note(page, live_server, screenshot):
    page.goto(live_server + "/doc/luat-102-2016-qh13")
    panel = page.locator("section.validity")
    assert panel.is_visible()
    assert "Còn hiệu lực" in panel.inner_text() and "01/06/2017" in panel.inner_text()
    related = page.locator("section.legal-relations")
    assert "Văn bản hướng dẫn" in related.inner_text()
    related.get_by_role("link", name="Nghị định 56/2017/NĐ-CP", exact=False).first.click()
    page.wait_for_url("**/doc/nghi-dinh-56-2017-nd-cp")
    assert "Văn bản được hướng dẫn" in page.locator("section.legal-relations").inner_text()

    page.goto(live_server + "/doc/thong-tu-34-2017-tt-byt#dieu-2")
    note = page.locator("#dieu-2 + p.article-note")
    assert note.is_visible()
    assert "bãi bỏ" in note.inner_text() and "Thông tư 30/2019/TT-BYT" in note.inner_text()
    assert "Hết hiệu lực một phần" in page.locator("section.validity").inner_text()
    screenshot("validity-panel")
    note.get_by_role("link").click()
    page.wait_for_url("**/doc/thong-tu-30-2019-tt-byt*#dieu-2")


def test_status_facet_filters_results(page, live_server):
    page.goto(live_server + "/search?q=s%C3%A0ng+l%E1%BB%8Dc+tr%C6%B0%E1%BB%9Bc+sinh")
    facet = page.locator("section[aria-labelledby='f-status']")
    assert facet.is_visible()
    total_before = page.locator("ol.results li.hit").count()
    facet.get_by_role("link", name="Hết hiệu lực một phần", exact=False).click()
    page.wait_for_url("**status=het-hieu-luc-mot-phan*")
    hits = page.locator("ol.results li.hit")
    assert 0 < hits.count() < total_before
    for i in range(hits.count()):
        assert "Hết hiệu lực một phần" in hits.nth(i).locator(".validity-label").inner_text()
