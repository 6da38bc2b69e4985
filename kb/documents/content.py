"""The content store: one document per ``content/<id>.md`` file, YAML front matter + Markdown.

The files are the source of truth; the index is derived from them. Writes go to a temporary file
in the same folder, are flushed to disk and renamed over the target, so a crash never leaves a
half-written document.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import logging
import os
import re
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import frontmatter
import yaml

from kb.errors import DocumentNotFound, InvalidDocument, InvalidId

log = logging.getLogger(__name__)

KINDS = ("law", "admin", "guidance", "workshop", "news")
# Kinds cited by number, issuer and date of issue (legal normative texts and administrative papers).
OFFICIAL_KINDS = ("law", "admin")
ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Files of content/ that are not documents: the format's description and editable data.
NOT_DOCUMENTS = {"README.md"}
STALE_TEMPORARY_SECONDS = 3600
_CACHED_BODIES = 64  # documents whose body the store keeps in memory (the most recently read)


@dataclass
class Document:
    """One knowledge-base document. Field names are the front-matter keys (see content/README.md)."""

    id: str
    title: str
    kind: str = "news"
    date: str = ""  # ISO 8601, possibly partial ("2018-07"), "" when unknown
    tags: list[str] = field(default_factory=list)
    source: dict = field(default_factory=dict)  # {"url": ..., "publisher": ...}
    places: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    language: str = "vi"
    summary: str = ""
    number: str = ""  # legal documents: số hiệu, e.g. "102/2016/QH13"
    issuer: str = ""
    issued: str = ""
    body: str = ""
    extra: dict = field(default_factory=dict)  # front-matter keys this version does not know

    def __post_init__(self):
        self.body = self.body.strip()  # the file format adds exactly one final newline

    def to_dict(self) -> dict:
        """Front matter and body as one plain mapping (what the search package indexes)."""
        data = asdict(self)
        data.update(data.pop("extra"))
        return data

    def front_matter(self) -> dict:
        """The front matter to write, without empty optional fields."""
        data = self.to_dict()
        data.pop("body")
        required = {"id", "title", "kind", "date", "language"}
        return {k: v for k, v in data.items() if k in required or v not in ("", [], {}, None)}

    def to_markdown(self) -> str:
        """The file text: ``---`` YAML front matter ``---`` then the Markdown body."""
        post = frontmatter.Post(self.body.strip() + "\n", **self.front_matter())
        return frontmatter.dumps(post, sort_keys=False, allow_unicode=True, width=100) + "\n"


def _as_text(value) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return "" if value is None else str(value)


def _as_list(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]


def validate_id(doc_id: str) -> str:
    """Return ``doc_id`` if it is a safe slug; raise :class:`InvalidId` otherwise.

    >>> validate_id("luat-102-2016-qh13")
    'luat-102-2016-qh13'
    """
    if not isinstance(doc_id, str) or not ID_RE.match(doc_id):
        raise InvalidId(f"invalid document id {doc_id!r}: use lowercase letters, digits and '-'")
    return doc_id


def parse_document(text: str, fallback_id: str = "") -> Document:
    """Parse a content file's text; raise :class:`InvalidDocument` with the reason if it is broken."""
    try:
        post = frontmatter.loads(text)
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        # PyYAML raises ValueError for an impossible date (2018-02-30), python-frontmatter
        # TypeError for a non-text key and ValueError for broken JSON front matter.
        raise InvalidDocument(f"front matter is not valid: {exc}") from exc
    return build_document(dict(post.metadata), post.content, fallback_id)


def build_document(meta: dict, body: str, fallback_id: str = "") -> Document:
    """A validated :class:`Document` from front-matter fields and a body.

    >>> build_document({"title": "Luật Trẻ em", "kind": "law", "date": "2016-04-05"}, "", "luat").id
    'luat'
    """
    known = {f.name for f in fields(Document)} - {"body", "extra"}
    doc_id = validate_id(_as_text(meta.get("id") or fallback_id))
    title = _as_text(meta.get("title")).strip()
    if not title:
        raise InvalidDocument(f"{doc_id}: the front matter has no title")
    kind = _as_text(meta.get("kind") or "news")
    if kind not in KINDS:
        raise InvalidDocument(f"{doc_id}: kind {kind!r} is not one of {', '.join(KINDS)}")
    date = _as_text(meta.get("date"))
    if date and not DATE_RE.match(date):
        raise InvalidDocument(f"{doc_id}: date {date!r} is not ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)")
    source = meta.get("source") or {}
    if isinstance(source, str):
        source = {"url": source}
    return Document(
        id=doc_id, title=title, kind=kind, date=date,
        tags=_as_list(meta.get("tags")), source=dict(source),
        places=_as_list(meta.get("places")), organizations=_as_list(meta.get("organizations")),
        authors=_as_list(meta.get("authors")), language=_as_text(meta.get("language") or "vi"),
        summary=_as_text(meta.get("summary")), number=_as_text(meta.get("number")),
        issuer=_as_text(meta.get("issuer")), issued=_as_text(meta.get("issued")),
        body=body, extra={k: v for k, v in meta.items() if k not in known},
    )


class ContentStore:
    """The folder of documents."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        # Parsed documents by file without their body, valid while the file is unchanged: pages
        # that list or link every document would otherwise re-read and re-parse the whole folder.
        # Bodies (most of the text) are kept for the most recently read documents only.
        self._parsed: dict[Path, tuple[tuple[int, int, int], Document]] = {}
        self._bodies: OrderedDict[Path, tuple[tuple[int, int, int], str]] = OrderedDict()

    def path_for(self, doc_id: str) -> Path:
        """The file of ``doc_id``; the id is validated so it cannot leave the folder."""
        return self.root / f"{validate_id(doc_id)}.md"

    def exists(self, doc_id: str) -> bool:
        """True if a document with this id is stored."""
        return self.path_for(doc_id).is_file()

    def get(self, doc_id: str, body: bool = True) -> Document:
        """The document ``doc_id``; :class:`DocumentNotFound` if there is none. With
        ``body=False`` its ``body`` is left empty (cheaper, for listings)."""
        shared, text = self._read(doc_id, body)
        document = copy.deepcopy(shared)  # callers may change what they get
        if body:
            document.body = text
        return document

    def _read(self, doc_id: str, body: bool) -> tuple[Document, str]:
        """The parsed document as the store keeps it (shared, without its body) and, if asked
        for, its body; files are parsed again only when they changed."""
        try:
            path = self.path_for(doc_id)
        except InvalidId as exc:
            raise DocumentNotFound(str(exc)) from exc
        try:
            stat = path.stat()
            # every save renames a new file in, so the inode tells saves within one clock tick apart
            stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
            cached = self._parsed.get(path)
            text = self._bodies.get(path)
            if cached is None or cached[0] != stamp or (body and (text is None or text[0] != stamp)):
                document = parse_document(path.read_text(encoding="utf-8"), fallback_id=doc_id)
                cached = self._parsed[path] = (stamp, dataclasses.replace(document, body=""))
                text = (stamp, document.body)
            if body:
                self._bodies[path] = text
                self._bodies.move_to_end(path)
                while len(self._bodies) > _CACHED_BODIES:
                    self._bodies.popitem(last=False)
        except FileNotFoundError:
            raise DocumentNotFound(f"no document {doc_id!r}") from None
        return cached[1], text[1] if body else ""

    def ids(self) -> list[str]:
        """Ids of all stored documents, sorted."""
        try:
            names = os.listdir(self.root)  # not pathlib's glob: this runs on every listing and save
        except FileNotFoundError:
            return []
        return sorted(name[:-3] for name in names
                      if name.endswith(".md") and name not in NOT_DOCUMENTS and ID_RE.match(name[:-3]))

    def all(self, bodies: bool = True) -> Iterator[Document]:
        """Every valid document (without ``bodies``, with empty bodies); a broken file is logged
        and skipped, never fatal to the others."""
        return (document for _doc_id, document in self._each(lambda doc_id: self.get(doc_id, body=bodies)))

    def listing(self) -> Iterator[Document]:
        """Every valid document without its body, as the store keeps it: shared rather than
        copied (copying every document took a second per few thousand), so for readers that
        never change what they get (listings, the legal library)."""
        return (document for _doc_id, document in self.listed())

    def listed(self, ids: Iterable[str] | None = None) -> Iterator[tuple[str, Document]]:
        """``(file id, document)`` of every valid document, or of those of ``ids``, as
        :meth:`listing` gives them (the file id is the document's id unless its front matter
        names another)."""
        return self._each(lambda doc_id: self._read(doc_id, body=False)[0], ids)

    def _each(self, read: Callable[[str], Document],
              ids: Iterable[str] | None = None) -> Iterator[tuple[str, Document]]:
        """``(doc_id, read(doc_id))`` of every document (or of ``ids``); a broken file is
        logged and skipped, and so is a file deleted since the folder was listed."""
        for doc_id in self.ids() if ids is None else ids:
            try:
                yield doc_id, read(doc_id)
            except InvalidDocument as exc:
                log.error("skipping content/%s.md: %s", doc_id, exc)
            except DocumentNotFound:
                continue

    def save(self, document: Document) -> Path:
        """Write ``document`` atomically (temporary file, fsync, rename) and return its path."""
        path = self.path_for(document.id)
        self.root.mkdir(parents=True, exist_ok=True)
        self._remove_stale_temporaries(document.id)
        handle, tmp = tempfile.mkstemp(prefix=f".{document.id}.", suffix=".tmp", dir=self.root)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(document.to_markdown())
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def _remove_stale_temporaries(self, doc_id: str) -> None:
        """Delete what a save of ``doc_id`` killed mid-write left behind (older than an hour, so a
        save under way in another process is never touched)."""
        cutoff = time.time() - STALE_TEMPORARY_SECONDS
        for tmp in self.root.glob(f".{doc_id}.*.tmp"):
            try:
                if tmp.stat().st_mtime < cutoff:
                    tmp.unlink()
            except FileNotFoundError:
                pass
