"""The JSON API: ``/api/search``."""
from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from kb.views import PAGE_SIZE, knowledge_base, page_number

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    """``{"query", "total", "results": [{"id", "title", "kind", "date", "url", "snippet", "score"}]}``."""
    query = request.args.get("q", "").strip()
    if not query:
        return jsonify({"query": "", "total": 0, "results": []})
    results = knowledge_base().engine.search(query, page=page_number(), pagelen=PAGE_SIZE)
    return jsonify({
        "query": query,
        "total": results.total,
        "page": results.page,
        "results": [{
            "id": hit.doc_id,
            "title": hit.title,
            "kind": hit.kind,
            "date": hit.date,
            "url": url_for("site.document", doc_id=hit.doc_id, _external=False)
                   + (f"#{hit.anchor}" if hit.anchor else ""),
            "heading": hit.heading,
            "snippet": hit.snippet,
            "score": hit.score,
        } for hit in results.hits],
    })
