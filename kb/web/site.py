"""The pages people read (the ``site`` blueprint): home, search results with facets, a document
and its citations."""
from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from kb.documents import citations
from kb.documents.content import KINDS
from kb.documents.parts import PART_PARAM, Paged, part_url
from kb.knowledge_base import knowledge_base
from kb.web import library_panel
from kb.web.pages import (FILTER_LABELS, FILTER_PARAMS, KIND_LABELS, PAGE_SIZE, SORTS, document_citation,
                          document_pages, facet_label, facets_by_param, newest_first, page_number,
                          passage_url, public_documents, readable_document, render_document,
                          request_anchor, request_filters, request_sort, run_search, tag_label, taxonomy)
from search.query import MAX_QUERY_TERMS, MAX_TERM_CHARS, limit_query

log = logging.getLogger(__name__)

bp = Blueprint("site", __name__)

FACET_LIMIT = 8
RELATED_SIZE = 5
HOME_TOPICS = 8
HOME_LATEST = 10
_QUERY_SAFE = "!$'()*,/:;?@"  # left as they are in a query string, as werkzeug's url_for leaves them
WHOLE_PARAM = "toan-van"  # ?toan-van=1: a long document whole on one page, for printing


@bp.app_template_filter("web_url")
def web_url(url: str) -> str:
    """``url`` if it is an http(s) address, else "" (a hand-written ``javascript:`` never links)."""
    return url if urlsplit(str(url or "")).scheme in ("http", "https") else ""


@bp.app_context_processor
def labels():
    """Labels every template may use."""
    return {"KIND_LABELS": KIND_LABELS, "FILTER_LABELS": FILTER_LABELS, "SORTS": SORTS,
            "tag_label": tag_label, "facet_label": facet_label, "status_label": library_panel.status_label,
            "IN_FORCE": library_panel.IN_FORCE_SLUG}


@bp.app_template_filter("vndate")
def vndate(iso: str) -> str:
    """Template filter: an ISO date as dd/mm/yyyy."""
    return citations.format_date_vi(iso or "")


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
    # A results page links to itself a hundred times (facets, sorts, pages): the route is built
    # once per request and the query string encoded as url_for encodes it.
    if "search_path" not in g:
        g.search_path = url_for("site.search")
    query = urlencode([(key, v) for key, values in args.items() for v in values], safe=_QUERY_SAFE)
    return f"{g.search_path}?{query}" if query else g.search_path


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


@bp.get("/")
def home():
    """Search box, latest documents, and ways to browse by kind and by the most used topics."""
    documents = list(public_documents())
    latest = newest_first(documents)[:HOME_LATEST]
    kinds = [(kind, sum(d.kind == kind for d in documents)) for kind in KINDS]
    topics = Counter(tag for doc in documents for tag in doc.tags).most_common(HOME_TOPICS)
    return render_template("home.html", latest=latest, kinds=kinds, topics=topics,
                           areas=library_panel.areas(taxonomy(), documents))


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


bp.add_app_template_global(part_url)
bp.add_app_template_global(passage_url)


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
    legal = library_panel.legal_panel(knowledge_base().content, doc)
    body = library_panel.add_article_notes(part.html if part else paged.rendered.html, legal.notes)
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
