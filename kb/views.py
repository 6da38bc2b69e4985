"""The pages people read: home, search results with facets, a document and its citations."""
from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from ingest.tags import Taxonomy
from kb import citations, library_web
from kb.content import KINDS, Document
from kb.parts import PART_PARAM, Paged, paginate, part_url
from kb.render import References, Rendered, legal_references, render_markdown
from search.query import MAX_QUERY_TERMS, MAX_TERM_CHARS, limit_query

log = logging.getLogger(__name__)

bp = Blueprint("site", __name__)

KIND_LABELS = {"law": "Văn bản pháp luật", "admin": "Văn bản chỉ đạo, điều hành", "guidance": "Hướng dẫn", "workshop": "Hội thảo – tập huấn",
               "news": "Tin tức"}
# URL parameter -> the engine's filter and facet key; parameters repeat (?tag=a&tag=b).
FILTER_PARAMS = {"kind": "kind", "tag": "tags", "year": "year", "place": "places", "org": "organizations",
                 "status": "validity"}
FILTER_LABELS = {"kind": "Loại tài liệu", "tag": "Chủ đề", "year": "Năm", "place": "Địa bàn",
                 "org": "Tổ chức", "status": "Hiệu lực"}
SORTS = {"relevance": "Phù hợp nhất", "date": "Mới nhất"}
PAGE_SIZE = 10
MAX_PAGE = 100
MAX_PAGELEN = 50  # results per page the API gives at most
MAX_FILTER_VALUES = 10
# ``as_typed=1``: search an accent-free query exactly as typed, without restoring its diacritics.
AS_TYPED_PARAM = "as_typed"
FACET_LIMIT = 8
RELATED_SIZE = 5
HOME_TOPICS = 8
HOME_LATEST = 10
WHOLE_PARAM = "toan-van"  # ?toan-van=1: a long document whole on one page, for printing


def knowledge_base():
    """The :class:`kb.services.KnowledgeBase` of the running app."""
    return current_app.extensions["kb"]


def public_documents():
    """The published documents, without their bodies (drafts and documents in review are for
    editors only)."""
    from kb.review import is_public  # kb.review imports the auth layer, which uses this module

    return (doc for doc in knowledge_base().content.all(bodies=False) if is_public(doc))


@bp.app_template_filter("web_url")
def web_url(url: str) -> str:
    """``url`` if it is an http(s) address, else "" (a hand-written ``javascript:`` never links)."""
    return url if urlsplit(str(url or "")).scheme in ("http", "https") else ""


def readable_document(doc_id: str) -> Document:
    """The document ``doc_id`` if this visitor may read it; 404 for a draft seen by a non-editor."""
    from kb.review import can_read

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
        return library_web.status_label(value)
    return value


@bp.app_context_processor
def labels():
    """Labels every template may use."""
    return {"KIND_LABELS": KIND_LABELS, "FILTER_LABELS": FILTER_LABELS, "SORTS": SORTS,
            "tag_label": tag_label, "facet_label": facet_label, "status_label": library_web.status_label,
            "IN_FORCE": library_web.IN_FORCE_SLUG}


@bp.app_template_filter("vndate")
def vndate(iso: str) -> str:
    """Template filter: an ISO date as dd/mm/yyyy."""
    return citations.format_date_vi(iso or "")


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


@bp.app_template_global()
def search_url(**changes) -> str:
    """The current search URL with ``changes``; a list value replaces a parameter, None drops it.

    Any change other than the page itself sends the user back to page 1.
    """
    args = request.args.to_dict(flat=False)
    if "page" not in changes:
        args.pop("page", None)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value if isinstance(value, list) else [value]
    return url_for("site.search", **args)


@bp.app_template_global()
def facet_url(param: str, value: str) -> str:
    """The current search with the filter ``param=value`` switched on or off."""
    values = request.args.getlist(param)
    values = [v for v in values if v != value] if value in values else values + [value]
    return search_url(**{param: values or None})


@bp.app_template_global()
def unfiltered_url() -> str:
    """The current search with every filter removed."""
    return search_url(**{param: None for param in FILTER_PARAMS})


def newest_first(documents) -> list[Document]:
    """Documents sorted by date, newest first; undated ones last."""
    return sorted(documents, key=lambda d: d.date or "", reverse=True)


@bp.get("/")
def home():
    """Search box, latest documents, and ways to browse by kind and by the most used topics."""
    documents = list(public_documents())
    latest = newest_first(documents)[:HOME_LATEST]
    kinds = [(kind, sum(d.kind == kind for d in documents)) for kind in KINDS]
    topics = Counter(tag for doc in documents for tag in doc.tags).most_common(HOME_TOPICS)
    return render_template("home.html", latest=latest, kinds=kinds, topics=topics,
                           areas=library_web.areas(taxonomy(), documents))


@bp.get("/search")
def search():
    """Results for ``q`` and the filters in the URL, with facets, sorting and pages."""
    query, query_cut = limit_query(request.args.get("q", "").strip())
    filters, sort = request_filters(), request_sort()
    results = run_search(query, filters, sort, page_number(), PAGE_SIZE)
    pages = math.ceil(results.total / results.pagelen) if results else 0
    return render_template("search.html", q=query, results=results, filters=filters, sort=sort,
                           pages=pages, facets=facets_by_param(results) if results else {},
                           facet_limit=FACET_LIMIT, query_cut=query_cut, max_terms=MAX_QUERY_TERMS,
                           max_term_chars=MAX_TERM_CHARS)


@functools.lru_cache(maxsize=32)
def _render_cached(body: str, by_number: tuple, by_title: tuple, cite_url: str, doc_url: str) -> Paged:
    rendered = render_markdown(body, References(dict(by_number), dict(by_title)), cite_url)
    return paginate(rendered, doc_url)


def document_pages(doc: Document) -> Paged:
    """The document's HTML in parts (:mod:`kb.parts`): legal references linked to the documents the
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


bp.add_app_template_global(part_url)


@bp.app_template_global()
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


@functools.lru_cache(maxsize=256)
def _related_cached(engine, doc_id: str, index_version: tuple) -> tuple:
    return tuple(engine.more_like_this(doc_id, limit=RELATED_SIZE))


def related_documents(doc_id: str) -> tuple:
    """Documents like ``doc_id`` (:meth:`SearchEngine.more_like_this`), cached per index version.

    Finding the key terms of the Law on Children takes over 100 ms; the answer only changes when
    the index does (a rebuild swaps the generation, a commit bumps the reader's generation).
    """
    engine = knowledge_base().engine
    version = (engine.store.generation(), engine.searcher().reader().generation())
    return _related_cached(engine, doc_id, version)


def request_part(paged: Paged) -> int:
    """The part asked for with ``?phan=``, 1 without it; 404 for a part the document does not have."""
    number = request.args.get(PART_PARAM, "1")
    # isdigit() accepts "²" and other digits int() refuses: ASCII digits only
    if not (number.isascii() and number.isdigit()) or not 1 <= int(number) <= len(paged.parts):
        abort(404, description=f"Tài liệu không có phần {number}")
    return int(number)


@bp.get("/doc/<doc_id>")
def document(doc_id: str):
    """The document with its metadata, contents, citation box and related documents.

    A long document shows one part (``?phan=2``), with the contents of the whole document;
    ``?toan-van=1`` shows it whole on one page, for printing.
    """
    doc = readable_document(doc_id)
    paged = document_pages(doc)
    whole = request.args.get(WHOLE_PARAM) == "1" and len(paged.parts) > 1
    part = None if whole else paged.parts[request_part(paged) - 1]
    toc = [(level, f"#{anchor}" if whole else paged.url(anchor, part.number), text)
           for level, anchor, text in paged.rendered.toc]
    cite = document_citation(doc, paged.rendered)
    canonical = part_url(cite.url, part.number) if part else cite.url
    legal = library_web.legal_panel(knowledge_base().content, doc)
    body = library_web.add_article_notes(part.html if part else paged.rendered.html, legal.notes)
    return render_template("document.html", doc=doc, body=body, legal=legal,
                           toc=toc, part=part, parts=paged.parts, doc_url=paged.doc_url,
                           whole_url=f"{paged.doc_url}?{WHOLE_PARAM}=1",
                           canonical=canonical, related=related_documents(doc.id), cite=cite, anchor="",
                           citations=citations)


@bp.get("/doc/<doc_id>/a/<anchor>")
def passage(doc_id: str, anchor: str):
    """The stable link to a passage: a redirect to the part holding it (404 for an unknown anchor).

    A reference to a clause that the article does not number ("dieu-36-khoan-1") goes to the article;
    one to an article that the text lacks (the library may hold an excerpt) goes to the text.
    """
    doc = readable_document(doc_id)
    paged = document_pages(doc)
    found = paged.locate(anchor)
    if found is None and _ARTICLE_ANCHOR.match(anchor):
        # The library often holds only some articles of a text (the compendium's excerpts): a
        # reference from another text to an article it lacks opens the text, not a dead end.
        return redirect(url_for("site.document", doc_id=doc_id))
    if found is None:
        abort(404, description=f"Tài liệu không có đoạn #{anchor}")
    return redirect(paged.url(found))


_ARTICLE_ANCHOR = re.compile(r"dieu-\d+[a-z]*(?:-|$)")


@bp.get("/doc/<doc_id>/cite")
def cite(doc_id: str):
    """The citation box alone, for the document or for one passage (``?anchor=dieu-4``)."""
    doc = readable_document(doc_id)
    anchor = request_anchor()
    paged = document_pages(doc)
    item = document_citation(doc, paged.rendered, anchor)
    back = paged.url(anchor) if anchor else paged.doc_url
    return render_template("cite.html", doc=doc, cite=item, anchor=anchor, back=back, citations=citations)


@bp.get("/doc/<doc_id>/cite.<fmt>")
def cite_download(doc_id: str, fmt: str):
    """The citation as a file: ``.ris``, ``.bib`` or ``.json`` (CSL-JSON); ``?anchor=`` for a passage."""
    if fmt not in citations.FORMATS:
        abort(404)
    doc = readable_document(doc_id)
    item = document_citation(doc, render_document(doc), request_anchor())
    media_type, writer = citations.FORMATS[fmt]
    filename = f"{item.id}.{fmt}"
    return current_app.response_class(writer(item), content_type=f"{media_type}; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})
