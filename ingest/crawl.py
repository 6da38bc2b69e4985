"""Repair pages crawled from legal-document sites: one table cell per line, hard-wrapped lines.

Such a crawl (``../shared/corpus/admin/*_raw.md``) starts with the site's banner, then the
document's header table ("Số hiệu:", "|", "432-TB/VPTW", "|", ...), then the document itself,
wrapped at about 80 characters with no blank line between paragraphs and every table cell on lines
of its own between ``|`` lines; the site's related-documents lists and account notices follow.

:func:`repair_crawl` recognises the shape (many ``|``-only lines, or many lines broken in the middle
of a sentence), drops what precedes the header table, reads the table into ``{key: value}``, cuts
the page at the document's end and joins wrapped lines back into paragraphs.
"""
from __future__ import annotations

import logging
import re

from ingest.cleaning import is_article_end, is_boilerplate

log = logging.getLogger(__name__)

# Keys of the header table that legal-document sites put above the text.
HEADER_KEYS = ("số hiệu", "loại văn bản", "nơi ban hành", "cơ quan ban hành", "người ký", "ngày ban hành",
               "ngày hiệu lực", "ngày công báo", "số công báo", "tình trạng")
MIN_PIPE_LINES = 10
MIN_WRAPPED_SHARE = 0.25
_CELL_RULE = re.compile(r"^\s*\|\s*$")
_DECORATION = re.compile(r"^[\s*_\-–—=~.|]*$")  # "-------", "*****", "**-----**", "** **"
_BLOCK_START = re.compile(r"^(?:[-+•>#|]|\*(?!\*?[a-zà-ỹđ])|\d{1,3}[.)]|[a-zđ]\)|\(?[ivx]+\)|\[\d+\]|"
                          r"(?:Điều|Chương|Mục|Phụ lục|PHỤ LỤC|Bước)\s)")
_END_PUNCTUATION = ".:;!?…"


def _key(line: str) -> str:
    return line.strip(" *:|#_").lower()


def is_upper(line: str) -> bool:
    """True when every letter of ``line`` is upper-case (and it has one).

    >>> is_upper("**QUYẾT ĐỊNH:**"), is_upper("Quyết định")
    (True, False)
    """
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def looks_crawled(text: str) -> bool:
    """True when ``text`` has the shape of a crawl: cell-per-line tables or hard-wrapped sentences.

    >>> looks_crawled("|\\n" * 12), looks_crawled("Một đoạn văn.\\nĐoạn thứ hai.")
    (True, False)
    """
    lines = [line.strip() for line in text.split("\n")]
    if sum(1 for line in lines if line == "|") >= MIN_PIPE_LINES:
        return True
    pairs = [(a, b) for a, b in zip(lines, lines[1:]) if a and b]
    wrapped = sum(1 for a, b in pairs if a[-1] not in _END_PUNCTUATION and b[0].islower())
    return len(pairs) >= 10 and wrapped / len(pairs) >= MIN_WRAPPED_SHARE


def _header(lines: list[str]) -> tuple[dict[str, str], int]:
    """The header table's ``{key: value}`` and the index of the first line after it (0 if none).

    A key may be broken over two lines ("**", "Ngày hiệu lực:**"); its value is the next line that
    is not a cell rule.
    """
    found: dict[str, str] = {}
    end = 0
    for index, line in enumerate(lines[:200]):
        key = _key(line)
        if key not in HEADER_KEYS:
            continue
        value_index = next((j for j in range(index + 1, min(index + 4, len(lines)))
                            if lines[j].strip() and not _CELL_RULE.match(lines[j])), None)
        if value_index is None:
            continue
        found[key[0].upper() + key[1:]] = lines[value_index].strip(" *")
        end = value_index + 1
    return (found, end) if len(found) >= 3 else ({}, 0)


def _joins(previous: str, line: str) -> bool:
    """True when ``line`` continues the sentence that ``previous`` left unfinished."""
    if previous[-1] in _END_PUNCTUATION or previous.endswith("./."):
        return False
    if _BLOCK_START.match(line):
        return False
    if line[0].isupper() and previous.split()[-1][:1].isupper() and not is_upper(previous):
        return False  # "... tại Quảng Ninh" / "Từ ngày ...": a title or name ends the line
    return is_upper(previous) == is_upper(line)


def unwrap(lines: list[str]) -> list[str]:
    """Paragraphs from hard-wrapped lines; ``|`` lines and blank lines always end a paragraph.

    >>> unwrap(["Ngày 24/11/2025, tại Trụ sở", "Trung ương Đảng, đồng chí Tổng Bí thư", "kết luận:", "|",
    ...         "1. Sở Y tế", "a) Công khai danh mục", "thủ tục."])
    ['Ngày 24/11/2025, tại Trụ sở Trung ương Đảng, đồng chí Tổng Bí thư kết luận:', '1. Sở Y tế', \
'a) Công khai danh mục thủ tục.']
    """
    paragraphs: list[str] = []
    current = ""
    for raw in lines:
        line = raw.strip()
        if not line or _CELL_RULE.match(line) or _DECORATION.match(line):
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if current and _joins(current, line):
            current = f"{current} {line}"
        else:
            if current:
                paragraphs.append(current)
            current = line
    if current:
        paragraphs.append(current)
    return paragraphs


def repair_crawl(text: str) -> tuple[str, dict[str, str]]:
    """``(body, header)`` of a crawled page; other text is returned unchanged with an empty header.

    >>> body, header = repair_crawl("Bản quyền của trang\\n" + "|\\n" * 10 + "**Số hiệu:**\\n|\\n46/CĐ-TTg\\n|\\n"
    ...     "**Loại văn bản:**\\n|\\nCông điện\\n|\\n**Ngày ban hành:**\\n|\\n11/07/2026\\n|\\n|\\n"
    ...     "Ngày 10 tháng 7 năm 2026 tại xã Nâm Nung\\nđã xảy ra vụ đuối nước.\\n|\\n## Văn bản liên quan\\nx")
    >>> body, header["Số hiệu"]
    ('Ngày 10 tháng 7 năm 2026 tại xã Nâm Nung đã xảy ra vụ đuối nước.', '46/CĐ-TTg')
    """
    if not looks_crawled(text):
        return text, {}
    lines = text.split("\n")
    header, start = _header(lines)
    kept: list[str] = []
    for line in lines[start:]:
        if is_article_end(line):
            break
        kept.append(line)
    paragraphs = [p for p in unwrap(kept) if not is_boilerplate(p)]
    log.debug("crawl repaired: %d lines -> %d paragraphs, header %s", len(lines), len(paragraphs), header)
    return "\n\n".join(paragraphs), header
