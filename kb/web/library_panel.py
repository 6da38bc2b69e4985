"""The library on the site: a text's validity panel, its related texts, notes at changed
articles, the status facet's labels, and the ten areas of the home page."""
from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass

from flask import url_for

from search.legal_terms import VALIDITY_STATUSES
from ingest.tags import Area, Taxonomy
from kb.documents.citations import format_date_vi
from kb.documents.content import ContentStore, Document
from kb.documents.library import (RELATION_LABELS, UNKNOWN, Library, Related, Validity, article_anchor,
                        library_for)
from search.grouping import validity_slug

log = logging.getLogger(__name__)

# Index value -> what readers see ("con-hieu-luc" -> "Còn hiệu lực").
STATUS_LABELS = {validity_slug(s): s[0].upper() + s[1:] for s in (*VALIDITY_STATUSES, UNKNOWN)}
IN_FORCE_SLUG = validity_slug(VALIDITY_STATUSES[-1])
_NOTE_VERBS = {"repealed_by": "bị bãi bỏ bởi", "replaced_by": "được thay thế bởi",
               "amended_by": "được sửa đổi, bổ sung bởi"}


def status_label(slug: str) -> str:
    """The label of an indexed validity value; unknown values as they are."""
    return STATUS_LABELS.get(slug, slug)


@dataclass
class LegalPanel:
    """What a legal text's page shows of its place in the library."""

    validity: Validity | None
    groups: list[tuple[str, list[Related]]]  # (heading, relations), in page order
    notes: dict[str, list[Related]]  # article anchor -> the texts that changed it


def legal_panel(content: ContentStore, doc: Document) -> LegalPanel:
    """The validity, related texts and article notes of ``doc``, from the whole library."""
    library = library_for(content)
    if doc.id not in library.documents:  # a preview of a document not saved yet
        library = Library({**library.documents, doc.id: doc})
    groups: dict[str, list[Related]] = {}
    for relation in library.relations(doc.id):
        groups.setdefault(relation.type, []).append(relation)
    return LegalPanel(library.validity(doc.id),
                      [(RELATION_LABELS[kind], items) for kind, items in groups.items()],
                      library.article_notes(doc.id))


def relation_json(content: ContentStore, doc: Document) -> dict:
    """The API fields of a document's legal status and relations."""
    panel = legal_panel(content, doc)
    return {"status": panel.validity.status if panel.validity else None,
            "status_reason": panel.validity.reason if panel.validity else None,
            "effective": str(doc.extra.get("effective") or "") or None,
            "relations": [r.to_json() for _, items in panel.groups for r in items]}


def _note(anchor: str, relations: list[Related]) -> str:
    """The note placed under a changed article: what changed it, linked to the provision."""
    items = []
    for r in relations:
        touched = [a for a in r.articles if article_anchor(a) == anchor]
        target = url_for("site.passage", doc_id=r.id, anchor=article_anchor(r.provision)) \
            if r.provision else url_for("site.document", doc_id=r.id)
        where = f"{r.provision} " if r.provision else ""
        when = f" từ ngày {format_date_vi(r.effective)}" if r.effective else ""
        items.append(f"{html.escape(', '.join(touched))} {_NOTE_VERBS[r.type]} "
                     f'<a href="{html.escape(target)}">{html.escape(where + r.name)}</a>{when}')
    text = "; ".join(items)
    return f'<p class="article-note" role="note">{text[0].upper() + text[1:]}.</p>'


def add_article_notes(body: str, notes: dict[str, list[Related]]) -> str:
    """``body`` (rendered HTML) with a note after the heading of each changed article."""
    for anchor, relations in notes.items():
        heading = re.search(rf'<h([1-6]) id="{re.escape(anchor)}"[^>]*>.*?</h\1>', body, re.DOTALL)
        if heading:
            body = body[:heading.end()] + _note(anchor, relations) + body[heading.end():]
    return body


def areas(taxonomy: Taxonomy, documents: list[Document]) -> list[tuple[Area, int]]:
    """The taxonomy's areas with how many of ``documents`` each holds."""
    return [(area, sum(1 for d in documents if set(d.tags) & set(area.topics))) for area in taxonomy.areas]
