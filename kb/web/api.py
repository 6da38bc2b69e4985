"""The JSON API: search with filters and facets, one document, and its OpenAPI description.

Errors are JSON too (``{"error": {"status", "message", "detail"}}``, see :mod:`kb.web.error_pages`).
"""
from __future__ import annotations

import logging
import math

from flask import Blueprint, abort, jsonify, request, url_for

from kb.documents import citations
from kb.web import openapi
from kb.web.library_panel import relation_json, status_label
from kb.web.pages import (FILTER_PARAMS, KIND_LABELS, MAX_PAGE, MAX_PAGELEN, PAGE_SIZE, SORTS,
                      document_citation, facet_label, facets_by_param, knowledge_base, passage_url,
                      readable_document, render_document, request_filters, run_search)

log = logging.getLogger(__name__)

bp = Blueprint("api", __name__, url_prefix="/api")


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter within ``[low, high]``; a 400 error otherwise."""
    raw = request.args.get(name, "")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        abort(400, description=f"Tham số {name} phải là số nguyên.")
    if not low <= value <= high:
        abort(400, description=f"Tham số {name} phải trong khoảng {low}–{high}.")
    return value


def _hit_json(hit) -> dict:
    return {**hit.as_json(), "url": passage_url(hit.doc_id, hit.anchor), "number": hit.number,
            "publisher": hit.publisher, "tags": hit.tags, "places": hit.places, "organizations": hit.organizations,
            "status": status_label(hit.validity).lower() if hit.validity else None}


@bp.get("/search")
def search():
    """Search with ``q``, filters (``kind``, ``tag``, ``year``, ``place``, ``org``, ``status``), ``sort``,
    pages; ``as_typed=1`` keeps an accent-free query as typed (no ``interpreted`` reading)."""
    query = request.args.get("q", "").strip()
    sort = request.args.get("sort", "relevance")
    if sort not in SORTS:
        abort(400, description=f"Tham số sort phải là một trong: {', '.join(SORTS)}.")
    page = _int_arg("page", 1, 1, MAX_PAGE)
    pagelen = _int_arg("pagelen", PAGE_SIZE, 1, MAX_PAGELEN)
    filters = request_filters()
    results = run_search(query, filters, sort, page, pagelen)
    total = results.total if results else 0
    facets = facets_by_param(results) if results else {param: [] for param in FILTER_PARAMS}
    return jsonify({
        "query": query,
        "filters": filters,
        "sort": sort,
        "total": total,
        "page": page,
        "pagelen": pagelen,
        "pages": math.ceil(total / pagelen),
        "seconds": round(results.seconds, 4) if results else 0.0,
        "suggestion": results.suggestion if results else None,
        "interpreted": results.interpreted if results else None,
        "facets": {param: [{"value": value, "label": facet_label(param, value), "count": count}
                           for value, count in values] for param, values in facets.items()},
        "results": [_hit_json(hit) for hit in results.hits] if results else [],
    })


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    """One document: metadata, Markdown body, contents, every citable anchor, citations."""
    doc = readable_document(doc_id)
    rendered = render_document(doc)
    item = document_citation(doc, rendered)
    downloads = {fmt: url_for("site.cite_download", doc_id=doc.id, fmt=fmt) for fmt in citations.FORMATS}
    return jsonify({
        "id": doc.id, "title": doc.title, "kind": doc.kind, "kind_label": KIND_LABELS[doc.kind],
        "date": doc.date, "tags": doc.tags, "places": doc.places, "organizations": doc.organizations,
        "authors": doc.authors, "language": doc.language, "summary": doc.summary,
        "number": doc.number, "issuer": doc.issuer, "issued": doc.issued,
        **relation_json(knowledge_base().content, doc),
        "source": {"url": doc.source.get("url", ""), "publisher": doc.source.get("publisher", "")},
        "url": url_for("site.document", doc_id=doc.id),
        "body": doc.body,
        "toc": [{"level": level, "anchor": anchor, "text": text} for level, anchor, text in rendered.toc],
        "anchors": rendered.labels,
        "citation": {"vietnamese": citations.vietnamese(item), "apa": citations.apa(item),
                     "ris": downloads["ris"], "bibtex": downloads["bib"], "csl_json": downloads["json"]},
    })


@bp.get("/openapi.json")
def openapi_json():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi.document())
