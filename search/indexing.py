"""Build and update the whoosh index of passages, safely.

Layout of the index root (``instance/index``)::

    CURRENT          name of the generation that serves, replaced atomically
    write.lock       held (flock) by whoever writes; others wait their turn
    gen-<stamp>/     a complete whoosh index, and FORMAT: the search.fields.INDEX_FORMAT it was built with

A rebuild writes a new generation and only then points ``CURRENT`` at it, so a crash mid-rebuild
leaves the previous index serving; the half-built directory is removed by the next writer.
Incremental updates compare each document's content hash with the one stored in the index
(as Moin 2 does) and touch only what changed.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.query import Term
from whoosh.writing import MERGE_SMALL, NO_MERGE

from search import fields as F
from search.errors import IndexMissing
from search.normalize import clean_text, strip_diacritics
from search.passages import content_hash, split_passages
from search.schema import build_schema
from search.segment_workers import write_segments

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
FORMAT = "FORMAT"
_LOCK = "write.lock"
_WRITER_MB = 512
# Segments up to this size (the ones edits add) are merged by whoosh's policy as they accumulate.
_SMALL_SEGMENT_PASSAGES = 300
# Small segments left by saves before they are merged: a few cost a search little.
_MERGE_AFTER_SEGMENTS = 6


@dataclass
class SyncReport:
    """What an incremental update did, by document id."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0


def document_version(document: Mapping) -> str:
    """Fingerprint of everything about a document that the index holds."""
    return content_hash(json.dumps(document, sort_keys=True, ensure_ascii=False, default=str))


def _joined(values) -> str:
    return ",".join(str(v).replace(",", " ") for v in values or [])


def passage_fields(document: Mapping) -> list[dict]:
    r"""The whoosh documents for one knowledge-base document (a mapping of its front matter + body).

    >>> [p["uid"] for p in passage_fields({"id": "a", "title": "T", "body": "Mở đầu\n## Điều 1. X\nY"})]
    ['a#', 'a#dieu-1']
    """
    doc_id = document["id"]
    date = str(document.get("date") or "")
    number = str(document.get("number") or "").replace(" ", "")
    source = document.get("source") or {}
    shared = {
        F.DOC_ID: doc_id,
        F.DOC_VERSION: f"{doc_id}:{document_version(document)}",
        F.TITLE: clean_text(document.get("title") or ""),
        F.NUMBER: " ".join(dict.fromkeys([number, strip_diacritics(number)])).strip(),
        F.KIND: document.get("kind") or "",
        F.STATUS: str(document.get("status") or "published"),
        F.VALIDITY: str(document.get("validity") or ""),
        F.DATE: date,
        F.YEAR: date[:4],
        F.TAGS: _joined(document.get("tags")),
        F.PLACES: _joined(document.get("places")),
        F.ORGANIZATIONS: _joined(document.get("organizations")),
        F.PUBLISHER: source.get("publisher") or "" if isinstance(source, Mapping) else "",
    }
    shared[F.TITLE_PLAIN] = shared[F.TITLE]
    # Text reaches the index in one canonical form (NFC, no zero-width or decorative characters)
    # whatever its source, so that stored text, tokens and highlight offsets agree.
    passages = split_passages(clean_text(document.get("body") or ""))
    if not passages:  # a document with a title only is still findable by it
        passages = split_passages(clean_text(document.get("summary") or shared[F.TITLE]))
    fields = []
    for passage in passages:
        heading = " › ".join(filter(None, [passage.context, passage.heading]))
        fields.append({
            **shared,
            F.UID: f"{doc_id}#{passage.anchor}",
            F.ANCHOR: passage.anchor,
            F.ARTICLE: passage.anchor if passage.anchor.startswith("dieu-") else "",
            F.POSITION: passage.position,
            F.HEADING: passage.heading,
            F.HEADING_PLAIN: heading,
            F.CONTEXT: passage.context,
            F.BODY: passage.text,
            F.BODY_PLAIN: passage.text,
        })
    return fields


def _writer(ix):
    """A writer whose segments stay separate files: whoosh copies a file of a compound segment
    into memory when a reader opens it, so every searcher would hold the whole index in RAM."""
    return ix.writer(limitmb=_WRITER_MB, compound=False)


def _adding(segments: list, policy=NO_MERGE):
    """The merge policy ``policy`` that also lists ``segments``, written beside the writer
    (search.segment_workers), in the commit's table of contents."""
    return lambda writer, existing: policy(writer, existing) + segments


def _merge_small_segments(writer, segments):
    """whoosh's MERGE_SMALL among the segments that edits add, never touching the large segments
    of a rebuild: merging one of those would hold an editor's save for seconds."""
    small = [s for s in segments if s.doc_count_all() < _SMALL_SEGMENT_PASSAGES]
    return [s for s in segments if s not in small] + MERGE_SMALL(writer, small)


def _live(reader, fieldname: str, text) -> bool:
    # The lexicon keeps the terms of deleted passages until segments merge: only live ones count.
    return (fieldname, text) in reader and reader.postings(fieldname, text).is_active()


def _indexed_versions(ix, doc_ids: Iterable[str] | None = None) -> dict[str, str]:
    """``{doc id: indexed version}`` of every indexed document, or of ``doc_ids`` only (a lookup
    each, where listing every document of a large index takes a noticeable part of a second)."""
    with ix.reader() as reader:
        if doc_ids is None:
            terms = reader.lexicon(F.DOC_VERSION)
        else:
            terms = [t for d in doc_ids if _live(reader, F.DOC_ID, d)
                     for t in reader.expand_prefix(F.DOC_VERSION, f"{d}:")]
        return dict((t.decode("utf-8") if isinstance(t, bytes) else t).rsplit(":", 1)
                    for t in terms if _live(reader, F.DOC_VERSION, t))


class IndexStore:
    """The index root: which generation serves, the writer lock, rebuilds and updates."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    # -- reading -------------------------------------------------------------------------------
    def generation(self) -> str | None:
        """Name of the generation that serves now, or None if there is no index yet."""
        try:
            name = (self.root / CURRENT).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name if name and (self.root / name).is_dir() else None

    def exists(self) -> bool:
        """True when a complete index is ready to serve."""
        return self.generation() is not None

    def format(self) -> int | None:
        """The :data:`search.fields.INDEX_FORMAT` the serving index was built with; None when there
        is no index or it predates format files."""
        name = self.generation()
        try:
            return int((self.root / name / FORMAT).read_text(encoding="utf-8")) if name else None
        except (FileNotFoundError, ValueError):
            return None

    def current(self) -> bool:
        """True when an index exists and was built with this version's fields, analysis and
        boosts (:data:`search.fields.INDEX_FORMAT`); else it must be rebuilt."""
        return self.format() == F.INDEX_FORMAT

    def open(self):
        """The serving whoosh index; raises :class:`IndexMissing` when none was built."""
        name = self.generation()
        if name is None:
            raise IndexMissing(f"no index in {self.root}; build it with `kb index`")
        return whoosh_index.open_dir(str(self.root / name))

    def versions(self) -> dict[str, str]:
        """``{doc_id: content hash}`` of every indexed document, read from the term lexicon."""
        return _indexed_versions(self.open())

    # -- writing -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        """Hold the index for writing; a second writer (thread or process) waits, never fails."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / _LOCK, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def rebuild(self, documents: Iterable[Mapping]) -> int:
        """Index ``documents`` into a new generation and swap it in; returns the passage count.

        ``documents`` is consumed under the write lock, so a lazy iterable reads the content that
        is current when the rebuild starts and no update can slip in between.
        """
        with self.write_lock():
            self._remove_stale()
            name = f"gen-{time.time_ns():020d}-{os.getpid()}"  # names sort by age
            path = self.root / name
            path.mkdir()
            ix = whoosh_index.create_in(str(path), build_schema())
            writer = None
            try:
                writer = _writer(ix)
                segments = write_segments(ix, (passage_fields(d) for d in documents))
                writer.commit(mergetype=_adding(segments))
            except BaseException:
                if writer is not None and not writer.is_closed:
                    writer.cancel()
                shutil.rmtree(path, ignore_errors=True)
                raise
            count = sum(s.doc_count_all() for s in segments)
            (path / FORMAT).write_text(str(F.INDEX_FORMAT), encoding="utf-8")
            self._point_current_at(name)
            self._remove_stale()
            log.info("rebuilt index %s with %d passages", name, count)
            return count

    def sync(self, documents: Iterable[Mapping], complete: bool = True,
             merge: bool = True) -> SyncReport:
        """Bring the index in line with ``documents`` by comparing content hashes.

        With ``complete`` the documents are the whole collection and indexed documents missing
        from it are deleted; without it only the given documents are added or replaced. Without
        ``merge`` the commit adds its segment and merges nothing (see :meth:`merge_segments`).
        """
        report = SyncReport()
        if not complete:
            documents = list(documents)
        with self.write_lock():
            ix = self.open()
            indexed = _indexed_versions(ix, None if complete else [d["id"] for d in documents])
            writer = _writer(ix)
            seen = set()
            try:
                changed = []
                for document in documents:
                    doc_id = document["id"]
                    seen.add(doc_id)
                    if indexed.get(doc_id) == document_version(document):
                        report.unchanged += 1
                        continue
                    (report.updated if doc_id in indexed else report.added).append(doc_id)
                    writer.delete_by_term(F.DOC_ID, doc_id)
                    changed.append(passage_fields(document))
                if complete:
                    for doc_id in indexed.keys() - seen:
                        writer.delete_by_term(F.DOC_ID, doc_id)
                        report.deleted.append(doc_id)
                segments = write_segments(ix, changed)
            except BaseException:
                writer.cancel()
                raise
            if report.added or report.updated or report.deleted:
                writer.commit(mergetype=_adding(segments, _merge_small_segments if merge else NO_MERGE))
            else:
                writer.cancel()
        return report

    def delete(self, doc_id: str, merge: bool = True) -> None:
        """Remove one document's passages from the serving index."""
        with self.write_lock():
            writer = _writer(self.open())
            writer.delete_by_query(Term(F.DOC_ID, doc_id))
            writer.commit(mergetype=_merge_small_segments if merge else NO_MERGE)

    def merge_segments(self) -> bool:
        """Merge the small segments that updates without ``merge`` left, as whoosh's MERGE_SMALL
        would have at their commit, once there are a few; returns whether it merged.

        Merging costs about a second per few thousand distinct terms, so an editor's save
        commits without it and this runs afterwards (kb.knowledge_base).
        """
        with self.write_lock():
            ix = self.open()
            with ix.reader() as reader:
                small = [r for r, _ in reader.leaf_readers()
                         if r.doc_count_all() < _SMALL_SEGMENT_PASSAGES]
            if len(small) < _MERGE_AFTER_SEGMENTS:
                return False
            _writer(ix).commit(mergetype=_merge_small_segments)
            return True

    def _point_current_at(self, name: str) -> None:
        tmp = self.root / f"{CURRENT}.tmp-{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(name)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.root / CURRENT)

    def _remove_stale(self) -> None:
        """Delete generations that neither serve nor just served, and leftover temporary files."""
        current = self.generation()
        generations = sorted(p for p in self.root.glob("gen-*") if p.is_dir())
        keep = {current}
        older = [p.name for p in generations if p.name != current and p.name < (current or "")]
        if older:
            keep.add(older[-1])  # a reader in another process may still be on the previous one
        for path in generations:
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)
        for tmp in self.root.glob(f"{CURRENT}.tmp-*"):
            tmp.unlink(missing_ok=True)
