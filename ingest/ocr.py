"""Read scanned PDF pages with Tesseract's Vietnamese model, and clean what OCR leaves behind.

Pages are rendered by poppler (``pdftoppm``, through pdf2image) at :data:`DPI`, straightened (the
small rotation of a sheet on a scanner: the angle whose rows of ink are sharpest), cleared of
speckles and read by
Tesseract (``vie``, through pytesseract). The confidence is the mean of Tesseract's word
confidences, weighted by word length, from 0 to 1.

OCR noise cleaned by :func:`clean_ocr_pages`: header and footer lines repeated on most pages,
page numbers, words hyphenated across lines, and decomposed or misplaced combining marks (NFC).

Debian packages: ``tesseract-ocr``, ``tesseract-ocr-vie``, ``poppler-utils`` (``make`` installs them).
"""
from __future__ import annotations

import logging
import re
import shutil
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ingest.errors import IngestError, UnsupportedInput

log = logging.getLogger(__name__)

DPI = 300
LANGUAGE = "vie"
MAX_OCR_PAGES = 200
INSTALL_HINT = ("install Tesseract with its Vietnamese model and poppler: "
                "`apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils` (or run `make`)")
_SKEW_ANGLES = [a / 4 for a in range(-12, 13)]  # -3° .. 3°
_PAGE_NUMBER = re.compile(r"^\W*(?:trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?\W*$", re.IGNORECASE)
_HYPHENATED = re.compile(r"(\w)-\n(\w)")
_DIGITS = re.compile(r"\d+")


@dataclass
class OcrPage:
    """The text Tesseract read on one page and its confidence (0..1)."""

    text: str
    confidence: float
    words: int


def check_tesseract() -> None:
    """Raise :class:`UnsupportedInput` saying how to install what OCR needs when it is missing."""
    missing = [tool for tool in ("tesseract", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        raise UnsupportedInput(f"the PDF has pages without a text layer (a scan) and OCR needs "
                               f"{', '.join(missing)}: {INSTALL_HINT}")
    import pytesseract

    if LANGUAGE not in pytesseract.get_languages(config=""):
        raise UnsupportedInput(f"Tesseract has no Vietnamese model ({LANGUAGE}): {INSTALL_HINT}")


def _deskew(image):
    """The page turned back by the angle that makes its text rows sharpest (projection profile)."""
    import numpy as np
    from PIL import Image

    small = image.convert("L")
    small.thumbnail((800, 800))
    ink = 255 - np.asarray(small, dtype=np.float32)

    def sharpness(angle: float) -> float:
        turned = Image.fromarray(ink.astype(np.uint8)).rotate(angle, resample=Image.Resampling.BILINEAR)
        rows = np.asarray(turned, dtype=np.float32).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    angle = max(_SKEW_ANGLES, key=sharpness)
    if angle == 0:
        return image
    log.debug("deskew by %.2f°", angle)
    return image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor="white")


def _read_image(image) -> OcrPage:
    import pytesseract
    from PIL import ImageFilter

    # a median filter takes the speckles of a dusty scan away before they are read as marks
    page = _deskew(image.convert("L").filter(ImageFilter.MedianFilter(3)))
    data = pytesseract.image_to_data(page, lang=LANGUAGE, config="--psm 3",
                                     output_type=pytesseract.Output.DICT)
    lines: dict[tuple, list[str]] = {}
    boxes: dict[tuple, tuple[int, int]] = {}  # line -> (top, bottom) in pixels
    weighted = total = 0.0
    for index, word in enumerate(data["text"]):
        word = word.strip()
        confidence = float(data["conf"][index])
        if not word or confidence < 0:
            continue
        key = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
        lines.setdefault(key, []).append(word)
        top, bottom = data["top"][index], data["top"][index] + data["height"][index]
        old = boxes.get(key, (top, bottom))
        boxes[key] = (min(old[0], top), max(old[1], bottom))
        weighted += confidence * len(word)
        total += len(word)
    text = _paragraphs(lines, boxes)
    return OcrPage(text, round(weighted / total / 100, 3) if total else 0.0, len(data["text"]))


def _paragraphs(lines: dict[tuple, list[str]], boxes: dict[tuple, tuple[int, int]]) -> str:
    """The lines as text, a blank line where Tesseract starts a block or the gap above a line is
    wider than a line's height (a title above its text, paragraphs set apart)."""
    heights = sorted(bottom - top for top, bottom in boxes.values()) or [0]
    usual = heights[len(heights) // 2]
    text, previous = "", None
    for key, words in lines.items():
        if previous is not None:
            wide_gap = boxes[key][0] - boxes[previous][1] > usual
            text += "\n\n" if key[:2] != previous[:2] or wide_gap else "\n"
        text += " ".join(words)
        previous = key
    return text


def ocr_pages(data: bytes, page_numbers: list[int], name: str = "") -> dict[int, OcrPage]:
    """OCR the given pages (0-based) of a PDF; :class:`IngestError` when they cannot be rendered."""
    check_tesseract()
    from pdf2image import convert_from_bytes
    from pdf2image.exceptions import PDFPageCountError, PDFSyntaxError

    found: dict[int, OcrPage] = {}
    for number in page_numbers[:MAX_OCR_PAGES]:
        try:
            images = convert_from_bytes(data, dpi=DPI, first_page=number + 1, last_page=number + 1,
                                        grayscale=True)
        except (PDFPageCountError, PDFSyntaxError) as exc:
            raise IngestError(f"{name}: the scanned PDF cannot be rendered ({exc})") from exc
        if images:
            found[number] = _read_image(images[0])
    log.info("%s: OCR of %d pages", name, len(found))
    return found


def _frame_key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()).casefold())


def clean_ocr_pages(pages: list[str]) -> list[str]:
    r"""Pages of OCR text without repeated headers and footers, page numbers, hyphenation across
    lines and decomposed diacritics.

    >>> clean_ocr_pages(["SỞ LAO ĐỘNG\n\nTrẻ em được bảo vệ.\n1", "SỞ LAO ĐỘNG\nNgười chăm sóc ngư-\nời bệnh.\n2"])
    ['Trẻ em được bảo vệ.', 'Người chăm sóc người bệnh.']
    """
    split = [[line.strip() for line in unicodedata.normalize("NFC", page).split("\n")] for page in pages]
    edges_of = [[i for i, line in enumerate(lines) if line] for lines in split]
    edges_of = [set(filled[:2] + filled[-2:]) for filled in edges_of]
    counts: Counter = Counter()
    for lines, edges in zip(split, edges_of):
        counts.update({_frame_key(lines[i]) for i in edges})
    repeated = {key for key, count in counts.items() if len(split) > 1 and count >= max(2, len(split) / 2)}
    cleaned = []
    for lines, edges in zip(split, edges_of):
        kept = [line for i, line in enumerate(lines)
                if not (_PAGE_NUMBER.match(line) or (i in edges and _frame_key(line) in repeated))]
        cleaned.append(_HYPHENATED.sub(r"\1\2", "\n".join(kept)).strip())
    return cleaned
