"""Revisions: every save is recorded, any two can be compared, an old one restored as a new one."""
from __future__ import annotations

import re

import pytest

from kb.documents.library import library_for
from search.indexing import document_version
from tests.kb.test_editor import (editor_app, form_fields, lan, login, minh, submit,  # noqa: F401
                                  write)

DOC = "thong-tu-34-2017-tt-byt"
URL = f"/edit/{DOC}"


def _edit_body(client, replace: str, by: str, message: str):
    body = form_fields(client.get(URL).get_data(as_text=True), URL)["body"]
    assert replace in body
    return submit(client, URL, URL, body=body.replace(replace, by), message=message, action="draft")


def test_history_lists_revisions_with_a_readable_diff_and_restores_an_old_one(editor_app, lan, minh):
    kb = editor_app.extensions["kb"]
    original = kb.content.path_for(DOC).read_text(encoding="utf-8")
    old_sentence = original.split("\n")[-2]
    assert _edit_body(lan, "Điều 1.", "Điều 1 (sửa đổi).", "Sửa tiêu đề Điều 1").status_code == 302
    assert _edit_body(minh, "Điều 1 (sửa đổi).", "Điều 1 (Minh chỉnh lại).", "Minh chỉnh").status_code == 302

    page = lan.get(f"/history/{DOC}").get_data(as_text=True)
    assert "Sửa tiêu đề Điều 1" in page and "Minh chỉnh" in page and "(ngoài trình soạn thảo)" in page
    ids = [int(i) for i in re.findall(r'<td>#(\d+)</td>', page)]
    assert len(ids) == 3 and ids == sorted(ids, reverse=True)
    # the default diff: the last two revisions
    assert "<del>#### Điều 1 (sửa đổi)." in page and "<ins>#### Điều 1 (Minh chỉnh lại)." in page

    page = lan.get(f"/history/{DOC}", query_string={"a": ids[2], "b": ids[0]}).get_data(as_text=True)
    assert f"Khác biệt giữa phiên bản #{ids[2]} và #{ids[0]}" in page
    assert re.search(r"<del>#### Điều 1\. ", page) and "<ins>#### Điều 1 (Minh chỉnh lại)." in page

    response = submit(lan, f"/history/{DOC}", f"/history/{DOC}/restore/{ids[2]}")
    assert response.status_code == 302
    assert kb.content.path_for(DOC).read_text(encoding="utf-8") == original
    assert old_sentence in kb.content.get(DOC).to_markdown()
    page = lan.get(f"/history/{DOC}").get_data(as_text=True)
    assert f"Khôi phục phiên bản #{ids[2]}" in page
    assert len(re.findall(r'<td>#(\d+)</td>', page)) == 4  # restoring adds a revision
    indexed = library_for(kb.content).index_fields(kb.content.get(DOC))  # the fields and the validity
    assert kb.index.versions()[DOC] == document_version(indexed)  # re-indexed


def test_a_change_made_outside_the_editor_is_recorded_before_the_next_edit(editor_app, lan):
    kb = editor_app.extensions["kb"]
    assert lan.get(URL).status_code == 200  # the first revision: the file as bundled
    path = kb.content.path_for(DOC)
    path.write_text(path.read_text(encoding="utf-8").replace("Điều 1.", "Điều 1 (sửa bằng tay)."),
                    encoding="utf-8")
    page = lan.get(f"/history/{DOC}").get_data(as_text=True)
    assert page.count("(ngoài trình soạn thảo)") == 2
    assert "<ins>#### Điều 1 (sửa bằng tay)." in page


def test_history_is_for_editors_and_unknown_revisions_are_404(editor_app, lan):
    reader = editor_app.test_client()
    login(reader, "docgia")
    assert reader.get(f"/history/{DOC}").status_code == 403
    assert lan.get("/history/khong-co-tai-lieu-nay").status_code == 404
    other = write(lan, "Ghi chú buổi họp giao ban", "Nội dung giao ban tháng 3.")
    other_revision = re.search(r"<td>#(\d+)</td>", lan.get(f"/history/{other}").get_data(as_text=True))[1]
    token = re.search(r'name="csrf_token" value="([^"]+)"', lan.get(URL).get_data(as_text=True))[1]
    # a revision of another document cannot be restored into this one
    assert lan.post(f"/history/{DOC}/restore/{other_revision}", data={"csrf_token": token}).status_code == 404


def indexed_text(kb, doc_id):
    """The passage texts the index holds for ``doc_id`` (drafts included)."""
    return " ".join(fields["body"] for fields in kb.engine.searcher().documents(doc_id=doc_id))


def test_restoring_an_old_revision_updates_the_search_index(editor_app, lan):
    kb = editor_app.extensions["kb"]
    doc_id = write(lan, "Sổ tay tư vấn tâm lý học đường", "Tư vấn tâm lý cho học sinh.")
    original = kb.content.get(doc_id)
    # an edit whose content hash sorts before the original's, so the stale term is the one found
    edited = next(body for n in range(100) if document_version(
        {**original.to_dict(), "body": (body := f"Tư vấn tâm lý theo phương pháp Hoa-Lư-Kiwi {n}.")})
        < document_version(original.to_dict()))
    url = f"/edit/{doc_id}"
    assert submit(lan, url, url, body=edited, action="draft").status_code == 302
    assert "Hoa-Lư-Kiwi" in indexed_text(kb, doc_id)  # a draft: indexed, though not shown
    oldest = re.findall(r'<td>#(\d+)</td>', lan.get(f"/history/{doc_id}").get_data(as_text=True))[-1]
    assert submit(lan, f"/history/{doc_id}", f"/history/{doc_id}/restore/{oldest}").status_code == 302
    assert "Hoa-Lư-Kiwi" not in kb.content.get(doc_id).body
    assert "Hoa-Lư-Kiwi" not in indexed_text(kb, doc_id)
