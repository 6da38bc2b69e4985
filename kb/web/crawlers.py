"""For search engines: ``robots.txt`` (what not to crawl) and ``sitemap.xml`` (every public document).

Crawlers are kept away from pages that only cost CPU or are private: search results, the API,
writing, history, review, administration and login. The sitemap lists the home page and every
published document with the time its content file last changed; its links use the public
address (behind a trusted proxy, the one the proxy forwards).
"""
from __future__ import annotations

import logging
import xml.etree.ElementTree as etree

from flask import Blueprint, current_app, url_for

from kb.web.feeds import _modified, _sub, _xml_response
from kb.knowledge_base import knowledge_base
from kb.web.pages import public_documents

log = logging.getLogger(__name__)

bp = Blueprint("crawlers", __name__)

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_SITEMAP_URLS = 50_000  # the protocol's limit for one file
DISALLOWED = ("/search", "/api/", "/edit/", "/history/", "/review", "/delete/", "/trash", "/admin/",
              "/login", "/logout")


@bp.get("/robots.txt")
def robots():
    """Crawl the documents, not the search results nor the private pages; where the sitemap is."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED),
             f"Sitemap: {url_for('crawlers.sitemap', _external=True)}", ""]
    return current_app.response_class("\n".join(lines), content_type="text/plain; charset=utf-8")


@bp.get("/sitemap.xml")
def sitemap():
    """The home page and every published document, with its last change."""
    store = knowledge_base().content
    root = etree.Element("urlset", {"xmlns": SITEMAP})
    _sub(_sub(root, "url"), "loc", url_for("site.home", _external=True))
    documents = sorted(public_documents(), key=lambda doc: doc.id)
    if len(documents) >= MAX_SITEMAP_URLS:
        log.warning("sitemap: %d documents, only the first %d listed", len(documents), MAX_SITEMAP_URLS - 1)
    for doc in documents[:MAX_SITEMAP_URLS - 1]:
        entry = _sub(root, "url")
        _sub(entry, "loc", url_for("site.document", doc_id=doc.id, _external=True))
        _sub(entry, "lastmod", _modified(store.path_for(doc.id)).isoformat())
    return _xml_response(root, "application/xml")
