"""Read a PDF's text layer with pypdf; pages without one (a scan) are read by OCR
(:mod:`ingest.ocr`), and the front matter records ``ocr: true`` and ``ocr_confidence``.

Lines are wrapped by the page layout, so they are joined back into paragraphs the same way as a
crawled page (:func:`ingest.crawl.unwrap`); lines that are only a page number are dropped.
"""
from __future__ import annotations

import io
import logging
import re
import zlib

from ingest.crawl import unwrap
from ingest.errors import EmptyInput, IngestError, UnsupportedInput
from ingest.ocr import clean_ocr_pages, ocr_pages
from search.normalize import clean_text

log = logging.getLogger(__name__)

MAX_PAGES = 2000
MIN_TEXT_CHARS = 20
_PAGE_NUMBER = re.compile(r"^\s*(?:trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?\s*$", re.IGNORECASE)


def pdf_to_text(data: bytes, name: str = "") -> tuple[str, dict]:
    """``(body, metadata)`` of a PDF: its paragraphs one per line (the title is found later, as for
    a text scrape; the title a PDF declares is too often "Microsoft Word - ..." to be trusted).

    Pages without a text layer are read by OCR; raises :class:`UnsupportedInput` (saying how to
    install it) when Tesseract is missing, :class:`EmptyInput` when no text is found and
    :class:`IngestError` for a damaged or password-protected PDF.

    >>> try:
    ...     pdf_to_text(b"%PDF-1.4 not really", "hong.pdf")
    ... except IngestError as exc:
    ...     print(exc)
    hong.pdf: the PDF is damaged or cannot be read (PdfStreamError)
    """
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError as exc:  # an installation without the optional reader
        raise UnsupportedInput(f"{name}: reading PDF needs the pypdf package") from exc
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(f"{name}: the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PAGES]]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            zlib.error, NotImplementedError) as exc:
        raise IngestError(f"{name}: the PDF is damaged or cannot be read ({exc.__class__.__name__})") from exc
    metadata: dict = {}
    scanned = [number for number, page in enumerate(pages) if len(page.strip()) < MIN_TEXT_CHARS]
    if scanned:
        read = ocr_pages(data, scanned, name)
        cleaned = clean_ocr_pages([read[n].text for n in scanned if n in read])
        for number, text in zip([n for n in scanned if n in read], cleaned):
            pages[number] = text
        words = sum(page.words for page in read.values())
        if words:
            metadata = {"ocr": True, "ocr_confidence": round(
                sum(page.confidence * page.words for page in read.values()) / words, 2)}
    text = clean_text("\n".join(pages))
    if len(text.strip()) < MIN_TEXT_CHARS:
        raise EmptyInput(f"{name}: PDF không có chữ (no text found, even by OCR)")
    lines = [line for line in text.split("\n") if not _PAGE_NUMBER.match(line)]
    log.debug("pdf %s: %d pages (%d by OCR), %d characters", name, len(pages), len(scanned), len(text))
    return "\n".join(unwrap(lines)), metadata
