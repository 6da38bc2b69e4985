"""A person on a phone types a query, sees highlighted results and opens one at its article."""
import pytest

pytestmark = pytest.mark.browser


def test_type_a_query_and_open_a_result(page, live_server, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server + "/")
    page.get_by_label("Tìm kiếm trong kho tri thức").fill("tre em bi xam hai")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    first = page.locator("ol.results li.hit").first
    assert first.locator("mark").count() > 0
    screenshot("search-phone")
    title = first.locator("h2 a").inner_text()
    first.locator("h2 a").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    anchor = page.url.split("#", 1)[1]
    assert anchor.startswith("dieu-")
    assert page.locator(f"#{anchor}").is_visible()
    screenshot("document-phone")
