"""A handout (:mod:`kb.collections.handout`) as Markdown, DOCX (python-docx), RIS and BibTeX.

Every export holds the passages' text with their clause numbers, the trainer's notes, each
passage's Vietnamese citation, and the numbered list of sources with access dates and permalinks.
Citations come from :mod:`kb.documents.citations` only. Text typed by people (names, notes) is escaped for
the target format: a note cannot add Markdown links or HTML, nor RIS tags or BibTeX fields.
"""
from __future__ import annotations

import io
import logging
import re

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from kb.documents import citations
from kb.collections.handout import Entry, Handout

log = logging.getLogger(__name__)

TITLE_SOURCES = "Danh mục nguồn trích dẫn"
LABEL_NOTE = "Ghi chú của giảng viên"
LABEL_CITATION = "Trích dẫn"
LABEL_WHOLE = "Toàn văn tài liệu"
_MD_INLINE_RE = re.compile(r"([\\`*_\[\]>|])")
# "<" cannot be backslash-escaped in every Markdown (Python-Markdown keeps the backslash): an entity
# can; an "&" that would start an entity is written as one too.
_MD_ENTITY_RE = re.compile(r"<|&(?=#?\w+;)")
# What would start a block at the beginning of a line: headings, quotes, lists, rules, tables.
_MD_LINE_START_RE = re.compile(r"^(\s*)(?:([#>+=-])|(\d+)([.)]))")


def markdown_escape(text: str) -> str:
    """One line of text as literal Markdown: no link, emphasis, HTML or block can come from it.

    >>> print(markdown_escape("1. [bấm](javascript:x) <script>"))
    1\\. \\[bấm\\](javascript:x) &lt;script\\>
    >>> print(markdown_escape("# tiêu đề"), markdown_escape("- mục"))
    \\# tiêu đề \\- mục
    """
    escaped = _MD_ENTITY_RE.sub(lambda m: "&lt;" if m.group(0) == "<" else "&amp;", text)
    escaped = _MD_INLINE_RE.sub(r"\\\1", escaped)
    return _MD_LINE_START_RE.sub(
        lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\{m.group(4)}"), escaped)


def entry_heading(entry: Entry) -> str:
    """An entry's heading: the passage and the document ("Khoản 1 Điều 51 – Luật Trẻ em số …")."""
    title = entry.citation.title
    return f"{entry.item['section']} – {title}" if entry.item["section"] else title


def entry_lines(entry: Entry) -> list[str]:
    """The cited text, one block per line; a whole document is represented by its summary."""
    if not entry.item["anchor"]:
        return [entry.doc.summary] if entry.doc.summary else []
    return entry.item["cited_text"].splitlines()


def byline(handout: Handout) -> str:
    """Who made the handout and when: "Biên soạn: lan · ngày 03/12/2026"."""
    owner = handout.collection["owner"] or ""
    return f"Biên soạn: {owner} · ngày {handout.made.strftime('%d/%m/%Y')}" if owner else \
        f"Ngày {handout.made.strftime('%d/%m/%Y')}"


# -- Markdown --------------------------------------------------------------------------------------

def to_markdown(handout: Handout) -> str:
    """The handout as a Markdown document."""
    collection = handout.collection
    out = [f"# {markdown_escape(collection['name'])}", ""]
    out += [markdown_escape(line) + "  " for line in collection["description"].splitlines()]
    out += ["", f"*{markdown_escape(byline(handout))}*", ""]
    for number, entry in enumerate(handout.entries, 1):
        out += [f"## {number}. {markdown_escape(entry_heading(entry))}", ""]
        lines = entry_lines(entry)
        if not entry.item["anchor"]:
            out += [f"*{LABEL_WHOLE}.*", ""]
        for line in lines:
            out += [f"> {markdown_escape(line)}", ">"]
        if lines:
            out[-1] = ""
        if entry.item["note"]:
            note = entry.item["note"].splitlines()
            out += [f"**{LABEL_NOTE}:** " + "  \n".join(markdown_escape(line) for line in note), ""]
        out += [f"{LABEL_CITATION}: {markdown_escape(citations.vietnamese(entry.citation))} "
                f"\\[{entry.source}\\]", ""]
    out += [f"## {TITLE_SOURCES}", ""]
    out += [f"{number}. {markdown_escape(citations.vietnamese(source))}"
            for number, source in enumerate(handout.sources, 1)]
    return "\n".join(out).rstrip() + "\n"


# -- DOCX ------------------------------------------------------------------------------------------

def _page_a4(document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)


def to_docx(handout: Handout) -> bytes:
    """The handout as a Word document: headings, the passages with their clause numbers as written,
    notes, citations, and a table of sources."""
    document = docx.Document()
    _page_a4(document)
    collection = handout.collection
    document.core_properties.title = collection["name"]
    document.core_properties.author = collection["owner"] or ""
    document.core_properties.language = "vi-VN"
    document.add_heading(collection["name"], level=0)
    for line in collection["description"].splitlines():
        document.add_paragraph(line)
    document.add_paragraph().add_run(byline(handout)).italic = True
    for number, entry in enumerate(handout.entries, 1):
        document.add_heading(f"{number}. {entry_heading(entry)}", level=1)
        if not entry.item["anchor"]:
            document.add_paragraph().add_run(LABEL_WHOLE + ".").italic = True
        for line in entry_lines(entry):
            paragraph = document.add_paragraph(line)
            paragraph.paragraph_format.left_indent = Cm(0.75)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if entry.item["note"]:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{LABEL_NOTE}: ").bold = True
            paragraph.add_run(entry.item["note"])
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{LABEL_CITATION}: ").bold = True
        paragraph.add_run(f"{citations.vietnamese(entry.citation)} [{entry.source}]")
    document.add_heading(TITLE_SOURCES, level=1)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("STT", "Nguồn", "Liên kết")):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for number, source in enumerate(handout.sources, 1):
        cells = table.add_row().cells
        cells[0].text = str(number)
        cells[1].text = citations.vietnamese(source)
        cells[2].text = source.url
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- RIS and BibTeX --------------------------------------------------------------------------------

def to_ris(handout: Handout) -> str:
    """Every source as an RIS record, with the trainer's notes on it (``N1``)."""
    return "".join(citations.to_ris(source) for source in handout.sources)


def to_bibtex(handout: Handout) -> str:
    """Every source as a BibTeX entry, with the trainer's notes on it (``annote``)."""
    return "\n".join(citations.to_bibtex(source) for source in handout.sources)
