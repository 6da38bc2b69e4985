"""The OpenAPI 3.1 description of the JSON API (served at ``/api/openapi.json``).

The schemas are JSON Schema 2020-12, so tests validate the endpoints' real responses against them.
"""
from __future__ import annotations

import logging

from search.legal_terms import VALIDITY_STATUSES
from kb.documents.content import KINDS
from kb.documents.library import INVERSE, UNKNOWN
from kb.web.pages import AS_TYPED_PARAM, FILTER_LABELS, MAX_PAGE, MAX_PAGELEN, PAGE_SIZE, SORTS

log = logging.getLogger(__name__)

_STRINGS = {"type": "array", "items": {"type": "string"}}


def _json(schema: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


_ERROR = {"description": "Lỗi", "content": _json("Error")}


def _filter_parameter(name: str, label: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": _STRINGS, "style": "form",
            "explode": True, "description": f"Lọc theo {label.lower()} (lặp lại được)"}


def _object(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": properties, "required": required or list(properties),
            "additionalProperties": False}


_HIT = _object({
    "id": {"type": "string"}, "anchor": {"type": "string"}, "title": {"type": "string"},
    "kind": {"$ref": "#/components/schemas/Kind"}, "date": {"type": "string"},
    "url": {"type": "string",
            "description": ("Liên kết bền đến đoạn phù hợp nhất, ví dụ /doc/luat-102-2016-qh13/a/dieu-4 "
                            "(chuyển đến trang chứa đoạn đó)")},
    "heading": {"type": "string"}, "snippet": {"type": "string", "description": "HTML, từ khớp trong <mark>"},
    "score": {"type": "number"}, "number": {"type": "string"}, "publisher": {"type": "string"},
    "tags": _STRINGS, "places": _STRINGS, "organizations": _STRINGS,
    "status": {"type": ["string", "null"], "description": "Tình trạng hiệu lực của văn bản pháp luật"},
})

_FACET_VALUE = _object({"value": {"type": "string"}, "label": {"type": "string"},
                        "count": {"type": "integer", "minimum": 1}})

_SEARCH = _object({
    "query": {"type": "string"},
    "filters": {"type": "object", "additionalProperties": _STRINGS,
                "propertyNames": {"enum": list(FILTER_LABELS)}},
    "sort": {"enum": list(SORTS)},
    "total": {"type": "integer", "minimum": 0, "description": "Số tài liệu phù hợp"},
    "page": {"type": "integer", "minimum": 1}, "pagelen": {"type": "integer", "minimum": 1},
    "pages": {"type": "integer", "minimum": 0}, "seconds": {"type": "number", "minimum": 0},
    "suggestion": {"type": ["string", "null"], "description": "Gợi ý \"có phải bạn muốn tìm\""},
    "interpreted": {"type": ["string", "null"],
                    "description": ("Câu gõ không dấu đã được thêm dấu, như khi tìm kiếm (ví dụ "
                                    "\"con bị bố mẹ đánh thì báo cho ai\"); null nếu câu đã có dấu, "
                                    "không đổi khi thêm dấu, hoặc có as_typed=1")},
    "facets": _object({param: {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}}
                       for param in FILTER_LABELS}),
    "results": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
})

_RELATION_TYPES = [t for pair in INVERSE.items() for t in pair]
_LEGAL = {
    "status": {"enum": [*VALIDITY_STATUSES, UNKNOWN, None],
               "description": "Tình trạng hiệu lực theo những văn bản thư viện có (null: không phải văn bản pháp luật)"},
    "status_reason": {"type": ["string", "null"]},
    "effective": {"type": ["string", "null"], "description": "Ngày có hiệu lực, ISO 8601"},
    "relations": {"type": "array", "items": _object({
        "type": {"enum": _RELATION_TYPES}, "number": {"type": "string"},
        "id": {"type": ["string", "null"], "description": "null khi thư viện chưa có văn bản này"},
        "title": {"type": "string"}, "articles": _STRINGS})},
}

_DOCUMENT = _object({
    "id": {"type": "string", "pattern": "^[a-z0-9-]+$"}, "title": {"type": "string"},
    "kind": {"$ref": "#/components/schemas/Kind"}, "kind_label": {"type": "string"},
    "date": {"type": "string", "pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"},
    "tags": _STRINGS, "places": _STRINGS, "organizations": _STRINGS, "authors": _STRINGS,
    "language": {"type": "string"}, "summary": {"type": "string"}, "number": {"type": "string"},
    "issuer": {"type": "string"}, "issued": {"type": "string"},
    **_LEGAL,
    "source": _object({"url": {"type": "string"}, "publisher": {"type": "string"}}),
    "url": {"type": "string"}, "body": {"type": "string", "description": "Nội dung Markdown"},
    "toc": {"type": "array", "items": _object({"level": {"type": "integer", "minimum": 1, "maximum": 6},
                                               "anchor": {"type": "string"}, "text": {"type": "string"}})},
    "anchors": {"type": "object", "additionalProperties": {"type": "string"},
                "description": "Mọi neo trích dẫn được (điều, khoản, điểm, đoạn) và cách trích dẫn nó"},
    "citation": _object({name: {"type": "string"}
                         for name in ("vietnamese", "apa", "ris", "bibtex", "csl_json")}),
})

_ERROR_SCHEMA = _object({"error": _object({"status": {"type": "integer"}, "message": {"type": "string"},
                                           "detail": {"type": "string"}})})


def document() -> dict:
    """The OpenAPI document as a mapping."""
    from kb.collections import openapi as collections_openapi  # it builds on this module's helpers

    return {
        "openapi": "3.1.0",
        "info": {"title": "Kho tri thức Bảo vệ trẻ em – API", "version": "1.0.0",
                 "description": "Tìm kiếm và đọc tài liệu của kho tri thức bằng JSON."},
        "servers": [{"url": "/"}],
        "paths": {
            "/api/search": {"get": {
                "operationId": "search",
                "summary": "Tìm kiếm tài liệu, có bộ lọc, đếm theo nhóm và phân trang",
                "parameters": [
                    {"name": "q", "in": "query", "required": False, "schema": {"type": "string"},
                     "description": "Câu tìm kiếm, có dấu hoặc không dấu"},
                    *[_filter_parameter(name, label) for name, label in FILTER_LABELS.items()],
                    {"name": AS_TYPED_PARAM, "in": "query", "required": False,
                     "schema": {"enum": ["0", "1"], "default": "0"},
                     "description": "1: tìm đúng như đã gõ, không thêm dấu cho câu gõ không dấu"},
                    {"name": "sort", "in": "query", "required": False,
                     "schema": {"enum": list(SORTS), "default": "relevance"}},
                    {"name": "page", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
                    {"name": "pagelen", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGELEN,
                                "default": PAGE_SIZE}},
                ],
                "responses": {
                    "200": {"description": "Một trang kết quả",
                            "content": _json("SearchResponse")},
                    "400": _ERROR,
                },
            }},
            "/api/documents/{doc_id}": {"get": {
                "operationId": "getDocument",
                "summary": "Một tài liệu: thông tin, nội dung, mục lục, trích dẫn",
                "parameters": [{"name": "doc_id", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "Tài liệu",
                            "content": _json("Document")},
                    "404": _ERROR,
                },
            }},
            "/api/openapi.json": {"get": {
                "operationId": "openapi", "summary": "Tài liệu OpenAPI này",
                "responses": {"200": {"description": "OpenAPI 3.1",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}},
            }},
            **collections_openapi.PATHS,
        },
        "components": {"schemas": {
            "Kind": {"enum": list(KINDS)},
            "Hit": _HIT, "FacetValue": _FACET_VALUE, "SearchResponse": _SEARCH, "Document": _DOCUMENT,
            "Error": _ERROR_SCHEMA,
            **collections_openapi.SCHEMAS,
        }},
    }
