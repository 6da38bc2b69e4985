"""Read a Word document (DOCX) with the standard library: the zip's ``word/document.xml``.

Paragraph styles named "Title" and "heading N" (the names Word stores whatever the interface
language) become the title and Markdown headings (``heading 1`` -> ``##``; without a Title, a
leading heading is the title), numbered or bulleted
paragraphs become list items, tables become Markdown tables.

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


def _style_names(archive: zipfile.ZipFile, name: str) -> dict[str, str]:
    """Style id -> style name ("Heading1" -> "heading 1"), from ``word/styles.xml`` if present."""
    if "word/styles.xml" not in archive.namelist():
        return {}
    root = _xml(read_member(archive, "word/styles.xml", name), name)
    names = {}
    for style in root.iter(f"{W}style"):
        label = style.find(f"{W}name")
        if label is not None:
            names[style.get(f"{W}styleId", "")] = label.get(f"{W}val", "")
    return names


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    parts = []
    for node in paragraph.iter():
        if node.tag == f"{W}t" and node.text:
            parts.append(node.text)
        elif node.tag in (f"{W}tab", f"{W}br", f"{W}cr"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _style(paragraph: ElementTree.Element, styles: dict[str, str]) -> str:
    node = paragraph.find(f"{W}pPr/{W}pStyle")
    style_id = node.get(f"{W}val", "") if node is not None else ""
    return styles.get(style_id, style_id)


def _table(table: ElementTree.Element) -> str:
    return markdown_table([[" ".join(_paragraph_text(p) for p in cell.iter(f"{W}p")).strip()
                            for cell in row.findall(f"{W}tc")] for row in table.iter(f"{W}tr")])


def docx_to_markdown(data: bytes, name: str = "") -> tuple[str, dict]:
    """``(body, metadata)`` of a DOCX file; :class:`IngestError` when it is damaged or hostile.

    >>> xml = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    ...        '<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Sổ tay thăm hộ</w:t></w:r></w:p>'
    ...        '<w:p><w:r><w:t>Trẻ em là người dưới 16 tuổi.</w:t></w:r></w:p></w:body></w:document>')
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as z:
    ...     z.writestr("word/document.xml", xml)
    >>> docx_to_markdown(buffer.getvalue(), "a.docx")
    ('Trẻ em là người dưới 16 tuổi.', {'title': 'Sổ tay thăm hộ'})
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise IngestError(f"{name}: the DOCX file is damaged or truncated ({exc})") from exc
    with archive:
        check_zip(archive, name)
        if "word/document.xml" not in archive.namelist():
            raise UnsupportedInput(f"{name}: a zip archive that is not a Word document")
        styles = _style_names(archive, name)
        root = _xml(read_member(archive, "word/document.xml", name), name)
    body = root.find(f"{W}body")
    blocks: list[str] = []
    metadata: dict = {}
    for element in list(body) if body is not None else []:
        if element.tag == f"{W}tbl":
            table = _table(element)
            if table:
                blocks.append(table)
            continue
        if element.tag != f"{W}p":
            continue
        text = _paragraph_text(element)
        if not text:
            continue
        style = _style(element, styles)
        heading = _HEADING_STYLE.match(style)
        if style.lower() == "title" and "title" not in metadata:
            metadata["title"] = text
        elif heading:
            blocks.append("#" * min(int(heading.group(1)) + 1, 6) + " " + text)
        elif element.find(f"{W}pPr/{W}numPr") is not None or _LIST_STYLE.match(style):
            blocks.append(f"- {text}")
        else:
            blocks.append(text)
    if "title" not in metadata and blocks and blocks[0].startswith("#"):
        metadata["title"] = blocks.pop(0).lstrip("# ")
    log.debug("docx %s: %d blocks", name, len(blocks))
    return "\n\n".join(blocks), metadata
