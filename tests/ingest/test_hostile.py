"""Hostile or broken input is refused with a clear message (an IngestError), or cleaned; never a crash."""
import random

import pytest

from ingest.errors import EmptyInput, IngestError, TooLarge, UnsupportedInput
from ingest.pipeline import MAX_FILE_BYTES, ingest_bytes, ingest_path
from tests.ingest.builders import docx_paragraph, make_docx, make_pdf, make_zip_bomb

DOCX = make_docx(docx_paragraph("Sổ tay quản lý trường hợp", "Title"),
                 docx_paragraph("Quản lý trường hợp là quá trình hỗ trợ trẻ em có nguy cơ bị xâm hại. " * 40))


def _random_bytes(size: int = 4096) -> bytes:
    return random.Random(4).randbytes(size)


# (bytes, file name, error class, words of the message)
REFUSED = [
    (DOCX[: len(DOCX) // 2], "cat-doi.docx", IngestError, "damaged or truncated"),
    (DOCX[:-30], "mat-duoi.docx", IngestError, "damaged or truncated"),
    (make_zip_bomb(60), "bom.docx", TooLarge, "would unpack to 60 MB"),
    (_random_bytes(), "ngau-nhien.txt", UnsupportedInput, "binary"),
    (b"PK\x03\x04" + _random_bytes(), "ngau-nhien.zip", IngestError, "not supported"),
    (b"%PDF-1.4\n" + _random_bytes(), "hong.pdf", IngestError, "PDF"),
    (make_docx("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", doctype='<!DOCTYPE w:document [<!ENTITY lol "lol">'
               '<!ENTITY lol9 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'), "xxe.docx", IngestError, "entities"),
    (b"   \n\t  ", "rong.txt", EmptyInput, "empty"),
    ("<html><body><script>alert('Trẻ em')</script><style>p{}</style></body></html>".encode(), "chi-script.html",
     EmptyInput, "no text"),
]


@pytest.mark.parametrize("data, name, error, message", REFUSED, ids=[case[1] for case in REFUSED])
def test_refused_with_a_clear_message(data, name, error, message):
    with pytest.raises(error) as caught:
        ingest_bytes(data, name)
    assert message in str(caught.value)
    assert str(caught.value).startswith(name)


def test_pdf_without_any_text_even_by_ocr_is_refused():
    pytest.importorskip("pypdf")
    with pytest.raises(EmptyInput, match="no text found, even by OCR"):
        ingest_bytes(make_pdf([], with_text=False), "ban-quet.pdf")


def test_a_50_mb_text_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "lon.txt"
    with big.open("wb") as handle:
        handle.write(("Trẻ em là người dưới 16 tuổi. " * 1000 + "\n").encode() * 1300)
    assert big.stat().st_size > 50 * 2**20 > MAX_FILE_BYTES
    with pytest.raises(TooLarge, match=r"lon.txt: the file is \d+ MB, over the 20 MB limit"):
        ingest_path(big)


def test_html_with_scripts_keeps_the_text_and_nothing_executable():
    page = ("<html><body onload=\"steal()\"><article><h1>Phòng chống đuối nước cho trẻ em</h1>"
            "<p onclick=\"x()\">Mùa hè là thời điểm trẻ em dễ bị <b>đuối nước</b>.</p>"
            "<script>fetch('//evil')</script><iframe src=\"//evil\"></iframe>"
            "<p><a href=\"javascript:steal()\">Xem hướng dẫn</a> <img src=x onerror=steal()></p>"
            "<svg><script>steal()</script></svg><object data=\"x.swf\"></object><!-- <script>steal()</script> -->"
            "<?php steal(); ?></article></body></html>")
    draft = ingest_bytes(page.encode(), "trang.html")
    assert draft.body == "Mùa hè là thời điểm trẻ em dễ bị **đuối nước**.\n\nXem hướng dẫn"
    for fragment in ("<", "steal", "evil", "javascript", "onclick", "swf"):
        assert fragment not in draft.body


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_never_crash(seed):
    data = random.Random(seed).randbytes(2000)
    for prefix, name in [(b"", "a.txt"), (b"PK\x03\x04", "a.docx"), (b"%PDF-1.7\n", "a.pdf"), (b"<html>", "a.html")]:
        try:
            ingest_bytes(prefix + data, name)
        except IngestError:
            pass
