"""The JSON API and its OpenAPI document: the document validates, and real responses match it."""
import jsonschema
import pytest
from openapi_spec_validator import validate as validate_spec

LAW = "luat-102-2016-qh13"
LAWS_OF_2017 = {"nghi-dinh-56-2017-nd-cp", "thong-tu-09-2017-tt-btttt", "thong-tu-23-2017-tt-byt",
                "thong-tu-33-2017-tt-byt", "thong-tu-34-2017-tt-byt", "luat-11-2017-qh14",
                "nghi-dinh-103-2017-nd-cp", "nghi-dinh-144-2017-nd-cp", "thong-tu-08-2017-tt-btp",
                "thong-tu-33-2017-tt-bldtbxh"}


@pytest.fixture
def spec(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def check(spec, response, status: int, schema: str):
    """Assert the status and validate the body against ``#/components/schemas/<schema>``."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    wrapper = {"$ref": f"#/components/schemas/{schema}", "components": spec["components"]}
    jsonschema.Draft202012Validator(wrapper).validate(response.get_json())
    return response.get_json()


def test_openapi_document_is_valid_openapi(spec):
    validate_spec(spec)
    assert spec["openapi"].startswith("3.")
    assert {"/api/search", "/api/documents/{doc_id}", "/api/openapi.json"} <= set(spec["paths"])


def test_every_documented_search_parameter_is_honoured(spec):
    documented = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert documented == {"q", "kind", "tag", "year", "place", "org", "status", "sort", "page", "pagelen",
                          "as_typed"}


def test_api_search_shape(client, spec):
    data = check(spec, client.get("/api/search", query_string={"q": "quản lý trường hợp"}), 200, "SearchResponse")
    assert data["query"] == "quản lý trường hợp"
    assert data["total"] >= 1
    first = data["results"][0]
    assert set(first) >= {"id", "title", "kind", "date", "url", "snippet", "score"}
    assert first["url"].startswith(f"/doc/{first['id']}")


def test_search_with_filters_facets_and_pages(client, spec):
    data = check(spec, client.get("/api/search?kind=law&year=2017"), 200, "SearchResponse")
    assert data["filters"] == {"kind": ["law"], "year": ["2017"]}
    assert {r["id"] for r in data["results"]} == LAWS_OF_2017 and data["total"] == 10
    assert data["facets"]["kind"] == [{"value": "law", "label": "Văn bản pháp luật", "count": 10}]
    everything = check(spec, client.get("/api/search", query_string={"q": "trẻ em", "pagelen": 5, "page": 2}),
                       200, "SearchResponse")
    assert everything["page"] == 2 and everything["pagelen"] == 5 and len(everything["results"]) == 5
    assert everything["pages"] == -(-everything["total"] // 5)
    kinds = {f["value"]: f["count"] for f in everything["facets"]["kind"]}
    assert kinds["law"] >= 12  # the twelve child-protection texts of content/, and others
    assert sum(kinds.values()) == everything["total"]


def test_sort_by_date(client, spec):
    data = check(spec, client.get("/api/search", query_string={"q": "trẻ em", "sort": "date"}), 200, "SearchResponse")
    dates = [r["date"] for r in data["results"]]
    assert dates == sorted(dates, reverse=True) and data["sort"] == "date"


def test_suggestion(client, spec):
    data = check(spec, client.get("/api/search", query_string={"q": "nuôii dưỡngg"}), 200, "SearchResponse")
    assert data["total"] == 0 and data["suggestion"] == "nuôi dưỡng"
    assert check(spec, client.get("/api/search", query_string={"q": "nuôi dưỡng"}), 200,
                 "SearchResponse")["suggestion"] is None


def test_interpreted(client, spec):
    data = check(spec, client.get("/api/search", query_string={"q": "tre em bi xam hai"}), 200,
                 "SearchResponse")
    assert data["interpreted"] == "trẻ em bị xâm hại" and data["total"] >= 1
    for query in [{"q": "trẻ em bị xâm hại"}, {"q": "tre em bi xam hai", "as_typed": "1"}]:
        assert check(spec, client.get("/api/search", query_string=query), 200,
                     "SearchResponse")["interpreted"] is None


def test_empty_request_is_an_empty_valid_response(client, spec):
    data = check(spec, client.get("/api/search"), 200, "SearchResponse")
    assert data["total"] == 0 and data["results"] == [] and data["pages"] == 0


@pytest.mark.parametrize("query", [{"q": "trẻ em", "sort": "cu-nhat"}, {"q": "trẻ em", "page": "abc"},
                                   {"q": "trẻ em", "page": "0"}, {"q": "trẻ em", "pagelen": "1000"}])
def test_bad_parameters_are_json_400_errors(client, spec, query):
    error = check(spec, client.get("/api/search", query_string=query), 400, "Error")
    assert error["error"]["status"] == 400 and error["error"]["detail"]


def test_document(client, spec):
    data = check(spec, client.get(f"/api/documents/{LAW}"), 200, "Document")
    assert data["title"] == "Luật Trẻ em" and data["number"] == "102/2016/QH13" and data["issuer"] == "Quốc hội"
    assert data["url"] == f"/doc/{LAW}" and data["body"].startswith("## Chương I.")
    assert data["anchors"]["dieu-4"] == "Điều 4"
    assert data["anchors"]["dieu-4-khoan-1"] == "Khoản 1 Điều 4"
    assert {"level": 4, "anchor": "dieu-4", "text": "Điều 4. Giải thích từ ngữ"} in data["toc"]
    assert data["citation"]["vietnamese"].startswith("Luật Trẻ em số 102/2016/QH13, Quốc hội ban hành")
    assert data["citation"]["ris"] == f"/doc/{LAW}/cite.ris"


def test_unknown_document_is_a_json_404(client, spec):
    error = check(spec, client.get("/api/documents/khong-co"), 404, "Error")
    assert error["error"]["status"] == 404


def test_every_document_validates(client, spec, indexed_kb):
    for doc_id in indexed_kb.content.ids():
        check(spec, client.get(f"/api/documents/{doc_id}"), 200, "Document")
