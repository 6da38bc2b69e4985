"""Browsing without a query: all topics, the documents of one topic, the documents of one kind."""
from __future__ import annotations

import logging
from collections import Counter

from flask import Blueprint, abort, render_template

from kb.documents.content import KINDS
from kb.web.pages import KIND_LABELS, newest_first, public_documents, tag_label

log = logging.getLogger(__name__)

bp = Blueprint("browse", __name__)


@bp.get("/tags")
def tags():
    """Every topic tag used by a document, with how many documents carry it."""
    counts = Counter(tag for doc in public_documents() for tag in doc.tags)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], tag_label(kv[0]).lower()))
    return render_template("tags.html", tags=ranked)


@bp.get("/tags/<tag>")
def tag(tag: str):
    """The documents tagged ``tag``, newest first (404 for a tag no document carries)."""
    documents = newest_first(d for d in public_documents() if tag in d.tags)
    if not documents:
        abort(404)
    return render_template("listing.html", heading=f"Chủ đề: {tag_label(tag)}", docs=documents,
                           search_args={"tag": tag})


@bp.get("/kind/<kind>")
def kind(kind: str):
    """The documents of one kind (law, guidance, workshop, news), newest first."""
    if kind not in KINDS:
        abort(404)
    documents = newest_first(d for d in public_documents() if d.kind == kind)
    return render_template("listing.html", heading=KIND_LABELS[kind], docs=documents,
                           search_args={"kind": kind})
