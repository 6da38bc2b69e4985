"""The one ingest service: what `kb ingest`, `make content` and the editor's upload all run.

A file becomes a :class:`kb.documents.content.Document` the same way everywhere: read and cleaned, its
metadata extracted, places, organisations and topic tags found from the bundled vocabularies
extended by the knowledge base's own ``content/*.yml``, then compared with what is stored: a new
document, an update of the same document (the fields that changed), unchanged, or a near duplicate
of another stored document.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from pathlib import Path

from ingest.duplicates import ShingleIndex
from ingest.errors import IngestError
from ingest.pipeline import Vocabularies, ingest_bytes, ingest_path
from kb.documents import generated
from kb.documents.content import Document, build_document
from kb.errors import KBError
from kb.knowledge_base import KnowledgeBase

log = logging.getLogger(__name__)

ADDED, UPDATED, UNCHANGED, DUPLICATE, REFUSED = "added", "updated", "unchanged", "duplicate", "refused"


@dataclass
class Outcome:
    """What became of one file: its status, the document (unless refused) and why."""

    status: str
    document: Document | None = None
    detail: str = ""  # the changed fields, the duplicated document, or the reason of a refusal


class IngestService:
    """Ingest files into one knowledge base; remembers what it planned, so that a run (or a dry
    run) compares each file with the documents written or planned before it."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.vocabularies = Vocabularies.from_content(kb.content.root)
        self.known = ShingleIndex()
        self.planned: dict[str, Document] = {}
        for doc_id in kb.content.ids():
            try:
                self.known.add(doc_id, kb.content.get(doc_id).body)
            except KBError as exc:
                log.warning("not compared for duplicates: %s", exc)

    def document(self, data: bytes, name: str) -> Document:
        """The validated document that the file's bytes make; :class:`IngestError` or
        :class:`KBError` say why not."""
        draft = ingest_bytes(data, name, self.vocabularies)
        return build_document(draft.metadata, draft.body, draft.id)

    def _stored(self, doc_id: str) -> Document | None:
        if doc_id in self.planned:
            return self.planned[doc_id]
        return self.kb.content.get(doc_id) if self.kb.content.exists(doc_id) else None

    def assess(self, document: Document) -> Outcome:
        """Compare a new document with what is stored (see the module docstring)."""
        stored = self._stored(document.id)
        if stored:
            changed = [f.name for f in fields(document) if f.name != "extra"
                       and getattr(stored, f.name) != getattr(document, f.name)]
            changed += [key for key in {**stored.extra, **document.extra}
                        if stored.extra.get(key) != document.extra.get(key)]
            if not changed:
                return Outcome(UNCHANGED, document)
            return Outcome(UPDATED, document, ", ".join(changed))
        if duplicate := self.known.match(document.body, exclude=document.id):
            return Outcome(DUPLICATE, document,
                           f"duplicate of {duplicate.doc_id} (similarity {duplicate.similarity:.2f})")
        return Outcome(ADDED, document)

    def plan(self, document: Document) -> None:
        """Remember ``document`` as written by this run (for the files that follow)."""
        self.known.add(document.id, document.body)
        self.planned[document.id] = document

    def ingest_file(self, path: Path, dry_run: bool = False, origin: str = "") -> Outcome:
        """Ingest one file into the content folder (not the index: call :meth:`finish` after).

        ``origin`` marks the document as generated from that source (:mod:`kb.documents.generated`): it
        may then replace only a document generated before, never a hand-written one.
        """
        try:
            draft = ingest_path(path, self.vocabularies)
            if origin:
                draft.metadata[generated.ORIGIN_KEY] = origin
            document = build_document(draft.metadata, draft.body, draft.id)
        except (IngestError, KBError) as exc:
            return Outcome(REFUSED, detail=str(exc))
        stored = self._stored(document.id)
        if origin and stored and not generated.is_generated(stored):
            return Outcome(REFUSED, detail=f"{path}: {document.id} is a hand-written document; not replaced")
        outcome = self.assess(document)
        if outcome.status in (ADDED, UPDATED):
            self.plan(document)
            if not dry_run:
                self.kb.content.save(document)
        return outcome

    def finish(self, changed: bool) -> None:
        """Bring the index up to date after a run that wrote documents (or when there is none)."""
        if changed or not self.kb.index.current():
            self.kb.sync_index()
