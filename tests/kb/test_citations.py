"""Citations: the Vietnamese and APA text, and the RIS, BibTeX and CSL-JSON downloads read back with
real parsers of each format (rispy, bibtexparser, a JSON schema of CSL-JSON)."""
import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import bibtexparser
import jsonschema
import pytest
import rispy


def vietnam_today() -> dt.date:
    """The access date a reader in Vietnam sees."""
    return dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()


LAW = "luat-102-2016-qh13"
WORKSHOP = "quang-ninh-tap-huan-nang-cao-nang-luc-ve-mo-hinh-tham-ho-cho-can-bo-cac-cap-va"
WORKSHOP_TITLE = ("Quảng Ninh: Tập huấn nâng cao năng lực về mô hình thăm hộ cho cán bộ các cấp và "
                  "cộng tác viên công tác xã hội")
DECREE = "nghi-dinh-56-2017-nd-cp"

# The CSL-JSON fields this site writes, typed as in the CSL 1.0.2 data schema (csl-data.json):
# a date is {"date-parts": [[year, month?, day?]]}, a name has family/given or a literal.
_DATE = {"type": "object", "required": ["date-parts"], "additionalProperties": False,
         "properties": {"date-parts": {"type": "array", "minItems": 1, "maxItems": 2, "items": {
             "type": "array", "minItems": 1, "maxItems": 3, "items": {"type": "integer"}}}}}
_NAME = {"type": "object", "additionalProperties": False, "minProperties": 1,
         "properties": {"family": {"type": "string"}, "given": {"type": "string"},
                        "literal": {"type": "string"}}}
CSL_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "type", "title"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": ["string", "number"]},
            "type": {"enum": ["article", "article-journal", "article-magazine", "article-newspaper", "bill",
                              "book", "chapter", "document", "legal_case", "legislation", "report",
                              "webpage", "post-weblog", "speech", "paper-conference"]},
            "title": {"type": "string"}, "URL": {"type": "string", "pattern": "^https?://"},
            "language": {"type": "string"}, "publisher": {"type": "string"}, "number": {"type": "string"},
            "authority": {"type": "string"}, "section": {"type": "string"}, "abstract": {"type": "string"},
            "keyword": {"type": "string"},
            "author": {"type": "array", "items": _NAME}, "issued": _DATE, "accessed": _DATE,
        },
    },
}


def today() -> str:
    return vietnam_today().strftime("%d/%m/%Y")


def download(client, doc_id, fmt, anchor=None):
    response = client.get(f"/doc/{doc_id}/cite.{fmt}", query_string={"anchor": anchor} if anchor else None)
    assert response.status_code == 200
    name = f"{doc_id}-{anchor}" if anchor else doc_id
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}.{fmt}"'
    return response


def citation_box(client, path) -> dict[str, str]:
    html = client.get(path).get_data(as_text=True)
    return {name: re.search(rf'id="cite-{name}"[^>]*>([^<]+)</p>', html).group(1).replace("&amp;", "&")
            for name in ("vi", "apa")}


# --- the citation text --------------------------------------------------------------------------------

def test_law_article_citation_in_vietnamese_and_apa(client):
    box = citation_box(client, f"/doc/{LAW}/cite?anchor=dieu-4")
    assert box["vi"] == (f"Điều 4, Luật Trẻ em số 102/2016/QH13, Quốc hội ban hành ngày 05/04/2016, "
                         f"http://localhost/doc/{LAW}/a/dieu-4, truy cập ngày {today()}.")
    assert box["apa"] == (f"Quốc hội. (2016). Luật Trẻ em số 102/2016/QH13 [Điều 4]. Bộ Pháp điển. "
                          f"http://localhost/doc/{LAW}/a/dieu-4")


def test_clause_and_point_citations(client):
    clause = citation_box(client, f"/doc/{LAW}/cite?anchor=dieu-4-khoan-1")["vi"]
    assert clause.startswith("Khoản 1 Điều 4, Luật Trẻ em số 102/2016/QH13,")
    point = citation_box(client, f"/doc/{LAW}/cite?anchor=dieu-10-khoan-1-diem-a")["vi"]
    assert point.startswith("Điểm a khoản 1 Điều 10, Luật Trẻ em số 102/2016/QH13,")


def test_decree_number_is_cited_with_so(client):
    vi = citation_box(client, f"/doc/{DECREE}")["vi"]
    assert vi.startswith("Nghị định số 56/2017/NĐ-CP quy định chi tiết một số điều của Luật Trẻ em, "
                         "Chính phủ ban hành ngày 09/05/2017,")


def test_article_citation_has_author_title_publisher_date_url_and_access_date(client):
    box = citation_box(client, f"/doc/{WORKSHOP}")
    assert box["vi"] == (f"Mạc Văn Hùng, “{WORKSHOP_TITLE}”, LĐXH, 20/05/2020, "
                         f"http://localhost/doc/{WORKSHOP}, truy cập ngày {today()}.")
    assert box["apa"] == f"Mạc Văn Hùng. (2020). {WORKSHOP_TITLE}. LĐXH. http://localhost/doc/{WORKSHOP}"
    paragraph = citation_box(client, f"/doc/{WORKSHOP}/cite?anchor=p-2")["vi"]
    assert f"“{WORKSHOP_TITLE}”, Đoạn 2, LĐXH" in paragraph


def test_undated_document_says_so_in_apa(client):
    apa = citation_box(client, "/doc/nang-cao-nang-luc-cho-doi-ngu-can-bo-lam-cong-tac-tre-em")["apa"]
    assert apa.startswith("Nâng cao năng lực cho đội ngũ cán bộ làm công tác trẻ em. (không rõ năm). Baohatinh.vn.")


def test_apa_does_not_double_the_final_period_of_a_title(client):
    # Thông tư 34/2017/TT-BYT's title ends with "sơ sinh."
    apa = citation_box(client, "/doc/thong-tu-34-2017-tt-byt")["apa"]
    assert "điều trị trước sinh và sơ sinh. Bộ Pháp điển." in apa and ".." not in apa


def test_document_page_has_the_citation_box_and_download_links(client):
    html = client.get(f"/doc/{LAW}").get_data(as_text=True)
    assert '<h2 id="cite-h">Trích dẫn</h2>' in html
    for fmt in ("ris", "bib", "json"):
        assert f'<a href="/doc/{LAW}/cite.{fmt}" download>' in html
    passage = client.get(f"/doc/{LAW}/cite", query_string={"anchor": "dieu-4"}).get_data(as_text=True)
    assert '<h2 id="cite-h">Trích dẫn: Điều 4</h2>' in passage
    assert f'<a href="/doc/{LAW}/cite.ris?anchor=dieu-4" download>' in passage


def test_unknown_anchor_or_format_is_404(client):
    assert client.get(f"/doc/{LAW}/cite.ris", query_string={"anchor": "dieu-999"}).status_code == 404
    assert client.get(f"/doc/{LAW}/cite", query_string={"anchor": "khong-co"}).status_code == 404
    assert client.get(f"/doc/{LAW}/cite.pdf").status_code == 404
    assert client.get("/doc/khong-co/cite.bib").status_code == 404


# --- the downloads, read back -----------------------------------------------------------------------

def test_ris_of_a_law_article_parses_with_rispy(client):
    response = download(client, LAW, "ris", "dieu-4")
    assert response.mimetype == "application/x-research-info-systems"
    [entry] = rispy.loads(response.get_data(as_text=True))
    assert entry["type_of_reference"] == "STAT"
    assert entry["title"] == "Luật Trẻ em số 102/2016/QH13"
    assert entry["authors"] == ["Quốc hội"]
    assert entry["year"] == "2016" and entry["date"] == "2016/04/05/"
    assert entry["section"] == "Điều 4" and entry["number"] == "102/2016/QH13"
    assert entry["publisher"] == "Bộ Pháp điển" and entry["language"] == "vi"
    assert entry["urls"] == [f"http://localhost/doc/{LAW}/a/dieu-4"]
    assert entry["access_date"] == vietnam_today().strftime("%Y/%m/%d")


def test_ris_of_a_workshop_report(client):
    [entry] = rispy.loads(download(client, WORKSHOP, "ris").get_data(as_text=True))
    assert entry["type_of_reference"] == "ELEC"
    assert entry["title"] == WORKSHOP_TITLE and entry["authors"] == ["Mạc Văn Hùng"]
    assert entry["publisher"] == "LĐXH" and entry["date"] == "2020/05/20/"


def test_bibtex_parses_with_bibtexparser(client):
    response = download(client, LAW, "bib", "dieu-4-khoan-1")
    assert response.mimetype == "application/x-bibtex"
    library = bibtexparser.parse_string(response.get_data(as_text=True))
    assert not library.failed_blocks
    [entry] = library.entries
    fields = {f.key: f.value for f in entry.fields}
    assert entry.entry_type == "misc" and entry.key == "luat-102-2016-qh13-dieu-4-khoan-1"
    assert fields["title"] == "{Luật Trẻ em số 102/2016/QH13}"
    assert fields["author"] == "{Quốc hội}"
    assert fields["note"] == "Khoản 1 Điều 4"
    assert fields["year"] == "2016" and fields["date"] == "2016-04-05"
    assert fields["url"] == f"http://localhost/doc/{LAW}/a/dieu-4-khoan-1"
    assert fields["urldate"] == vietnam_today().isoformat()


def test_bibtex_of_every_document_parses(client, indexed_kb):
    for doc in indexed_kb.content.all():
        library = bibtexparser.parse_string(download(client, doc.id, "bib").get_data(as_text=True))
        assert not library.failed_blocks and len(library.entries) == 1, doc.id
        title = {f.key: f.value for f in library.entries[0].fields}["title"]
        assert " ".join(doc.title.split())[:20] in title.replace("số ", ""), doc.id


def test_csl_json_validates_against_the_csl_schema(client, indexed_kb):
    law = json.loads(download(client, LAW, "json", "dieu-4").get_data(as_text=True))
    jsonschema.validate(law, CSL_SCHEMA)
    [item] = law
    assert item["type"] == "legislation" and item["title"] == "Luật Trẻ em số 102/2016/QH13"
    assert item["authority"] == "Quốc hội" and item["number"] == "102/2016/QH13"
    assert item["section"] == "Điều 4" and item["issued"] == {"date-parts": [[2016, 4, 5]]}
    assert item["author"] == [{"literal": "Quốc hội"}]
    for doc in indexed_kb.content.all():
        jsonschema.validate(json.loads(download(client, doc.id, "json").get_data(as_text=True)), CSL_SCHEMA)


def test_csl_json_of_an_article(client):
    [item] = json.loads(download(client, WORKSHOP, "json").get_data(as_text=True))
    assert item["type"] == "webpage" and item["author"] == [{"literal": "Mạc Văn Hùng"}]
    assert item["issued"] == {"date-parts": [[2020, 5, 20]]} and item["publisher"] == "LĐXH"
    today_parts = vietnam_today()
    assert item["accessed"] == {"date-parts": [[today_parts.year, today_parts.month, today_parts.day]]}


# --- metadata for Zotero ----------------------------------------------------------------------------

def _meta(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', html)


def test_highwire_meta_tags(client):
    law = _meta(client.get(f"/doc/{LAW}").get_data(as_text=True))
    assert ("citation_title", "Luật Trẻ em số 102/2016/QH13") in law
    assert ("citation_author", "Quốc hội") in law
    assert ("citation_publication_date", "2016/04/05") in law
    assert ("citation_public_url", f"http://localhost/doc/{LAW}") in law
    workshop = _meta(client.get(f"/doc/{WORKSHOP}").get_data(as_text=True))
    assert ("citation_author", "Mạc Văn Hùng") in workshop and ("citation_publisher", "LĐXH") in workshop


@pytest.mark.parametrize("doc_id, schema_type", [(LAW, "Legislation"), (WORKSHOP, "Article"),
                                                  ("nang-cao-nang-luc-cho-doi-ngu-can-bo-lam-cong-tac-tre-em",
                                                   "NewsArticle")])
def test_schema_org_json_ld(client, doc_id, schema_type):
    html = client.get(f"/doc/{doc_id}").get_data(as_text=True)
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org" and data["@type"] == schema_type
    assert data["url"] == f"http://localhost/doc/{doc_id}" and data["inLanguage"] == "vi"
    if schema_type == "Legislation":
        assert data["legislationIdentifier"] == "102/2016/QH13"
        assert data["legislationPassedBy"] == {"@type": "Organization", "name": "Quốc hội"}
    if doc_id == WORKSHOP:
        assert data["author"] == [{"@type": "Person", "name": "Mạc Văn Hùng"}]
        assert data["datePublished"] == "2020-05-20"
