"""The knowledge base as one object: the content store and the index derived from it.

Both the CLI and the web app work through :class:`KnowledgeBase`, so saving a document and
updating the index always happen together and in the same way.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from pathlib import Path

from flask import current_app

from kb import config
from kb.documents.content import ContentStore, Document
from kb.documents.library import is_legal, library_for
from search.indexing import IndexStore, SyncReport
from search.searching import SearchEngine
from search.synonyms import domain_dictionary
from search.thesaurus import domain_thesaurus

log = logging.getLogger(__name__)

# The app's KnowledgeBase is app.extensions[EXTENSION] (kb.create_app puts it there).
EXTENSION = "kb"


class KnowledgeBase:
    """Content folder + index folder, and the operations that must keep them in step."""

    def __init__(self, content_dir: Path, instance_dir: Path):
        self.content = ContentStore(content_dir)
        self.instance_dir = Path(instance_dir)
        self.index = IndexStore(self.instance_dir / "index")
        self.engine = SearchEngine(self.index, domain_dictionary(self.content.root),
                                   domain_thesaurus(self.content.root))
        self._merge_lock = threading.Lock()
        self._merge_pending = False

    def index_documents(self) -> Iterable[dict]:
        """What the index holds of each document: its fields and its validity in the library."""
        library = library_for(self.content)
        return (library.index_fields(doc) for doc in self.content.all())

    def make_private(self) -> None:
        """Create the instance and index folders, readable by their owner only."""
        config.make_private_dir(self.index.root)

    def rebuild_index(self) -> int:
        """Rebuild the whole index from ``content/`` into a new generation; returns passages."""
        self.make_private()
        return self.index.rebuild(self.index_documents())

    def sync_index(self) -> SyncReport | None:
        """Update the index to match ``content/``; rebuilds it when there is none or it was built with
        another :data:`search.fields.INDEX_FORMAT` (returns None then)."""
        if not self.index.current():
            self.rebuild_index()
            return None
        return self.index.sync(self.index_documents())

    def save(self, document: Document) -> None:
        """Write one document atomically and make it searchable at once, with the validity of
        the texts it relates to (a new decree may end a circular) brought up to date."""
        stored = self.content.get(document.id, body=False) if self.content.exists(document.id) else None
        legal = is_legal(document) or (stored is not None and is_legal(stored))
        # an article or a workshop report relates to no legal text: no need to read the library
        before = library_for(self.content).neighbours(document.id) if legal else set()
        self.content.save(document)
        if self.index.current():
            library = library_for(self.content) if legal else None
            related = sorted((before | library.neighbours(document.id)) - {document.id}) if library else []
            changed = [document] + [self.content.get(i) for i in related if self.content.exists(i)]
            self.index.sync([library.index_fields(d) if library else {**d.to_dict(), "validity": ""}
                             for d in changed], complete=False, merge=False)
            self.merge_soon()
        else:
            self.rebuild_index()

    def delete_from_index(self, doc_id: str) -> None:
        """Take one document out of search at once."""
        self.index.delete(doc_id, merge=False)
        self.merge_soon()

    def merge_soon(self) -> None:
        """Merge the index's small segments in a background thread, one at a time: a save
        returns as soon as its document is searchable, and segments do not pile up."""
        with self._merge_lock:
            if self._merge_pending:
                return
            self._merge_pending = True
        threading.Thread(target=self._merge, name="kb-index-merge", daemon=True).start()

    def _merge(self) -> None:
        try:
            with self._merge_lock:
                self._merge_pending = False
            self.index.merge_segments()
        except Exception:  # the index stays correct, only less compact: say so and go on
            log.exception("merging index segments failed")


def knowledge_base() -> KnowledgeBase:
    """The :class:`KnowledgeBase` of the running app: how every view, blueprint and hook reaches it."""
    return current_app.extensions[EXTENSION]
