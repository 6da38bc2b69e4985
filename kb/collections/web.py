"""The pages of collections: mine, one collection (owner's or shared), adding a passage, the print
page and the exports. Every write is a small POST form (CSRF-checked like every write), so nothing
needs JavaScript. A collection someone may not read answers 404, whether it exists or not.
"""
from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for

from kb.documents import citations
from kb.accounts.auth import _safe_next, login_required
from kb.collections import export, store
from kb.collections.handout import add_passage, build, follow_document
from kb.collections.passages import PassageError, cite, normalize_anchor
from kb.errors import KBError
from kb.web.pages import readable_document

log = logging.getLogger(__name__)

bp = Blueprint("collections", __name__, url_prefix="/collections")

SHARE_PARAM = "share"
# Export format -> (media type, writer of the handout).
EXPORTS = {
    "md": ("text/markdown; charset=utf-8", export.to_markdown),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", export.to_docx),
    "ris": (citations.FORMATS["ris"][0] + "; charset=utf-8", export.to_ris),
    "bib": (citations.FORMATS["bib"][0] + "; charset=utf-8", export.to_bibtex),
}
EXPORT_LABELS = {"docx": "Word (DOCX)", "md": "Markdown", "ris": "RIS", "bib": "BibTeX"}


def share_token() -> str:
    """The share token in the URL (``?share=``), "" without one."""
    return request.args.get(SHARE_PARAM, "")[:100]


def shared_url(collection, endpoint: str = "collections.view", **values) -> str:
    """A URL of ``collection`` for whoever has its share link (the token carried along)."""
    token = collection["share_token"] if request.args.get(SHARE_PARAM) else None
    return url_for(endpoint, collection_id=collection["id"], share=token, **values)


def _back(collection_id: int, anchor: str = ""):
    target = request.form.get("next", "")
    if target:
        return redirect(_safe_next(target))
    return redirect(url_for("collections.view", collection_id=collection_id) + (f"#{anchor}" if anchor else ""))


def _mine(collection_id: int):
    """The signed-in user's collection ``collection_id`` (404 for anyone else's)."""
    return store.owned(collection_id, g.user)


@bp.get("")
@login_required
def mine():
    """The signed-in user's collections, and a form for a new one."""
    return render_template("collections/mine.html", collections=store.of_owner(g.user["id"]))


@bp.post("/new")
@login_required
def new():
    """Create a collection (``name``, ``description``); with ``doc_id`` it starts with that passage."""
    try:
        collection_id = store.create(g.user["id"], request.form.get("name", ""),
                                     request.form.get("description", ""))
    except KBError as exc:
        flash(str(exc))
        return redirect(_safe_next(request.form.get("next") or url_for("collections.mine")))
    if request.form.get("doc_id"):
        return add_item(collection_id=collection_id)
    flash("Đã tạo bộ tài liệu.")
    return redirect(url_for("collections.view", collection_id=collection_id))


@bp.get("/add")
@login_required
def add():
    """Choose the collection a passage (``doc_id``, ``anchor``) goes to, with a note."""
    doc = readable_document(request.args.get("doc_id", ""))
    try:
        anchor = normalize_anchor(request.args.get("anchor", ""))
    except PassageError as exc:
        abort(400, description=str(exc))
    cited = cite(doc, anchor)
    if cited is None:
        abort(404, description=f"Tài liệu không có đoạn #{anchor}")
    return render_template("collections/add.html", doc=doc, cited=cited, next=request.args.get("next", ""),
                           collections=store.of_owner(g.user["id"]))


@bp.post("/<int:collection_id>/items")
@login_required
def add_item(collection_id: int):
    """Add the passage ``anchor`` of ``doc_id`` (or the whole document) with the trainer's ``note``."""
    collection = _mine(collection_id)
    doc = readable_document(request.form.get("doc_id", ""))
    try:
        cited = add_passage(collection_id, doc, request.form.get("anchor", ""), request.form.get("note", ""))
    except KBError as exc:
        flash(str(exc))
        return _back(collection_id)
    flash(f"Đã thêm {cited.section or 'tài liệu'} ({doc.title}) vào «{collection['name']}».")
    return _back(collection_id)


@bp.get("/<int:collection_id>")
def view(collection_id: int):
    """One collection: the owner's page with its forms, or the read-only page of a shared one."""
    collection = store.readable(collection_id, g.user, share_token())
    owner = g.user is not None and collection["owner_id"] == g.user["id"]
    response = current_app.make_response(render_template(
        "collections/view.html", collection=collection, handout=build(collection), owner=owner,
        exports=EXPORT_LABELS, shared_url=shared_url, citations=citations))
    if not owner:
        response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.post("/<int:collection_id>/edit")
@login_required
def edit(collection_id: int):
    """Rename or describe the collection."""
    _mine(collection_id)
    try:
        store.update(collection_id, name=request.form.get("name", ""),
                     description=request.form.get("description", ""))
    except KBError as exc:
        flash(str(exc))
    return _back(collection_id)


@bp.post("/<int:collection_id>/delete")
@login_required
def delete(collection_id: int):
    """Delete the collection (the documents are not touched)."""
    collection = _mine(collection_id)
    store.delete(collection_id)
    flash(f"Đã xóa bộ tài liệu «{collection['name']}».")
    return redirect(url_for("collections.mine"))


@bp.post("/<int:collection_id>/share")
@login_required
def share(collection_id: int):
    """``action=create`` makes a new share link (the old one stops working), ``revoke`` removes it."""
    _mine(collection_id)
    if request.form.get("action") == "revoke":
        store.unshare(collection_id)
        flash("Đã thu hồi liên kết chia sẻ.")
    else:
        store.share(collection_id)
        flash("Đã tạo liên kết chia sẻ (chỉ xem).")
    return _back(collection_id)


@bp.post("/<int:collection_id>/public")
@login_required
def public(collection_id: int):
    """``public=1`` lets anyone read the collection, ``public=0`` makes it private again."""
    _mine(collection_id)
    store.update(collection_id, public=request.form.get("public") == "1")
    return _back(collection_id)


@bp.post("/<int:collection_id>/items/<int:item_id>/<action>")
@login_required
def item_action(collection_id: int, item_id: int, action: str):
    """Change one item: ``note`` (field ``note``), ``move`` (field ``position``, from 0), ``remove``,
    ``update`` (cite the document as it reads now) or ``keep`` (keep the cited version)."""
    _mine(collection_id)
    row = store.item(collection_id, item_id)
    if action == "note":
        store.set_note(collection_id, item_id, request.form.get("note", ""))
    elif action == "move":
        position = request.form.get("position", "")
        if not position.lstrip("-").isdigit():
            abort(400, description="Vị trí phải là số.")
        store.move_item(collection_id, item_id, int(position))
    elif action == "remove":
        store.remove_item(collection_id, item_id)
        flash(f"Đã bỏ {row['section'] or 'tài liệu'} khỏi bộ tài liệu.")
        return _back(collection_id)
    elif action in ("update", "keep"):
        if not follow_document(collection_id, row, take=action == "update"):
            flash("Tài liệu hoặc đoạn này không còn trên trang: giữ nguyên bản đã trích.")
        elif action == "update":
            flash("Đã cập nhật theo văn bản hiện hành.")
    else:
        abort(404)
    return _back(collection_id, f"muc-{item_id}")


@bp.get("/<int:collection_id>/print")
def print_page(collection_id: int):
    """The handout to print: A4, black and white, no forms."""
    collection = store.readable(collection_id, g.user, share_token())
    return render_template("collections/print.html", handout=build(collection), export=export,
                           citations=citations)


@bp.get("/<int:collection_id>/export.<fmt>")
def download(collection_id: int, fmt: str):
    """The handout as ``.docx``, ``.md``, or its sources as ``.ris`` / ``.bib``."""
    if fmt not in EXPORTS:
        abort(404)
    collection = store.readable(collection_id, g.user, share_token())
    media_type, writer = EXPORTS[fmt]
    filename = f"bo-tai-lieu-{collection_id}.{fmt}"
    return current_app.response_class(writer(build(collection)), content_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})
