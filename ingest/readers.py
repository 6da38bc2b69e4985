"""Readers, in a registry keyed by the detected type of a file (as Pelican's readers are).

A reader takes the raw bytes and returns ``(body, metadata)``: the body as Markdown text and what
the file itself says about the document (title, front matter, header fields). Cleaning and metadata
extraction happen afterwards, the same way for every reader.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable

import frontmatter
import yaml

from ingest.docx_reader import docx_to_markdown
from ingest.encoding import BINARY_SIGNATURES, decode_bytes
from ingest.errors import EmptyInput, IngestError, UnsupportedInput
from ingest.html_reader import html_to_markdown
from ingest.pdf_reader import pdf_to_text
from search.normalize import clean_text

log = logging.getLogger(__name__)

Reader = Callable[[bytes, str], tuple[str, dict]]
READERS: dict[str, Reader] = {}

_MARKDOWN_EXTENSIONS = (".md", ".markdown")
_MARKDOWN_HINT = re.compile(r"^(---\s*$|#{1,6} \S)", re.MULTILINE)
_HEADER_FIELD = re.compile(r"^[-*]\s+([^:\n]{2,40}):\s*(.+)$")
_HTML_HINT = re.compile(rb"<(html|head|body|article|main|div|p|h[1-6]|section|table|script)\b")


def register(kind: str) -> Callable[[Reader], Reader]:
    """Decorator adding a reader to the registry under ``kind``."""
    def add(function: Reader) -> Reader:
        READERS[kind] = function
        return function
    return add


def sniff(data: bytes, name: str = "") -> str:
    r"""The type of a file from its content (the extension only tells Markdown from text).

    >>> sniff(b"# Tieu de\nNoi dung", "a.txt"), sniff(b"%PDF-1.7", "a.txt"), sniff(b"<p>Tin</p>", "a.txt")
    ('markdown', 'pdf', 'html')
    """
    if data.startswith(b"PK\x03\x04"):
        return "docx" if b"word/document.xml" in data else "zip"
    for signature, label in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return label
    head = data[:4096].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or (
            head.startswith(b"<") and _HTML_HINT.search(head)):
        return "html"
    if head.startswith((b"{", b"[")):
        return "json"
    if name.lower().endswith(_MARKDOWN_EXTENSIONS) or _MARKDOWN_HINT.search(
            data[:4096].decode("utf-8", "ignore")):
        return "markdown"
    return "text"


def read_bytes(data: bytes, name: str = "") -> tuple[str, dict]:
    """Dispatch ``data`` to the reader of its type; :class:`IngestError` says why it cannot."""
    if not data.strip():
        raise EmptyInput(f"{name or 'input'}: the file is empty")
    kind = sniff(data, name)
    reader = READERS.get(kind)
    if reader is None:
        raise UnsupportedInput(f"{name or 'input'}: {kind} files are not supported")
    body, metadata = reader(data, name)
    if not body.strip() and not metadata.get("title"):
        raise EmptyInput(f"{name or 'input'}: no text found")
    return body, metadata


def _text(data: bytes, name: str) -> str:
    return clean_text(decode_bytes(data, name)).replace("\r\n", "\n").replace("\r", "\n")


@register("text")
def read_text(data: bytes, name: str) -> tuple[str, dict]:
    """A plain-text scrape: paragraphs are lines; the title is found later by the cleaner."""
    return _text(data, name), {}


@register("markdown")
def read_markdown(data: bytes, name: str) -> tuple[str, dict]:
    r"""Markdown with or without YAML front matter; a leading ``# Title`` and ``- Key: value``
    header list (as in the legal corpus) become metadata.

    >>> read_markdown("# Luật\n- Số hiệu: 102/2016/QH13\n\n## Chương I".encode(), "x.md")
    ('## Chương I', {'title': 'Luật', 'header': {'Số hiệu': '102/2016/QH13'}})
    """
    text = _text(data, name)
    try:
        post = frontmatter.loads(text)
    except (yaml.YAMLError, ValueError, TypeError) as exc:  # impossible dates, non-text keys, JSON
        raise IngestError(f"{name}: front matter is not valid YAML ({exc.__class__.__name__})") from exc
    metadata = dict(post.metadata)
    lines = post.content.strip().split("\n")
    if lines and lines[0].startswith("# ") and "title" not in metadata:
        metadata["title"] = lines.pop(0)[2:].strip()
    header: dict[str, str] = {}
    while lines and (not lines[0].strip() or _HEADER_FIELD.match(lines[0])):
        match = _HEADER_FIELD.match(lines.pop(0))
        if match:
            header[match[1].strip()] = match[2].strip()
    if header:
        metadata["header"] = header
    return "\n".join(lines).strip(), metadata


@register("html")
def read_html(data: bytes, name: str) -> tuple[str, dict]:
    """A saved web page: the main article as Markdown (see :mod:`ingest.html_reader`)."""
    return html_to_markdown(_text(data, name))


@register("docx")
def read_docx(data: bytes, name: str) -> tuple[str, dict]:
    """A Word document (see :mod:`ingest.docx_reader`)."""
    body, metadata = docx_to_markdown(data, name)
    return clean_text(body), metadata


@register("pdf")
def read_pdf(data: bytes, name: str) -> tuple[str, dict]:
    """A PDF with a text layer (see :mod:`ingest.pdf_reader`)."""
    return pdf_to_text(data, name)
