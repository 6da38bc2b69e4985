"""Citations of a document or of one of its passages: Vietnamese style, APA, RIS, BibTeX, CSL-JSON.

Everything starts from one :class:`CitationItem`, so the formats always agree. Laws are cited the
way Vietnamese legal writing does (``Điều 4, Luật Trẻ em số 102/2016/QH13``), with the issuing body
as author; other documents by author, title, publisher, date, URL and access date.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from kb.documents.content import OFFICIAL_KINDS, Document

log = logging.getLogger(__name__)

# RIS reference types, CSL item types and BibTeX entry types by kind of document.
_RIS_TYPES = {"law": "STAT", "admin": "GOVDOC", "guidance": "RPRT", "workshop": "ELEC", "news": "NEWS"}
_CSL_TYPES = {"law": "legislation", "admin": "document", "guidance": "report", "workshop": "webpage",
              "news": "article-newspaper"}
_BIBTEX_SPECIALS = re.compile(r"([&%$#_{}])")
# Characters that escaping with a backslash cannot make literal in BibTeX.
_BIBTEX_COMMANDS = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_BIBTEX_KEY_CHARS = re.compile(r"[^A-Za-z0-9-]+")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass
class CitationItem:
    """What any citation format needs to know about a document or a passage of it."""

    id: str  # the document id, with the anchor appended for a passage
    kind: str
    title: str  # legal documents: with their number, e.g. "Luật Trẻ em số 102/2016/QH13"
    authors: list[str]  # people, or the issuing body of a legal document
    date: str  # ISO 8601, possibly partial, "" when unknown
    url: str  # the permalink on this site (with #anchor for a passage)
    accessed: dt.date
    publisher: str = ""
    number: str = ""
    issuer: str = ""
    section: str = ""  # the cited passage: "Điều 4", "Khoản 1 Điều 4", "Kết quả, đoạn 2"
    language: str = "vi"
    keywords: list[str] = field(default_factory=list)
    summary: str = ""
    notes: list[str] = field(default_factory=list)  # a reader's notes (a trainer's, in a collection)


def access_date() -> dt.date:
    """Today in Vietnam, the reader's "truy cập ngày" (a server on UTC is a day behind after 17:00)."""
    return dt.datetime.now(VIETNAM).date()


def legal_title(doc: Document) -> str:
    """A legal document's title with its number in the Vietnamese way ("… số 102/2016/QH13").

    >>> from kb.documents.content import Document
    >>> legal_title(Document("x", "Luật Trẻ em", kind="law", number="102/2016/QH13"))
    'Luật Trẻ em số 102/2016/QH13'
    >>> legal_title(Document("y", "Nghị định 56/2017/NĐ-CP quy định", kind="law", number="56/2017/NĐ-CP"))
    'Nghị định số 56/2017/NĐ-CP quy định'
    """
    if not doc.number:
        return doc.title
    if doc.number not in doc.title:
        return f"{doc.title} số {doc.number}"
    if f"số {doc.number}" in doc.title:
        return doc.title
    return doc.title.replace(doc.number, f"số {doc.number}", 1)


def citation_item(doc: Document, url: str, accessed: dt.date, section: str = "",
                  anchor: str = "") -> CitationItem:
    """The citation record of ``doc`` (or of its passage ``anchor``, cited as ``section``)."""
    official = doc.kind in OFFICIAL_KINDS
    return CitationItem(
        id=f"{doc.id}-{anchor}" if anchor else doc.id,
        kind=doc.kind,
        title=legal_title(doc) if official else doc.title,
        authors=list(doc.authors) or ([doc.issuer] if official and doc.issuer else []),
        date=doc.issued if official and doc.issued else doc.date,
        url=url,
        accessed=accessed,
        publisher=(doc.source or {}).get("publisher", ""),
        number=doc.number,
        issuer=doc.issuer,
        section=section,
        language=doc.language or "vi",
        keywords=list(doc.tags),
        summary=doc.summary,
    )


def _date_parts(iso: str) -> list[int]:
    return [int(part) for part in iso.split("-")] if iso else []


def format_date_vi(iso: str) -> str:
    """An ISO 8601 date, possibly partial, as Vietnamese write it.

    >>> format_date_vi("2016-04-05"), format_date_vi("2018-07"), format_date_vi("2018"), format_date_vi("")
    ('05/04/2016', '07/2018', '2018', '')
    """
    return "/".join(reversed(iso.split("-"))) if iso else ""


def vietnamese(item: CitationItem) -> str:
    """The citation in Vietnamese usage.

    Laws and administrative papers: ``Điều 4, Luật Trẻ em số 102/2016/QH13, Quốc hội ban hành ngày 05/04/2016, <url>, truy cập
    ngày 23/11/2026.`` Other documents: ``Author, “Title”, passage, publisher, date, <url>, truy cập
    ngày 23/11/2026.``
    """
    accessed = f"truy cập ngày {item.accessed.strftime('%d/%m/%Y')}"
    if item.kind in OFFICIAL_KINDS:
        parts = [item.section, item.title]
        if item.issuer and item.date:
            parts.append(f"{item.issuer} ban hành ngày {format_date_vi(item.date)}")
        elif item.issuer:
            parts.append(item.issuer)
        parts += [item.url, accessed]
    else:
        parts = [", ".join(item.authors), f"“{item.title}”", item.section, item.publisher,
                 format_date_vi(item.date), item.url, accessed]
    return ", ".join(p for p in parts if p) + "."


def apa(item: CitationItem) -> str:
    """The citation in APA style (7th edition), names as written (Vietnamese order).

    ``Author. (Year). Title [passage]. Publisher. URL``; no author puts the title first.
    """
    year = item.date[:4] if item.date else "không rõ năm"
    title = item.title.rstrip(". ")
    title = f"{title} [{item.section}]" if item.section else title
    author = ", ".join(item.authors)
    head = f"{author}. ({year}). {title}." if author else f"{title}. ({year})."
    publisher = f" {item.publisher}." if item.publisher and item.publisher not in item.authors else ""
    return f"{head}{publisher} {item.url}"


def to_ris(item: CitationItem) -> str:
    """The item as an RIS record (``TY`` … ``ER``), one ``TAG  - value`` per line."""
    lines = [("TY", _RIS_TYPES.get(item.kind, "GEN")), ("ID", item.id), ("TI", item.title)]
    lines += [("AU", author) for author in item.authors]
    if item.date:
        parts = item.date.split("-") + ["", ""]
        lines += [("PY", parts[0]), ("DA", "/".join(parts[:3]) + "/")]
    optional = [("SE", item.section), ("IS", item.number), ("PB", item.publisher), ("UR", item.url),
                ("Y2", item.accessed.strftime("%Y/%m/%d")), ("LA", item.language), ("AB", item.summary)]
    lines += [(tag, value) for tag, value in optional if value]
    lines += [("KW", keyword) for keyword in item.keywords]
    lines += [("N1", note) for note in item.notes]
    lines.append(("ER", ""))
    # One line per value: a line break in a title or a note must not start a tag of its own.
    return "".join(f"{tag}  - {' '.join(str(value).split())}\r\n" for tag, value in lines)


def _bibtex_value(text: str) -> str:
    """``text`` on one line, every special character literal (braces stay balanced)."""
    escaped = _BIBTEX_SPECIALS.sub(r"\\\1", " ".join(text.split()))
    return re.sub(r"\\(?![&%$#_{}])|[~^]", lambda m: _BIBTEX_COMMANDS[m.group(0)], escaped)


def bibtex_key(item: CitationItem) -> str:
    """A citation key made of ASCII letters, digits and ``-``: the id (document id and anchor)."""
    return _BIBTEX_KEY_CHARS.sub("-", item.id).strip("-")


def to_bibtex(item: CitationItem) -> str:
    """The item as a BibTeX ``@misc`` entry (biblatex fields ``date``, ``urldate``, ``langid``)."""
    authors = " and ".join("{" + _bibtex_value(a) + "}" for a in item.authors)
    fields = [("title", "{" + _bibtex_value(item.title) + "}"), ("author", authors),
              ("year", item.date[:4]), ("date", item.date), ("publisher", _bibtex_value(item.publisher)),
              ("number", _bibtex_value(item.number)), ("note", _bibtex_value(item.section)),
              ("url", item.url), ("urldate", item.accessed.isoformat()), ("langid", item.language),
              ("keywords", _bibtex_value(", ".join(item.keywords))),
              ("annote", _bibtex_value(" · ".join(item.notes)))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{bibtex_key(item)},\n{body}\n}}\n"


def csl_data(item: CitationItem) -> dict:
    """The item as one CSL-JSON item (citeproc's input format)."""
    data = {"id": item.id, "type": _CSL_TYPES.get(item.kind, "document"), "title": item.title,
            "URL": item.url, "language": item.language,
            "accessed": {"date-parts": [_date_parts(item.accessed.isoformat())]}}
    if item.authors:
        data["author"] = [{"literal": author} for author in item.authors]
    if item.date:
        data["issued"] = {"date-parts": [_date_parts(item.date)]}
    optional = {"publisher": item.publisher, "number": item.number, "authority": item.issuer,
                "section": item.section, "abstract": item.summary, "keyword": ", ".join(item.keywords)}
    data.update({key: value for key, value in optional.items() if value})
    return data


def to_csl_json(item: CitationItem) -> str:
    """A CSL-JSON document: an array holding the item."""
    return json.dumps([csl_data(item)], ensure_ascii=False, indent=2) + "\n"


# Download formats: file extension -> (media type, writer).
FORMATS = {
    "ris": ("application/x-research-info-systems", to_ris),
    "bib": ("application/x-bibtex", to_bibtex),
    "json": ("application/vnd.citationstyles.csl+json", to_csl_json),
}


def _slashed(iso: str) -> str:
    return iso.replace("-", "/")


def highwire_tags(item: CitationItem) -> list[tuple[str, str]]:
    """Highwire Press ``citation_*`` meta tags (read by Zotero and Google Scholar)."""
    tags = [("citation_title", item.title)]
    tags += [("citation_author", author) for author in item.authors]
    if item.date:
        tags += [("citation_publication_date", _slashed(item.date)), ("citation_date", _slashed(item.date))]
    optional = [("citation_publisher", item.publisher), ("citation_technical_report_number", item.number),
                ("citation_language", item.language), ("citation_keywords", "; ".join(item.keywords)),
                ("citation_public_url", item.url)]
    return tags + [(name, value) for name, value in optional if value]


def schema_org(item: CitationItem) -> dict:
    """schema.org metadata for a JSON-LD block: ``Legislation`` for laws, else an article or report."""
    data = {"@context": "https://schema.org", "name": item.title, "url": item.url,
            "inLanguage": item.language}
    if item.kind == "law":
        data["@type"] = "Legislation"
        data.update({k: v for k, v in {"legislationIdentifier": item.number,
                                       "legislationDate": item.date}.items() if v})
        if item.issuer:
            data["legislationPassedBy"] = {"@type": "Organization", "name": item.issuer}
    else:
        data["@type"] = {"news": "NewsArticle", "guidance": "Report"}.get(item.kind, "Article")
        data["headline"] = item.title[:110]
        if item.authors:
            data["author"] = [{"@type": "Person", "name": author} for author in item.authors]
    if item.date:
        data["datePublished"] = item.date
    if item.publisher:
        data["publisher"] = {"@type": "Organization", "name": item.publisher}
    if item.keywords:
        data["keywords"] = item.keywords
    if item.summary:
        data["description"] = item.summary
    return data
