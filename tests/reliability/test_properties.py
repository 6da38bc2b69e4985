"""Property-based tests: hostile text and bytes into every parser and extractor.

No unhandled exception other than the package's own error classes, no hang (hypothesis deadline),
and every string that comes out is valid Unicode (encodable as UTF-8: no lone surrogates).
"""
from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.dates import extract_dates
from ingest.errors import IngestError
from ingest.legal import find_references
from ingest.pipeline import ingest_bytes
from ingest.readers import read_bytes
from kb.documents.content import parse_document
from kb.errors import KBError
from search.analysis import plain_analyzer, vietnamese_analyzer
from search.errors import SearchError
from search.query import parse_query
from search.segmentation import segment

QUICK_EXAMPLES, SOAK_EXAMPLES = 100, 3000
# generous: a slow CI machine must not turn into a false alarm; a hang still fails
COMMON = {"deadline": 3000, "suppress_health_check": [HealthCheck.too_slow], "database": None}


@pytest.fixture(scope="module", autouse=True)
def warm_model():
    """Load pyvi's model before the first timed example (it takes seconds, once per process)."""
    segment("Trẻ em cần được bảo vệ")


def quick_and_soak(*strategies):
    """Turn a check into two tests: a short, reproducible one and a long, random ``soak`` one."""
    def make(check):
        quick = settings(max_examples=QUICK_EXAMPLES, derandomize=True, **COMMON)(given(*strategies)(check))
        soak = settings(max_examples=SOAK_EXAMPLES, **COMMON)(given(*strategies)(check))
        return quick, pytest.mark.soak(soak)
    return make


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
# Text that looks like the real thing: Vietnamese letters, legal and date vocabulary, markup.
words = st.sampled_from([
    "Điều", "khoản", "điểm", "Luật", "Nghị định", "số", "năm", "ngày", "tháng", "Thông tư", "này",
    "102/2016/QH13", "56/2017/NĐ-CP", "12/7/2018", "2016", "---", "#", "##", "title:", "\n", "*", "\"",
    "trẻ em", "xâm hại", "OR", "AND", "NOT", "(", ")", "~", "^", "?", "<script>", "&amp;", "\x00", "\u202e",
    "{", "}", "2018-02-30", "0000-00-00", "\ufeff",
])
realistic = st.lists(st.one_of(words, st.text(alphabet=VIETNAMESE + " 0123456789/-.,:;", max_size=12)),
                     max_size=40).map(" ".join)
texts = st.one_of(st.text(max_size=400), realistic)


def assert_unicode(value) -> None:
    """Every string in ``value`` (nested lists, dicts, dataclasses) encodes as UTF-8."""
    if isinstance(value, str):
        value.encode("utf-8")
    elif isinstance(value, dict):
        for key, item in value.items():
            assert_unicode(key)
            assert_unicode(item)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            assert_unicode(item)
    elif dataclasses.is_dataclass(value):
        assert_unicode(dataclasses.asdict(value))


def check_analyzers(text):
    for analyzer in (vietnamese_analyzer(), plain_analyzer()):
        tokens = [t.text for t in analyzer(text)]
        assert all(tokens)
        assert_unicode(tokens)


test_analyzers, test_analyzers_soak = quick_and_soak(texts)(check_analyzers)


def check_query_parser(text):
    try:
        parsed = parse_query(text)
    except SearchError:
        return
    assert_unicode([parsed.text, parsed.terms, parsed.words, parsed.filters])


test_query_parser, test_query_parser_soak = quick_and_soak(texts)(check_query_parser)


front_matter = st.builds(
    lambda meta, body: f"---\n{meta}\n---\n{body}",
    st.one_of(st.text(max_size=200), st.lists(st.tuples(
        st.sampled_from(["id", "title", "kind", "date", "tags", "source", "status", "extra", "number"]),
        st.one_of(st.text(max_size=30), st.sampled_from(["[1, 2]", "{a: b}", "!!python/object:os.system",
                                                        "2016-13-45", "null", "&a", "*a", "'", "|"])),
    ), max_size=8).map(lambda pairs: "\n".join(f"{k}: {v}" for k, v in pairs))),
    texts)


def check_front_matter_parser(text):
    try:
        document = parse_document(text, fallback_id="tai-lieu")
    except KBError:
        return
    assert_unicode(document.to_dict())
    saved = document.to_markdown()  # a saved file reads back and saves to the same text
    assert parse_document(saved, document.id).to_markdown() == saved


test_front_matter_parser, test_front_matter_parser_soak = quick_and_soak(st.one_of(texts, front_matter))(
    check_front_matter_parser)


def check_date_extractor(text):
    for found in extract_dates(text):
        assert 0 <= found.start < found.end <= len(text)
        assert len(found.iso) in (7, 10)
        assert_unicode(found)


test_date_extractor, test_date_extractor_soak = quick_and_soak(texts)(check_date_extractor)


def check_reference_finder(text):
    references = find_references(text)
    assert_unicode(references)
    assert [r.start for r in references] == sorted(r.start for r in references)


test_reference_finder, test_reference_finder_soak = quick_and_soak(texts)(check_reference_finder)


def _docx(text: str) -> bytes:
    xml = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           f'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


file_bytes = st.one_of(
    st.binary(max_size=600),
    texts.map(lambda t: t.encode("utf-8")),
    texts.map(lambda t: t.encode("utf-16")),
    texts.map(lambda t: f"<html><head><title>{t[:40]}</title></head><body><p>{t}</p></body></html>".encode()),
    texts.map(lambda t: f"---\ntitle: {t[:40]}\n---\n{t}".encode()),
    front_matter.map(lambda t: t.encode("utf-8")),
    texts.map(_docx),
    st.binary(max_size=300).map(lambda b: b"%PDF-1.4\n" + b),
    st.binary(max_size=300).map(lambda b: b"PK\x03\x04" + b),
)
names = st.sampled_from(["a.txt", "a.md", "a.html", "a.docx", "a.pdf", "a", "a.exe", "../../a.txt"])


def check_readers(data, name):
    try:
        body, metadata = read_bytes(data, name)
    except IngestError:
        return
    assert_unicode([body, metadata])


test_readers, test_readers_soak = quick_and_soak(file_bytes, names)(check_readers)


def check_ingest_pipeline(data, name):
    try:
        draft = ingest_bytes(data, name)
    except IngestError:
        return
    assert_unicode([draft.id, draft.metadata, draft.body])



test_ingest_pipeline, test_ingest_pipeline_soak = quick_and_soak(file_bytes, names)(check_ingest_pipeline)
