"""Writing: the edit form (new, edit, preview, save), upload, history and restore, delete and trash.

Every save goes through :func:`kb.editing.review.store`: an atomic file write, an incremental index update
and a revision row, or, for an unpublished edit of a published document, a pending revision that
leaves the published text online until it is approved. The edit form carries the revision it
started from; saving over a newer revision shows both versions side by side instead of overwriting.
Everything works without JavaScript.
"""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import PurePath
from urllib.parse import urlsplit

import yaml
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from ingest.errors import IngestError
from ingest.tags import Taxonomy
from kb.editing import relations_form, revisions
from kb.accounts.auth import has_role, role_required
from kb.documents.content import DATE_RE, KINDS, Document, build_document, parse_document, validate_id
from kb.db import get_db
from kb.errors import InvalidDocument, KBError
from kb.documents.ingesting import DUPLICATE, IngestService
from kb.editing.review import (STATUS_LABELS, last_action, record_action, review_required, status_of,
                       store)
from kb.knowledge_base import knowledge_base
from kb.web.pages import render_document
from search.passages import slugify

log = logging.getLogger(__name__)

bp = Blueprint("editor", __name__)

TEXT_FIELDS = ("title", "kind", "date", "summary", "number", "issuer", "issued", "review_by",
               "source_url", "source_publisher", "tags", "places", "organizations", "body", "message",
               *relations_form.FIELDS)
LIST_FIELDS = ("tags", "places", "organizations")
ACTION_STATUS = {"draft": "draft", "submit": "review", "publish": "published"}
MAX_ID_BASE = 80
RESERVED_IDS = {"new", "upload"}  # /edit/new and /edit/upload are pages, not documents


@bp.app_template_filter("timestamp")
def timestamp(value: str) -> str:
    """A stored UTC time as Vietnamese readers write it.

    >>> timestamp("2026-11-23T13:36:25Z")
    '23/11/2026 13:36 (UTC)'
    """
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.strftime("%d/%m/%Y %H:%M (UTC)")


# -- form <-> document -----------------------------------------------------------------------------

def _split(text: str) -> list[str]:
    return list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


def form_values(doc: Document | None) -> dict:
    """The form's field values for ``doc`` (empty for a new document)."""
    if doc is None:
        return {name: "" for name in TEXT_FIELDS} | {"kind": "guidance"}
    values = {name: str(getattr(doc, name, "") or doc.extra.get(name) or "") for name in TEXT_FIELDS}
    values["relations"] = relations_form.relations_text(doc.extra.get("relations"))
    values.update({name: ", ".join(getattr(doc, name)) for name in LIST_FIELDS})
    values.update(source_url=doc.source.get("url", ""), source_publisher=doc.source.get("publisher", ""),
                  review_by=str(doc.extra.get("review_by") or "")[:10], message="")
    return values


def submitted_values() -> dict:
    """The form's field values as posted."""
    values = {name: request.form.get(name, "").replace("\r\n", "\n").strip() for name in TEXT_FIELDS}
    values["tags"] = ", ".join(_split(values["tags"]) + _split(request.form.get("tag_add", "")))
    return values


def validate(values: dict) -> list[str]:
    """Problems with the submitted values, in Vietnamese (empty when the form is fine)."""
    errors = []
    if not values["title"]:
        errors.append("Vui lòng nhập tiêu đề.")
    if values["kind"] not in KINDS:
        errors.append("Loại tài liệu không hợp lệ.")
    for name, label in (("date", "Ngày"), ("issued", "Ngày ban hành")):
        if values[name] and not DATE_RE.match(values[name]):
            errors.append(f"{label} phải có dạng NNNN-TT-NN, NNNN-TT hoặc NNNN.")
    if values["review_by"]:
        try:
            dt.date.fromisoformat(values["review_by"])
        except ValueError:
            errors.append("Ngày cần xem lại phải có dạng NNNN-TT-NN.")
    if values["source_url"] and urlsplit(values["source_url"]).scheme not in ("http", "https"):
        errors.append("Địa chỉ nguồn phải bắt đầu bằng http:// hoặc https://.")
    errors += relations_form.parse_relations(values["relations"])[1] + relations_form.validate_validity(values)
    return errors


def build_from_form(values: dict, doc_id: str, base: Document | None, status: str) -> Document:
    """A document from the form, keeping the fields the form does not show (authors, extra keys)."""
    meta = base.front_matter() if base else {}
    meta.update({name: values[name] for name in ("title", "kind", "date", "summary", "number",
                                                 "issuer", "issued")})
    meta.update({name: _split(values[name]) for name in LIST_FIELDS})
    meta["source"] = {key: values[f"source_{key}"] for key in ("url", "publisher") if values[f"source_{key}"]}
    meta.pop("review_by", None)
    if values["review_by"]:
        meta["review_by"] = values["review_by"]
    meta.update(id=doc_id, status=status)
    relations_form.apply(meta, values, relations_form.parse_relations(values["relations"], meta.get("relations"))[0])
    return build_document(meta, values["body"], doc_id)


def new_id(title: str) -> str:
    """A free, safe id from a title: its slug, with ``-2``, ``-3``… if taken (also in the trash)."""
    base = slugify(title)[:MAX_ID_BASE].strip("-") or "bai-viet"
    db, content = get_db(), knowledge_base().content
    candidate, n = base, 1
    while (candidate in RESERVED_IDS or content.exists(candidate)
           or db.execute("SELECT 1 FROM trash WHERE doc_id = ?", (candidate,)).fetchone()):
        n += 1
        candidate = f"{base}-{n}"
    return validate_id(candidate)


def tag_suggestions() -> list[tuple[str, str]]:
    """``(tag, label)`` for the <datalist>: the topics of the taxonomy, then every tag
    already used in a document."""
    kb = knowledge_base()
    try:
        taxonomy = Taxonomy.for_content(kb.content.root)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        log.warning("no tag suggestions from taxonomy.yml: %s", exc)
        taxonomy = Taxonomy([])
    used = {tag for doc in kb.content.listing() for tag in doc.tags}
    return sorted((tag, taxonomy.label(tag)) for tag in set(taxonomy.topics) | used)


def render_form(doc: Document | None, values: dict, base_rev: int | None, status: int = 200, **extra):
    """The edit page, with optional ``preview``, ``errors`` or ``conflict``."""
    return render_template(
        "edit/form.html", doc=doc, values=values, base_rev=base_rev, kinds=KINDS,
        suggestions=tag_suggestions(), review_required=review_required(),
        status_label=STATUS_LABELS[status_of(doc)] if doc else STATUS_LABELS["draft"],
        step=last_action(doc.id) if doc else None, **extra), status


# -- writing ---------------------------------------------------------------------------------------

def _submit(file_doc: Document | None):
    """Handle a posted edit form: preview, refuse with reasons, show a conflict, or save."""
    current, doc = revisions.working(file_doc) if file_doc else (None, None)
    values = submitted_values()
    base_rev = request.form.get("base_rev", type=int)
    action = request.form.get("action", "")
    errors = validate(values)
    if action == "preview" or errors:
        preview = None
        if action == "preview":  # exactly as the document page will show it
            preview = render_document(Document(id=doc.id if doc else "", title=values["title"],
                                               body=values["body"])).html
        return render_form(doc, values, base_rev, 400 if errors else 200, preview=preview, errors=errors,
                           pending=current and current.pending)
    allowed = ("draft", "submit") if review_required() else ("draft", "publish")
    if action not in allowed:
        abort(400)
    user = g.user["username"]
    with revisions.writing():
        if file_doc is not None:  # read again under the lock: someone may have saved meanwhile
            current, doc = revisions.working(knowledge_base().content.get(file_doc.id))
        doc_id = doc.id if doc else new_id(values["title"])
        try:
            document = build_from_form(values, doc_id, doc, ACTION_STATUS[action])
        except InvalidDocument as exc:
            return render_form(doc, values, base_rev, 400, errors=[str(exc)])
        if current is not None:
            if base_rev != current.id:
                log.info("edit conflict on %s: form from revision %s, now %s", doc_id, base_rev, current.id)
                return render_form(doc, values, current.id, 409, conflict=current, pending=current.pending,
                                   conflict_diff=revisions.diff(current.text, document.to_markdown()))
            if current.text == document.to_markdown():
                flash("Không có thay đổi nào để lưu.")
                return redirect(url_for("editor.edit", doc_id=doc_id))
        default_message = {"draft": "Lưu nháp", "submit": "Gửi duyệt", "publish": "Xuất bản"}[action]
        revision = store(document, user, values["message"] or default_message)
    if action == "submit":
        record_action(doc_id, "submit", user)
    flash({"draft": "Đã lưu bản nháp.", "submit": "Đã lưu và gửi duyệt.",
           "publish": "Đã xuất bản. Bài viết đã có trong kết quả tìm kiếm."}[action]
          + (" Bài đang công khai giữ nguyên cho đến khi thay đổi được duyệt." if revision.pending else ""))
    return redirect(url_for("editor.edit", doc_id=doc_id))


@bp.route("/edit/new", methods=("GET", "POST"))
@role_required("editor")
def new():
    """A blank edit form; on POST preview or save the new document."""
    if request.method == "POST":
        return _submit(None)
    return render_form(None, form_values(None), None)


@bp.route("/edit/<doc_id>", methods=("GET", "POST"))
@role_required("editor")
def edit(doc_id: str):
    """The edit form of an existing document; on POST preview or save it."""
    file_doc = knowledge_base().content.get(doc_id)
    if request.method == "POST":
        return _submit(file_doc)
    current, doc = revisions.working(file_doc)
    return render_form(doc, form_values(doc), current.id, pending=current.pending)


@bp.post("/edit/upload")
@role_required("editor")
def upload():
    """Turn an uploaded file (DOCX, PDF, HTML, text) into a draft and open it in the editor."""
    upload_file = request.files.get("file")
    if upload_file is None or not upload_file.filename:
        return render_form(None, form_values(None), None, 400, errors=["Vui lòng chọn một tệp để tải lên."])
    name = PurePath(upload_file.filename.replace("\\", "/")).name or "tep-tai-len"
    try:
        service = IngestService(knowledge_base())
        ingested = service.document(upload_file.read(), name)
        outcome = service.assess(ingested)
        if outcome.status == DUPLICATE:
            return render_form(None, form_values(None), None, 409, errors=[
                f"Tệp {name} trùng với một tài liệu đã có: {outcome.detail}"])
        with revisions.writing():
            meta = {**ingested.front_matter(), "id": new_id(ingested.id), "status": "draft"}
            document = build_document(meta, ingested.body)
            store(document, g.user["username"], f"Tải lên tệp {name}")
    except (IngestError, KBError) as exc:
        log.info("upload %s refused: %s", name, exc)
        return render_form(None, form_values(None), None, 400, errors=[f"Không đọc được tệp: {exc}"])
    flash(f"Đã nhập tệp {name} thành bản nháp. Hãy kiểm tra lại trước khi gửi duyệt.")
    return redirect(url_for("editor.edit", doc_id=document.id))


# -- history ---------------------------------------------------------------------------------------

@bp.get("/history/<doc_id>")
@role_required("editor")
def history(doc_id: str):
    """Revisions of a document and the diff between two of them (``?a=old&b=new``)."""
    kb = knowledge_base()
    if kb.content.exists(doc_id):
        revisions.current(doc_id, kb.content.get(doc_id).to_markdown())
    revs = revisions.history(doc_id)
    if not revs:
        abort(404)
    newer = request.args.get("b", type=int) or revs[0].id
    older = request.args.get("a", type=int) or (revs[1].id if len(revs) > 1 else newer)
    a, b = revisions.get(doc_id, older), revisions.get(doc_id, newer)
    return render_template("edit/history.html", doc_id=doc_id, revs=revs, a=a, b=b,
                           lines=revisions.diff(a.text, b.text))


@bp.post("/history/<doc_id>/restore/<int:revision_id>")
@role_required("editor")
def restore(doc_id: str, revision_id: int):
    """Make an old revision the current text again, as a new revision.

    When publishing needs a review, an editor's restore is a draft whatever status the old text had
    (an admin's keeps it): restoring the submitted or a published version must not skip the review.
    """
    old = revisions.get(doc_id, revision_id)
    knowledge_base().content.get(doc_id)  # 404 when the document is in the trash
    document = parse_document(old.text, doc_id)
    if review_required() and not has_role(g.user, "admin"):
        document.extra["status"] = "draft"
    store(document, g.user["username"], f"Khôi phục phiên bản #{old.id}")
    flash(f"Đã khôi phục phiên bản #{old.id} thành phiên bản mới.")
    return redirect(url_for("editor.history", doc_id=doc_id))


# -- delete and trash ------------------------------------------------------------------------------

@bp.route("/delete/<doc_id>", methods=("GET", "POST"))
@role_required("editor")
def delete(doc_id: str):
    """Confirm, then move a document to the trash and out of the index."""
    kb = knowledge_base()
    doc = kb.content.get(doc_id)
    if request.method == "GET":
        return render_template("edit/delete.html", doc=doc)
    path = kb.content.path_for(doc_id)
    db = get_db()
    db.execute("INSERT INTO trash (doc_id, title, text, deleted_by) VALUES (?, ?, ?, ?)",
               (doc_id, doc.title, path.read_text(encoding="utf-8"), g.user["username"]))
    db.commit()  # in the trash before the file goes (a save landing meanwhile is in the revisions)
    path.unlink()
    if kb.index.exists():
        kb.delete_from_index(doc_id)
    log.info("%s moved to the trash by %s", doc_id, g.user["username"])
    flash(f"Đã chuyển «{doc.title}» vào thùng rác.")
    return redirect(url_for("site.home"))


@bp.get("/trash")
@role_required("admin")
def trash():
    """Deleted documents, newest first."""
    items = get_db().execute("SELECT id, doc_id, title, deleted_by, deleted_at FROM trash "
                             "ORDER BY id DESC").fetchall()
    return render_template("edit/trash.html", items=items)


@bp.post("/trash/<int:item_id>/restore")
@role_required("admin")
def restore_from_trash(item_id: int):
    """Put a deleted document back (files and index) unless its id was taken meanwhile."""
    db = get_db()
    item = db.execute("SELECT * FROM trash WHERE id = ?", (item_id,)).fetchone()
    if item is None:
        abort(404)
    document = parse_document(item["text"], item["doc_id"])
    with revisions.writing():
        if knowledge_base().content.exists(document.id):
            flash(f"Đã có tài liệu mã {document.id}; không thể khôi phục đè lên.")
            return redirect(url_for("editor.trash"))
        store(document, g.user["username"], "Khôi phục từ thùng rác")
    db.execute("DELETE FROM trash WHERE id = ?", (item_id,))
    db.commit()
    flash(f"Đã khôi phục «{document.title}».")
    return redirect(url_for("editor.edit", doc_id=document.id))
