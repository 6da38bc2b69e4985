"""Markdown to safe HTML, with stable anchors and permalinks on every heading, clause and paragraph.

Heading ids come from :func:`search.passages.heading_anchors`, the single source of truth that search
hits link to. Below a heading, blocks get anchors derived from the document's structure only, so they
survive a rebuild: a numbered clause of a law article is ``dieu-4-khoan-1``, a lettered point under
it ``dieu-4-khoan-1-diem-a``, any other block ``<heading anchor>-p-3`` (``p-3`` before the first
heading). Each anchored block carries a plain ``<a href="#…">`` permalink, which works without
JavaScript. Mentions of legal documents that the knowledge base holds ("Nghị định số 56/2017/NĐ-CP",
"Luật Trẻ em") become links to them, to the article and clause when one is named (through the stable
passage link ``<document url>/a/<anchor>``, which finds the part of a long document holding it), and
"Điều 50 của Luật này" becomes a link within the document.
"""
from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from dataclasses import dataclass, field

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from search.legal_terms import ARTICLE_PREFIX, LINKED_TYPES, article_anchor, clause_anchor, point_anchor
from search.passages import heading_anchors

log = logging.getLogger(__name__)

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_ALLOWED_TAGS = _HEADINGS | {
    "p", "br", "hr", "a", "strong", "em", "b", "i", "u", "s", "sub", "sup", "code", "pre",
    "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td",
    "caption", "img", "abbr", "mark", "span", "div", "figure", "figcaption",
}
_ALLOWED_ATTRIBUTES = {"*": {"id", "title"}, "a": {"href", "class", "aria-label", "rel"},
                       "img": {"src", "alt"}, "th": {"colspan", "rowspan", "align"},
                       "td": {"colspan", "rowspan", "align"}, "ol": {"start"}, "abbr": {"title"}}
# "Điều 4. Giải thích từ ngữ" is cited as "Điều 4"; other headings by their whole text.
_LEGAL_HEADING_RE = re.compile(r"^((?:Chương|Mục|Điều|Phần)\s+[0-9IVXLC]+[a-zđ]?)\b", re.IGNORECASE)
_POINT_RE = re.compile(r"^([a-zđ])\)\s")
_LEGAL_TYPES = "(?:" + "|".join(LINKED_TYPES) + ")"
_BY_NUMBER = _LEGAL_TYPES + r"(?:\s+số)?\s+(?P<number>\d{1,4}/\d{4}/[0-9A-Za-zĐđ]+(?:-[0-9A-Za-zĐđ]+)*)"
# "khoản 3 Điều 32 Nghị định số 56/2017/NĐ-CP" points at the clause itself.
_PINPOINT = r"(?:(?:[Kk]hoản\s+(?P<clause>\d+)\s+)?[Đđ]iều\s+(?P<article>\d+)(?:\s+của)?\s+)?"
# "điểm a khoản 1 Điều này": a clause (or point) of the article the mention is in.
_THIS_ARTICLE = (r"(?P<here>(?:điểm\s+(?P<here_point>[a-zđ])\s+)?[Kk]hoản\s+(?P<here_clause>\d+)\s+"
                 r"(?:của\s+)?Điều này)")
# "… của Luật này": the document itself, linked only when an article is named.
_THIS_DOCUMENT = r"(?P<this>" + _LEGAL_TYPES + r" này)"
_NO_LINKS_INSIDE = _HEADINGS | {"a", "code", "pre"}
# A block of raw HTML (such as the source comments of laws) is a paragraph holding a placeholder.
_RAW_HTML_RE = re.compile("^" + markdown.util.HTML_PLACEHOLDER % r"\d+" + "$")


@dataclass
class Rendered:
    """A rendered body, its table of contents ``[(level, anchor, text)]`` and every anchor's label.

    ``labels`` maps each anchor of the page (headings, clauses, points, paragraphs) to how it is
    cited, e.g. ``{"dieu-4": "Điều 4", "dieu-4-khoan-1": "Khoản 1 Điều 4"}``.
    """

    html: str
    toc: list[tuple[int, str, str]]
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class References:
    """Legal documents that mentions in a text can link to: by number and by short title.

    A mention may name an article and clause ("khoản 3 Điều 32 Nghị định số 56/2017/NĐ-CP"): the
    link then goes to that passage, ``<url>/a/<anchor>``; "Điều 50 của Luật này" and "khoản 1 Điều
    này" link within the document itself.
    """

    by_number: dict[str, str] = field(default_factory=dict)  # "56/2017/nđ-cp" -> url
    by_title: dict[str, str] = field(default_factory=dict)  # "luật trẻ em" (lower case) -> url

    def pattern(self) -> re.Pattern:
        """One regex for every mention this knowledge base can resolve, with its article and clause.

        Besides other documents, an article of the document itself ("Điều 50 của Luật này").
        """
        parts = [_BY_NUMBER] if self.by_number else []
        titles = sorted(self.by_title, key=len, reverse=True)
        if titles:
            parts.append("(?P<title>(?i:" + "|".join(re.escape(title) for title in titles) + r"))(?!\w)")
        parts.append(_THIS_DOCUMENT)
        return re.compile(_THIS_ARTICLE + "|" + _PINPOINT + "(?:" + "|".join(parts) + ")")

    def url_for(self, match: re.Match, article: str = "") -> str | None:
        """Where a mention found by :meth:`pattern` points, or None when the document is unknown.

        ``article`` is the anchor of the article the mention is in, for "khoản 1 Điều này".

        >>> refs = References({"56/2017/nđ-cp": "/doc/nd56"}, {"luật trẻ em": "/doc/luat"})
        >>> [refs.url_for(m, "dieu-9") for m in refs.pattern().finditer(
        ...     "khoản 3 Điều 32 Nghị định số 56/2017/NĐ-CP, Điều 4 của Luật Trẻ em, Nghị định 1/2020/NĐ-CP, "
        ...     "khoản 2 Điều 62 của Luật này, Luật này, điểm đ khoản 3 Điều này")]
        ['/doc/nd56/a/dieu-32-khoan-3', '/doc/luat/a/dieu-4', None, '#dieu-62-khoan-2', None, '#dieu-9-khoan-3-diem-dd']
        """
        groups = match.groupdict()
        if groups["here"]:
            if not article.startswith(ARTICLE_PREFIX):
                return None
            clause = clause_anchor(article, groups["here_clause"])
            return "#" + (point_anchor(clause, groups["here_point"]) if groups["here_point"] else clause)
        if groups.get("this"):
            base = ""
        elif groups.get("number"):
            base = self.by_number.get(groups["number"].lower())
        else:
            base = self.by_title.get(groups["title"].lower())
        if base is None or not groups["article"]:
            return base or None
        anchor = article_anchor(groups["article"])
        anchor = clause_anchor(anchor, groups["clause"]) if groups["clause"] else anchor
        return base + (f"/a/{anchor}" if base else f"#{anchor}")


def legal_references(documents: Iterable, url_of, exclude: str = "") -> References:
    """The :class:`References` of the law documents in ``documents`` (except ``exclude``).

    ``url_of(doc_id)`` gives the link target. A law whose title does not contain its number (such as
    "Luật Trẻ em") is also found by its title, in any letter case ("Luật trẻ em").
    """
    refs = References()
    for doc in documents:
        if doc.kind != "law" or doc.id == exclude:
            continue
        if doc.number:
            refs.by_number[doc.number.lower()] = url_of(doc.id)
        if not doc.number or doc.number not in doc.title:
            refs.by_title[doc.title.lower()] = url_of(doc.id)
    return refs


def citation_label(heading: str) -> str:
    """How a heading is cited: the legal unit ("Điều 4") or the heading's text.

    >>> citation_label("Điều 4. Giải thích từ ngữ"), citation_label("Kết quả hội thảo")
    ('Điều 4', 'Kết quả hội thảo')
    """
    match = _LEGAL_HEADING_RE.match(heading.strip())
    return match.group(1) if match else heading.strip()


def _permalink(element, anchor: str, label: str, holder=None) -> None:
    """Give ``element`` the id ``anchor`` and a ``#`` permalink at the end of ``holder`` (or itself)."""
    element.set("id", anchor)
    attributes = {"class": "pl", "href": f"#{anchor}", "aria-label": f"Liên kết đến {label}"}
    etree.SubElement(element if holder is None else holder, "a", attributes).text = "#"


class _AnchorIds(Treeprocessor):
    """Ids and permalinks: headings from :func:`heading_anchors`, then clauses, points, paragraphs."""

    def __init__(self, md, anchors: list[str], rendered: Rendered, cite_url: str):
        super().__init__(md)
        self.anchors = anchors
        self.rendered = rendered
        self.cite_url = cite_url

    def run(self, root):
        headings = [el for el in root.iter() if el.tag in _HEADINGS]
        for element, anchor in zip(headings, self.anchors):
            text = "".join(element.itertext()).strip()
            label = citation_label(text)
            self.rendered.toc.append((int(element.tag[1]), anchor, text))
            self.rendered.labels[anchor] = label
            _permalink(element, anchor, label)
            if self.cite_url:
                etree.SubElement(element, "a", {"class": "pl", "href": f"{self.cite_url}?anchor={anchor}",
                                                "aria-label": f"Trích dẫn {label}"}).text = "trích dẫn"
        self._blocks(root)

    def _claim(self, element, anchor: str, label: str, holder=None) -> str:
        """Anchor ``element``; an anchor already taken (two lists numbered from 1) gets ``-2``, ``-3``."""
        unique, n = anchor, 1
        while unique in self.rendered.labels:
            n += 1
            unique = f"{anchor}-{n}"
        self.rendered.labels[unique] = label
        _permalink(element, unique, label, holder)
        return unique

    def _blocks(self, root):
        """Walk the top-level blocks in order, numbering them within the heading they follow."""
        section, section_label, counter, clause = "", "", 0, None
        for block in list(root):
            if block.tag == "p" and len(block) == 0 and _RAW_HTML_RE.match((block.text or "").strip()):
                continue  # raw HTML, such as a law's source comment
            if block.tag in _HEADINGS:
                if block.get("id"):
                    section, counter, clause = block.get("id"), 0, None
                    section_label = self.rendered.labels[section]
                continue
            in_article = section.startswith(ARTICLE_PREFIX)
            if block.tag == "ol" and in_article:
                for number, item in enumerate(block.findall("li"), int(block.get("start", "1"))):
                    label = f"Khoản {number} {section_label}"
                    clause = (self._claim(item, clause_anchor(section, number), label, _target(item)), label)
                continue
            point = _POINT_RE.match("".join(block.itertext())) if block.tag == "p" else None
            if point and in_article and clause:
                self._claim(block, point_anchor(clause[0], point.group(1)),
                            f"Điểm {point.group(1)} {clause[1][0].lower()}{clause[1][1:]}")
                continue
            if block.tag in ("ol", "ul"):
                items = block.findall("li")
            elif block.tag == "p":
                items = [block]
            else:
                continue  # tables, code, rules: no paragraph of their own
            for item in items:
                counter += 1
                anchor = f"{section}-p-{counter}" if section else f"p-{counter}"
                label = f"{section_label}, đoạn {counter}" if section else f"Đoạn {counter}"
                self._claim(item, anchor, label, _target(item))


def _target(item):
    """Where a list item's permalink goes: its first paragraph when the list is loose."""
    first = item.find("p")
    return first if first is not None else item


class _ReferenceLinks(Treeprocessor):
    """Turn mentions of known legal documents in running text into links."""

    def __init__(self, md, references: References, anchors: list[str]):
        super().__init__(md)
        self.references = references
        self.pattern = references.pattern()
        self.anchors = anchors
        self._headings = iter(anchors)
        self.article = ""

    def run(self, root):
        self._headings = iter(self.anchors)
        self._walk(root)

    def _walk(self, element):
        """Link the text of ``element`` and its descendants, in document order."""
        if element.tag in _HEADINGS:
            self.article = next(self._headings, "")  # the article that the following text is in
        if element.tag in _NO_LINKS_INSIDE:
            return
        for child in list(element):
            self._walk(child)
        for child in reversed(list(element)):
            position = list(element).index(child) + 1
            self._link(element, position, child.tail, lambda t, c=child: setattr(c, "tail", t))
        self._link(element, 0, element.text, lambda t: setattr(element, "text", t))

    def _link(self, parent, position: int, text: str | None, set_text) -> None:
        if not text:
            return
        pieces, last = [], 0
        for match in self.pattern.finditer(text):
            url = self.references.url_for(match, self.article)
            if url:
                pieces.append((text[last:match.start()], match.group(0), url))
                last = match.end()
        if not pieces:
            return
        set_text(pieces[0][0])
        tail = text[last:]
        for offset, (_, mention, url) in enumerate(pieces):
            link = etree.Element("a", {"href": url})
            link.text = mention
            following = pieces[offset + 1][0] if offset + 1 < len(pieces) else tail
            link.tail = following
            parent.insert(position + offset, link)


class _ExternalLinks(Treeprocessor):
    """``rel="noopener nofollow"`` on links to other sites (not on the page's own permalinks)."""

    def run(self, root):
        for link in root.iter("a"):
            if link.get("href", "").startswith(("http://", "https://")):
                link.set("rel", "noopener nofollow")


class _KBExtension(Extension):
    def __init__(self, anchors: list[str], rendered: Rendered, references: References | None, cite_url: str):
        super().__init__()
        self.anchors, self.rendered, self.references, self.cite_url = anchors, rendered, references, cite_url

    def extendMarkdown(self, md):
        if self.references is not None:
            md.treeprocessors.register(_ReferenceLinks(md, self.references, self.anchors), "kb_references", 6)
        anchors = _AnchorIds(md, self.anchors, self.rendered, self.cite_url)
        md.treeprocessors.register(anchors, "kb_anchors", 5)
        md.treeprocessors.register(_ExternalLinks(md), "kb_external_links", 4)


def sanitize(html: str) -> str:
    """Keep only harmless HTML: no scripts, event handlers, ``javascript:`` URLs, iframes, forms.

    >>> sanitize('<p onclick="x()">Chào <script>alert(1)</script><a href="javascript:x">a</a></p>')
    '<p>Chào <a>a</a></p>'
    """
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                     clean_content_tags={"script", "style"}, link_rel=None,
                     url_schemes={"http", "https", "mailto", "tel"})


def render_markdown(text: str, references: References | None = None, cite_url: str = "") -> Rendered:
    """Render a document body; heading ids match the anchors search results point to.

    With ``references``, mentions of those legal documents become links; with ``cite_url`` (the
    document's citation page), every heading also links to ``<cite_url>?anchor=<its anchor>``.

    >>> print(render_markdown("#### Điều 4. Giải thích từ ngữ\\n\\n1. Bảo vệ trẻ em").html)
    <h4 id="dieu-4">Điều 4. Giải thích từ ngữ<a aria-label="Liên kết đến Điều 4" class="pl" href="#dieu-4">#</a></h4>
    <ol>
    <li id="dieu-4-khoan-1">Bảo vệ trẻ em<a aria-label="Liên kết đến Khoản 1 Điều 4" class="pl" href="#dieu-4-khoan-1">#</a></li>
    </ol>
    >>> render_markdown("Xem [nguồn](https://phapdien.moj.gov.vn/).").html
    '<p id="p-1">Xem <a href="https://phapdien.moj.gov.vn/" rel="noopener nofollow">nguồn</a>.<a aria-label="Liên kết đến Đoạn 1" class="pl" href="#p-1">#</a></p>'
    """
    rendered = Rendered("", [])
    md = markdown.Markdown(extensions=["tables", "sane_lists",
                                       _KBExtension(heading_anchors(text), rendered, references, cite_url)])
    rendered.html = sanitize(md.convert(text))
    return rendered


_TAG_RE = re.compile(r"<[^>]+>")


def plain_excerpt(text: str, limit: int = 200) -> str:
    """A short plain-text excerpt of Markdown for listings and meta descriptions."""
    flat = " ".join(_TAG_RE.sub("", markdown.markdown(text)).split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + "…"
