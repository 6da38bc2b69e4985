"""Metadata that the text itself gives: title, kind, ids, authors, publisher, legal header fields.

Kind rule (documented in content/README.md): a document with a number or whose title starts with
a type of official document is ``law`` or ``admin`` by :func:`ingest.official.official_kind`; one
whose text is divided into articles (at least two "Điều" headings, as a compendium page is) is
``law``; a title naming an event (hội thảo, hội nghị, tập huấn,
họp, workshop...) is ``workshop``; a title naming a procedure, handbook or instructions (hướng dẫn,
quy trình, sổ tay, cẩm nang, tài liệu) is ``guidance``; anything else is ``news``.
"""
from __future__ import annotations

import re

from ingest.official import official_kind
from search.legal_terms import LEGAL_NUMBER_PATTERNS, TITLE_TYPES
from search.passages import slugify

MIN_LAW_ARTICLES = 2
# The suffix of a document number names its type: 102/2016/QH13, 56/2017/NĐ-CP, 28/2019/TT-BLĐTBXH.
_NUMBER_TYPES = [(re.compile(p, re.IGNORECASE), t) for p, t in LEGAL_NUMBER_PATTERNS]
_WORKSHOP_RE = re.compile(r"\b(hội thảo|hội nghị|tập huấn|lớp tập huấn|họp|tọa đàm|toạ đàm|"
                          r"diễn đàn|workshop|seminar|training)\b", re.IGNORECASE)
_GUIDANCE_RE = re.compile(r"\b(hướng dẫn|quy trình|sổ tay|cẩm nang|tài liệu|bộ công cụ|"
                          r"thủ tục)\b", re.IGNORECASE)
_NUMBER_YEAR = re.compile(r"/(?:19|20)\d\d/")
_LOCAL_NUMBER = re.compile(r"-(?:UBND|HĐND)$")
_LOCAL_ISSUER = re.compile(r"\b(?:tỉnh|thành phố|TP\.?)\s+(?P<place>.+)$", re.IGNORECASE)
# "(Baohatinh.vn) - ", "(LĐXH) - ", "TEV: " at the start of a news lead names the publisher.
_LEAD_SOURCE_RE = re.compile(r"^(?:\((?P<paren>[^()]{2,40})\)\s*[-–—]\s*|(?P<tag>[A-ZĐ]{2,10}):\s+)")
_PERSON_TITLE = r"(?:(?:TS|ThS|PGS|GS|BS|CN|KS|PGS\.TS|GS\.TS)\.?\s*)?"
_NAME_WORD = r"[A-ZĐÀ-Ỹ][a-zà-ỹđ]+"
_AUTHOR_RE = re.compile(rf"^{_PERSON_TITLE}{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}$")


def legal_type(number: str = "", title: str = "") -> str:
    """The type of a legal document from its number, else from its title; "" if neither says.

    >>> legal_type("56/2017/NĐ-CP"), legal_type("", "Luật Trẻ em"), legal_type("", "Hội thảo")
    ('Nghị định', 'Luật', '')
    """
    for pattern, kind in _NUMBER_TYPES:
        if number and pattern.search(number):
            return kind
    return next((t for t in TITLE_TYPES if title.startswith(t + " ")), "")


def classify_kind(title: str, number: str = "", articles: int = 0, doc_type: str = "") -> str:
    """``law``, ``admin``, ``workshop``, ``guidance`` or ``news`` by the rule in this module's
    docstring; ``articles`` is how many Điều headings the text has, ``doc_type`` the stated type.

    >>> classify_kind("Hội thảo Quản lý Trường hợp trẻ em 2018"), classify_kind("Trẻ em", "102/2016/QH13")
    ('workshop', 'law')
    >>> classify_kind("Trẻ em", articles=106), classify_kind("Kế hoạch phòng, chống đuối nước trẻ em")
    ('law', 'admin')
    """
    if official := official_kind(doc_type or legal_type(number, title), number):
        return official
    if articles >= MIN_LAW_ARTICLES:
        return "law"
    if _WORKSHOP_RE.search(title):
        return "workshop"
    if _GUIDANCE_RE.search(title):
        return "guidance"
    return "news"


def legal_title(doc_type: str, name: str, number: str) -> str:
    """A legal document's title as Vietnamese practitioners write it.

    >>> legal_title("Luật", "Trẻ em", "102/2016/QH13")
    'Luật Trẻ em'
    >>> legal_title("Nghị định", "Quy định chi tiết một số điều của Luật Trẻ em", "56/2017/NĐ-CP")
    'Nghị định 56/2017/NĐ-CP quy định chi tiết một số điều của Luật Trẻ em'
    """
    if doc_type == "Luật" and not name.lower().startswith("luật"):
        return f"Luật {name}"
    if not doc_type:
        return name
    return " ".join(part for part in (doc_type, number, f"{name[:1].lower()}{name[1:]}") if part)


def make_id(title: str, number: str = "", doc_type: str = "", year: str = "", issuer: str = "") -> str:
    """A stable id: legal documents by type and number, others by a slug of their title.

    Numbers are not unique everywhere: a number without a year ("46/CĐ-TTg") restarts every year,
    so the ``year`` of issue is added; a province's decisions ("2022/QĐ-UBND") are told apart by
    the province that the ``issuer`` names.

    >>> make_id("Luật Trẻ em", "102/2016/QH13", "Luật"), make_id("Hội thảo Quản lý Trường hợp trẻ em 2018")
    ('luat-102-2016-qh13', 'hoi-thao-quan-ly-truong-hop-tre-em-2018')
    >>> make_id("", "46/CĐ-TTg", "Công điện", "2026"), make_id("", "2022/QĐ-UBND", "Quyết định", "2025",
    ...                                                          "Ủy ban nhân dân tỉnh Cao Bằng")
    ('cong-dien-46-cd-ttg-2026', 'quyet-dinh-2022-qd-ubnd-2025-cao-bang')
    """
    if number:
        parts = [doc_type, number]
        if year and not _NUMBER_YEAR.search(number):
            parts.append(year)
        if (local := _LOCAL_ISSUER.search(issuer)) and _LOCAL_NUMBER.search(number):
            parts.append(local["place"])
        return slugify(" ".join(parts))[:120].strip("-")
    slug = slugify(title) or "tai-lieu"
    if len(slug) > 80:
        slug = slug[:80].rsplit("-", 1)[0]
    return slug


def lead_source(lead: str) -> tuple[str, str]:
    """Split a news lead's source prefix off: ``(publisher, rest of the lead)``.

    >>> lead_source("(Baohatinh.vn) - 300 cán bộ tại huyện Hương Sơn")
    ('Baohatinh.vn', '300 cán bộ tại huyện Hương Sơn')
    """
    match = _LEAD_SOURCE_RE.match(lead)
    if not match:
        return "", lead
    return (match["paren"] or match["tag"]).strip(), lead[match.end():]


def split_signature(lines: list[str]) -> tuple[list[str], list[str]]:
    """Take the author's signature lines off the end of an article: ``(body lines, authors)``.

    >>> split_signature(["Nội dung bài.", "TS.Nguyễn Thị Lan", "Hội BVQTEVN"])
    (['Nội dung bài.'], ['TS. Nguyễn Thị Lan'])
    """
    authors: list[str] = []
    end = len(lines)
    # A signature is at most two short lines without final punctuation: a name, then perhaps a unit.
    for index in range(len(lines) - 1, max(len(lines) - 3, 0) - 1, -1):
        line = lines[index].strip()
        if len(line) > 60 or line[-1:] in ".;:!?…" or len(line.split()) > 6:
            break
        spaced = re.sub(r"^(TS|ThS|PGS|GS|BS|CN|KS)\.(?=\S)", r"\1. ", line)
        if _AUTHOR_RE.match(spaced):
            authors.insert(0, spaced)
        end = index
    if not authors:
        return lines, []
    return lines[:end], authors
