"""A collection ready to show or export: each item with its state today, its citation and the
number of its source in the collection's source list (one source per document, in order of first
use). Citations are those of :mod:`kb.documents.citations`, made from the document as the item cited it.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass


from kb.documents import citations
from kb.collections import store
from kb.collections.passages import (Cited, ItemState, PassageNotFound, cite, cited_document,
                                     normalize_anchor, state_of)
from kb.documents.content import Document
from kb.errors import DocumentNotFound
from kb.knowledge_base import knowledge_base
from kb.web.pages import document_pages, passage_url

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    """One item of a handout."""

    item: object  # the collection_items row
    state: ItemState
    doc: Document  # the document's metadata as cited
    citation: citations.CitationItem  # of the passage
    source: int  # its number in the source list, from 1


@dataclass(frozen=True)
class Handout:
    """A collection, its entries in order, and its numbered sources."""

    collection: object
    entries: list[Entry]
    sources: list[citations.CitationItem]
    made: dt.date  # the day the handout was made, in Vietnam


def cited_on(item) -> dt.date:
    """The day (in Vietnam) an item's text was taken: its citation's access date."""
    stamp = dt.datetime.fromisoformat(item["cited_on"].replace("Z", "+00:00"))
    return stamp.astimezone(citations.VIETNAM).date()


def published(doc_id: str) -> Document | None:
    """The document ``doc_id`` if anyone may read it now; None if it was deleted or unpublished."""
    from kb.editing.review import is_public

    try:
        doc = knowledge_base().content.get(doc_id)
    except DocumentNotFound:
        return None
    return doc if is_public(doc) else None


def build(collection) -> Handout:
    """The handout of ``collection`` (needs a request: permalinks are absolute URLs)."""
    entries, sources, numbers = [], [], {}
    pages = {}  # doc_id -> (document now or None, its pages): each document is looked at once
    for item in store.items(collection["id"]):
        if item["doc_id"] not in pages:
            now = published(item["doc_id"])
            pages[item["doc_id"]] = (now, document_pages(now) if now is not None else None)
        doc = cited_document(item["doc_id"], item["doc_meta"])
        accessed = cited_on(item)
        if item["doc_id"] not in numbers:
            url = passage_url(item["doc_id"], _external=True)
            sources.append(citations.citation_item(doc, url, accessed))
            numbers[item["doc_id"]] = len(sources)
        source = sources[numbers[item["doc_id"]] - 1]
        source.accessed = max(source.accessed, accessed)
        if item["note"]:
            source.notes.append(f"{item['section']}: {item['note']}" if item["section"] else item["note"])
        url = passage_url(item["doc_id"], item["anchor"], _external=True)
        citation = citations.citation_item(doc, url, accessed, item["section"], item["anchor"])
        entries.append(Entry(item, state_of(item, *pages[item["doc_id"]]), doc, citation,
                             numbers[item["doc_id"]]))
    return Handout(collection, entries, sources, citations.access_date())


def add_passage(collection_id: int, doc: Document, pasted: str, note: str = "") -> Cited:
    """Append the passage of ``doc`` named by ``pasted`` (an anchor or a permalink; "" for the whole
    document) as it reads now, with the trainer's ``note``."""
    anchor = normalize_anchor(pasted)
    cited = cite(doc, anchor, record=True)
    if cited is None:
        raise PassageNotFound(f"Tài liệu không có đoạn #{anchor}.")
    store.add_item(collection_id, cited, note)
    return cited


def follow_document(collection_id: int, item, take: bool) -> bool:
    """Answer a change of an item's document: ``take`` cites the passage as it reads now, otherwise
    the cited version is kept and this change no longer flagged. False if the passage is gone."""
    doc = published(item["doc_id"])
    current = cite(doc, item["anchor"], record=take) if doc is not None else None
    if current is None:
        return False
    if take:
        store.refresh_item(collection_id, item["id"], current)
    else:
        store.keep_item(collection_id, item["id"], current)
    return True
