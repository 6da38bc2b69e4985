"""From a file to a clean, described document: read, clean, extract metadata.

The result is a plain :class:`Draft` (front-matter fields and a Markdown body); writing it to the
content store and indexing it is the knowledge-base layer's job.
"""
from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.cleaning import clean_lines, is_boilerplate
from ingest.dates import extract_date
from ingest.entities import Gazetteer, find_entities
from ingest.errors import IngestError
from ingest.metadata import (classify_kind, lead_source, legal_title, legal_type, make_id,
                             split_signature)
from ingest.readers import read_bytes
from ingest.tags import Taxonomy, merge_tags

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
_DMY_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
# Header fields of the legal corpus ("- Số hiệu: 102/2016/QH13") and the front-matter key each fills.
_HEADER_KEYS = {"số hiệu": "number", "ngày ban hành": "issued", "cơ quan ban hành": "issuer"}


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
    """The editable lists of ``content/`` that enrich documents: places, organisations, topics."""

    places: Gazetteer
    organizations: Gazetteer
    taxonomy: Taxonomy

    @classmethod
    def from_content(cls, content_dir: str | os.PathLike) -> Vocabularies | None:
        """Load ``places.yml``, ``organizations.yml`` and ``taxonomy.yml``; None if one is missing."""
        root = Path(content_dir)
        paths = [root / "places.yml", root / "organizations.yml", root / "taxonomy.yml"]
        if not all(p.is_file() for p in paths):
            return None
        return cls(Gazetteer.from_yaml(paths[0]), Gazetteer.from_yaml(paths[1]),
                   Taxonomy.from_yaml(paths[2]))

    def enrich(self, metadata: dict, body: str) -> None:
        """Add places, organisations and topic tags found in the text to ``metadata``."""
        title = str(metadata.get("title") or "")
        places, organizations = find_entities(f"{title}\n{body}", self.places, self.organizations)
        metadata["places"] = merge_tags(places, list(metadata.get("places") or []))
        metadata["organizations"] = merge_tags(organizations, list(metadata.get("organizations") or []))
        metadata["tags"] = merge_tags(self.taxonomy.suggest(title, body), list(metadata.get("tags") or []))


def _iso_date(value: str) -> str:
    match = _DMY_RE.match(value.strip())
    return f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}" if match else value.strip()


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


def _legal_fields(metadata: dict) -> None:
    """Fill number / issuer / issued / title of a legal Markdown file from its header list."""
    header = {k.lower(): v for k, v in metadata.pop("header", {}).items()}
    for key, target in _HEADER_KEYS.items():
        if header.get(key) and not metadata.get(target):
            metadata[target] = _iso_date(header[key]) if target == "issued" else header[key]
    number = metadata.get("number", "")
    title = metadata.get("title", "")
    if number and title.startswith(number):
        name = title[len(number):].lstrip(" —–-:")
        metadata["title"] = legal_title(legal_type(number), name, number)
    if metadata.get("issued") and not metadata.get("date"):
        metadata["date"] = metadata["issued"]
    if header.get("nguồn") and "source" not in metadata:
        metadata["source"] = {"publisher": header["nguồn"].split(",")[0].split("(")[0].strip()}


def ingest_bytes(data: bytes, name: str, vocabularies: Vocabularies | None = None) -> Draft:
    """Turn one file's bytes into a :class:`Draft`; :class:`IngestError` explains a refusal."""
    if len(data) > MAX_FILE_BYTES:
        raise IngestError(f"{name}: file is larger than {MAX_FILE_BYTES // 2**20} MB")
    body, metadata = read_bytes(data, name)
    if "title" not in metadata:
        body, scraped = _from_scrape(body)
        metadata.update(scraped)
    _legal_fields(metadata)
    title = str(metadata.get("title") or "").strip()
    if not title:
        raise IngestError(f"{name}: no title could be found")
    number = str(metadata.get("number") or "")
    metadata.setdefault("kind", classify_kind(title, number))
    if not metadata.get("date"):
        metadata["date"] = extract_date(body) or ""
    if vocabularies:
        vocabularies.enrich(metadata, body)
    doc_id = str(metadata.get("id") or make_id(title, number, legal_type(number, title)))
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
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IngestError(f"{path}: file is larger than {MAX_FILE_BYTES // 2**20} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror})") from exc
    return ingest_bytes(data, str(path), vocabularies)
