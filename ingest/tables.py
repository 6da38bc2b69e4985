"""Rebuild the tables that a crawl flattened into one paragraph per cell, as Markdown tables.

Columns are taken as evident when a run of short header cells starts with a numbering column
("STT", "TT", "Số TT", "Số thứ tự"), bold or not, and the paragraph after the header is "1": the
header gives the number of columns, and each row starts with the next number (1, 2, 3... going on
across sections). A crawl drops empty cells, so a row with fewer cells is padded at the end; bold
paragraphs between rows ("**I**", "**LĨNH VỰC TRẺ EM**") are section rows. The table ends at the
first paragraph that fits none of this (so a last row whose last cell was empty takes the next
paragraph: nothing tells them apart).
"""
from __future__ import annotations

import logging
import re

from ingest.markdown import markdown_table

log = logging.getLogger(__name__)

MAX_HEADER_CELLS = 12
MAX_HEADER_CHARS = 60
_NUMBERING = re.compile(r"^(?:stt|tt|số tt|số thứ tự)\.?$", re.IGNORECASE)
_BOLD = re.compile(r"^\*\*(?P<text>[^*]+)\*\*$")
_ROMAN = re.compile(r"^[IVXLC]+\.?$")


def _plain(paragraph: str) -> str:
    match = _BOLD.match(paragraph.strip())
    return (match["text"] if match else paragraph).strip()


def _header(paragraphs: list[str], start: int) -> int:
    """How many header cells start at ``start`` (0 when no table starts there)."""
    if not _NUMBERING.match(_plain(paragraphs[start])):
        return 0
    for width in range(2, MAX_HEADER_CELLS + 1):
        end = start + width
        if end >= len(paragraphs):
            return 0
        cell = _plain(paragraphs[end])
        if cell == "1" or (_BOLD.match(paragraphs[end].strip()) and _ROMAN.match(cell)
                           and _following_number(paragraphs, end) == "1"):
            return width
        if len(_plain(paragraphs[end - 1])) > MAX_HEADER_CHARS:
            return 0
    return 0


def _following_number(paragraphs: list[str], index: int) -> str:
    """The first paragraph after the bold (section) paragraphs from ``index``."""
    while index < len(paragraphs) and _BOLD.match(paragraphs[index].strip()):
        index += 1
    return _plain(paragraphs[index]) if index < len(paragraphs) else ""


def _rows(paragraphs: list[str], start: int, width: int) -> tuple[list[list[str]], int] | None:
    """The rows from ``start`` and the index after the table; None when there is no numbered row."""
    rows: list[list[str]] = []
    number, index = 0, start
    while index < len(paragraphs):
        text = paragraphs[index].strip()
        if _BOLD.match(text):  # a section row: "**I**" "**THỦ TỤC CẤP TỈNH**" or a title alone
            cells = [_plain(text)] if _ROMAN.match(_plain(text)) else ["", _plain(text)]
            index += 1
            if len(cells) == 1 and index < len(paragraphs) and _BOLD.match(paragraphs[index].strip()):
                cells.append(_plain(paragraphs[index]))
                index += 1
            rows.append([f"**{c}**" if c else "" for c in cells])
            continue
        if text not in (str(number + 1), "1"):
            break
        number = int(text)
        cells = [text]
        index += 1
        while len(cells) < width and index < len(paragraphs) and not _BOLD.match(paragraphs[index].strip()) \
                and paragraphs[index].strip() != str(number + 1):
            cells.append(paragraphs[index].strip())
            index += 1
        rows.append(cells)
    return (rows, index) if any(row and not row[0].startswith("**") and row[0] for row in rows) else None


def rebuild_tables(body: str) -> str:
    r"""The body with its flattened tables rebuilt (see the module docstring).

    >>> print(rebuild_tables("Danh mục:\n\n**STT**\n\n**Thủ tục**\n\n1\n\nCấp giấy phép\n\n2\n\nCấp lại\n\nHết."))
    Danh mục:
    <BLANKLINE>
    | STT | Thủ tục |
    | --- | --- |
    | 1 | Cấp giấy phép |
    | 2 | Cấp lại |
    <BLANKLINE>
    Hết.
    """
    paragraphs = body.split("\n\n")
    out: list[str] = []
    index = 0
    while index < len(paragraphs):
        width = _header(paragraphs, index)
        found = _rows(paragraphs, index + width, width) if width else None
        if not found:
            out.append(paragraphs[index])
            index += 1
            continue
        rows, end = found
        header = [_plain(p) for p in paragraphs[index:index + width]]
        out.append(markdown_table([header] + [row + [""] * (width - len(row)) for row in rows]))
        log.debug("table of %d columns and %d rows rebuilt", width, len(rows))
        index = end
    return "\n\n".join(out)
