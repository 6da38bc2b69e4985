"""Split a document's Markdown body into retrievable passages with stable anchors.

A passage is the unit search returns: a law article (Điều), a section of a guide under its heading,
or the lead of a short article. Anchors are derived from headings only, so a permalink such as
``/doc/luat-102-2016-qh13#dieu-4`` survives edits elsewhere in the document. The web layer renders
heading ids with :func:`heading_anchor` too, so search hits and the page always agree.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from search.legal_terms import UNIT_SLUGS, roman_to_int
from search.normalize import strip_diacritics

_HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_LEGAL_UNIT_RE = re.compile(
    r"^(?P<unit>" + "|".join(UNIT_SLUGS) + r")\s+(?P<num>[0-9]+[a-zđ]?|[IVXLC]+)\b",
    re.IGNORECASE)
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
_HTML_TAG_RE = re.compile(r"</?[a-zA-Z][^>]*>")
_TABLE_RULE_RE = re.compile(r"^\|?[\s:|-]+\|?$", re.MULTILINE)


@dataclass(slots=True)
class Passage:
    """One retrievable unit of a document."""

    anchor: str  # "" for the lead, before any heading
    heading: str  # the heading's text; for a Điều, the chapter is in ``context``
    context: str  # headings above this one, " › "-joined, e.g. "Chương II. Quyền và bổn phận"
    text: str  # plain text, Markdown syntax removed
    position: int  # order in the document, 0-based


def slugify(text: str) -> str:
    """ASCII slug of Vietnamese text.

    >>> slugify("Quản lý trường hợp: các bước")
    'quan-ly-truong-hop-cac-buoc'
    """
    return _NON_SLUG.sub("-", strip_diacritics(text).lower()).strip("-")


def heading_anchor(heading: str, parent: str = "") -> str:
    """The stable anchor of a heading: legal units by number, other headings by slug.

    >>> heading_anchor("Điều 4. Giải thích từ ngữ"), heading_anchor("Chương II. Quyền")
    ('dieu-4', 'chuong-2')
    >>> heading_anchor("Mục 1. Chăm sóc thay thế", parent="chuong-4")
    'chuong-4-muc-1'
    """
    match = _LEGAL_UNIT_RE.match(heading.strip())
    if not match:
        return slugify(heading) or "muc"
    unit = UNIT_SLUGS[match["unit"].lower()]
    number = match["num"]
    number = str(roman_to_int(number)) if number.isalpha() and number.isupper() else number.lower()
    anchor = f"{unit}-{strip_diacritics(number)}"
    # Mục numbering restarts in every chapter, so a section is named within its chapter.
    return f"{parent}-{anchor}" if unit == "muc" and parent else anchor


def markdown_to_text(markdown: str) -> str:
    """Plain text of a Markdown fragment, keeping the words and line structure.

    >>> markdown_to_text("**Trẻ em** là [người](http://x) dưới 16 tuổi. <!-- note -->")
    'Trẻ em là người dưới 16 tuổi. '
    """
    text = _COMMENT_RE.sub("", markdown)
    text = _IMAGE_RE.sub(r"\1", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _EMPHASIS_RE.sub(r"\2", text)
    text = _HTML_TAG_RE.sub("", text)
    text = _TABLE_RULE_RE.sub("", text)
    return text.replace("|", " ")


def _sections(markdown: str):
    """Yield ``(heading, anchor, context, body_markdown)`` for every heading, in order."""
    stack: list[tuple[int, str, str]] = []  # (level, heading, anchor) of the open headings
    used: dict[str, int] = {}
    matches = list(_HEADING_RE.finditer(markdown))
    for i, match in enumerate(matches):
        level, heading = len(match[1]), markdown_to_text(match[2]).strip()
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = next((a for _, _, a in reversed(stack) if a.startswith("chuong-")), "")
        anchor = heading_anchor(heading, parent)
        used[anchor] = used.get(anchor, 0) + 1
        if used[anchor] > 1:
            anchor = f"{anchor}-{used[anchor]}"
        body_end = matches[i + 1].start() if i + 1 < len(matches) else len(markdown)
        yield heading, anchor, " › ".join(h for _, h, _ in stack), markdown[match.end():body_end]
        stack.append((level, heading, anchor))


def heading_anchors(markdown: str) -> list[str]:
    r"""The anchor of every heading of a Markdown body, in document order (for rendering ids).

    >>> heading_anchors("## Chương I. Chung\n### Mục 1. A\n#### Điều 1. B\n## Ghi chú\n## Ghi chú")
    ['chuong-1', 'chuong-1-muc-1', 'dieu-1', 'ghi-chu', 'ghi-chu-2']
    """
    return [anchor for _, anchor, _, _ in _sections(markdown)]


def split_passages(markdown: str) -> list[Passage]:
    r"""Cut a Markdown body at its headings; empty sections (a chapter heading) only give context.

    >>> [(p.anchor, p.context) for p in split_passages("Mở đầu\n## Chương I. Chung\n#### Điều 1. Trẻ em\nLà người dưới 16 tuổi.")]
    [('', ''), ('dieu-1', 'Chương I. Chung')]
    """
    first = _HEADING_RE.search(markdown)
    lead = markdown_to_text(markdown[: first.start()] if first else markdown).strip()
    passages = [Passage("", "", "", lead, 0)] if lead else []
    for heading, anchor, context, body in _sections(markdown):
        text = markdown_to_text(body).strip()
        if text:
            passages.append(Passage(anchor, heading, context, text, len(passages)))
    return passages


def content_hash(*parts: str) -> str:
    """A short stable fingerprint of a document's text, to skip re-indexing unchanged documents."""
    digest = hashlib.sha1()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:16]
