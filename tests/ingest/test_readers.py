"""Each reader on real Vietnamese text: HTML pages, DOCX and PDF built at run time, sniffing."""
import pytest

from ingest.pipeline import Vocabularies, ingest_bytes
from ingest.readers import read_bytes, sniff
from tests.conftest import BUNDLED_CONTENT
from tests.ingest.builders import docx_paragraph, docx_table, make_docx, make_pdf
from tests.ingest.test_encoding import iconv

LEAD = ("Trong hai ngày 12-13/7/2018, bộ phận Bảo trợ trẻ em của Tổ chức GNI phối hợp với Sở Lao động - "
        "Thương binh và Xã hội tỉnh Điện Biên tổ chức Hội thảo Quản lý trường hợp trẻ em.")

NEWS_PAGE = f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Hội thảo Quản lý Trường hợp trẻ em 2018 | GNI Việt Nam</title>
<meta property="og:site_name" content="GNI Việt Nam">
<meta property="og:url" content="https://gni.example.vn/hoi-thao-2018">
<script>window.dataLayer = [];</script><style>body {{ color: red }}</style></head>
<body>
<header><a href="#main">Chuyển tới nội dung</a><nav><ul><li>Trang chủ</li><li>Tin tức</li></ul></nav></header>
<div class="wrapper"><aside class="sidebar"><h3>Tin mới</h3><ul><li>Lạng Sơn: Quan tâm đào tạo nghề</li></ul></aside>
<article class="post">
  <h1>Hội thảo Quản lý Trường hợp trẻ em 2018</h1>
  <div class="share-buttons">Chia sẻ Facebook Zalo</div>
  <p>{LEAD}</p>
  <h2>Nội dung chính</h2>
  <p>Các đại biểu đã thảo luận về <strong>quy trình quản lý trường hợp</strong> và <a href="javascript:alert(1)">mẫu biểu</a>.</p>
  <ul><li>Đánh giá nhu cầu của trẻ</li><li>Lập kế hoạch can thiệp</li></ul>
  <table><tr><th>Huyện</th><th>Số trẻ</th></tr><tr><td>Điện Biên Đông</td><td>45</td></tr></table>
  <img src="x.jpg" onerror="alert(1)"><p>Các học viên chụp ảnh lưu niệm tại hội thảo</p>
  <script>document.write('<p>tiêm</p>')</script>
  <div class="related-news"><h3>Tin liên quan</h3><ul><li>Tập huấn 24-11-2024 08:01</li></ul></div>
  <div id="comments"><form><textarea>Bình luận</textarea><button>Gửi</button></form></div>
</article></div>
<footer>© 2018 GNI. All rights reserved.</footer></body></html>"""

# (page, expected title, lines the body must contain, fragments it must not)
HTML_CASES = [
    (NEWS_PAGE, "Hội thảo Quản lý Trường hợp trẻ em 2018",
     [LEAD, "### Nội dung chính", "- Đánh giá nhu cầu của trẻ", "| Huyện | Số trẻ |", "| Điện Biên Đông | 45 |",
      "Các đại biểu đã thảo luận về **quy trình quản lý trường hợp** và mẫu biểu."],
     ["Chuyển tới nội dung", "Trang chủ", "Chia sẻ", "Lạng Sơn", "Tin liên quan", "Bình luận", "©", "alert",
      "dataLayer", "color: red", "tiêm", "<", "chụp ảnh lưu niệm", "javascript"]),
    # no <article>: the block with the most paragraph text wins over menus and footers
    ("<html><body><div class='menu'><p>Giới thiệu</p><p>Liên hệ</p></div><div class='content'>"
     "<h1>Nâng cao năng lực cho đội ngũ cán bộ làm công tác trẻ em</h1>"
     "<p>(Baohatinh.vn) - 300 cán bộ tại huyện Hương Sơn (Hà Tĩnh) được tập huấn về bảo vệ trẻ em.</p>"
     "<p>Sáng 8/12, huyện Hương Sơn tổ chức lớp tập huấn cho cán bộ xã, thôn về kỹ năng phòng ngừa xâm hại.</p>"
     "</div><div class='footer'><p>Bản quyền thuộc Báo Hà Tĩnh</p></div></body></html>",
     "Nâng cao năng lực cho đội ngũ cán bộ làm công tác trẻ em",
     ["Sáng 8/12, huyện Hương Sơn tổ chức lớp tập huấn cho cán bộ xã, thôn về kỹ năng phòng ngừa xâm hại."],
     ["Giới thiệu", "Liên hệ", "Bản quyền"]),
    # related news as <article> cards beside a main story that is a plain <div>
    ("<html><body><div class='story'><h1>Quảng Ninh: Tập huấn mô hình thăm hộ</h1>"
     "<p>Từ ngày 20 -23/5/2020, Sở Lao động - Thương binh và Xã hội tỉnh Quảng Ninh tổ chức tập huấn.</p>"
     "<p>Hơn 100 cán bộ và cộng tác viên công tác xã hội đã tham dự lớp học.</p></div>"
     "<section><article><h3>Lạng Sơn: Quan tâm đào tạo nghề</h3><p>24-11-2024</p></article>"
     "<article><h3>Hà Giang: Hỗ trợ trẻ em vùng cao</h3></article></section></body></html>",
     "Quảng Ninh: Tập huấn mô hình thăm hộ",
     ["Hơn 100 cán bộ và cộng tác viên công tác xã hội đã tham dự lớp học."],
     ["Lạng Sơn", "Hà Giang", "24-11-2024"]),
]


@pytest.fixture(scope="module")
def vocabularies():
    return Vocabularies.from_content(BUNDLED_CONTENT)


@pytest.mark.parametrize("page, title, present, absent", HTML_CASES)
def test_html_pages(page, title, present, absent, vocabularies):
    draft = ingest_bytes(page.encode("utf-8"), "trang.html", vocabularies)
    assert draft.metadata["title"] == title
    lines = draft.body.split("\n")
    for line in present:
        assert line in lines, line
    for fragment in absent:
        assert fragment not in draft.body, fragment


def test_html_page_metadata(vocabularies):
    draft = ingest_bytes(NEWS_PAGE.encode("utf-8"), "trang.html", vocabularies)
    meta = draft.metadata
    assert (meta["kind"], meta["date"]) == ("workshop", "2018-07-12")
    assert meta["source"] == {"url": "https://gni.example.vn/hoi-thao-2018", "publisher": "GNI Việt Nam"}
    assert "Điện Biên" in meta["places"]
    assert {"Good Neighbors International", "Sở Lao động - Thương binh và Xã hội"} <= set(meta["organizations"])
    assert "quan-ly-truong-hop" in meta["tags"]
    assert "references" not in meta


def test_a_news_page_citing_a_law_gets_the_reference():
    page = ("<html><body><article><h1>Phổ biến pháp luật về trẻ em</h1><p>Cán bộ được giới thiệu Luật Trẻ em "
            "2016 và Nghị định số 56/2017/NĐ-CP quy định chi tiết.</p></article></body></html>")
    assert ingest_bytes(page.encode(), "tin.html").metadata["references"] == [
        {"text": "Luật Trẻ em 2016", "title": "Luật Trẻ em", "year": 2016},
        {"text": "Nghị định số 56/2017/NĐ-CP", "number": "56/2017/NĐ-CP"}]


def test_html_in_a_legacy_encoding_is_decoded():
    page = "<html><body><article><h1>Trẻ em</h1><p>Bảo vệ trẻ em khỏi bạo lực và xâm hại.</p></article></body></html>"
    body, meta = read_bytes(iconv(page, "CP1258"), "trang.htm")
    assert (meta["title"], body) == ("Trẻ em", "Bảo vệ trẻ em khỏi bạo lực và xâm hại.")


DOCX = make_docx(
    docx_paragraph("Sổ tay hướng dẫn thăm hộ gia đình", "Title"),
    docx_paragraph("Mục đích của thăm hộ", "u1"),
    docx_paragraph("Thăm hộ giúp cán bộ công tác xã hội nắm được hoàn cảnh của trẻ em tại tỉnh Quảng Ninh."),
    docx_paragraph("Chuẩn bị trước khi thăm", "u2"),
    docx_paragraph("Đọc hồ sơ của trẻ;", numbered=True),
    docx_paragraph("Hẹn lịch với gia đình.", numbered=True),
    docx_table([["Bước", "Việc cần làm"], ["1", "Đánh giá an toàn | nguy cơ"]]),
)


def test_docx_headings_lists_and_tables(vocabularies):
    draft = ingest_bytes(DOCX, "so-tay.docx", vocabularies)
    assert draft.metadata["title"] == "Sổ tay hướng dẫn thăm hộ gia đình"
    assert draft.metadata["kind"] == "guidance"
    assert draft.metadata["places"] == ["Quảng Ninh"]
    assert draft.body.split("\n\n") == [
        "## Mục đích của thăm hộ",
        "Thăm hộ giúp cán bộ công tác xã hội nắm được hoàn cảnh của trẻ em tại tỉnh Quảng Ninh.",
        "### Chuẩn bị trước khi thăm",
        "- Đọc hồ sơ của trẻ;",
        "- Hẹn lịch với gia đình.",
        "| Bước | Việc cần làm |\n| --- | --- |\n| 1 | Đánh giá an toàn \\| nguy cơ |",
    ]


def test_docx_without_styles_takes_its_first_line_as_title():
    data = make_docx(docx_paragraph("Tập huấn về bảo vệ trẻ em trên môi trường mạng"),
                     docx_paragraph("Ngày 23/4/2021, 40 giáo viên tham dự lớp tập huấn."), styles=False)
    draft = ingest_bytes(data, "tap-huan.docx")
    assert (draft.metadata["title"], draft.metadata["date"], draft.body) == (
        "Tập huấn về bảo vệ trẻ em trên môi trường mạng", "2021-04-23",
        "Ngày 23/4/2021, 40 giáo viên tham dự lớp tập huấn.")


def test_docx_of_a_decree_gets_its_legal_title_and_articles():
    data = make_docx(*[docx_paragraph(t) for t in [
        "CHÍNH PHỦ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 56/2017/NĐ-CP", "Hà Nội, ngày 09 tháng 5 năm 2017",
        "NGHỊ ĐỊNH", "QUY ĐỊNH CHI TIẾT MỘT SỐ ĐIỀU CỦA LUẬT TRẺ EM", "Căn cứ Luật trẻ em ngày 05 tháng 4 năm 2016;",
        "Chương I", "NHỮNG QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh",
        "Nghị định này quy định chi tiết một số điều của Luật trẻ em.", "Điều 2. Đối tượng áp dụng",
        "1. Cơ quan, tổ chức, cá nhân."]])
    draft = ingest_bytes(data, "nd56.docx")
    assert draft.id == "nghi-dinh-56-2017-nd-cp"
    assert draft.metadata["title"] == "Nghị định 56/2017/NĐ-CP quy định chi tiết một số điều của Luật trẻ em"
    assert "## Chương I. NHỮNG QUY ĐỊNH CHUNG\n\n#### Điều 1. Phạm vi điều chỉnh" in draft.body
    assert "#### Điều 2. Đối tượng áp dụng\n\n1. Cơ quan, tổ chức, cá nhân." in draft.body


PDF_LINES = ["Tập huấn kỹ năng thăm hộ gia đình tại Quảng Ninh",
             "Từ ngày 20 -23/5/2020, Sở Lao động - Thương binh",
             "và Xã hội tỉnh Quảng Ninh tổ chức lớp tập huấn",
             "về mô hình thăm hộ cho cán bộ các cấp.", "2"]


def test_pdf_text_layer_is_read_and_unwrapped(vocabularies):
    pytest.importorskip("pypdf")
    draft = ingest_bytes(make_pdf(PDF_LINES), "tap-huan.pdf", vocabularies)
    assert draft.metadata["title"] == "Tập huấn kỹ năng thăm hộ gia đình tại Quảng Ninh"
    assert (draft.metadata["kind"], draft.metadata["date"]) == ("workshop", "2020-05-20")
    assert draft.body == ("Từ ngày 20 -23/5/2020, Sở Lao động - Thương binh và Xã hội tỉnh Quảng Ninh tổ chức lớp "
                          "tập huấn về mô hình thăm hộ cho cán bộ các cấp.")  # the page number is dropped
    assert draft.metadata["places"] == ["Quảng Ninh"]


@pytest.mark.parametrize("data, name, kind", [
    (b"# Tieu de\nNoi dung", "a.txt", "markdown"),
    ("Hội thảo\nNội dung".encode(), "a.md", "markdown"),
    ("Hội thảo\nNội dung".encode(), "a.html", "text"),  # content, not the extension, decides
    (NEWS_PAGE.encode(), "a.txt", "html"),
    (b"<div><p>Tin</p></div>", "a.txt", "html"),
    (DOCX, "a.bin", "docx"),
    (make_pdf(["Trẻ em"]), "a.docx", "pdf"),
    (b"PK\x03\x04" + b"\0" * 30 + b"anh.png", "a.zip", "zip"),
    (b"\x89PNG\r\n\x1a\n", "a.txt", "PNG image"),
])
def test_sniffing(data, name, kind):
    assert sniff(data, name) == kind
