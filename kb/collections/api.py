"""The JSON API of collections (``/api/collections…``) for a signed-in user (session cookie).

Writes carry the session's CSRF token in the ``X-CSRF-Token`` header, like every write of the site;
``GET /api/collections`` gives it. Bodies are JSON objects (a form works too). Errors are JSON
(:mod:`kb.web.error_pages`); a collection the user may not read is 404. Described in
:mod:`kb.collections.openapi`.
"""
from __future__ import annotations

import logging

from flask import Blueprint, abort, g, jsonify, request, url_for

from kb.documents import citations
from kb.collections import store
from kb.collections.handout import Entry, add_passage, build, follow_document
from kb.collections.web import EXPORTS, share_token
from kb.collections.passages import PassageError
from kb.web.csrf import csrf_token
from kb.errors import KBError
from kb.web.pages import passage_url, readable_document

log = logging.getLogger(__name__)

bp = Blueprint("collections_api", __name__, url_prefix="/api/collections")


def _user():
    if g.user is None:
        abort(401, description="Cần đăng nhập.")
    return g.user


def _body() -> dict:
    data = request.get_json(silent=True) if request.is_json else request.form.to_dict()
    if not isinstance(data, dict):
        abort(400, description="Nội dung yêu cầu phải là một đối tượng JSON.")
    return data


def _text_field(data: dict, name: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        abort(400, description=f"Trường {name} phải là chuỗi.")
    return value


def _summary(row) -> dict:
    return {"id": row["id"], "name": row["name"], "description": row["description"],
            "public": bool(row["public"]), "shared": row["share_token"] is not None,
            "created": row["created"], "updated": row["updated"],
            "url": url_for("collections.view", collection_id=row["id"])}


def _item(entry: Entry) -> dict:
    item, state = entry.item, entry.state
    return {
        "id": item["id"], "position": item["position"], "doc_id": item["doc_id"], "anchor": item["anchor"],
        "section": item["section"], "title": entry.citation.title,
        "url": passage_url(item["doc_id"], item["anchor"]), "note": item["note"],
        "cited_text": item["cited_text"], "revision": item["revision_id"], "validity": item["validity"],
        "cited_on": item["cited_on"], "citation": citations.vietnamese(entry.citation), "source": entry.source,
        "status": {"available": state.available, "text_changed": state.text_changed,
                   "validity_changed": state.validity_changed, "kept": state.kept, "flagged": state.flagged,
                   "current_validity": state.current.validity if state.current else None},
    }


def _detail(row, status: int = 200):
    owner = g.user is not None and row["owner_id"] == g.user["id"]
    handout = build(row)
    share = share_token() or None
    share_url = (url_for("collections.view", collection_id=row["id"], share=row["share_token"], _external=True)
                 if owner and row["share_token"] else None)
    data = {**_summary(row), "owner": row["owner"] or "", "share_url": share_url,
            "exports": {fmt: url_for("collections.download", collection_id=row["id"], fmt=fmt, share=share)
                        for fmt in EXPORTS},
            "print": url_for("collections.print_page", collection_id=row["id"], share=share),
            "items": [_item(entry) for entry in handout.entries],
            "sources": [citations.vietnamese(source) for source in handout.sources]}
    return jsonify(data), status


def _collection(collection_id: int):
    """The user's own collection ``collection_id`` (404 for anyone else's)."""
    return store.owned(collection_id, _user())


@bp.get("")
def mine():
    """The signed-in user's collections, and the CSRF token their writes need."""
    user = _user()
    return jsonify({"collections": [_summary(row) for row in store.of_owner(user["id"])],
                    "csrf_token": csrf_token()})


@bp.post("")
def create():
    """Create a private collection from ``name`` and ``description``."""
    user, data = _user(), _body()
    try:
        collection_id = store.create(user["id"], _text_field(data, "name") or "",
                                     _text_field(data, "description") or "")
    except KBError as exc:
        abort(400, description=str(exc))
    return _detail(store.owned(collection_id, user), 201)


@bp.get("/<int:collection_id>")
def get(collection_id: int):
    """One collection with its items, their state and citations (owner, public, or ``?share=``)."""
    return _detail(store.readable(collection_id, g.user, share_token()))


@bp.patch("/<int:collection_id>")
def update(collection_id: int):
    """Change ``name``, ``description`` or ``public``."""
    _collection(collection_id)
    data = _body()
    public = data.get("public")
    if public is not None and not isinstance(public, bool):
        abort(400, description="Trường public phải là true hoặc false.")
    try:
        store.update(collection_id, _text_field(data, "name"), _text_field(data, "description"), public)
    except KBError as exc:
        abort(400, description=str(exc))
    return _detail(store.owned(collection_id, g.user))


@bp.delete("/<int:collection_id>")
def delete(collection_id: int):
    """Delete the collection."""
    _collection(collection_id)
    store.delete(collection_id)
    return "", 204


@bp.post("/<int:collection_id>/items")
def add_item(collection_id: int):
    """Add the passage ``anchor`` ("" or absent: the whole document) of ``doc_id`` with a ``note``."""
    _collection(collection_id)
    data = _body()
    doc = readable_document(_text_field(data, "doc_id") or "")
    try:
        add_passage(collection_id, doc, _text_field(data, "anchor") or "", _text_field(data, "note") or "")
    except (PassageError, store.CollectionError) as exc:
        abort(400, description=str(exc))
    return _detail(store.owned(collection_id, g.user), 201)


@bp.patch("/<int:collection_id>/items/<int:item_id>")
def update_item(collection_id: int, item_id: int):
    """Change an item: ``note``, ``position`` (from 0), ``refresh: true`` (cite the document as it
    reads now) or ``keep: true`` (keep the cited version of a changed document)."""
    _collection(collection_id)
    row = store.item(collection_id, item_id)
    data = _body()
    note, position = _text_field(data, "note"), data.get("position")
    if position is not None and (not isinstance(position, int) or isinstance(position, bool)):
        abort(400, description="Trường position phải là số nguyên.")
    if note is not None:
        store.set_note(collection_id, item_id, note)
    if position is not None:
        store.move_item(collection_id, item_id, position)
    if (data.get("refresh") or data.get("keep")) and not follow_document(collection_id, row,
                                                                          take=bool(data.get("refresh"))):
        abort(409, description="Tài liệu hoặc đoạn này không còn trên trang.")
    return _detail(store.owned(collection_id, g.user))


@bp.delete("/<int:collection_id>/items/<int:item_id>")
def remove_item(collection_id: int, item_id: int):
    """Take an item out of the collection."""
    _collection(collection_id)
    store.remove_item(collection_id, item_id)
    return "", 204


@bp.route("/<int:collection_id>/share", methods=("POST", "DELETE"))
def share(collection_id: int):
    """POST makes a new read-only share link (an earlier one stops working); DELETE revokes it."""
    _collection(collection_id)
    if request.method == "DELETE":
        store.unshare(collection_id)
        return "", 204
    store.share(collection_id)
    return _detail(store.owned(collection_id, g.user))
