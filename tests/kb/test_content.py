"""The content store: front-matter round trip, validation, atomic saves."""
import pytest

from kb.documents.content import ContentStore, Document, build_document, parse_document, validate_id
from kb.errors import DocumentNotFound, InvalidDocument, InvalidId


def test_front_matter_round_trip(tmp_path):
    doc = Document(
        id="luat-102-2016-qh13", title="Luật Trẻ em", kind="law", date="2016-04-05",
        tags=["quyền trẻ em", "bảo vệ trẻ em"], source={"url": "https://phapdien.moj.gov.vn", "publisher": "Bộ Tư pháp"},
        places=["Hà Nội"], organizations=["Quốc hội"], authors=[], summary="Luật về quyền và bổn phận của trẻ em.",
        number="102/2016/QH13", issuer="Quốc hội", issued="2016-04-05",
        body="## Chương I. NHỮNG QUY ĐỊNH CHUNG\n\n#### Điều 1. Trẻ em\n\nTrẻ em là người dưới 16 tuổi.\n",
        extra={"review_by": "2027-01-01"})
    store = ContentStore(tmp_path)
    store.save(doc)
    assert store.get(doc.id) == doc
    text = (tmp_path / "luat-102-2016-qh13.md").read_text(encoding="utf-8")
    assert text.startswith("---\nid: luat-102-2016-qh13\ntitle: Luật Trẻ em\n")  # readable UTF-8, not escapes
    assert "date: '2016-04-05'" in text  # dates stay strings, never YAML timestamps


@pytest.mark.parametrize("date", ["2018", "2018-07", "2018-07-12", ""])
def test_partial_and_unknown_dates_are_allowed(date):
    assert build_document({"title": "Hội thảo", "date": date}, "", "hoi-thao").date == date


def test_unquoted_yaml_date_is_read_as_iso_text():
    doc = parse_document("---\nid: a\ntitle: Tin\ndate: 2021-04-23\n---\nNội dung")
    assert doc.date == "2021-04-23"


@pytest.mark.parametrize("meta, reason", [
    ({"title": ""}, "no title"),
    ({"title": "T", "kind": "blog"}, "kind"),
    ({"title": "T", "date": "23/4/2021"}, "ISO 8601"),
])
def test_invalid_front_matter_is_refused_with_the_reason(meta, reason):
    with pytest.raises(InvalidDocument, match=reason):
        build_document(meta, "", "tin")


def test_broken_yaml_is_refused():
    with pytest.raises(InvalidDocument, match="front matter is not valid"):
        parse_document("---\ntitle: [unclosed\n---\nx", "a")


@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "a/b", "", "Tiêu đề", "-a", "a" * 200, ".hidden"])
def test_ids_cannot_escape_the_content_folder(tmp_path, bad_id):
    with pytest.raises(InvalidId):
        validate_id(bad_id)
    with pytest.raises(DocumentNotFound):
        ContentStore(tmp_path).get(bad_id)


def test_save_replaces_atomically_and_leaves_no_temporary_file(tmp_path):
    store = ContentStore(tmp_path)
    store.save(Document(id="tin", title="Bản một"))
    store.save(Document(id="tin", title="Bản hai"))
    assert store.get("tin").title == "Bản hai"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tin.md"]


def test_a_broken_file_does_not_hide_the_others(tmp_path):
    store = ContentStore(tmp_path)
    store.save(Document(id="tot", title="Tài liệu tốt"))
    (tmp_path / "hong.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    assert [d.id for d in store.all()] == ["tot"]


def test_listings_read_documents_without_their_bodies_and_get_still_has_it(tmp_path):
    store = ContentStore(tmp_path)
    for i in range(3):
        store.save(Document(id=f"tin-{i}", title=f"Tin {i}", body=f"Trẻ em xã {i} được tiêm chủng."))
    listed = list(store.all(bodies=False))
    assert [d.title for d in listed] == ["Tin 0", "Tin 1", "Tin 2"] and {d.body for d in listed} == {""}
    assert store.get("tin-1").body == "Trẻ em xã 1 được tiêm chủng."
    assert [d.body for d in store.all()] == [f"Trẻ em xã {i} được tiêm chủng." for i in range(3)]
    changed = store.get("tin-2")
    changed.body = "Đã sửa."
    store.save(changed)
    assert store.get("tin-2").body == "Đã sửa." and store.get("tin-2", body=False).body == ""
