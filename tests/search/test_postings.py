"""Passages analysed once index exactly as whoosh's own analysis would."""
import pytest

from search.indexing import passage_fields
from search.postings import analysed_passage
from search.fields import PAIRED_FIELDS
from search.schema import Postings, build_schema
from kb.documents.content import parse_document
from tests.conftest import BUNDLED_CONTENT

SCHEMA = build_schema()


def bundled_documents(limit=None):
    for path in sorted(p for p in BUNDLED_CONTENT.glob("*.md") if p.stem != "README")[:limit]:
        yield parse_document(path.read_text(encoding="utf-8"), path.stem).to_dict()


@pytest.mark.parametrize("document", list(bundled_documents(limit=6)), ids=lambda d: d["id"])
def test_postings_equal_the_fields_own_analysis(document):
    for fields in passage_fields(document):
        analysed = analysed_passage(fields)
        for name in PAIRED_FIELDS:
            assert isinstance(analysed[name], Postings)
            expected = sorted(SCHEMA[name].index(fields[name]))
            assert sorted(analysed[name].items) == expected, name
            if SCHEMA[name].stored:
                assert analysed[f"_stored_{name}"] == fields[name]


@pytest.mark.parametrize("body, expected", [
    ("Trẻ em bị xâm hại", {"body:trẻ em", "body:em bị", "body:bị xâm", "body:xâm hại",
                          "body_plain:tre em", "body_plain:em bi", "body_plain:bi xam", "body_plain:xam hai"}),
    ("Quản lý, hoà nhập", {"body:quản lí", "body:lí hòa", "body:hòa nhập",
                          "body_plain:quan li", "body_plain:li hoa", "body_plain:hoa nhap"}),
    ("Điều", set()),
])
def test_pairs_are_adjacent_syllables_of_each_text_field(body, expected):
    fields = passage_fields({"id": "x", "title": "", "body": body})[0]
    pairs = {term.decode() for term, *_ in analysed_passage(fields)["pairs"].items}
    assert {p for p in pairs if p.startswith("body")} == expected
