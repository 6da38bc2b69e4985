"""What a collection item cites: a passage's text, label, revision and legal status, and later changes.

A passage is found in the document's rendered HTML by its anchor (the ids of :mod:`kb.documents.render`, the
same as the permalinks ``/doc/<id>/a/<anchor>``): an article is its heading and everything up to
the next heading of the same or a higher level; a clause is its list item and the points that follow
it; a paragraph is itself; no anchor is the whole document. The text keeps the numbers of clauses
("1. …") and the letters of points ("a) …"), one block per line, so exports print them as the law
does.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

from kb.editing import revisions
from kb.documents.content import Document, build_document
from kb.errors import DocumentNotFound, KBError
from kb.documents.library import UNKNOWN, library_for
from kb.documents.parts import Paged
from kb.editing.revisions import DiffLine
from kb.knowledge_base import knowledge_base
from kb.web.pages import document_pages

log = logging.getLogger(__name__)

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_ANCHOR_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,150}$")
MAX_DIFF_LINES = 60  # a whole document's changes are shown in part


class PassageError(KBError):
    """What was pasted is not a passage's link or anchor; for the user."""


class PassageNotFound(DocumentNotFound):
    """The document has no such passage (HTTP 404)."""


def legal_status(doc: Document) -> str:
    """The legal status of ``doc`` ("còn hiệu lực", "hết hiệu lực toàn bộ"…) as the library
    computes it (:mod:`kb.documents.library`: an editor's ``validity``, else effective dates and the texts
    that replace, repeal or amend it); "" for a document that is no legal text or of unknown status.
    The one place collections read a law's validity."""
    library = library_for(knowledge_base().content)
    validity = library.validity(doc.id) if doc.id in library.documents else None
    return validity.status if validity and validity.status != UNKNOWN else ""


def normalize_anchor(raw: str) -> str:
    """The anchor in what a trainer pasted: ``dieu-4``, ``#dieu-4`` or a whole permalink.

    >>> [normalize_anchor(s) for s in ("", " #dieu-4 ", "https://kb.vn/doc/luat/a/dieu-51-khoan-2",
    ...                                "/doc/luat?phan=3#dieu-51")]
    ['', 'dieu-4', 'dieu-51-khoan-2', 'dieu-51']
    """
    text = raw.strip()
    if "#" in text:
        text = text.rsplit("#", 1)[1]
    elif "/a/" in text:
        text = text.rsplit("/a/", 1)[1].split("?", 1)[0]
    text = text.strip().strip("/").lower()
    if text and not _ANCHOR_RE.match(text):
        raise PassageError("Đoạn trích không hợp lệ: hãy dán phần sau dấu # của liên kết (ví dụ dieu-4-khoan-1).")
    return text


@dataclass(frozen=True)
class Cited:
    """A passage as it reads now: what an item records when it is added or brought up to date."""

    doc_id: str
    anchor: str  # as found: a clause the article does not number is cited as the article
    section: str  # "Khoản 1 Điều 51"; "" for the whole document
    text: str
    validity: str
    meta: str  # the document's front matter as JSON
    revision_id: int | None = None

    def digest(self) -> str:
        """A fingerprint of the text and the status, to remember a version the trainer declined."""
        return hashlib.sha256(f"{self.text}\0{self.validity}".encode()).hexdigest()


def _text(element: Tag) -> str:
    return " ".join(element.get_text().split())


def _block_lines(block) -> list[str]:
    """The lines of one top-level block: list items numbered as rendered, table rows cell by cell."""
    if not isinstance(block, Tag):
        return []
    if block.name == "ol":
        start = int(block.get("start") or 1)
        return [f"{start + i}. {_text(li)}" for i, li in enumerate(block.find_all("li", recursive=False))]
    if block.name == "ul":
        return [f"• {_text(li)}" for li in block.find_all("li", recursive=False)]
    if block.name == "table":
        return [" | ".join(_text(cell) for cell in row.find_all(("th", "td"))) for row in block.find_all("tr")]
    text = _text(block)
    return [text] if text else []


@functools.lru_cache(maxsize=8)
def _parsed(html: str) -> tuple[BeautifulSoup, dict[str, Tag]]:
    """The body parsed once (the Law on Children takes most of a second), without its permalinks,
    and its elements by id. Only read afterwards, so threads may share it."""
    soup = BeautifulSoup(html, "html.parser")
    for permalink in soup.select("a.pl"):
        permalink.decompose()
    return soup, {element["id"]: element for element in soup.find_all(id=True)}


def _passage_lines(html: str, anchor: str) -> list[str] | None:
    soup, by_id = _parsed(html)
    if not anchor:
        return [line for block in soup.children for line in _block_lines(block)]
    element = by_id.get(anchor)
    if element is None:
        return None
    if element.name in _HEADINGS:
        lines = [_text(element)]
        for sibling in element.find_next_siblings():
            if sibling.name in _HEADINGS and sibling.name <= element.name:
                break
            lines += _block_lines(sibling)
        return lines
    if element.name == "li":
        number = ""
        if element.parent is not None and element.parent.name == "ol":
            items = element.parent.find_all("li", recursive=False)
            number = f"{int(element.parent.get('start') or 1) + items.index(element)}. "
        lines = [number + _text(element)]
        # The points of a clause are the paragraphs after its list ("a) …" anchored "…-diem-a").
        for sibling in (element.parent.find_next_siblings() if element.parent is not None else []):
            if not str(sibling.get("id", "")).startswith(f"{anchor}-diem-"):
                break
            lines.append(_text(sibling))
        return lines
    return _block_lines(element)


def cite(doc: Document, anchor: str, record: bool = False, paged: Paged | None = None) -> Cited | None:
    """The passage ``anchor`` of ``doc`` as it reads now, None if the document has no such passage.

    With ``record``, the document's file is recorded as a revision if it is not one yet (as the
    editor does), and the revision's id is kept, so the item says which version it quotes.
    ``paged`` is the document's :func:`kb.web.site.document_pages`, when the caller already has it.
    """
    paged = paged or document_pages(doc)
    found = paged.locate(anchor) if anchor else ""
    if found is None:
        return None
    lines = _passage_lines(paged.rendered.html, found)
    if lines is None:
        return None
    revision_id = None
    if record:
        revisions.current(doc.id, doc.to_markdown())
        revision_id = revisions.latest(doc.id, in_file=True).id
    meta = json.dumps(doc.front_matter(), ensure_ascii=False, default=str)
    return Cited(doc.id, found, paged.rendered.labels.get(found, ""), "\n".join(lines), legal_status(doc),
                 meta, revision_id)


def cited_document(doc_id: str, meta: str) -> Document:
    """The document as it was when an item cited it (its metadata, no body): what citations use."""
    return build_document(json.loads(meta), "", doc_id)


@dataclass(frozen=True)
class ItemState:
    """How an item compares with its document today."""

    available: bool  # the document and the passage are still on the site
    current: Cited | None = None
    text_changed: bool = False
    validity_changed: bool = False
    kept: bool = False  # the trainer chose to keep the cited version over exactly this one
    diff: list[DiffLine] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """The text or the status differs from what the item cites."""
        return self.text_changed or self.validity_changed

    @property
    def flagged(self) -> bool:
        """A change the trainer has not seen yet (or the passage is gone): say "văn bản đã thay đổi"."""
        return not self.available or (self.changed and not self.kept)


def state_of(item, doc: Document | None, paged: Paged | None = None) -> ItemState:
    """Compare ``item`` (a row of ``collection_items``) with ``doc`` now (None: deleted or unpublished)."""
    current = cite(doc, item["anchor"], paged=paged) if doc is not None else None
    if current is None:
        return ItemState(available=False)
    text_changed = current.text != item["cited_text"]
    lines = revisions.diff(item["cited_text"], current.text) if text_changed else []
    return ItemState(available=True, current=current, text_changed=text_changed,
                     validity_changed=current.validity != item["validity"],
                     kept=item["kept_digest"] == current.digest(), diff=lines[:MAX_DIFF_LINES])
