"""The library's legal graph: relations seen from both sides, and each text's validity.

Documents store only the relations they state themselves (``relations:`` in front matter, see
:mod:`ingest.relations`). :class:`Library` reads every document of the knowledge base and derives
the inverse ones ("guided by", "amended by"...), so adding a decree updates the page of the law it
guides without editing the law. From them and the effective dates it computes each legal text's
validity (:class:`Validity`), which an editor may override in front matter (``validity``,
``validity_reason``). It is rebuilt when any content file changes (:func:`library_for`).
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import re
import threading
from dataclasses import dataclass, field

from ingest.relations import RELATION_TYPES
from kb.documents.citations import format_date_vi
from kb.documents.content import ContentStore, Document
from search import legal_terms
from search.grouping import validity_slug
from search.legal_terms import VALIDITY_STATUSES
from search.normalize import strip_diacritics

log = logging.getLogger(__name__)

INVERSE = {"based_on": "basis_for", "guides": "guided_by", "amends": "amended_by",
           "replaces": "replaced_by", "repeals": "repealed_by"}
# Every type in the order a page lists them, with the heading of its group.
RELATION_LABELS = {
    "based_on": "Văn bản căn cứ", "basis_for": "Là căn cứ ban hành của",
    "guides": "Văn bản được hướng dẫn", "guided_by": "Văn bản hướng dẫn",
    "amends": "Văn bản được sửa đổi, bổ sung", "amended_by": "Văn bản sửa đổi, bổ sung",
    "replaces": "Văn bản bị thay thế", "replaced_by": "Văn bản thay thế",
    "repeals": "Văn bản bị bãi bỏ", "repealed_by": "Văn bản bãi bỏ",
}
IN_FORCE, PARTLY, EXPIRED, NOT_YET = ("còn hiệu lực", "hết hiệu lực một phần", "hết hiệu lực toàn bộ",
                                      "chưa có hiệu lực")
UNKNOWN = "chưa rõ"
assert set(VALIDITY_STATUSES) == {IN_FORCE, PARTLY, EXPIRED, NOT_YET}
# What a document that ends, or changes, another one does to it, for the reason shown.
_ACTIONS = {"replaced_by": "được thay thế bởi", "repealed_by": "bị bãi bỏ bởi",
            "amended_by": "được sửa đổi, bổ sung bởi"}
_ARTICLE = re.compile(r"Điều\s+(\d+[a-zđ]?)", re.IGNORECASE)
_TITLE_WORD = re.compile(r"\w+")


# Every rebuild of the library keys every text again, and mostly the same ones.
@functools.lru_cache(maxsize=65536)
def _number_key(number: str) -> str:
    return strip_diacritics(str(number).replace(" ", "").lower())


@functools.lru_cache(maxsize=65536)
def _title_key(title: str, number: str = "") -> str:
    if number:
        title = title.replace(number, " ")
    return " ".join(strip_diacritics(w.lower()) for w in _TITLE_WORD.findall(title))


def article_anchor(article: str) -> str:
    """The anchor of the article a citation names: "khoản 2 Điều 2" -> ``dieu-2`` ("" if none)."""
    match = _ARTICLE.search(article)
    return legal_terms.article_anchor(match[1]) if match else ""


@dataclass(frozen=True)
class Related:
    """One relation as a page shows it: the other text, in the library (``id``) or not."""

    type: str
    number: str
    title: str
    id: str | None = None
    articles: tuple[str, ...] = ()
    provision: str = ""  # the article of the acting text that states the relation ("Điều 2")
    effective: str = ""  # when the acting text takes effect
    name: str = ""  # short: "Thông tư 30/2019/TT-BYT"

    def to_json(self) -> dict:
        """The API's form of the relation."""
        return {"type": self.type, "number": self.number, "id": self.id, "title": self.title,
                "articles": list(self.articles)}


@dataclass(frozen=True)
class Validity:
    """A legal text's status as far as this library knows, and why."""

    status: str  # one of VALIDITY_STATUSES, or UNKNOWN
    reason: str
    overridden: bool = False

    @property
    def slug(self) -> str:
        """The status as indexed (``con-hieu-luc``...)."""
        return validity_slug(self.status)


def is_legal(doc: Document) -> bool:
    """True for a legal text: it has a number or is of kind law."""
    return bool(doc.number) or doc.kind == "law"


def short_name(doc: Document) -> str:
    """How a reason names a text: "Thông tư 30/2019/TT-BYT", else its title."""
    doc_type = str(doc.extra.get("doc_type") or "")
    return f"{doc_type} {doc.number}".strip() if doc.number else doc.title


def _stated(doc: Document) -> list[dict]:
    relations = doc.extra.get("relations") or []
    return [r for r in relations if isinstance(r, dict) and r.get("type") in RELATION_TYPES
            and (r.get("number") or r.get("title"))] if isinstance(relations, list) else []


@dataclass
class Library:
    """Every document's metadata, its stated relations and the derived inverse ones."""

    documents: dict[str, Document]
    today: str = field(default_factory=lambda: dt.date.today().isoformat())

    def __post_init__(self):
        self._by_number: dict[str, str] = {}
        self._by_title: dict[str, list[str]] = {}
        for doc in self.documents.values():
            if doc.number:
                self._by_number.setdefault(_number_key(doc.number), doc.id)
            if is_legal(doc):
                self._by_title.setdefault(_title_key(doc.title, doc.number), []).append(doc.id)
        self._forward: dict[str, list[Related]] = {}
        self._inverse: dict[str, list[Related]] = {}
        for doc in self.documents.values():
            for stated in _stated(doc):
                target = self.resolve(stated, doc)
                articles = tuple(str(a) for a in stated.get("articles") or [])
                other = self.documents.get(target) if target else None
                self._forward.setdefault(doc.id, []).append(Related(
                    stated["type"], str(other.number if other else stated.get("number") or ""),
                    other.title if other else str(stated.get("title") or stated.get("number")),
                    target, articles, str(stated.get("provision") or ""), self._effective(doc),
                    short_name(other) if other else str(stated.get("number") or stated.get("title"))))
                if other and other.id != doc.id:
                    self._inverse.setdefault(other.id, []).append(Related(
                        INVERSE[stated["type"]], doc.number, doc.title, doc.id, articles,
                        str(stated.get("provision") or ""), self._effective(doc), short_name(doc)))

    def resolve(self, stated: dict, by: Document) -> str | None:
        """The id of the document a relation names: by number, else by title (the latest issued
        before the text that names it, when several texts share the title)."""
        if stated.get("number"):
            return self._by_number.get(_number_key(str(stated["number"])))
        candidates = self._by_title.get(_title_key(str(stated.get("title") or "")), [])
        if by.issued:
            candidates = [c for c in candidates if (self.documents[c].issued or "") <= by.issued] or candidates
        return max(candidates, key=lambda c: self.documents[c].issued or "", default=None)

    def _effective(self, doc: Document) -> str:
        return str(doc.extra.get("effective") or "")

    def relations(self, doc_id: str) -> list[Related]:
        """The relations of ``doc_id``, both stated and derived, grouped in page order."""
        order = list(RELATION_LABELS)
        found = self._forward.get(doc_id, []) + self._inverse.get(doc_id, [])
        return sorted(found, key=lambda r: (order.index(r.type), r.effective, r.number))

    def index_fields(self, doc: Document) -> dict:
        """What the index holds of ``doc``: its fields and its validity (``validity_slug``)."""
        validity = self.validity(doc.id) if doc.id in self.documents else None
        return {**doc.to_dict(), "validity": validity.slug if validity else ""}

    def neighbours(self, doc_id: str) -> set[str]:
        """Ids of the library's documents related to ``doc_id`` either way."""
        return {r.id for r in self.relations(doc_id) if r.id}

    def article_notes(self, doc_id: str) -> dict[str, list[Related]]:
        """Changes to named articles of ``doc_id`` by other texts, by the article's anchor."""
        notes: dict[str, list[Related]] = {}
        for relation in self._inverse.get(doc_id, []):
            if relation.type in _ACTIONS:
                for anchor in dict.fromkeys(article_anchor(a) for a in relation.articles):
                    if anchor:
                        notes.setdefault(anchor, []).append(relation)
        return notes

    def validity(self, doc_id: str) -> Validity | None:
        """The status of a legal text (None for other documents), from an editor's override, else
        its effective date and the texts of the library that replace, repeal or amend it."""
        doc = self.documents[doc_id]
        if not is_legal(doc):
            return None
        stated = str(doc.extra.get("validity") or "").strip().lower()
        if stated in VALIDITY_STATUSES:
            reason = str(doc.extra.get("validity_reason") or "Theo ghi nhận của biên tập viên.")
            return Validity(stated, reason, overridden=True)
        effective = self._effective(doc)
        if effective and effective > self.today:
            return Validity(NOT_YET, f"Có hiệu lực từ ngày {format_date_vi(effective)}.")
        acting = [r for r in self._inverse.get(doc_id, [])
                  if r.type in _ACTIONS and (not r.effective or r.effective <= self.today)]
        whole = [r for r in acting if r.type != "amended_by" and not r.articles]
        if whole:
            return Validity(EXPIRED, _reason(whole[:1]))
        partly = [r for r in acting if r.type != "amended_by"]
        if partly:
            return Validity(PARTLY, _reason(acting))
        amended = f" {_reason(acting)}" if acting else ""
        if effective:
            return Validity(IN_FORCE, f"Có hiệu lực từ ngày {format_date_vi(effective)}.{amended}")
        return Validity(UNKNOWN, "Văn bản không nêu ngày có hiệu lực và thư viện chưa có văn bản nào "
                                 f"thay thế hay bãi bỏ văn bản này.{amended}")


def _reason(relations: list[Related]) -> str:
    """ "Khoản 2 Điều 2 bị bãi bỏ bởi Thông tư 30/2019/TT-BYT từ ngày 01/02/2020." """
    parts = []
    for r in relations:
        what = (", ".join(r.articles) + " ") if r.articles else ""
        when = f" từ ngày {format_date_vi(r.effective)}" if r.effective else ""
        text = f"{what}{_ACTIONS[r.type]} {r.name}{when}"
        parts.append(text[0].upper() + text[1:])
    return "; ".join(parts) + "."


@dataclass(frozen=True)
class _Built:
    """A library, the day it was built and the file stamps of the folder it was built from,
    with the document read from each file."""

    today: str
    stamps: dict[str, tuple[int, int, int]]  # file id -> (inode, mtime, size)
    by_file: dict[str, Document]
    library: Library


_cache: dict[str, _Built] = {}
_lock = threading.Lock()


def _stamps(content: ContentStore) -> dict[str, tuple[int, int, int]]:
    stamps = {}
    # os.scandir rather than pathlib: this runs twice per save, over every file of the folder
    try:
        entries = list(os.scandir(content.root))
    except FileNotFoundError:  # no folder yet
        entries = []
    for entry in entries:
        if entry.name.endswith(".md"):
            try:
                stat = entry.stat()
            except FileNotFoundError:  # deleted since the folder was read
                continue
            # every save renames a new file in: the inode tells saves within one clock tick apart
            stamps[entry.name[:-3]] = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    return stamps


def library_for(content: ContentStore) -> Library:
    """The :class:`Library` of ``content``, rebuilt when a content file changed (or the day did:
    a text may have come into force). A rebuild reads only the files that changed since the
    last one: after an editor's save, one file of thousands."""
    today, stamps = dt.date.today().isoformat(), _stamps(content)
    key = str(content.root.resolve())
    with _lock:
        built = _cache.get(key)
    if built and built.today == today and built.stamps == stamps:
        return built.library
    unchanged = {doc_id: doc for doc_id, doc in built.by_file.items()
                 if built.stamps.get(doc_id) == stamps.get(doc_id)} if built else {}
    ids = content.ids()
    by_file = {doc_id: unchanged[doc_id] for doc_id in ids if doc_id in unchanged}
    by_file.update(content.listed(doc_id for doc_id in ids if doc_id not in unchanged))
    library = Library({doc.id: doc for doc in by_file.values()}, today)
    with _lock:
        _cache[key] = _Built(today, stamps, by_file, library)
    return library
