"""From a file to a clean, described document: read, clean, extract metadata.

The result is a plain :class:`Draft` (front-matter fields and a Markdown body); writing it to the
content store and indexing it is the knowledge-base layer's job.
"""
from __future__ import annotations

import datetime
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.bylines import split_bylines
from ingest.cleaning import clean_lines, is_boilerplate
from ingest.crawl import HEADER_KEYS, repair_crawl
from ingest.dates import extract_date
from ingest.entities import Gazetteer, find_entities
from ingest.errors import EmptyInput, IngestError, TooLarge
from ingest.legal import find_references, legal_metadata
from ingest.legal_text import (count_articles, has_markdown_units, heading_title,
                               legal_markdown, strip_frame)
from ingest.metadata import (MIN_LAW_ARTICLES, classify_kind, lead_source, legal_title, legal_type, make_id,
                             split_signature)
from ingest.official import has_official_frame, number_type, strip_official_frame, subject_line
from ingest.readers import read_bytes
from ingest.relations import extract_relations
from ingest.tables import rebuild_tables
from ingest.tags import Taxonomy, merge_tags

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_REFERENCES = 100
# Front-matter keys filled from a legal text (see content/README.md), by the key of
# ingest.legal.legal_metadata: a stated "Tình trạng" is the legal validity, not the editorial status.
LEGAL_KEYS = {"number": "number", "doc_type": "doc_type", "issuer": "issuer", "issued": "issued",
              "effective": "effective", "status": "validity"}
# Another site's front matter: keys giving the page's last edit (a date when nothing better is
# known), and a static-site generator's settings, which mean nothing here.
_LAST_EDIT_KEYS = ("lastedit", "modified")
_SITE_GENERATOR_KEYS = ("layout", "permalink")
_SOURCE_KEYS = ("nguồn", "nguon")
# The place and date of issue of an official text ("Hà Nội, ngày 11 tháng 7 năm 2026") name no place
# the document is about.
_DATELINE = re.compile(r"^[*_\s]*[^\W\d_][^,\n]{1,30},\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}[*_\s]*$",
                       re.MULTILINE)

_PLACE_AND_DATE = re.compile(r"[^\W\d_][^,\n]{1,30},\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}")


@dataclass
class Draft:
    """What the ingester made of one file: front-matter fields and a Markdown body."""

    id: str
    metadata: dict
    body: str
    path: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Vocabularies:
    """The editable lists that enrich documents: places, organisations, topics (bundled with the
    package, extended by a knowledge base's own ``content/*.yml``)."""

    places: Gazetteer
    organizations: Gazetteer
    taxonomy: Taxonomy

    @classmethod
    def from_content(cls, content_dir: str | os.PathLike | None = None) -> Vocabularies:
        """The bundled ``places.yml``, ``organizations.yml`` and ``taxonomy.yml``, each extended by
        the knowledge base's own file of that name in ``content_dir``."""
        return cls(Gazetteer.for_content("places.yml", content_dir),
                   Gazetteer.for_content("organizations.yml", content_dir), Taxonomy.for_content(content_dir))

    def enrich(self, metadata: dict, body: str) -> None:
        """Add places, organisations and topic tags found in the text to ``metadata``."""
        title = str(metadata.get("title") or "")
        number = str(metadata.get("number") or "")
        # a number's codes ("301/BC-UBND") name the issuer's office, not what the document is about
        places, organizations = find_entities(f"{title.replace(number, '') if number else title}\n{body}",
                                              self.places, self.organizations)
        metadata["places"] = merge_tags(places, list(metadata.get("places") or []))
        metadata["organizations"] = merge_tags(organizations, list(metadata.get("organizations") or []))
        metadata["tags"] = merge_tags(self.taxonomy.suggest(title, body), list(metadata.get("tags") or []))


def _from_scrape(text: str) -> tuple[str, dict]:
    """Title, clean paragraphs, authors and publisher of a plain-text web scrape."""
    lines = [line.strip() for line in text.split("\n")]
    title_index = next((i for i, line in enumerate(lines) if line and not is_boilerplate(line)), None)
    if title_index is None:
        return "", {}
    title = lines[title_index]
    kept, authors = split_signature(clean_lines(lines[title_index + 1:], title))
    metadata: dict = {"title": title}
    if kept:
        publisher, kept[0] = lead_source(kept[0])
        if publisher:
            metadata["source"] = {"publisher": publisher}
    if authors:
        metadata["authors"] = authors
    return "\n\n".join(kept), metadata


def _take_bylines(metadata: dict, body: str) -> str:
    """The body without its bylines; their authors and source go to ``metadata``."""
    body, authors, publisher = split_bylines(body)
    if authors:
        metadata["authors"] = merge_tags(authors, list(metadata.get("authors") or []))
    source = metadata.get("source")
    if publisher and not (isinstance(source, dict) and source.get("publisher")):
        metadata["source"] = {**(source if isinstance(source, dict) else {}), "publisher": publisher}
    return body


def _check_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        raise TooLarge(f"{name}: the file is {size / 2**20:.0f} MB, over the {MAX_FILE_BYTES // 2**20} MB limit")


def _front_matter(metadata: dict) -> dict[str, str]:
    """Normalise what another site's front matter gives: dates as ISO text, a plain-text source;
    return (and take out) the legal header fields it holds in Vietnamese ("Số hiệu: ...")."""
    header = {key: str(metadata.pop(key)) for key in list(metadata)
              if str(key).lower() in (*HEADER_KEYS, *_SOURCE_KEYS)}
    for key in ("date", "issued", "effective", *_LAST_EDIT_KEYS):
        if isinstance(metadata.get(key), (datetime.date, datetime.datetime)):
            metadata[key] = metadata[key].isoformat()[:10]
    for key in _SITE_GENERATOR_KEYS:
        metadata.pop(key, None)
    if isinstance(metadata.get("source"), str):
        metadata["source"] = {"publisher": re.split(r"[;,(]", metadata["source"])[0].strip()}
    return header


def _legal_fields(metadata: dict, header: dict[str, str], body: str) -> None:
    """Fill the legal fields (number, doc_type, issuer, issued, effective, validity) that the header
    or the text states; the editor's own values win."""
    header_text = "\n".join(f"- {key}: {value}" for key, value in header.items())
    legal = legal_metadata(f"{header_text}\n{body}", stated_only=True)
    if not (legal["number"] or metadata.get("number")):
        return
    for key, front_matter_key in LEGAL_KEYS.items():
        if legal[key] and not metadata.get(front_matter_key):
            metadata[front_matter_key] = legal[key]
    source = next((v for k, v in header.items() if k.lower() in _SOURCE_KEYS), "")
    if source and "source" not in metadata:
        metadata["source"] = {"publisher": source.split(",")[0].split("(")[0].strip()}


def _legal_title(metadata: dict, body: str) -> None:
    """A legal document's title as practitioners cite it: "Nghị định 56/2017/NĐ-CP quy định ..."."""
    number = str(metadata.get("number") or "")
    title = str(metadata.get("title") or "").strip()
    doc_type = str(metadata.get("doc_type") or legal_type(number, title))
    if not title:
        heading_type, title = heading_title(body)
        doc_type = doc_type or heading_type
        if doc_type:
            metadata["doc_type"] = doc_type
    if not title and (subject := subject_line(body)):
        title = f"về việc {subject}"
    if title.startswith(number):
        title = title[len(number):].lstrip(" —–-:")
    named_type = legal_type("", title)
    if named_type and named_type == doc_type != "Luật" and number not in title:
        title = title[len(named_type):].strip()  # "Thông tư Hướng dẫn ..." gets its number after the type
    if title and (not number or number not in title) and not legal_type("", title):
        title = legal_title(doc_type, title, number)
    if title:
        metadata["title"] = title


def _references(body: str, own_number: str = "") -> list[dict]:
    """The other legal documents the body cites, once each: ``{text, number?, title?, year?, article?, clause?}``
    (``year`` only with a title: "Luật Trẻ em 2016"; a number carries its own)."""
    found: dict[tuple, dict] = {}
    for ref in find_references(body):
        if ref.this_document or not (ref.number or ref.title) or (own_number and ref.number == own_number):
            continue
        key = (ref.number or ref.title.lower(), ref.article, ref.clause)
        entry = {"text": " ".join(ref.text.split()), "number": ref.number, "title": ref.title,
                 "year": ref.year if ref.title else None, "article": ref.article, "clause": ref.clause}
        found.setdefault(key, {k: v for k, v in entry.items() if v})
    return list(found.values())[:MAX_REFERENCES]


def ingest_bytes(data: bytes, name: str, vocabularies: Vocabularies | None = None) -> Draft:
    """Turn one file's bytes into a :class:`Draft`; :class:`IngestError` explains a refusal.

    >>> draft = ingest_bytes("Tập huấn về thăm hộ\\nNgày 12/7/2018, 30 cán bộ được tập huấn.".encode(), "a.txt")
    >>> draft.id, draft.metadata["kind"], draft.metadata["date"]
    ('tap-huan-ve-tham-ho', 'workshop', '2018-07-12')
    """
    _check_size(len(data), name)
    body, metadata = read_bytes(data, name)
    body, crawl_header = repair_crawl(body)
    header = {**crawl_header, **metadata.pop("header", {})}
    header.update(_front_matter(metadata))
    _legal_fields(metadata, header, body)
    body = strip_frame(body, str(metadata.get("title") or ""))
    if metadata.get("number") and not metadata.get("doc_type"):
        metadata["doc_type"] = number_type(str(metadata["number"]))
    if metadata.get("number") or ("title" not in metadata and has_official_frame(body)):
        if not metadata.get("issued") and (dateline := _PLACE_AND_DATE.search(body[:2000])):
            metadata["issued"] = extract_date(dateline.group(0))  # a paper without a number
        _legal_title(metadata, body)
        body = strip_official_frame(body)
    if "title" not in metadata:
        body, scraped = _from_scrape(body)
        metadata.update(scraped)
    if not metadata.get("number"):
        body = _take_bylines(metadata, body)
    title = str(metadata.get("title") or "").strip()
    if not title:
        raise IngestError(f"{name}: no title could be found")
    if not body.strip():
        raise EmptyInput(f"{name}: no text left after cleaning (only a table of contents or site frame?)")
    body = rebuild_tables(body)
    articles = count_articles(body)
    if articles >= MIN_LAW_ARTICLES and not has_markdown_units(body):
        body = legal_markdown(body)
    number = str(metadata.get("number") or "")
    metadata.setdefault("kind", classify_kind(title, number, articles, str(metadata.get("doc_type") or "")))
    if not metadata.get("date"):
        last_edit = next((metadata[key] for key in _LAST_EDIT_KEYS if metadata.get(key)), "")
        metadata["date"] = (metadata.get("issued") or last_edit or extract_date(body)
                            or metadata.get("published") or "")
    references = _references(body, number)
    if references:
        metadata["references"] = references
    relations = extract_relations(title, body, number) if number else []
    if relations and "relations" not in metadata:
        metadata["relations"] = relations
    if vocabularies:
        vocabularies.enrich(metadata, _DATELINE.sub("", body))
    year, issuer = str(metadata.get("issued") or "")[:4], str(metadata.get("issuer") or "")
    doc_id = str(metadata.get("id") or make_id(title, number, legal_type(number, title)
                                                    or str(metadata.get("doc_type") or ""), year, issuer))
    metadata["id"] = doc_id
    return Draft(doc_id, metadata, body, name)


def iter_input_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Every file under ``paths`` (folders walked recursively, hidden files skipped), sorted.

    Raises :class:`IngestError` for a path that does not exist.
    """
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise IngestError(f"{path}: no such file or folder")
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and not any(part.startswith(".")
                                                         for part in p.relative_to(path).parts))
        else:
            yield path


def ingest_path(path: Path, vocabularies: Vocabularies | None = None) -> Draft:
    """Read and ingest one file."""
    try:
        _check_size(path.stat().st_size, str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror})") from exc
    return ingest_bytes(data, str(path), vocabularies)
