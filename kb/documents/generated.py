"""Documents that ``kb ingest --origin DIR`` generates from a data folder (``make content``).

Each generated document records in its front matter, under ``origin``, the path of its source
relative to that folder (``corpus/laws/tre-em/56-2017-ND-CP.md``): never a machine path or a time,
so that regenerating writes the same bytes. A re-run replaces only documents it generated: a
hand-written document with the same id is refused, and a generated document whose source is gone
from the folders ingested is removed.
"""
from __future__ import annotations

import logging
from pathlib import Path, PurePosixPath

from kb.documents.content import ContentStore, Document

log = logging.getLogger(__name__)

ORIGIN_KEY = "origin"


def origin_of(path: Path, root: Path) -> str:
    """The source path of a generated document, relative to ``root``, with ``/`` separators."""
    return PurePosixPath(path.resolve().relative_to(root.resolve())).as_posix()


def is_generated(document: Document) -> bool:
    """True for a document that ``make content`` generated (and may replace)."""
    return bool(document.extra.get(ORIGIN_KEY))


def stale(content: ContentStore, root: Path, inputs: list[Path], produced: set[str]) -> list[str]:
    """Ids of generated documents whose source lies under ``inputs`` but produced nothing this run."""
    scopes = [origin_of(p, root) for p in inputs]
    found = []
    for document in content.all(bodies=False):
        origin = str(document.extra.get(ORIGIN_KEY) or "")
        in_scope = any(origin == s or origin.startswith(s.rstrip("/") + "/") or s == "." for s in scopes)
        if origin and in_scope and document.id not in produced:
            found.append(document.id)
    return found
