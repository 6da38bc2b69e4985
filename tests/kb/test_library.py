"""The library over the real texts of content/: relations from both sides, validity, pages, API.

Expected values come from reading the documents (the sentence that states each relation is
quoted in a comment), not from the program's output.
"""
import pytest

from kb.documents.content import Document
from kb.documents.library import Library, library_for


@pytest.fixture(scope="module")
def library(indexed_kb):
    return library_for(indexed_kb.content)


def _relations(library, doc_id):
    return {(r.type, r.id or r.number, r.articles) for r in library.relations(doc_id)}


def test_decree_56_guides_the_law_on_children_seen_from_both_sides(library):
    # 56/2017/NĐ-CP: "Quy định chi tiết một số điều của Luật Trẻ em"
    assert ("guides", "luat-102-2016-qh13", ()) in _relations(library, "nghi-dinh-56-2017-nd-cp")
    assert ("guided_by", "nghi-dinh-56-2017-nd-cp", ()) in _relations(library, "luat-102-2016-qh13")


def test_circular_30_2019_amends_circular_34_2017_seen_from_both_sides(library):
    # 30/2019/TT-BYT: "sửa đổi, bổ sung một số điều của Thông tư số 34/2017/TT-BYT", and its Điều 2:
    # "Bãi bỏ khoản 2, khoản 3 Điều 2 Thông tư số 34/2017/TT-BYT"
    forward = _relations(library, "thong-tu-30-2019-tt-byt")
    assert ("amends", "thong-tu-34-2017-tt-byt", ()) in forward
    assert ("repeals", "thong-tu-34-2017-tt-byt", ("khoản 2 Điều 2", "khoản 3 Điều 2")) in forward
    inverse = _relations(library, "thong-tu-34-2017-tt-byt")
    assert ("amended_by", "thong-tu-30-2019-tt-byt", ()) in inverse
    assert ("repealed_by", "thong-tu-30-2019-tt-byt", ("khoản 2 Điều 2", "khoản 3 Điều 2")) in inverse


# (document, type, the other text: its id in the library or its number, articles named)
READ_RELATIONS = [
    # Điều 103: "Luật Bảo vệ, chăm sóc và giáo dục trẻ em số 25/2004/QH11 hết hiệu lực kể từ ngày Luật này có hiệu lực"
    ("luat-102-2016-qh13", "replaces", "25/2004/QH11", ()),
    # Điều 132: "Luật Hôn nhân và gia đình số 22/2000/QH10 hết hiệu lực kể từ ngày Luật này có hiệu lực."
    ("luat-52-2014-qh13", "replaces", "22/2000/QH10", ()),
    # Điều 30: "Pháp lệnh Người cao tuổi số 23/2000/PL-UBTVQH10 hết hiệu lực kể từ ngày Luật này có hiệu lực."
    ("luat-39-2009-qh12", "replaces", "23/2000/PL-UBTVQH10", ()),
    # Điều 51: "2. Sửa đổi, bổ sung Điều 109 của Luật Hôn nhân và gia đình số 22/2000/QH10"
    ("luat-52-2010-qh12", "amends", "22/2000/QH10", ("Điều 109",)),
    # Điều 57: "Nghị định số 71/2011/NĐ-CP ... hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành."
    ("nghi-dinh-56-2017-nd-cp", "replaces", "71/2011/NĐ-CP", ()),
    # Điều 1: "Thông tư này quy định chi tiết khoản 2 Điều 46 Luật trẻ em"
    ("thong-tu-09-2017-tt-btttt", "guides", "luat-102-2016-qh13", ("khoản 2 Điều 46",)),
    # "Thông tư này thay thế Thông tư số 08/2009/TT-BNV"
    ("thong-tu-08-2014-tt-bnv", "replaces", "08/2009/TT-BNV", ()),
    # "Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 3 năm 2011 và thay thế Nghị định số 30/2002/NĐ-CP"
    ("nghi-dinh-06-2011-nd-cp", "replaces", "30/2002/NĐ-CP", ()),
    # "... từ ngày 01 tháng 01 năm 2019 và thay thế Thông tư số 21/2011/TT-BTC"
    ("thong-tu-96-2018-tt-btc", "replaces", "21/2011/TT-BTC", ()),
    # "... từ ngày 30 tháng 3 năm 2020 và thay thế Thông tư số 01/2015/TT-BLĐTBXH"
    ("thong-tu-02-2020-tt-bldtbxh", "replaces", "01/2015/TT-BLĐTBXH", ()),
    # "Thông tư số 33/2014/TT-BLĐTBXH ... hết hiệu lực thi hành kể từ ngày Thông tư này có hiệu lực"
    ("thong-tu-29-2019-tt-bldtbxh", "replaces", "33/2014/TT-BLĐTBXH", ()),
    # "Thông tư số 15/2014/TT-BLĐTBXH ... hết hiệu lực thi hành kể từ ngày Thông tư này có hiệu lực"
    ("thong-tu-28-2019-tt-bldtbxh", "replaces", "15/2014/TT-BLĐTBXH", ()),
    # "Thông tư số 34/2016/TT-BYT ... hết hiệu lực ..."
    ("thong-tu-34-2017-tt-byt", "replaces", "34/2016/TT-BYT", ()),
    # "Thông tư số 02/2004/TT-BYT ... hết hiệu lực thi hành kể từ ngày Thông tư này có hiệu lực thi hành."
    ("thong-tu-35-2011-tt-byt", "replaces", "02/2004/TT-BYT", ()),
    # Điều 51: "Bãi bỏ các điều từ Điều 25 đến Điều 28 ... tại Nghị định số 158/2005/NĐ-CP"
    ("nghi-dinh-19-2011-nd-cp", "repeals", "158/2005/NĐ-CP", ("Điều 25", "Điều 26", "Điều 27", "Điều 28")),
    # Điều 51: "Bãi bỏ các khoản 8, 9, 10, 11, 12, 13 của Điều 2 ... tại Nghị định số 69/2006/NĐ-CP"
    ("nghi-dinh-19-2011-nd-cp", "repeals", "69/2006/NĐ-CP",
     tuple(f"khoản {n} Điều 2" for n in range(8, 14))),
    # Điều 16: "Bãi bỏ Quyết định số 09/2006/QĐ-BTP"
    ("thong-tu-21-2011-tt-btp", "repeals", "09/2006/QĐ-BTP", ()),
    # "... có hiệu lực thi hành kể từ ngày 10 tháng 5 năm 2013 và thay thế Quyết định số 18/2008/QĐ-TTg"
    ("quyet-dinh-17-2013-qd-ttg", "replaces", "18/2008/QĐ-TTg", ()),
    # "Bãi bỏ Quyết định số 786/QĐ-BYT ..."
    ("quyet-dinh-17-2013-qd-ttg", "repeals", "786/QĐ-BYT", ()),
    # title: "Sửa đổi, bổ sung một số điều của Thông tư số 21/2011/TT-BTP"
    ("thong-tu-11-2021-tt-btp", "amends", "thong-tu-21-2011-tt-btp", ()),
    # title: "Quy định chi tiết thi hành một số điều của Nghị định số 06/2011/NĐ-CP"
    ("thong-tu-06-2012-tt-bvhttdl", "guides", "nghi-dinh-06-2011-nd-cp", ()),
    # title: "Hướng dẫn khoản 1 và khoản 2 Điều 31 Nghị định số 20/2021/NĐ-CP"
    ("thong-tu-76-2021-tt-btc", "guides", "nghi-dinh-20-2021-nd-cp", ("khoản 1 Điều 31", "khoản 2 Điều 31")),
    # title: "Hướng dẫn một số điều của Nghị định số 28/2012/NĐ-CP"
    ("thong-tu-26-2012-tt-bldtbxh", "guides", "nghi-dinh-28-2012-nd-cp", ()),
    # title: "Sửa đổi, bổ sung một số điều của Thông tư số 08/2017/TT-BTP ...; Thông tư số 12/2018/TT-BTP ..."
    ("thong-tu-03-2021-tt-btp", "amends", "thong-tu-08-2017-tt-btp", ()),
    ("thong-tu-03-2021-tt-btp", "amends", "thong-tu-12-2018-tt-btp", ()),
    # title: "Quy định chi tiết một số điều và biện pháp thi hành Luật Hôn nhân và gia đình"
    ("nghi-dinh-126-2014-nd-cp", "guides", "luat-52-2014-qh13", ()),
    # title: "Sửa đổi điều 10 của Pháp lệnh Dân số" (the ordinance 06/2003/PL-UBTVQH11)
    ("phap-lenh-08-2008-pl-ubtvqh12", "amends", "phap-lenh-06-2003-pl-ubtvqh11", ("Điều 10",)),
    # Điều 20: "Nghị định này thay thế Nghị định số 07/2007/NĐ-CP ..., Nghị định số 14/2013/NĐ-CP ..."
    ("nghi-dinh-144-2017-nd-cp", "replaces", "07/2007/NĐ-CP", ()),
    ("nghi-dinh-144-2017-nd-cp", "replaces", "14/2013/NĐ-CP", ()),
    # Điều 52: "... Chương V Nghị định số 28/2012/NĐ-CP ... hết hiệu lực từ ngày Nghị định này có hiệu lực."
    ("nghi-dinh-103-2017-nd-cp", "replaces", "nghi-dinh-28-2012-nd-cp", ("Chương V",)),
    # Điều 7: "Bãi bỏ mục II, phần III, Thông tư số 05/2008/TT-BYT"
    ("thong-tu-02-2021-tt-byt", "repeals", "thong-tu-05-2008-tt-byt", ("Mục II", "Phần III")),
]


@pytest.mark.parametrize("doc_id, kind, other, articles", READ_RELATIONS,
                         ids=[f"{r[0]}-{r[1]}-{r[2]}" for r in READ_RELATIONS])
def test_relations_read_in_the_texts(library, doc_id, kind, other, articles):
    assert (kind, other, articles) in _relations(library, doc_id)


def test_a_text_the_library_does_not_hold_keeps_its_number_and_no_id(library):
    replaced = [r for r in library.relations("luat-102-2016-qh13") if r.type == "replaces"]
    assert [(r.number, r.id) for r in replaced] == [("25/2004/QH11", None)]


def test_validity_from_effective_dates_and_relations(library):
    law = library.validity("luat-102-2016-qh13")
    assert law.status == "còn hiệu lực" and "01/06/2017" in law.reason
    # two clauses repealed by 30/2019/TT-BYT, in force from 01/02/2020
    circular = library.validity("thong-tu-34-2017-tt-byt")
    assert circular.status == "hết hiệu lực một phần"
    assert "Thông tư 30/2019/TT-BYT" in circular.reason and "01/02/2020" in circular.reason
    assert library.validity("hoi-thao-quan-ly-truong-hop-tre-em-2018") is None  # not a legal text
    unknown = library.validity("luat-51-2010-qh12")  # the compendium text gives no effective date
    assert unknown.status == "chưa rõ"


def _law(doc_id, number, **extra):
    return Document(id=doc_id, title=f"Thông tư {number}", kind="law", number=number,
                    extra={"doc_type": "Thông tư", **extra})


def test_a_new_text_ends_an_old_one_and_an_editor_may_override():
    old = _law("thong-tu-1-2010", "1/2010/TT-BYT", effective="2010-03-01")
    new = _law("thong-tu-2-2020", "2/2020/TT-BYT", effective="2020-07-01",
               relations=[{"type": "replaces", "number": "1/2010/TT-BYT"}])
    later = _law("thong-tu-3-2099", "3/2099/TT-BYT", effective="2099-01-01")
    library = Library({d.id: d for d in (old, new, later)}, today="2024-01-01")
    assert library.validity(old.id).status == "hết hiệu lực toàn bộ"
    assert library.validity(old.id).reason == "Được thay thế bởi Thông tư 2/2020/TT-BYT từ ngày 01/07/2020."
    assert library.validity(later.id).status == "chưa có hiệu lực"
    old.extra.update(validity="còn hiệu lực", validity_reason="Bộ Y tế xác nhận")
    overridden = Library({d.id: d for d in (old, new)}, today="2024-01-01").validity(old.id)
    assert (overridden.status, overridden.reason, overridden.overridden) == ("còn hiệu lực", "Bộ Y tế xác nhận", True)


def test_saving_a_decree_updates_the_validity_of_the_text_it_replaces_in_search(fresh_kb):
    def statuses(query):
        return {h.doc_id: h.validity for h in fresh_kb.engine.search(query, pagelen=50).hits}

    assert statuses("thông tư 33/2017/TT-BYT")["thong-tu-33-2017-tt-byt"] == "con-hieu-luc"
    fresh_kb.save(Document(id="thong-tu-99-2024-tt-byt", title="Thông tư 99/2024/TT-BYT về tư vấn sức khỏe sinh sản",
                           kind="law", number="99/2024/TT-BYT", body="Điều 1. Thông tư này thay thế Thông tư số 33/2017/TT-BYT.",
                           extra={"effective": "2024-03-01", "doc_type": "Thông tư",
                                  "relations": [{"type": "replaces", "number": "33/2017/TT-BYT"}]}))
    assert statuses("thông tư 33/2017/TT-BYT")["thong-tu-33-2017-tt-byt"] == "het-hieu-luc-toan-bo"
    expired = fresh_kb.engine.search("sức khỏe sinh sản", filters={"validity": ["hết hiệu lực toàn bộ"]}, pagelen=50)
    assert [h.doc_id for h in expired.hits] == ["thong-tu-33-2017-tt-byt"]
    in_force = fresh_kb.engine.search("sức khỏe sinh sản status:con-hieu-luc", pagelen=50)
    assert in_force.hits and "thong-tu-33-2017-tt-byt" not in {h.doc_id for h in in_force.hits}


def test_document_page_shows_validity_relations_and_article_notes(client):
    page = client.get("/doc/thong-tu-34-2017-tt-byt").get_data(as_text=True)
    assert 'id="validity-h"' in page and "Hết hiệu lực một phần" in page
    assert "thư viện này có" in page  # the status is as far as this library knows
    assert 'href="/doc/thong-tu-30-2019-tt-byt"' in page
    note = page[page.index('<h4 id="dieu-2"'):][:1500]
    assert 'class="article-note"' in note and "/doc/thong-tu-30-2019-tt-byt/a/dieu-2" in note
    law = client.get("/doc/luat-102-2016-qh13").get_data(as_text=True)
    assert "Văn bản hướng dẫn" in law and 'href="/doc/nghi-dinh-56-2017-nd-cp"' in law
    assert "25/2004/QH11" in law and "chưa có trong thư viện" in law


def test_api_document_gains_status_relations_and_search_gains_status(client):
    data = client.get("/api/documents/luat-102-2016-qh13").get_json()
    assert data["status"] == "còn hiệu lực" and data["effective"] == "2017-06-01" and data["status_reason"]
    assert {"type": "guided_by", "number": "56/2017/NĐ-CP", "id": "nghi-dinh-56-2017-nd-cp",
            "title": "Nghị định 56/2017/NĐ-CP quy định chi tiết một số điều của Luật Trẻ em",
            "articles": []} in data["relations"]
    assert {"type": "replaces", "number": "25/2004/QH11", "id": None, "title": "25/2004/QH11",
            "articles": []} in data["relations"]
    workshop = client.get("/api/documents/hoi-thao-quan-ly-truong-hop-tre-em-2018").get_json()
    assert workshop["status"] is None and workshop["relations"] == []
    found = client.get("/api/search", query_string={"q": "sàng lọc trước sinh", "status": "het-hieu-luc-mot-phan"}).get_json()
    assert found["results"] and {r["status"] for r in found["results"]} == {"hết hiệu lực một phần"}
    assert any(v["value"] == "het-hieu-luc-mot-phan" for v in found["facets"]["status"])


def test_home_page_shows_the_ten_areas_with_counts(client):
    page = client.get("/").get_data(as_text=True)
    section = page[page.index('id="by-area"'):]
    for label in ("Trẻ em", "Hôn nhân và gia đình", "Nuôi con nuôi", "Người khuyết tật", "Người cao tuổi",
                  "Trợ giúp xã hội", "Trợ giúp pháp lý", "Bình đẳng giới", "Dân số", "Phòng, chống mại dâm"):
        assert label in section
    assert section.count('class="count"') >= 10


def test_the_editor_form_round_trips_relations_and_refuses_a_bad_line():
    from kb.editing.relations_form import parse_relations, relations_text

    text = "repeals 34/2017/TT-BYT: khoản 2 Điều 2, khoản 3 Điều 2\nguides Luật Trẻ em"
    relations, errors = parse_relations(text)
    assert errors == [] and relations == [
        {"type": "repeals", "number": "34/2017/TT-BYT", "articles": ["khoản 2 Điều 2", "khoản 3 Điều 2"]},
        {"type": "guides", "title": "Luật Trẻ em"}]
    assert relations_text(relations) == text
    assert "sửa" in parse_relations("sửa 34/2017/TT-BYT")[1][0]


def test_the_library_after_a_save_a_deletion_and_a_broken_file_is_the_one_read_afresh(fresh_kb):
    content = fresh_kb.content
    assert library_for(content).validity("thong-tu-33-2017-tt-byt").status == "còn hiệu lực"
    # the library after one save reads that file again and keeps the others it had read
    content.save(Document(id="thong-tu-99-2024-tt-byt", title="Thông tư 99/2024/TT-BYT", kind="law",
                          number="99/2024/TT-BYT", body="Điều 1. Thông tư này thay thế Thông tư số 33/2017/TT-BYT.",
                          extra={"effective": "2024-03-01", "relations": [{"type": "replaces", "number": "33/2017/TT-BYT"}]}))
    (content.root / "luat-102-2016-qh13.md").unlink()
    (content.root / "hong.md").write_text("---\ntitle: [không đóng\n---\nThân bài", encoding="utf-8")
    rebuilt = library_for(content)
    afresh = Library({doc.id: doc for doc in content.listing()})
    assert set(rebuilt.documents) == set(afresh.documents)
    assert "luat-102-2016-qh13" not in rebuilt.documents and "hong" not in rebuilt.documents
    assert rebuilt.validity("thong-tu-33-2017-tt-byt").status == "hết hiệu lực toàn bộ"
    for doc_id in afresh.documents:
        assert _relations(rebuilt, doc_id) == _relations(afresh, doc_id)
        assert rebuilt.validity(doc_id) == afresh.validity(doc_id)
    assert library_for(content) is rebuilt  # nothing changed since: the same library
