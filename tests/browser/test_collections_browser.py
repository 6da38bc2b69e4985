"""A trainer, with JavaScript off, builds a handout: signs in as a reader, searches, adds three
passages of two documents, reorders them, adds a note, exports DOCX and Markdown, shares the link,
and the link opens for someone signed out."""
from __future__ import annotations

import docx
import pytest

from tests.browser.conftest import save_screenshot
from tests.browser.test_editor_browser import editor_server  # noqa: F401
from tests.kb.test_editor import PASSWORD

pytestmark = pytest.mark.browser

LAW = "/doc/luat-102-2016-qh13"
DECREE = "/doc/nghi-dinh-56-2017-nd-cp"
NAME = "Tập huấn tiếp nhận tin báo, 12/12"


@pytest.fixture
def trainer(browser, editor_server):  # noqa: F811
    """The reader ``docgia`` signed in, in a browser without JavaScript that accepts downloads."""
    context = browser.new_context(locale="vi-VN", java_script_enabled=False, accept_downloads=True)
    tab = context.new_page()
    tab.goto(editor_server + "/login")
    tab.get_by_label("Tên đăng nhập").fill("docgia")
    tab.get_by_label("Mật khẩu").fill(PASSWORD)
    tab.get_by_role("button", name="Đăng nhập").click()
    assert "Xin chào, docgia." in tab.content()
    yield tab
    context.close()


def add_from_search(tab, server: str, query: str, doc_url: str) -> None:
    """Search, then follow the "add" link of the hit in ``doc_url``."""
    tab.goto(server + "/search?q=" + query)
    hit = tab.locator("li.hit", has=tab.locator(f'h2 a[href^="{doc_url}/a/"]')).first
    hit.get_by_role("link", name="Thêm vào bộ tài liệu").click()
    assert tab.url.startswith(server + "/collections/add?")


def download(tab, link_name: str, path):
    """Click a download link and save the file to ``path``."""
    with tab.expect_download() as info:
        tab.get_by_role("link", name=link_name).click()
    info.value.save_as(path)
    return path


def test_trainer_builds_exports_and_shares_a_handout(trainer, browser, editor_server, tmp_path):  # noqa: F811
    tab, server = trainer, editor_server
    add_from_search(tab, server, "tổng đài điện thoại quốc gia tố giác xâm hại", LAW)
    tab.get_by_label("Ghi chú của giảng viên").fill("Mở đầu: ai phải báo tin?")
    tab.get_by_label("Tên bộ tài liệu mới").fill(NAME)
    tab.get_by_role("button", name="Tạo và thêm").click()
    assert "/search?q=" in tab.url  # back to the results, to go on collecting
    assert "Đã thêm Điều 51" in tab.locator(".flashes").inner_text()

    add_from_search(tab, server, "thời hạn tạm thời cách ly trẻ em", DECREE)
    tab.get_by_role("button", name=f"«{NAME}»").click()
    assert "Đã thêm Điều 32" in tab.locator(".flashes").inner_text()

    tab.goto(server + LAW)  # from the document page: a pasted permalink
    tab.get_by_label("Thêm cả tài liệu, hoặc một điều, khoản, đoạn").fill(server + LAW + "/a/dieu-10-khoan-1")
    tab.get_by_role("button", name="Thêm vào bộ tài liệu").click()
    assert "Khoản 1 Điều 10" in tab.locator("main").inner_text()
    tab.get_by_role("button", name=f"«{NAME}»").click()
    headings = tab.locator("li.item h2")
    assert headings.count() == 3
    assert headings.nth(2).inner_text().startswith("3. Khoản 1 Điều 10 – Luật Trẻ em")

    tab.get_by_role("button", name="Chuyển mục 3 lên").click()  # reorder
    assert [headings.nth(i).inner_text()[:20] for i in range(3)] == [
        "1. Điều 51 – Luật Tr", "2. Khoản 1 Điều 10 –", "3. Điều 32 – Nghị đị"]
    item = tab.locator("li.item").nth(1)
    item.locator("summary").click()
    item.get_by_label("Ghi chú của giảng viên").fill("Chia nhóm: mỗi nhóm hai đối tượng")
    item.get_by_role("button", name="Lưu ghi chú").click()
    assert "Chia nhóm: mỗi nhóm hai đối tượng" in tab.locator("li.item").nth(1).inner_text()
    save_screenshot(tab, "collection-owner")

    document = docx.Document(str(download(tab, "Word (DOCX)", tmp_path / "handout.docx")))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == NAME
    assert "2. Khoản 1 Điều 10 – Luật Trẻ em số 102/2016/QH13" in paragraphs
    assert any(p.startswith("3. Chính phủ thiết lập tổng đài điện thoại quốc gia") for p in paragraphs)
    assert any(p.startswith("1. Trẻ em có hoàn cảnh đặc biệt") for p in paragraphs)
    assert "a) Trẻ em mồ côi cả cha và mẹ;" in paragraphs
    assert "Ghi chú của giảng viên: Mở đầu: ai phải báo tin?" in paragraphs
    assert "Ghi chú của giảng viên: Chia nhóm: mỗi nhóm hai đối tượng" in paragraphs
    assert any(p.startswith("Trích dẫn: Điều 51, Luật Trẻ em số 102/2016/QH13, Quốc hội ban hành ngày "
                            "05/04/2016") for p in paragraphs)
    assert [row.cells[0].text for row in document.tables[0].rows] == ["STT", "1", "2"]

    markdown = download(tab, "Markdown", tmp_path / "handout.md").read_text(encoding="utf-8")
    assert markdown.startswith(f"# {NAME}\n") and "## 3. Điều 32 – Nghị định số 56/2017/NĐ-CP" in markdown
    assert "**Ghi chú của giảng viên:** Chia nhóm: mỗi nhóm hai đối tượng" in markdown

    tab.locator("details.owner-tools summary").click()
    tab.get_by_role("button", name="Tạo liên kết chia sẻ").click()
    tab.locator("details.owner-tools summary").click()
    link = tab.get_by_label("Liên kết chỉ xem").input_value()
    assert "share=" in link

    stranger = browser.new_context(locale="vi-VN", java_script_enabled=False, accept_downloads=True)
    try:
        shared = stranger.new_page()
        shared.goto(link)
        assert shared.locator("h1").inner_text() == NAME
        assert shared.get_by_role("link", name="Đăng nhập").is_visible()  # signed out
        text = shared.locator("main").inner_text()
        assert "Chia nhóm: mỗi nhóm hai đối tượng" in text and "Danh mục nguồn trích dẫn" in text
        assert shared.locator("main form").count() == 0 and shared.locator("main button").count() == 0
        shared_docx = docx.Document(str(download(shared, "Word (DOCX)", tmp_path / "shared.docx")))
        assert shared_docx.paragraphs[0].text == NAME
        save_screenshot(shared, "collection-shared")
    finally:
        stranger.close()
