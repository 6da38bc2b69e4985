"""Give a legal text the Markdown shape the site expects, and read its title from its heading.

* :func:`strip_frame` drops what a compendium or portal page puts around a document: its
  "THÔNG TIN VĂN BẢN" table (read as metadata beforehand), "VĂN BẢN" and title headings, tables of
  contents ("Danh sách điều khoản", "Mục lục") and their numeric entry ids.
* :func:`legal_markdown` turns the Chương / Mục / Điều lines of a text without Markdown headings
  into ``## Chương I. …``, ``### Mục 1. …`` and ``#### Điều 4. …`` headings (headings glued to the
  previous sentence are cut off first; a heading already seen, as in a duplicated table of contents,
  is dropped), so that ``search.passages.heading_anchor`` gives the site's anchors (``#dieu-4``).
* :func:`heading_title` reads the name of a decree or decision from the lines under its type
  ("QUYẾT ĐỊNH" / "VỀ VIỆC CÔNG BỐ ..."), in sentence case.
"""
from __future__ import annotations

import logging
import re
from collections import Counter

from ingest.cleaning import is_boilerplate
from ingest.crawl import is_upper
from ingest.legal import glued_parts, unit_heading
from search.legal_terms import DOC_TYPES

log = logging.getLogger(__name__)

HEADING_LEVELS = {"chuong": "##", "muc": "###", "dieu": "####"}
MAX_HEADING_CHARS = 160
_FRAME_SECTIONS = re.compile(r"^#{1,6}\s*(thông tin văn bản|danh sách điều khoản|danh sách đề mục|mục lục)\s*$",
                             re.IGNORECASE)
_FRAME_LINES = re.compile(r"^#{1,6}\s*(văn bản|\d{8,})\s*$", re.IGNORECASE)
_HEADING = re.compile(r"^(#{1,6})\s")
_BOLD_ARTICLE = re.compile(r"^\*\*(?P<head>Điều\s[^*]+?)\*\*\s*(?P<rest>.*)$")
_TYPE_LINE = re.compile(r"^[*\s]*(?P<type>" + "|".join(t.upper() for t in DOC_TYPES) + r")\b[*\s]*(?P<rest>.*)$")
# a subject line in sentence case under the type line ("Về việc thành lập ...", "Phòng, chống ...")
_SUBJECT_LINE = re.compile(r"^[*_\s]*(?!Căn cứ)[^\W\d_][^\n]{4,250}(?<![.:;])[*_\s]*$")
_SIGNER_LINE = re.compile(r"^[*\s]*(CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|CHÍNH PHỦ|QUỐC HỘI|CĂN CỨ)\b")
_WORD = re.compile(r"[^\W\d_]+")
_TABLE_ROWS_APART = re.compile(r"(?<=\|)\n\n(?=\|)")


def strip_frame(markdown: str, title: str = "") -> str:
    r"""The document without its page frame: info table, "VĂN BẢN" heading, title heading, contents.

    >>> strip_frame("## THÔNG TIN VĂN BẢN\n| Số hiệu | 46/CĐ-TTg |\n## VĂN BẢN\n# Trẻ em\nĐiều 1. A\n"
    ...             "## Danh sách điều khoản\n### 0800100000000000100000100000000000000000\nĐiều 1. A", "Trẻ em")
    'Điều 1. A'
    """
    kept: list[str] = []
    skipped_level = 0  # the level of the frame section being skipped, 0 when none
    title_line = f"# {title.strip()}".casefold()
    for line in markdown.split("\n"):
        stripped = line.strip()
        if heading := _HEADING.match(stripped):
            level = len(heading.group(1))
            if skipped_level and level > skipped_level:
                continue
            skipped_level = level if _FRAME_SECTIONS.match(stripped) else 0
            if skipped_level or _FRAME_LINES.match(stripped) or (title and stripped.casefold() == title_line):
                continue
        if not skipped_level:
            kept.append(line)
    return "\n".join(kept).strip()


def has_markdown_units(markdown: str) -> bool:
    """True when Chương / Mục / Điều are already Markdown headings.

    >>> has_markdown_units("#### Điều 1. Trẻ em"), has_markdown_units("Điều 1. Trẻ em")
    (True, False)
    """
    return any(_HEADING.match(line) and unit_heading(line) for line in markdown.split("\n"))


def count_articles(text: str) -> int:
    """How many lines open an article (Điều), glued ones included.

    >>> count_articles("Điều 1. A\\nNội dung.Điều 2. B\\nTheo Điều 3 Luật này")
    2
    """
    return sum(1 for line in text.split("\n") for part in glued_parts(line)
               if (found := unit_heading(part)) and found[0] == "dieu")


def _article_lines(line: str, heading: str) -> list[str]:
    """The heading line of an article and the text that shares its line, if any."""
    if match := _BOLD_ARTICLE.match(line.strip()):
        head = match["head"].strip().rstrip(".:").strip()
        head += "" if ". " in head else "."  # "Điều 1." keeps its dot, as unit_heading reads it
        return [f"{HEADING_LEVELS['dieu']} {head}"] + ([match["rest"]] if match["rest"] else [])
    title = heading.split(". ", 1)[1] if ". " in heading else ""
    if len(heading) > MAX_HEADING_CHARS or (title.endswith(".") and len(title.split()) > 8):
        head = heading.split(". ", 1)[0]
        return [f"{HEADING_LEVELS['dieu']} {head}.", title]
    return [f"{HEADING_LEVELS['dieu']} {heading}"]


def legal_markdown(text: str) -> str:
    r"""Markdown headings for the Chương / Mục / Điều lines of a legal text (see the module docstring).

    >>> print(legal_markdown("Chương I\n\nNHỮNG QUY ĐỊNH CHUNG\n\nĐiều 1. Trẻ em\n\nLà người.Điều 2. Nguyên tắc"))
    ## Chương I. NHỮNG QUY ĐỊNH CHUNG
    <BLANKLINE>
    #### Điều 1. Trẻ em
    <BLANKLINE>
    Là người.
    <BLANKLINE>
    #### Điều 2. Nguyên tắc
    """
    lines = [part.strip() for line in text.split("\n") for part in glued_parts(line)]
    out: list[str] = []
    seen: set[tuple[str, str, str]] = set()
    chapter = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        found = unit_heading(line) if line else None
        if found is None:
            if line and not is_boilerplate(line):
                out.append(line)
            continue
        level, number, heading = found
        if level in ("chuong", "muc") and heading.count(" ") == 1:  # the title is on the next line
            following = next((j for j in range(index, len(lines)) if lines[j]), None)
            if following is not None and is_upper(lines[following]) and not unit_heading(lines[following]):
                heading = f"{heading}. {lines[following].strip(' *')}"
                index = following + 1
        if level == "chuong":
            chapter = number
        key = (level, number, chapter if level == "muc" else "")
        if key in seen:
            log.debug("repeated heading %r dropped (a table of contents?)", heading)
            continue
        seen.add(key)
        out += _article_lines(line, heading) if level == "dieu" else [f"{HEADING_LEVELS[level]} {heading}"]
    return _TABLE_ROWS_APART.sub("\n", "\n\n".join(out))  # the rows of a Markdown table stay together


def _truecase(words: list[str], body: str) -> list[str]:
    """Capitalise the words that the body writes capitalised more often than not (inside sentences)."""
    counts: Counter = Counter()
    for line in body.split("\n"):
        if is_upper(line):
            continue
        for match in _WORD.finditer(line):
            if match.start() > 0 and line[:match.start()].rstrip()[-1:] not in ".:;!?*":
                counts[match.group(0)] += 1
    return [w.capitalize() if counts[w.capitalize()] > counts[w] else w for w in words]


def heading_title(body: str) -> tuple[str, str]:
    """``(type, name)`` from a legal text's heading lines; ``("", "")`` when there are none.

    >>> heading_title("CHÍNH PHỦ\\n\\nNGHỊ ĐỊNH\\n\\nQUY ĐỊNH CHI TIẾT LUẬT TRẺ EM\\n\\nCăn cứ Luật Trẻ em;")
    ('Nghị định', 'quy định chi tiết Luật Trẻ em')
    """
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()][:60]
    for index, paragraph in enumerate(paragraphs):
        match = _TYPE_LINE.match(paragraph)
        if not match or not is_upper(paragraph) or paragraph.rstrip("* ").endswith(":"):
            continue
        parts = [match["rest"]]
        for following in paragraphs[index + 1:]:
            if not is_upper(following) or _SIGNER_LINE.match(following) or following.startswith("**"):
                break
            parts.append(following)
        name = " ".join(" ".join(parts).replace("*", " ").split())
        doc_type = next(t for t in DOC_TYPES if t.upper() == match["type"])
        if not name and index + 1 < len(paragraphs) and _SUBJECT_LINE.match(paragraphs[index + 1]):
            subject = " ".join(paragraphs[index + 1].replace("*", " ").split())  # written in sentence case
            return doc_type, subject[:1].lower() + subject[1:]
        if not name:
            continue
        words = _truecase(name.lower().split(" "), body)
        return doc_type, " ".join(words)
    return "", ""
