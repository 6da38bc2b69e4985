"""Publishing workflow: a document's status, review before publishing, and the /review queue.

A document's front matter carries ``status: draft | review | published`` (no status means
published: the bundled and ingested documents) and optionally ``review_by: 'YYYY-MM-DD'``.
With ``REVIEW_REQUIRED`` (on by default) an editor submits a document and a reviewer (an admin,
or an editor other than the one who submitted it) approves it or sends it back with a comment.
"""
from __future__ import annotations

import datetime as dt
import logging

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request,
                   url_for)

from kb.editing import revisions
from kb.accounts.auth import has_role, role_required
from kb.documents.content import Document
from kb.db import get_db
from kb.knowledge_base import knowledge_base

log = logging.getLogger(__name__)

bp = Blueprint("review", __name__)

STATUS_LABELS = {"draft": "Bản nháp", "review": "Chờ duyệt", "published": "Đã xuất bản"}
ACTION_LABELS = {"submit": "Gửi duyệt", "approve": "Duyệt và xuất bản", "return": "Trả lại"}


def status_of(doc: Document) -> str:
    """The document's status; documents without one are published."""
    status = str(doc.extra.get("status") or "published")
    return status if status in STATUS_LABELS else "draft"


def is_public(doc: Document) -> bool:
    """True if anyone may read ``doc`` (it is published)."""
    return status_of(doc) == "published"


def can_read(doc: Document) -> bool:
    """True if the current visitor may read ``doc``: published, or an editor is logged in."""
    return is_public(doc) or has_role(g.get("user"), "editor")


def review_by(doc: Document) -> str:
    """The document's "review by" date as ``YYYY-MM-DD``, or "" when it has none."""
    return str(doc.extra.get("review_by") or "")[:10]


def review_required() -> bool:
    """Whether publishing needs a reviewer (config ``REVIEW_REQUIRED``, default on)."""
    return bool(current_app.config.get("REVIEW_REQUIRED", True))


def record_action(doc_id: str, action: str, username: str, comment: str = "") -> None:
    """Log a step of the workflow (submit, approve, return) for ``doc_id``."""
    db = get_db()
    db.execute("INSERT INTO reviews (doc_id, action, username, comment) VALUES (?, ?, ?, ?)",
               (doc_id, action, username, comment))
    db.commit()
    log.info("%s: %s by %s", doc_id, action, username)


def last_action(doc_id: str):
    """The newest workflow step of ``doc_id`` (a row with action, username, comment, created)."""
    return get_db().execute("SELECT * FROM reviews WHERE doc_id = ? ORDER BY id DESC LIMIT 1",
                            (doc_id,)).fetchone()


def may_approve(doc_id: str, user) -> bool:
    """Admins may approve anything; an editor may not approve what they submitted themselves."""
    if has_role(user, "admin"):
        return True
    step = last_action(doc_id)
    return has_role(user, "editor") and not (step and step["username"] == user["username"])


def store(document: Document, author: str, message: str) -> revisions.Revision:
    """Save a new version of ``document`` and return its revision.

    An unpublished version (draft, under review) of a document whose file is published is kept as
    a pending revision: readers and search keep the published text until a reviewer approves.
    Anything else is written to the file and the index at once.
    """
    content = knowledge_base().content
    if not is_public(document) and content.exists(document.id) and is_public(content.get(document.id)):
        return revisions.record(document.id, document.to_markdown(), author, message, pending=True)
    return revisions.save(document, author, message)


@bp.get("/review")
@role_required("editor")
def queue():
    """Documents awaiting approval and documents past their "review by" date."""
    today = dt.date.today().isoformat()
    copies = [revisions.working(doc) for doc in knowledge_base().content.all()]
    # each with the revision to compare it to: the published text for an edit of a published page
    waiting = [(doc, revision, last_action(doc.id), revisions.latest(doc.id, in_file=True))
               for revision, doc in copies if status_of(doc) == "review"]
    overdue = sorted((doc for _, doc in copies if review_by(doc) and review_by(doc) <= today),
                     key=review_by)
    return render_template("review/queue.html", waiting=waiting, overdue=overdue, today=today,
                           review_by=review_by, may_approve=may_approve)


def _decide(doc_id: str, action: str, status: str, comment: str):
    """Apply a reviewer's decision; returns a redirect when it is refused, None when done."""
    if not may_approve(doc_id, g.user):
        abort(403)
    with revisions.writing():
        revision, doc = revisions.working(knowledge_base().content.get(doc_id))
        if status_of(doc) != "review":
            flash("Tài liệu này không ở trạng thái chờ duyệt.")
            return redirect(url_for("review.queue"))
        if request.form.get("base_rev", type=int) != revision.id:
            flash("Tài liệu vừa được sửa sau khi bạn mở trang. Vui lòng xem lại trước khi quyết định.")
            return redirect(url_for("review.queue"))
        doc.extra["status"] = status
        store(doc, g.user["username"], ACTION_LABELS[action] + (f": {comment}" if comment else ""))
    record_action(doc_id, action, g.user["username"], comment)
    return None


@bp.post("/review/<doc_id>/approve")
@role_required("editor")
def approve(doc_id: str):
    """Publish a submitted document."""
    refused = _decide(doc_id, "approve", "published", request.form.get("comment", "").strip())
    if refused:
        return refused
    flash("Đã duyệt và xuất bản tài liệu.")
    return redirect(url_for("site.document", doc_id=doc_id))


@bp.post("/review/<doc_id>/return")
@role_required("editor")
def send_back(doc_id: str):
    """Send a submitted document back to draft, with a comment for its editor."""
    comment = request.form.get("comment", "").strip()
    if not comment:
        flash("Khi trả lại, vui lòng ghi nhận xét để người viết biết cần sửa gì.")
        return redirect(url_for("review.queue"))
    refused = _decide(doc_id, "return", "draft", comment)
    if refused:
        return refused
    flash("Đã trả lại tài liệu cho người viết kèm nhận xét.")
    return redirect(url_for("review.queue"))
