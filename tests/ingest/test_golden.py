"""The golden table: real-world inputs, each ingested by `kb ingest` into an empty content folder,
with the exact title, kind, date, places, organisations, authors and tags they should get."""
from __future__ import annotations

import pytest

from kb.knowledge_base import KnowledgeBase
from tests.ingest.golden_inputs import CASES

FIELDS = ("title", "kind", "date", "places", "organizations", "authors", "tags")


def test_the_table_has_at_least_25_inputs():
    assert len(CASES) >= 25


@pytest.mark.parametrize("name, data, expected", CASES, ids=[case[0] for case in CASES])
def test_golden(runner, tmp_path, name, data, expected):
    path = tmp_path / "in" / name
    path.parent.mkdir()
    path.write_bytes(data)
    result = runner("ingest", path)
    assert result.exit_code == 0, result.output
    content = KnowledgeBase(tmp_path / "content", tmp_path / "instance").content
    (doc_id,) = content.ids()
    found = content.get(doc_id).to_dict()
    assert {key: found.get(key) for key in expected if key != "ocr"} == \
        {key: value for key, value in expected.items() if key != "ocr"}
    if expected.get("ocr"):
        assert found["ocr"] is True and found["ocr_confidence"] >= 0.8
    body = found["body"]
    for frame in ("CỘNG HÒA XÃ HỘI", "Độc lập - Tự do", "Nơi nhận", "Chia sẻ", "Tin liên quan"):
        assert frame not in body
