"""Bylines of news pages, at the start or the end of the article: authors and the source quoted.

Recognised (a paragraph of its own, bold or italic or not):

* a byline with a label: "Bài và ảnh: Thu Hà", "Bài, ảnh: Minh Đức - Lan Anh", "Tin: Hồng Nhung",
  "Tác giả: TS. Nguyễn Thị Lan", "PV", "Nhóm PV" (the label alone names no one);
* a source: "(Theo Báo Hà Tĩnh)", "Theo TTXVN", "Nguồn: baoquangninh.vn" -> ``source.publisher``;
* at the end only, a bare name without final punctuation ("Thu Hà", "TS. Nguyễn Thị Lan"; see
  :func:`ingest.metadata.split_signature`), since a short line at the start is as often a heading.
"""
from __future__ import annotations

import re

from ingest.metadata import split_signature

_MARKS = re.compile(r"^[*_\s]+|[*_\s]+$")
_LABELLED = re.compile(r"^(?:bài\s*(?:và|,|&)?\s*ảnh|bài|tin\s*(?:và|,|&)?\s*ảnh|tin|ảnh|tác giả|"
                       r"nhóm phóng viên|phóng viên|nhóm pv|pv|ctv)\s*:\s*(?P<names>.{2,80})$", re.IGNORECASE)
_SOURCE = re.compile(r"^\(?\s*(?:theo|nguồn)\s*:?\s+(?P<source>[^()]{2,60}?)\s*\)?\.?$", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:,|\s-\s|–|\bvà\b|&)\s*")
_NAME = re.compile(r"^(?:(?:TS|ThS|PGS|GS|BS|CN|KS|PGS\.TS|GS\.TS)\.?\s*)?[A-ZĐÀ-Ỹ][\wÀ-ỹđ.]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹđ]*){0,4}$")
_EDGE = 2  # paragraphs looked at, at each end


def _byline(paragraph: str) -> tuple[list[str], str] | None:
    """``(authors, source)`` that a paragraph states, None when it is no byline."""
    text = _MARKS.sub("", paragraph)
    if match := _LABELLED.match(text):
        names = [n.strip(" .") for n in _NAME_SPLIT.split(match["names"]) if n.strip(" .")]
        if names and all(_NAME.match(n) for n in names):
            return names, ""
        return None
    if match := _SOURCE.match(text):
        return [], match["source"].strip()
    return None


def split_bylines(body: str) -> tuple[str, list[str], str]:
    r"""``(body without its bylines, authors, source)`` of a news article's Markdown body.

    >>> split_bylines("**Bài và ảnh: Thu Hà**\n\nSáng 5/6, 40 em học bơi.\n\nThu Hà - Minh Đức\n\n(Theo Báo Hà Tĩnh)")
    ('Sáng 5/6, 40 em học bơi.', ['Thu Hà', 'Minh Đức'], 'Báo Hà Tĩnh')
    """
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    authors: list[str] = []
    source = ""
    edges = set(range(min(_EDGE, len(paragraphs)))) | set(range(max(len(paragraphs) - _EDGE - 1, 0),
                                                                len(paragraphs)))
    kept = []
    for index, paragraph in enumerate(paragraphs):
        found = _byline(paragraph) if index in edges and len(paragraphs) > 1 else None
        if found is None:
            kept.append(paragraph)
            continue
        authors += found[0]
        source = source or found[1]
    if len(kept) > 1:
        last = _MARKS.sub("", kept[-1])
        if " - " in last and all(_NAME.match(n) for n in _NAME_SPLIT.split(last)) and len(last) < 60:
            authors = [*_NAME_SPLIT.split(last), *authors]
            kept.pop()
        else:
            lines, signed = split_signature([_MARKS.sub("", p) for p in kept])
            if signed:
                kept, authors = kept[:len(lines)], [*signed, *authors]
    return "\n\n".join(kept), list(dict.fromkeys(authors)), source
