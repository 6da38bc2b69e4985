"""Machine-readable entry points: the Atom feed of new and changed documents, and OpenSearch."""
from __future__ import annotations

import datetime as dt
import logging
import xml.etree.ElementTree as etree

from flask import Blueprint, current_app, url_for

from kb.documents.render import plain_excerpt
from kb.knowledge_base import knowledge_base
from kb.web.pages import KIND_LABELS, public_documents, tag_label

log = logging.getLogger(__name__)

bp = Blueprint("feeds", __name__)

ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
FEED_SIZE = 50
SITE_NAME = "Kho tri thức Bảo vệ trẻ em"


def _xml_response(root: etree.Element, media_type: str):
    body = etree.tostring(root, encoding="unicode", xml_declaration=False)
    return current_app.response_class('<?xml version="1.0" encoding="utf-8"?>\n' + body,
                                      content_type=f"{media_type}; charset=utf-8")


def _sub(parent: etree.Element, tag: str, text: str = "", **attributes) -> etree.Element:
    element = etree.SubElement(parent, tag, attributes)
    if text:
        element.text = text
    return element


def _modified(path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(microsecond=0)


@bp.get("/feed.atom")
def atom():
    """The most recently added or changed documents (by the time their content file changed)."""
    store = knowledge_base().content
    entries = sorted(((_modified(store.path_for(doc.id)), doc) for doc in public_documents()),
                     key=lambda pair: (pair[0], pair[1].date), reverse=True)[:FEED_SIZE]
    feed = etree.Element("feed", {"xmlns": ATOM, "xml:lang": "vi"})
    _sub(feed, "title", f"{SITE_NAME}: tài liệu mới và cập nhật")
    _sub(feed, "id", url_for("site.home", _external=True))
    _sub(feed, "link", href=url_for("feeds.atom", _external=True), rel="self", type="application/atom+xml")
    _sub(feed, "link", href=url_for("site.home", _external=True), rel="alternate", type="text/html")
    updated = entries[0][0] if entries else dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    _sub(feed, "updated", updated.isoformat())
    _sub(_sub(feed, "author"), "name", SITE_NAME)
    for modified, doc in entries:
        url = url_for("site.document", doc_id=doc.id, _external=True)
        entry = _sub(feed, "entry")
        _sub(entry, "title", doc.title)
        _sub(entry, "id", url)
        _sub(entry, "link", href=url, rel="alternate", type="text/html")
        _sub(entry, "updated", modified.isoformat())
        if len(doc.date) == 10:
            _sub(entry, "published", f"{doc.date}T00:00:00+07:00")
        for author in doc.authors:
            _sub(_sub(entry, "author"), "name", author)
        _sub(entry, "category", term=doc.kind, label=KIND_LABELS.get(doc.kind, doc.kind))
        for tag in doc.tags:
            _sub(entry, "category", term=tag, label=tag_label(tag))
        _sub(entry, "summary", doc.summary or plain_excerpt(store.get(doc.id).body, 300), type="text")
    return _xml_response(feed, "application/atom+xml")


@bp.get("/opensearch.xml")
def opensearch():
    """The OpenSearch description that lets a browser add the site as a search engine."""
    root = etree.Element("OpenSearchDescription", {"xmlns": OPENSEARCH})
    _sub(root, "ShortName", "Bảo vệ trẻ em")
    _sub(root, "Description", f"Tìm kiếm trong {SITE_NAME}")
    _sub(root, "InputEncoding", "UTF-8")
    _sub(root, "Language", "vi")
    search = url_for("site.search", _external=True)
    _sub(root, "Url", type="text/html", method="get", template=f"{search}?q={{searchTerms}}")
    api = url_for("api.search", _external=True)
    _sub(root, "Url", type="application/json", method="get", template=f"{api}?q={{searchTerms}}")
    _sub(root, "Url", type="application/opensearchdescription+xml", rel="self",
         template=url_for("feeds.opensearch", _external=True))
    return _xml_response(root, "application/opensearchdescription+xml")
