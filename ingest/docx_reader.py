"""Read a Word document (DOCX) with python-docx.

Paragraph styles named "Title" and "heading N" (the names Word stores whatever the interface
language) become the title and Markdown headings (``heading 1`` -> ``##``; without a Title, a
leading heading is the title). Paragraphs numbered by Word keep the label Word shows ("1.",
"a)", "II."; :class:`Numbering` counts them from ``word/numbering.xml``), so that the clauses and
points of a law read from Word get the same anchors as from any other source; bulleted paragraphs
become "- " items; tables become Markdown tables.

A DOCX is an untrusted zip: the sizes its directory declares are checked before anything is
unpacked (:data:`MAX_UNPACKED_BYTES` in all), members are read with a hard cap in case the
directory lies, and XML with a DTD (entity expansion) is refused.
"""
from __future__ import annotations

import io
import logging
import re
import zipfile
import zlib
from xml.etree import ElementTree

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from ingest.errors import IngestError, TooLarge, UnsupportedInput
from ingest.markdown import markdown_table

log = logging.getLogger(__name__)

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^list", re.IGNORECASE)


def check_zip(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse an archive whose members would unpack to more than :data:`MAX_UNPACKED_BYTES`.

    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as z:
    ...     z.writestr("a.txt", "Trẻ em")
    >>> check_zip(zipfile.ZipFile(buffer), "a.zip") is None
    True
    """
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_UNPACKED_BYTES:
        raise TooLarge(f"{name}: the archive would unpack to {total / 2**20:.0f} MB, over the "
                       f"{MAX_UNPACKED_BYTES // 2**20} MB limit (a zip bomb?)")


def read_member(archive: zipfile.ZipFile, member: str, name: str) -> bytes:
    """One member's bytes, never more than :data:`MAX_UNPACKED_BYTES` whatever the directory says.

    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as z:
    ...     z.writestr("word/document.xml", "<w:document/>")
    >>> read_member(zipfile.ZipFile(buffer), "word/document.xml", "a.docx")
    b'<w:document/>'
    """
    try:
        with archive.open(member) as handle:
            data = handle.read(MAX_UNPACKED_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError) as exc:
        raise IngestError(f"{name}: the DOCX file is damaged or truncated ({exc})") from exc
    if len(data) > MAX_UNPACKED_BYTES:
        raise TooLarge(f"{name}: {member} unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB (a zip bomb?)")
    return data


def _xml(data: bytes, name: str) -> ElementTree.Element:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise IngestError(f"{name}: the DOCX file declares XML entities; refused")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise IngestError(f"{name}: the DOCX file is damaged ({exc})") from exc


class Numbering:
    """Word's automatic numbering: the label ("1.", "a)", "II.") each numbered paragraph shows.

    Counters are kept per list (``w:num``), start at the level's ``w:start`` (or the list's
    ``w:startOverride``), and a level's counter restarts when a higher level advances.
    """

    def __init__(self, root):
        self.levels: dict[str, dict[str, tuple[str, str, int]]] = {}  # numId -> ilvl -> (format, text, start)
        self.counters: dict[str, dict[str, int]] = {}
        if root is None:
            return
        abstract = {}
        for definition in root.iter(f"{W}abstractNum"):
            abstract[definition.get(f"{W}abstractNumId")] = {
                lvl.get(f"{W}ilvl"): (_val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "",
                                      int(_val(lvl, "start") or 1)) for lvl in definition.iter(f"{W}lvl")}
        for num in root.iter(f"{W}num"):
            levels = dict(abstract.get(_val(num, "abstractNumId"), {}))
            for override in num.iter(f"{W}lvlOverride"):
                ilvl, start = override.get(f"{W}ilvl"), _val(override, "startOverride")
                if start and ilvl in levels:
                    levels[ilvl] = (*levels[ilvl][:2], int(start))
            self.levels[num.get(f"{W}numId")] = levels

    def label(self, num_id: str, ilvl: str) -> str:
        """The next label of list ``num_id`` at level ``ilvl``; "-" for bullets and unknown lists.

        >>> numbering = Numbering(None)
        >>> numbering.levels["1"] = {"0": ("decimal", "%1.", 1), "1": ("lowerLetter", "%2)", 1)}
        >>> [numbering.label("1", level) for level in "0110"]
        ['1.', 'a)', 'b)', '2.']
        """
        levels = self.levels.get(num_id, {})
        if ilvl not in levels or levels[ilvl][0] in ("bullet", "none"):
            return "-"
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else levels[ilvl][2]
        for deeper in [level for level in counters if int(level) > int(ilvl)]:
            del counters[deeper]
        label = levels[ilvl][1]
        for level, (fmt, _text, start) in levels.items():
            if f"%{int(level) + 1}" in label:
                label = label.replace(f"%{int(level) + 1}", _format(counters.get(level, start), fmt))
        return label.strip() or "-"


def _val(element, child: str) -> str:
    node = element.find(f"{W}{child}")
    return node.get(f"{W}val", "") if node is not None else ""


def _format(number: int, fmt: str) -> str:
    """A counter in Word's number format (decimal, lowerLetter, upperRoman...)."""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = "abcdefghijklmnopqrstuvwxyz"
        text = letters[(number - 1) % 26] * ((number - 1) // 26 + 1)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                  (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        text = ""
        for value, numeral in values:
            while number >= value:
                text, number = text + numeral, number - value
        return text.lower() if fmt == "lowerRoman" else text
    return str(number)


def _list_label(paragraph, numbering: Numbering) -> str | None:
    """The label of a numbered or bulleted paragraph (its own numbering, else its style's); None
    for a paragraph outside any list."""
    style = paragraph.style.element if paragraph.style is not None else None
    for num_pr in (paragraph._p.find(f"{W}pPr/{W}numPr"), style.find(f"{W}pPr/{W}numPr") if style is not None else None):
        if num_pr is not None:
            num_id = _val(num_pr, "numId")
            if num_id == "0":  # numbering switched off for this paragraph
                return None
            return numbering.label(num_id, _val(num_pr, "ilvl") or "0")
    return None


def _open(data: bytes, name: str):
    """The python-docx document and its numbering root, after the archive's safety checks."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise IngestError(f"{name}: the DOCX file is damaged or truncated ({exc})") from exc
    with archive:
        check_zip(archive, name)
        if "word/document.xml" not in archive.namelist():
            raise UnsupportedInput(f"{name}: a zip archive that is not a Word document")
        for member in ("word/document.xml", "word/styles.xml", "word/numbering.xml"):
            if member in archive.namelist():
                _xml(read_member(archive, member, name), name)  # refuses DTDs and broken XML
    try:
        document = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile, PackageNotFoundError, ElementTree.ParseError,
            etree.XMLSyntaxError) as exc:
        raise IngestError(f"{name}: the DOCX file is damaged ({exc.__class__.__name__}: {exc})") from exc
    try:
        numbering = document.part.numbering_part.element
    except (NotImplementedError, KeyError):  # a document without lists
        numbering = None
    return document, numbering


def _table(table) -> str:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is listed once per grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(" ".join(p.text.split()) for p in cell.paragraphs).strip())
        rows.append(cells)
    return markdown_table(rows)


def docx_to_markdown(data: bytes, name: str = "") -> tuple[str, dict]:
    """``(body, metadata)`` of a DOCX file; :class:`IngestError` when it is damaged or hostile.

    >>> document = docx.Document()
    >>> _ = document.add_paragraph("Sổ tay thăm hộ", style="Title")
    >>> _ = document.add_paragraph("Trẻ em là người dưới 16 tuổi.")
    >>> buffer = io.BytesIO()
    >>> document.save(buffer)
    >>> docx_to_markdown(buffer.getvalue(), "a.docx")
    ('Trẻ em là người dưới 16 tuổi.', {'title': 'Sổ tay thăm hộ'})
    """
    document, numbering_root = _open(data, name)
    numbering = Numbering(numbering_root)
    blocks: list[str] = []
    metadata: dict = {}
    for element in document.element.body.iterchildren():
        if element.tag == f"{W}tbl":
            table = _table(Table(element, document))
            if table:
                blocks.append(table)
            continue
        if element.tag != f"{W}p":
            continue
        paragraph = Paragraph(element, document)
        text = " ".join(paragraph.text.split())
        if not text:
            continue
        style = paragraph.style.name if paragraph.style is not None else ""
        heading = _HEADING_STYLE.match(style)
        label = _list_label(paragraph, numbering)
        if style.lower() == "title" and "title" not in metadata:
            metadata["title"] = text
        elif heading:
            blocks.append("#" * min(int(heading.group(1)) + 1, 6) + " " + (f"{label} " if label and label != "-"
                                                                          else "") + text)
        elif label is not None or _LIST_STYLE.match(style):
            blocks.append(f"{label or '-'} {text}")
        else:
            blocks.append(text)
    if "title" not in metadata and blocks and blocks[0].startswith("#"):
        metadata["title"] = blocks.pop(0).lstrip("# ")
    log.debug("docx %s: %d blocks", name, len(blocks))
    return "\n\n".join(blocks), metadata
