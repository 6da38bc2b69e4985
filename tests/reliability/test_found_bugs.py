"""Bugs the reliability suite found outside its own files (see docs/reliability.md, "Found"), now
fixed: these tests keep them fixed."""
from __future__ import annotations

import io
import re

import pytest

from ingest.errors import IngestError
from ingest.readers import read_bytes
from kb import create_app
from kb.accounts.auth import create_user
from kb.documents.content import parse_document
from kb.db import connect
from kb.errors import InvalidDocument

# Front matter that python-frontmatter or PyYAML cannot turn into a mapping of strings raises
# ValueError or TypeError, not the YAMLError that kb/content.py and ingest/readers.py catch:
BROKEN_FRONT_MATTER = {
    "json": '{\n"title": "x",\n}\nNội dung',  # a first line "{" selects JSON front matter
    "impossible date": "---\ntitle: Tập huấn\ndate: 2018-02-30\n---\nNội dung",  # yaml builds a date
    "number as key": "---\ntitle: Tập huấn\n1: một\n---\nNội dung",  # Post(**metadata)
}
CASES = pytest.mark.parametrize("text", BROKEN_FRONT_MATTER.values(), ids=BROKEN_FRONT_MATTER)


@CASES
def test_broken_front_matter_is_an_invalid_document(text):
    with pytest.raises(InvalidDocument):
        parse_document(text, "x")


def test_one_broken_file_does_not_stop_a_rebuild(small_kb):
    (small_kb.content.root / "hong.md").write_text(BROKEN_FRONT_MATTER["impossible date"], encoding="utf-8")
    assert small_kb.rebuild_index() > 0


@CASES
def test_markdown_with_broken_front_matter_is_refused(text):
    with pytest.raises(IngestError):
        read_bytes(b"\xef\xbb\xbf" + text.encode(), "a.md")  # a BOM hides "{" from sniff()


def test_upload_with_broken_front_matter_is_a_400(small_kb):
    db = connect(small_kb.instance_dir)
    create_user(db, "bientap", "mat-khau-du-dai-123", "editor")
    db.close()
    app = create_app({"TESTING": True, "CONTENT_DIR": str(small_kb.content.root),
                      "INSTANCE_DIR": str(small_kb.instance_dir)})
    client = app.test_client()
    token = re.search(r'csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"username": "bientap", "password": "mat-khau-du-dai-123", "csrf_token": token})
    token = re.search(r'csrf_token" value="([^"]+)"', client.get("/edit/new").get_data(as_text=True)).group(1)
    upload = BROKEN_FRONT_MATTER["impossible date"].encode()
    response = client.post("/edit/upload", content_type="multipart/form-data", data={
        "csrf_token": token, "file": (io.BytesIO(upload), "tap-huan.md")})
    assert response.status_code == 400
