"""A reader on a phone, without JavaScript, moves through the parts of the Law on Children."""
import pytest

pytestmark = pytest.mark.browser

LAW = "/doc/luat-102-2016-qh13"


def test_a_hit_in_a_later_part_opens_at_its_article(nojs_page, live_server):
    page = nojs_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server + "/search?q=" + "trẻ em bị xâm hại báo cho ai")
    link = page.locator(f'ol.results li.hit h2 a[href="{LAW}/a/dieu-51"]')
    link.click()
    page.wait_for_url(f"**{LAW}?phan=*#dieu-51")
    heading = page.locator("#dieu-51")
    assert heading.inner_text().startswith("Điều 51.")
    assert 0 <= heading.bounding_box()["y"] < 50  # scrolled to the article


def test_previous_next_and_contents_links_between_parts(nojs_page, live_server):
    page = nojs_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server + LAW)
    bottom = page.get_by_role("navigation", name="Chuyển phần, cuối trang")
    bottom.get_by_role("link", name="Phần sau").click()
    page.wait_for_url(f"**{LAW}?phan=2")
    assert page.locator(".part-of").inner_text().startswith("Phần 2/")
    top = page.get_by_role("navigation", name="Chuyển phần, đầu trang")
    top.get_by_role("link", name="Phần trước").click()
    page.wait_for_url(f"**{LAW}")
    page.locator(".toc summary").click()  # the contents of the whole law, collapsed
    page.get_by_role("link", name="Điều 100.", exact=False).click()
    page.wait_for_url(f"**{LAW}?phan=*#dieu-100")
    assert page.locator("#dieu-100").is_visible()
