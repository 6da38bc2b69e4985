"""Markdown to safe HTML, with the same heading anchors that search hits link to."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from search.passages import heading_anchors

log = logging.getLogger(__name__)

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_ALLOWED_TAGS = _HEADINGS | {
    "p", "br", "hr", "a", "strong", "em", "b", "i", "u", "s", "sub", "sup", "code", "pre",
    "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td",
    "caption", "img", "abbr", "mark", "span", "div", "figure", "figcaption",
}
_ALLOWED_ATTRIBUTES = {"*": {"id", "title"}, "a": {"href"}, "img": {"src", "alt"},
                       "th": {"colspan", "rowspan", "align"}, "td": {"colspan", "rowspan", "align"},
                       "ol": {"start"}, "abbr": {"title"}}


@dataclass
class Rendered:
    """A rendered body and its table of contents ``[(level, anchor, text)]``."""

    html: str
    toc: list[tuple[int, str, str]]


class _AnchorIds(Treeprocessor):
    """Give headings the ids of :func:`search.passages.heading_anchors`, in document order."""

    def __init__(self, md, anchors: list[str], toc: list):
        super().__init__(md)
        self.anchors = anchors
        self.toc = toc

    def run(self, root):
        headings = [el for el in root.iter() if el.tag in _HEADINGS]
        for element, anchor in zip(headings, self.anchors):
            element.set("id", anchor)
            text = "".join(element.itertext()).strip()
            self.toc.append((int(element.tag[1]), anchor, text))


class _AnchorExtension(Extension):
    def __init__(self, anchors, toc):
        super().__init__()
        self.anchors, self.toc = anchors, toc

    def extendMarkdown(self, md):
        md.treeprocessors.register(_AnchorIds(md, self.anchors, self.toc), "kb_anchors", 5)


def sanitize(html: str) -> str:
    """Keep only harmless HTML: no scripts, event handlers, ``javascript:`` URLs, iframes, forms.

    >>> sanitize('<p onclick="x()">Chào <script>alert(1)</script><a href="javascript:x">a</a></p>')
    '<p>Chào <a rel="noopener nofollow">a</a></p>'
    """
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                     clean_content_tags={"script", "style"}, link_rel="noopener nofollow",
                     url_schemes={"http", "https", "mailto", "tel"})


def render_markdown(text: str) -> Rendered:
    """Render a document body; heading ids match the anchors search results point to.

    >>> render_markdown("#### Điều 4. Giải thích từ ngữ\\n\\nNội dung").html
    '<h4 id="dieu-4">Điều 4. Giải thích từ ngữ</h4>\\n<p>Nội dung</p>'
    """
    toc: list[tuple[int, str, str]] = []
    md = markdown.Markdown(extensions=["tables", "sane_lists",
                                       _AnchorExtension(heading_anchors(text), toc)])
    html = md.convert(text)
    return Rendered(sanitize(html), toc)


_TAG_RE = re.compile(r"<[^>]+>")


def plain_excerpt(text: str, limit: int = 200) -> str:
    """A short plain-text excerpt of Markdown for listings and meta descriptions."""
    flat = " ".join(_TAG_RE.sub("", markdown.markdown(text)).split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + "…"
