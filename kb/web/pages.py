"""What the site's pages share: labels, the URL's search parameters, the documents a visitor may
read, and a document rendered in parts with its citation. Blueprints (the site's, the API, feeds,
the editor, collections) take these from here; :mod:`kb.web.site` holds only the reading pages."""
from __future__ import annotations

import functools
import logging
from pathlib import Path

from flask import abort, request, url_for

from ingest.tags import Taxonomy
from kb.documents import citations
from kb.documents.content import Document
from kb.documents.parts import Paged, paginate
from kb.documents.render import References, Rendered, legal_references, render_markdown
from kb.editing.review import can_read, is_public
from kb.knowledge_base import knowledge_base
from kb.web import library_panel
from search.fields import FILTER_KEYS

log = logging.getLogger(__name__)

KIND_LABELS = {"law": "Văn bản pháp luật", "admin": "Văn bản chỉ đạo, điều hành", "guidance": "Hướng dẫn", "workshop": "Hội thảo – tập huấn",
               "news": "Tin tức"}
# URL parameter -> the engine's filter and facet key; parameters repeat (?tag=a&tag=b).
FILTER_PARAMS = {param: FILTER_KEYS[param] for param in ("kind", "tag", "year", "place", "org", "status")}
FILTER_LABELS = {"kind": "Loại tài liệu", "tag": "Chủ đề", "year": "Năm", "place": "Địa bàn",
                 "org": "Tổ chức", "status": "Hiệu lực"}
SORTS = {"relevance": "Phù hợp nhất", "date": "Mới nhất"}
PAGE_SIZE = 10
MAX_PAGE = 100
MAX_PAGELEN = 50  # results per page the API gives at most
MAX_FILTER_VALUES = 10
# ``as_typed=1``: search an accent-free query exactly as typed, without restoring its diacritics.
AS_TYPED_PARAM = "as_typed"


def public_documents():
    """The published documents, without their bodies (drafts and documents in review are for
    editors only)."""
    return (doc for doc in knowledge_base().content.listing() if is_public(doc))


def readable_document(doc_id: str) -> Document:
    """The document ``doc_id`` if this visitor may read it; 404 for a draft seen by a non-editor."""
    doc = knowledge_base().content.get(doc_id)
    if not can_read(doc):
        abort(404)
    return doc


@functools.lru_cache(maxsize=4)
def _taxonomy(content_dir: Path, mtime: float) -> Taxonomy:
    return Taxonomy.for_content(content_dir)


def taxonomy() -> Taxonomy:
    """The knowledge base's taxonomy (bundled, extended by its own ``taxonomy.yml``), read again
    when that file changes."""
    root = knowledge_base().content.root
    own = root / "taxonomy.yml"
    return _taxonomy(root, own.stat().st_mtime if own.is_file() else 0.0)


def tag_label(slug: str) -> str:
    """The Vietnamese label of a topic tag from the taxonomy; an editor's own tag as is."""
    return taxonomy().label(slug)


def facet_label(param: str, value: str) -> str:
    """How a filter value is shown: kinds and tags by their label, the rest as they are."""
    if param == "kind":
        return KIND_LABELS.get(value, value)
    if param == "tag":
        return tag_label(value)
    if param == "status":
        return library_panel.status_label(value)
    return value


def page_number() -> int:
    """The ``page`` query parameter, clamped to a sane range (never an error)."""
    try:
        return min(max(int(request.args.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        return 1


def request_filters() -> dict[str, list[str]]:
    """The filters in the URL, by URL parameter: ``{"kind": ["law"], "tag": [...]}``."""
    filters = {}
    for param in FILTER_PARAMS:
        values = [v.strip() for v in request.args.getlist(param) if v.strip()]
        if values:
            filters[param] = list(dict.fromkeys(values))[:MAX_FILTER_VALUES]
    return filters


def request_sort() -> str:
    """The ``sort`` parameter if it is known, else relevance."""
    sort = request.args.get("sort", "relevance")
    return sort if sort in SORTS else "relevance"


def run_search(query: str, filters: dict[str, list[str]], sort: str, page: int, pagelen: int):
    """Search with URL-style ``filters``; None when there is neither a query nor a filter.

    The diacritics of an accent-free query are restored unless the URL says ``as_typed=1``.
    """
    if not query and not filters:
        return None
    engine_filters = {FILTER_PARAMS[param]: values for param, values in filters.items()}
    return knowledge_base().engine.search(query, page=page, pagelen=pagelen, filters=engine_filters,
                                          sort=sort, restore=request.args.get(AS_TYPED_PARAM) != "1")


def facets_by_param(results) -> dict[str, list[tuple[str, int]]]:
    """The engine's facet counts keyed by URL parameter, in :data:`FILTER_PARAMS` order."""
    return {param: results.facets.get(key, []) for param, key in FILTER_PARAMS.items()}


def newest_first(documents) -> list[Document]:
    """Documents sorted by date, newest first; undated ones last."""
    return sorted(documents, key=lambda d: d.date or "", reverse=True)


@functools.lru_cache(maxsize=32)
def _render_cached(body: str, by_number: tuple, by_title: tuple, cite_url: str, doc_url: str) -> Paged:
    rendered = render_markdown(body, References(dict(by_number), dict(by_title)), cite_url)
    return paginate(rendered, doc_url)


def document_pages(doc: Document) -> Paged:
    """The document's HTML in parts (:mod:`kb.documents.parts`): legal references linked to the documents the
    knowledge base holds, and a link to the citation of each heading.

    Rendering the Law on Children takes a tenth of a second, so results are cached by body and
    references (a changed document or a new law gives a new key), and cut into parts once.
    """
    references = legal_references(public_documents(),
                                  lambda doc_id: url_for("site.document", doc_id=doc_id), exclude=doc.id)
    return _render_cached(doc.body, tuple(sorted(references.by_number.items())),
                          tuple(sorted(references.by_title.items())), url_for("site.cite", doc_id=doc.id),
                          url_for("site.document", doc_id=doc.id))


def render_document(doc: Document) -> Rendered:
    """The whole document's HTML, contents and anchors, as :func:`document_pages` renders it."""
    return document_pages(doc).rendered


def request_anchor() -> str:
    """The passage to cite, from ``?anchor=`` (a leading ``#`` pasted with it is ignored)."""
    return request.args.get("anchor", "").strip().lstrip("#")


def passage_url(doc_id: str, anchor: str = "", **values) -> str:
    """The stable link to a passage of a document, whatever part it is in (:func:`passage`); the
    document itself without ``anchor``."""
    if not anchor:
        return url_for("site.document", doc_id=doc_id, **values)
    return url_for("site.passage", doc_id=doc_id, anchor=anchor, **values)


def document_citation(doc: Document, rendered: Rendered, anchor: str = "") -> citations.CitationItem:
    """The citation of ``doc`` or of its passage ``anchor`` (404 if the page has no such anchor)."""
    if anchor and anchor not in rendered.labels:
        abort(404, description=f"Tài liệu không có đoạn #{anchor}")
    url = passage_url(doc.id, anchor, _external=True)
    return citations.citation_item(doc, url, citations.access_date(), rendered.labels.get(anchor, ""), anchor)
