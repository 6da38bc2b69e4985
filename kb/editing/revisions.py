"""Revisions of documents in SQLite (who, when, message, full file text) and readable diffs.

The content file is what readers see. An unpublished edit of a published document is kept as a
*pending* revision instead, so the published text stays online until a reviewer approves the edit;
the newest revision, pending or not, is the editors' working copy. When the file changed outside
the editor (``kb ingest``, a hand edit, a ``git pull``), :func:`current` first records the file as
it is now, so history is complete and an edit form always starts from a known revision.
"""
from __future__ import annotations

import contextlib
import difflib
import logging
from collections.abc import Iterator
from dataclasses import dataclass


from kb.documents.content import Document, parse_document
from kb.db import get_db
from kb.errors import DocumentNotFound
from kb.knowledge_base import knowledge_base

log = logging.getLogger(__name__)

OUTSIDE_AUTHOR = "(ngoài trình soạn thảo)"


class RevisionNotFound(DocumentNotFound):
    """No revision with that id for that document (HTTP 404)."""


@dataclass(frozen=True)
class Revision:
    """One saved version of a document's file."""

    id: int
    doc_id: str
    author: str
    created: str
    message: str
    text: str
    pending: bool = False


@dataclass(frozen=True)
class DiffLine:
    """One line of a unified diff: ``kind`` is "add", "del", "hunk" or "same"."""

    kind: str
    text: str


@contextlib.contextmanager
def writing() -> Iterator[None]:
    """Hold the database's write lock, so a check (conflict, free id) and the save it allows are one
    step: another thread or process saving the same document waits instead of slipping between."""
    db = get_db()
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        if db.in_transaction:
            db.commit()


def _revision(row) -> Revision:
    return Revision(row["id"], row["doc_id"], row["author"], row["created"], row["message"], row["text"],
                    bool(row["pending"]))


def record(doc_id: str, text: str, author: str, message: str = "", pending: bool = False) -> Revision:
    """Store a new revision of ``doc_id`` and return it (``pending``: it is not in the file)."""
    db = get_db()
    cursor = db.execute("INSERT INTO revisions (doc_id, author, message, text, pending) "
                        "VALUES (?, ?, ?, ?, ?)", (doc_id, author, message, text, int(pending)))
    db.commit()
    log.info("revision %d of %s by %s", cursor.lastrowid, doc_id, author)
    return get(doc_id, cursor.lastrowid)


def get(doc_id: str, revision_id: int) -> Revision:
    """Revision ``revision_id`` of ``doc_id``; :class:`RevisionNotFound` otherwise."""
    row = get_db().execute("SELECT * FROM revisions WHERE id = ? AND doc_id = ?",
                           (revision_id, doc_id)).fetchone()
    if row is None:
        raise RevisionNotFound(f"no revision {revision_id} of {doc_id!r}")
    return _revision(row)


def latest(doc_id: str, in_file: bool = False) -> Revision | None:
    """The newest revision of ``doc_id`` (with ``in_file``, the newest one written to the file)."""
    row = get_db().execute("SELECT * FROM revisions WHERE doc_id = ? AND pending <= ? "
                           "ORDER BY id DESC LIMIT 1", (doc_id, 0 if in_file else 1)).fetchone()
    return None if row is None else _revision(row)


def history(doc_id: str) -> list[Revision]:
    """All revisions of ``doc_id``, newest first."""
    rows = get_db().execute("SELECT * FROM revisions WHERE doc_id = ? ORDER BY id DESC", (doc_id,))
    return [_revision(row) for row in rows]


def current(doc_id: str, file_text: str) -> Revision:
    """The working copy's revision, after recording the file if it changed outside the editor."""
    in_file = latest(doc_id, in_file=True)
    if in_file is None or in_file.text != file_text:
        return record(doc_id, file_text, OUTSIDE_AUTHOR, "Phiên bản trong thư mục content/")
    return latest(doc_id)


def working(doc: Document) -> tuple[Revision, Document]:
    """The editors' working copy of ``doc`` (the file, or a newer pending edit) and its revision."""
    revision = current(doc.id, doc.to_markdown())
    return revision, parse_document(revision.text, doc.id) if revision.pending else doc


def diff(old: str, new: str) -> list[DiffLine]:
    """A unified diff of two texts as typed lines (templates escape them; nothing is trusted).

    >>> [(d.kind, d.text) for d in diff("a\\nb\\n", "a\\nc\\n")][-2:]
    [('del', 'b'), ('add', 'c')]
    """
    lines = []
    # the first two lines are the "---" / "+++" file headers
    for line in list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=3))[2:]:
        kind = {"@": "hunk", "+": "add", "-": "del"}.get(line[:1], "same")
        lines.append(DiffLine(kind, line if kind == "hunk" else line[1:]))
    return lines


def save(document: Document, author: str, message: str) -> Revision:
    """Write ``document`` (atomic file write and index update) and record it as a new revision."""
    knowledge_base().save(document)
    return record(document.id, document.to_markdown(), author, message)
