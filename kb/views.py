"""The pages people read: home, search results, a document."""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, render_template, request

from kb.content import KINDS
from kb.render import plain_excerpt, render_markdown

log = logging.getLogger(__name__)

bp = Blueprint("site", __name__)

KIND_LABELS = {"law": "Văn bản pháp luật", "guidance": "Hướng dẫn", "workshop": "Hội thảo – tập huấn",
               "news": "Tin tức"}
PAGE_SIZE = 10
MAX_PAGE = 100


def knowledge_base():
    """The :class:`kb.services.KnowledgeBase` of the running app."""
    return current_app.extensions["kb"]


@bp.app_context_processor
def labels():
    return {"KIND_LABELS": KIND_LABELS}


def page_number() -> int:
    """The ``page`` query parameter, clamped to a sane range (never an error)."""
    try:
        return min(max(int(request.args.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        return 1


@bp.get("/")
def home():
    kb = knowledge_base()
    latest = sorted(kb.content.all(), key=lambda d: d.date or "", reverse=True)[:10]
    return render_template("home.html", latest=latest, excerpt=plain_excerpt)


@bp.get("/search")
def search():
    query = request.args.get("q", "").strip()
    results = knowledge_base().engine.search(query, page=page_number(), pagelen=PAGE_SIZE) if query else None
    return render_template("search.html", q=query, results=results)


@bp.get("/doc/<doc_id>")
def document(doc_id: str):
    doc = knowledge_base().content.get(doc_id)
    rendered = render_markdown(doc.body)
    return render_template("document.html", doc=doc, body=rendered.html, toc=rendered.toc,
                           kinds=KINDS)
