"""Read a PDF's text layer with pypdf; a PDF without one (a scan) is refused, not indexed empty.

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
from search.normalize import clean_text

log = logging.getLogger(__name__)

MAX_PAGES = 2000
MIN_TEXT_CHARS = 20
_PAGE_NUMBER = re.compile(r"^\s*(?:trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?\s*$", re.IGNORECASE)


def pdf_to_text(data: bytes, name: str = "") -> tuple[str, dict]:
    """``(body, metadata)`` of a PDF: its paragraphs one per line (the title is found later, as for
    a text scrape; the title a PDF declares is too often "Microsoft Word - ..." to be trusted).

    Raises :class:`EmptyInput` for a PDF without a text layer and :class:`IngestError` for a
    damaged or password-protected one.

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
    text = clean_text("\n".join(pages))
    if len(text.strip()) < MIN_TEXT_CHARS:
        raise EmptyInput(f"{name}: PDF không có lớp văn bản (the PDF has no text layer: a scan?); "
                         "run OCR first")
    lines = [line for line in text.split("\n") if not _PAGE_NUMBER.match(line)]
    log.debug("pdf %s: %d pages, %d characters", name, len(pages), len(text))
    return "\n".join(unwrap(lines)), {}
