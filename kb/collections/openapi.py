"""The OpenAPI paths and schemas of the collections API (:mod:`kb.collections.api`), merged into
the site's description by :func:`kb.web.openapi.document`."""
from __future__ import annotations

import logging

from kb.web.openapi import _ERROR, _STRINGS, _json, _object

log = logging.getLogger(__name__)

_ID = {"type": "integer", "minimum": 1}
_COLLECTION_ID = {"name": "collection_id", "in": "path", "required": True, "schema": _ID}
_ITEM_ID = {"name": "item_id", "in": "path", "required": True, "schema": _ID}
_SHARE = {"name": "share", "in": "query", "required": False, "schema": {"type": "string"},
          "description": "Mã của liên kết chia sẻ (xem bộ tài liệu của người khác, chỉ đọc)"}
_CSRF = {"name": "X-CSRF-Token", "in": "header", "required": True, "schema": {"type": "string"},
         "description": "Mã chống giả mạo của phiên (trường csrf_token của GET /api/collections)"}
_SIGNED_IN = ("Cần đăng nhập (cookie phiên của /login); mọi thao tác ghi gửi kèm tiêu đề X-CSRF-Token. "
              "Bộ tài liệu không phải của mình trả về 404.")


def _body(schema: dict, required: bool = True) -> dict:
    return {"required": required, "content": {"application/json": {"schema": schema}}}


def _write(operation_id: str, summary: str, parameters: list, responses: dict, body: dict | None = None) -> dict:
    operation = {"operationId": operation_id, "summary": summary, "description": _SIGNED_IN,
                 "parameters": [*parameters, _CSRF],
                 "responses": {**responses, "400": _ERROR, "401": _ERROR, "404": _ERROR}}
    if body is not None:
        operation["requestBody"] = body
    return operation


_DETAIL_200 = {"200": {"description": "Bộ tài liệu", "content": _json("Collection")}}
_DETAIL_201 = {"201": {"description": "Bộ tài liệu", "content": _json("Collection")}}
_NO_CONTENT = {"204": {"description": "Đã xong"}}
_TEXT = {"type": "string"}

_SUMMARY = {
    "id": _ID, "name": _TEXT, "description": _TEXT, "public": {"type": "boolean"},
    "shared": {"type": "boolean", "description": "Có liên kết chia sẻ đang dùng được"},
    "created": _TEXT, "updated": _TEXT, "url": _TEXT}

SCHEMAS = {
    "CollectionSummary": _object(_SUMMARY),
    "CollectionList": _object({
        "collections": {"type": "array", "items": {"$ref": "#/components/schemas/CollectionSummary"}},
        "csrf_token": {"type": "string", "description": "Gửi trong tiêu đề X-CSRF-Token khi ghi"}}),
    "CollectionItem": _object({
        "id": _ID, "position": {"type": "integer", "minimum": 0}, "doc_id": _TEXT,
        "anchor": {"type": "string", "description": "Neo của đoạn (dieu-51-khoan-3); rỗng: cả tài liệu"},
        "section": {"type": "string", "description": "Cách trích dẫn đoạn: Khoản 3 Điều 51"},
        "title": _TEXT, "url": _TEXT, "note": _TEXT,
        "cited_text": {"type": "string", "description": "Nội dung đã trích, giữ số khoản, chữ điểm"},
        "revision": {"type": ["integer", "null"], "description": "Phiên bản tài liệu đã trích"},
        "validity": {"type": "string", "description": "Hiệu lực khi trích"},
        "cited_on": _TEXT,
        "citation": {"type": "string", "description": "Trích dẫn kiểu Việt Nam"},
        "source": {"type": "integer", "minimum": 1, "description": "Số thứ tự trong danh mục nguồn"},
        "status": _object({
            "available": {"type": "boolean"}, "text_changed": {"type": "boolean"},
            "validity_changed": {"type": "boolean"}, "kept": {"type": "boolean"},
            "flagged": {"type": "boolean", "description": "\"văn bản đã thay đổi\" chưa được xử lý"},
            "current_validity": {"type": ["string", "null"]}}),
    }),
    "Collection": _object({
        **_SUMMARY,
        "owner": _TEXT, "share_url": {"type": ["string", "null"]},
        "exports": _object({fmt: _TEXT for fmt in ("md", "docx", "ris", "bib")}),
        "print": _TEXT,
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/CollectionItem"}},
        "sources": _STRINGS,
    }),
}

_NEW = {"type": "object", "required": ["name"], "additionalProperties": False,
        "properties": {"name": _TEXT, "description": _TEXT}}
_CHANGE = {"type": "object", "additionalProperties": False,
           "properties": {"name": _TEXT, "description": _TEXT, "public": {"type": "boolean"}}}
_NEW_ITEM = {"type": "object", "required": ["doc_id"], "additionalProperties": False,
             "properties": {"doc_id": _TEXT, "anchor": _TEXT, "note": _TEXT}}
_CHANGE_ITEM = {"type": "object", "additionalProperties": False, "properties": {
    "note": _TEXT, "position": {"type": "integer", "minimum": 0},
    "refresh": {"type": "boolean", "description": "Cập nhật theo văn bản hiện hành"},
    "keep": {"type": "boolean", "description": "Giữ bản đã trích (không báo thay đổi này nữa)"}}}

PATHS = {
    "/api/collections": {
        "get": {"operationId": "listCollections", "summary": "Các bộ tài liệu của tôi", "description": _SIGNED_IN,
                "responses": {"200": {"description": "Danh sách", "content": _json("CollectionList")},
                              "401": _ERROR}},
        "post": _write("createCollection", "Tạo bộ tài liệu (riêng tư)", [], _DETAIL_201, _body(_NEW)),
    },
    "/api/collections/{collection_id}": {
        "get": {"operationId": "getCollection", "summary": "Một bộ tài liệu: các mục, trạng thái, trích dẫn",
                "description": "Của mình, công khai, hoặc có mã chia sẻ; nếu không: 404.",
                "parameters": [_COLLECTION_ID, _SHARE],
                "responses": {**_DETAIL_200, "404": _ERROR}},
        "patch": _write("updateCollection", "Đổi tên, mô tả, công khai", [_COLLECTION_ID], _DETAIL_200,
                        _body(_CHANGE)),
        "delete": _write("deleteCollection", "Xóa bộ tài liệu", [_COLLECTION_ID], _NO_CONTENT),
    },
    "/api/collections/{collection_id}/items": {
        "post": _write("addCollectionItem", "Thêm một đoạn (hoặc cả tài liệu) với ghi chú", [_COLLECTION_ID],
                       _DETAIL_201, _body(_NEW_ITEM)),
    },
    "/api/collections/{collection_id}/items/{item_id}": {
        "patch": _write("updateCollectionItem", "Sửa ghi chú, đổi vị trí, cập nhật hoặc giữ bản đã trích",
                        [_COLLECTION_ID, _ITEM_ID], {**_DETAIL_200, "409": _ERROR}, _body(_CHANGE_ITEM)),
        "delete": _write("removeCollectionItem", "Bỏ một mục", [_COLLECTION_ID, _ITEM_ID], _NO_CONTENT),
    },
    "/api/collections/{collection_id}/share": {
        "post": _write("shareCollection", "Tạo liên kết chia sẻ mới (chỉ xem; liên kết cũ hết hiệu lực)",
                       [_COLLECTION_ID], _DETAIL_200),
        "delete": _write("unshareCollection", "Thu hồi liên kết chia sẻ", [_COLLECTION_ID], _NO_CONTENT),
    },
}
