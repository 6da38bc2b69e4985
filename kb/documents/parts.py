"""Long documents served in parts, so that no page weighs 100 KB.

The Law on Children renders to over 200 KB of HTML. A body that would make the page too heavy
(:data:`MAX_PAGE_BYTES`, with the table of contents of the whole document) is cut at its top-level
headings (a law at its chapters, "Chương"; a decree without chapters at its articles); a section
still too large is cut again at its own subheadings ("Mục"), or between its paragraphs when it has
none (the appendix of an administrative decision), and small consecutive sections are
grouped, so the parts come out of similar size. The whole document is
rendered first and cut afterwards, so every anchor is the same as on a single page. Links within
the document to an anchor in another part go to that part's page (:func:`part_url`).
"""
from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass

from kb.documents.render import Rendered

log = logging.getLogger(__name__)

# Body HTML and contents together; the page adds about 10 KB (metadata, citation box, related documents).
MAX_PAGE_BYTES = 75_000
MIN_PART_BYTES = 20_000  # even when the contents are very long
PART_PARAM = "phan"

# Headings with an id, and the elements a heading may be nested in (only top-level ones cut a body).
_MARKUP_RE = re.compile(r'<(/?)(?:blockquote|li|dd|dt|td|th|div|figure)\b[^>]*>'
                        r'|<h([1-6])\b[^>]*?\sid="([^"]+)"')
# Top-level paragraphs: where a section without subheadings (an appendix of table cells) is cut.
_PARAGRAPH_RE = re.compile(r'<(/?)(?:blockquote|li|dd|dt|td|th|div|figure)\b[^>]*>|<p\b')
# Within tags only: text never holds a "<" (it is escaped), but it may hold 'id="…"'.
_ID_RE = re.compile(r'<[a-z][a-z0-9]*\b[^>]*?\sid="([^"]+)"')
_LOCAL_LINK_RE = re.compile(r'(<a\b[^>]*?\shref=")#([^"]+)"')
# "dieu-36-khoan-1" is within "dieu-36", "chuong-1-p-2" within "chuong-1".
_WITHIN_RE = re.compile(r"^(.+)-(?:khoan|diem|p)-[^-]+$")


def part_url(doc_url: str, number: int) -> str:
    """The page of part ``number`` of the document at ``doc_url``: the document's own URL for part 1.

    >>> part_url("/doc/luat", 1), part_url("/doc/luat", 3)
    ('/doc/luat', '/doc/luat?phan=3')
    """
    return doc_url if number == 1 else f"{doc_url}?{PART_PARAM}={number}"


@dataclass(frozen=True)
class Part:
    """One page of a document: its number (from 1), its title ("Chương II. …"), its body HTML."""

    number: int
    title: str
    html: str


@dataclass(frozen=True)
class Paged:
    """A rendered document, its parts (one for a short document) and the part holding each anchor."""

    rendered: Rendered
    doc_url: str
    parts: tuple[Part, ...]
    part_of: dict[str, int]

    def locate(self, anchor: str) -> str | None:
        """``anchor`` if the document has it, else the nearest passage holding it, else None.

        A reference to "khoản 1 Điều 36" of a law whose Điều 36 has no numbered clauses finds "dieu-36".
        """
        return _nearest(anchor, self.part_of)

    def url(self, anchor: str, current: int = 0) -> str:
        """The link to ``anchor``: ``#anchor`` on part ``current``, else its part's page and ``#anchor``."""
        number = self.part_of[anchor]
        return f"#{anchor}" if number == current else f"{part_url(self.doc_url, number)}#{anchor}"


def paginate(rendered: Rendered, doc_url: str, max_bytes: int = MAX_PAGE_BYTES) -> Paged:
    """``rendered`` cut into parts when its body and contents weigh over ``max_bytes`` of HTML.

    Each part's body, with the contents, weighs at most ``max_bytes`` too, unless it is a single
    paragraph; a section without subheadings is cut between its paragraphs.
    """
    toc_bytes = sum(_size(text) + len(anchor) + len(doc_url) + 40 for _, anchor, text in rendered.toc)
    cap = max(max_bytes - toc_bytes, MIN_PART_BYTES)
    groups = _group(_pieces(rendered.html, "", "", 0, cap, rendered.labels), cap)
    htmls = ["".join(html for _, _, html in group) for group in groups]
    part_of = {anchor: number for number, html in enumerate(htmls, 1) for anchor in _ID_RE.findall(html)}
    parts = tuple(Part(number, _title(group, rendered) if len(groups) > 1 else "",
                       _link_across(html, number, part_of, doc_url))
                  for number, (group, html) in enumerate(zip(groups, htmls), 1))
    for part in parts:
        if _size(part.html) > cap:
            log.warning("%s: part %d has %d bytes, a section without subheadings", doc_url, part.number,
                        _size(part.html))
    return Paged(rendered, doc_url, parts, part_of)


def _size(html: str) -> int:
    return len(html.encode("utf-8"))


def _top_headings(html: str):
    """``(offset, level, anchor)`` of every heading of ``html`` that is not inside a list, quote or table."""
    depth = 0
    for match in _MARKUP_RE.finditer(html):
        if match.group(2):
            if depth == 0:
                yield match.start(), int(match.group(2)), match.group(3)
        else:
            depth += -1 if match.group(1) else 1


def _pieces(html: str, anchor: str, context: str, level: int, cap: int,
            labels: dict[str, str]) -> list[tuple[str, str, str]]:
    """``[(anchor, context, html)]``: the section ``anchor`` (of heading ``level``, 0 for the whole body)
    whole if it fits in ``cap`` bytes, else cut at its top-level subheadings of the next level, each cut
    again if needed. ``context`` is the section the piece is part of ("Chương IV" for its "Mục 2")."""
    if _size(html) <= cap:
        return [(anchor, context, html)]
    below = [(offset, sub_level, sub) for offset, sub_level, sub in _top_headings(html) if sub_level > level]
    if not below:
        return [(anchor, context, chunk) for chunk in _paragraph_chunks(html, cap)]
    cut_level = min(sub_level for _, sub_level, _ in below)
    cuts = [(offset, sub) for offset, sub_level, sub in below if sub_level == cut_level]
    pieces = [(anchor, context, html[:cuts[0][0]])] if html[:cuts[0][0]].strip() else []
    ends = [offset for offset, _ in cuts[1:]] + [len(html)]
    inner = ", ".join(filter(None, [context, labels.get(anchor, "")]))
    for (start, sub), end in zip(cuts, ends):
        pieces += _pieces(html[start:end], sub, inner, cut_level, cap, labels)
    return pieces


def _paragraph_chunks(html: str, cap: int) -> list[str]:
    """``html`` cut between its top-level paragraphs into chunks of at most ``cap`` bytes (a single
    paragraph larger than that stays whole)."""
    depth, starts = 0, []
    for match in _PARAGRAPH_RE.finditer(html):
        if match.group(0) == "<p":
            if depth == 0 and match.start():
                starts.append(match.start())
        else:
            depth += -1 if match.group(1) else 1
    chunks, begin, size = [], 0, 0
    for start, end in zip([0, *starts], [*starts, len(html)]):
        block = _size(html[start:end])
        if size and size + block > cap:
            chunks.append(html[begin:start])
            begin, size = start, 0
        size += block
    return chunks + [html[begin:]]


def _group(pieces: list[tuple[str, str, str]], cap: int) -> list[list[tuple[str, str, str]]]:
    """Consecutive pieces grouped into parts of about the same size, none over ``cap`` bytes (unless
    a piece is), the last one not left small."""
    sizes = [_size(html) for _, _, html in pieces]
    left = sum(sizes)
    target = left / math.ceil(left / cap) if left else 1
    groups, current, total = [], [], 0
    for piece, size in zip(pieces, sizes):
        if current and total + size > cap:
            groups.append(current)
            current, total = [], 0
        current.append(piece)
        total, left = total + size, left - size
        if total >= target and total + left > cap:
            groups.append(current)
            current, total = [], 0
    return groups + [current] if current or not groups else groups


def _title(group: list[tuple[str, str, str]], rendered: Rendered) -> str:
    """A part's title: its one section's heading, or its first and last sections ("Điều 1 – Điều 20")."""
    sections = [(anchor, context) for anchor, context, _ in group if anchor]
    if not sections:
        return "Phần mở đầu"
    if len(sections) == 1:
        anchor, context = sections[0]
        text = next(text for _, heading, text in rendered.toc if heading == anchor)
        return f"{context}, {text}" if context else text
    return " – ".join(f"{context}, {rendered.labels[anchor]}" if context else rendered.labels[anchor]
                      for anchor, context in (sections[0], sections[-1]))


def _nearest(anchor: str, part_of: dict[str, int]) -> str | None:
    """``anchor`` if the document has it, else the nearest passage holding it (a point's clause, a
    clause's article), else None."""
    while anchor not in part_of:
        within = _WITHIN_RE.match(anchor)
        if not within:
            return None
        anchor = within.group(1)
    return anchor


def _link_across(html: str, number: int, part_of: dict[str, int], doc_url: str) -> str:
    """``html`` of part ``number`` with links to anchors of other parts pointing to their pages,
    links to a clause or point the text does not number pointing to what holds it, and links to an
    article the text lacks (the library may hold an excerpt) pointing to the text."""
    def link(match: re.Match) -> str:
        start, anchor = match.groups()
        held = _nearest(anchor, part_of)
        if held is None and anchor.startswith("dieu-"):  # an article the excerpt lacks: the text
            return f'{start}{doc_url}"'
        anchor = held or anchor
        target = part_of.get(anchor, number)
        return f'{start}#{anchor}"' if target == number else f'{start}{part_url(doc_url, target)}#{anchor}"'

    return _LOCAL_LINK_RE.sub(link, html)
