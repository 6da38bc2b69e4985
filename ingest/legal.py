"""Vietnamese legal documents: header metadata, references to other texts, and structure.

* :func:`legal_metadata` reads số hiệu, type, issuer, dates and status from a header list
  ("- Số hiệu: 102/2016/QH13", "| Trạng thái | Còn hiệu lực |", front matter) or from the usual
  heading lines of a decree ("Số: 56/2017/NĐ-CP", "Hà Nội, ngày 09 tháng 5 năm 2017", "... có hiệu
  lực thi hành kể từ ngày ..."). Values "Đang cập nhật" / "Đã biết" count as unknown.
* :func:`find_references` finds citations: "khoản 2 Điều 12 Luật này", "Nghị định số
  56/2017/NĐ-CP", "Luật Trẻ em 2016", "điểm a khoản 1 Điều 19 của Luật Phòng, chống bạo lực gia
  đình". In "Điều 75 và khoản 1 Điều 78 Luật trẻ em" the law is attached to the second reference
  only; "khoản 2 Điều này" (the enclosing article) is not reported; of a list of points
  ("các điểm a, b và c") only the first is kept.
* :func:`unit_heading` and :func:`glued_parts` recognise the Chương / Mục / Điều headings of a
  text, Markdown ("#### Điều 4. ...", "**Điều 1.**") or raw, glued to the previous sentence
  ("...pháp lý.Điều 4.5.LQ.4. ..."), with compendium article numbers ("Điều 8.1.LQ.1."); the site
  builds its structure from them (:mod:`ingest.legal_text`, then ``search.passages`` and
  ``kb.documents.render`` for the anchors).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass

from ingest.dates import extract_dates
from search.legal_terms import (DOC_TYPES, ISSUER_CODES, NUMBER_CODES, REFERENCE_TYPES, VALIDITY_STATUSES,
                                roman_to_int)

log = logging.getLogger(__name__)

# Letters of a code are any letters: "01/2008/NQLT-BLĐTBXH-BCA-BVHTTDL-UBTƯMTTQVN".
_NUMBER = r"\d+(?:/\d{4})?/[A-ZĐ][^\W_]*(?:-[A-ZĐ](?:[^\W_]|&)*)*|\d+-[A-ZĐ]+/[A-ZĐ]+"
_UNKNOWN = {"", "đang cập nhật", "đã biết", "không xác định", "chưa xác định"}
_HEADER_KEYS = {"số hiệu": "number", "số": "number", "loại văn bản": "doc_type",
                "cơ quan ban hành": "issuer", "nơi ban hành": "place", "ngày ban hành": "issued",
                "ngày hiệu lực": "effective", "ngày có hiệu lực": "effective", "tình trạng": "status",
                "trạng thái": "status", "tình trạng hiệu lực": "status"}
_HEADER_LINE = re.compile(r"^[ \t]*(?:[-*|][ \t]*)?\**(?P<key>[^:|*\n]{2,25}?)\**[ \t]*[:|][ \t]*\**"
                          r"(?P<value>[^|\n]*?)\**[ \t]*\|?[ \t]*$", re.MULTILINE)
_NUMBER_LINE = re.compile(r"^\W*Số(?:\s+hiệu)?\s*:?\s*(" + _NUMBER + r")", re.MULTILINE)
_PLACE_DATE = re.compile(r"^\W*[A-ZĐ][^\n,:]{1,30},\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.MULTILINE)
_EFFECTIVE = re.compile(r"(?:\bnày|^\W*)\s*có\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+kể)?\s+từ\s+(?P<when>.{0,40})",
                        re.MULTILINE | re.IGNORECASE)
_TYPE_LINE = re.compile(r"^\W*(" + "|".join(t.upper() for t in DOC_TYPES) + r")\b(?P<rest>.*)$", re.MULTILINE)


def _number_type_issuer(number: str) -> tuple[str, str]:
    """Type and issuer that a document number's suffix names ("" when it does not say)."""
    parts = re.split(r"[/-]", number)[1:]
    doc_type = next((t for p in parts for s, t in NUMBER_CODES if re.fullmatch(s + r"\d*", p)), "")
    issuer = next((ISSUER_CODES[re.sub(r"\d+$", "", p)] for p in reversed(parts)
                   if re.sub(r"\d+$", "", p) in ISSUER_CODES), "")
    return doc_type, issuer


def _first_date(text: str) -> str:
    found = extract_dates(text)
    return found[0].iso if found else ""


def _header_fields(head: str) -> dict[str, str]:
    """Known "key: value" / "| key | value |" fields of a header, unknown values left out."""
    found: dict[str, str] = {}
    for match in _HEADER_LINE.finditer(head):
        key = _HEADER_KEYS.get(match["key"].strip().lower())
        value = match["value"].strip()
        if key and value.lower() not in _UNKNOWN and key not in found:
            found[key] = value
    return found


def _number(fields: dict[str, str], head: str, stated_only: bool) -> str:
    if match := re.search(_NUMBER, fields.get("number", "")):
        return match.group(0)
    if match := _NUMBER_LINE.search(head):
        return match.group(1)
    match = None if stated_only else re.search(_NUMBER, head[:500])
    return match.group(0) if match else ""


def _doc_type(fields: dict[str, str], number_type: str, head: str) -> str:
    """The stated type, else the number's (but /QH is shared by laws and resolutions), else the title line."""
    if fields.get("doc_type"):
        return fields["doc_type"]
    if number_type and number_type != "Luật":
        return number_type
    for match in _TYPE_LINE.finditer(head):
        if match["rest"] == match["rest"].upper():
            return next(t for t in DOC_TYPES if match.group(1) == t.upper())
    return number_type


def legal_metadata(text: str, stated_only: bool = False) -> dict:
    """number, doc_type, issuer, issued, effective and status of a legal text ("" when unknown).

    With ``stated_only``, a number counts only when a header field or a "Số: ..." line states it
    (not merely the first number cited near the top, which in a news item is another document's).

    >>> meta = legal_metadata("- Số hiệu: 102/2016/QH13\\n- Ngày ban hành: 05/04/2016\\n- Cơ quan ban hành: Quốc hội")
    >>> meta["number"], meta["doc_type"], meta["issuer"], meta["issued"], meta["status"]
    ('102/2016/QH13', 'Luật', 'Quốc hội', '2016-04-05', '')
    """
    text = unicodedata.normalize("NFC", text)
    head = text[:6000]
    fields = _header_fields(head)
    number = _number(fields, head, stated_only)
    number_type, number_issuer = _number_type_issuer(number)
    issuer = fields.get("issuer") or number_issuer or fields.get("place", "")
    place = fields.get("place", "")
    if issuer == "Ủy ban nhân dân" and re.match(r"(Tỉnh|Thành phố) ", place):
        issuer += " " + place[0].lower() + place[1:]
    place_date = _PLACE_DATE.search(head)
    issued = _first_date(fields.get("issued", "")) or (_first_date(place_date.group(0)) if place_date else "")
    effective = _first_date(fields.get("effective", ""))
    if not effective and (match := _EFFECTIVE.search(text)):
        effective = issued if match["when"].lower().startswith("ngày ký") else _first_date(match["when"])
    status = fields.get("status", "").lower()
    status = next((s for s in VALIDITY_STATUSES if s in status), "hết hiệu lực toàn bộ" if "hết hiệu lực" in status else "")
    return {"number": number, "doc_type": _doc_type(fields, number_type, head), "issuer": issuer,
            "issued": issued, "effective": effective, "status": status}


# --- references ---------------------------------------------------------------------------------

# Titles of laws met in this field, so that lower-case spellings ("Luật trẻ em") and "và" inside a
# title ("Luật Hôn nhân và gia đình") are read right; other titles: capitalised words up to a stop.
KNOWN_LAW_TITLES = (
    "Trẻ em", "Bảo vệ, chăm sóc và giáo dục trẻ em", "Hôn nhân và gia đình", "Bình đẳng giới",
    "Người cao tuổi", "Người khuyết tật", "Trợ giúp pháp lý", "Phòng, chống bạo lực gia đình",
    "Phòng, chống mua bán người", "Nuôi con nuôi", "Hình sự", "Tố tụng hình sự", "Dân sự",
    "Tố tụng dân sự", "Lao động", "Giáo dục", "Xử lý vi phạm hành chính", "Tư pháp người chưa thành niên",
    "An ninh mạng", "Hộ tịch", "Cư trú", "Thanh niên", "Phòng, chống ma túy", "Khám bệnh, chữa bệnh",
    "Bảo hiểm y tế", "Ban hành văn bản quy phạm pháp luật", "Tổ chức chính quyền địa phương",
    "Phòng, chống mại dâm", "Dân số", "Giáo dục nghề nghiệp", "Việc làm")
_TITLE_STOP = ("này", "số", "năm", "ngày", "của", "về", "theo", "tại", "được", "đã", "có", "là", "để", "trong",
               "thì", "hoặc", "cho", "với", "và", "các", "những", "do", "từ", "đến", "quy", "hướng", "sửa",
               "nhằm", "khi", "nếu", "như", "không", "sẽ", "đang", "vào", "thuộc", "trên", "bởi", "gồm", "thi")
_KNOWN = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(KNOWN_LAW_TITLES, key=len, reverse=True))
_TITLE_WORD = r"[^\W\d_]+"
_UPPER = "".join(sorted({unicodedata.normalize("NFC", base + tone) for base in "AĂÂEÊIOÔƠUƯY"
                         for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")})) + "BCDĐFGHJKLMNPQRSTVWXZ"
_TITLE = (r"(?i:" + _KNOWN + r")(?!\w)|(?=[" + _UPPER + r"])" + _TITLE_WORD
          + r"(?:,?\s+(?!(?:" + "|".join(_TITLE_STOP) + r")\b)" + _TITLE_WORD + r"){0,7}")
# A bare number must stand whole: "01/BC" inside the form code "Mẫu số 01/BC/PTTE" is no document.
_REFERENCE = re.compile(
    r"(?P<chain>(?:[Đđ]iểm\s+(?P<point>[a-zđ])(?:,\s*[a-zđ])*(?:\s+và\s+[a-zđ])?\s+)?"
    r"(?:[Kk]hoản\s+(?P<clause>\d+)\s+)?[Đđ]iều\s+(?P<article>\d+(?:\.\d+)*\.[A-ZĐ]+(?:\.\d+)+|\d+[a-zđ]?)"
    r"(?!\w))?"
    r"(?:(?(chain)\s+(?:của\s+)?|)(?P<doc>(?P<type>" + "|".join(REFERENCE_TYPES) + r")\s+(?:(?P<this>này)\b|(?:số\s+)?(?P<number>"
    + _NUMBER + r")|(?<=(?:[Ll]uật|pháp|lệnh)\s)(?P<title>" + _TITLE + r")(?:\s+số\s+(?P<number2>" + _NUMBER + r"))?)"
    r"(?:\s+(?:năm\s+)?(?P<year>(?:19|20)\d\d)(?![\d/]))?|(?<![\w/])(?P<bare>" + _NUMBER + r")(?![\w/])))?"
)


@dataclass(frozen=True)
class Reference:
    """A citation found in a text; fields are "" / None when the text does not give them."""

    start: int
    end: int
    text: str
    number: str = ""
    doc_type: str = ""
    title: str = ""  # "Luật Trẻ em", "Bộ luật Hình sự"
    year: int | None = None
    article: str = ""  # "12", or a compendium number "8.1.LQ.1"
    clause: str = ""
    point: str = ""
    this_document: bool = False  # "Luật này", "Nghị định này"


def find_references(text: str) -> list[Reference]:
    """Citations of legal texts, articles, clauses and points in ``text``, in reading order.

    A document naming itself without an article ("Luật này quy định...") is not a citation.

    >>> [(r.clause, r.article, r.doc_type, r.this_document) for r in find_references("khoản 2 Điều 12 Luật này")]
    [('2', '12', 'Luật', True)]
    >>> [(r.number, r.doc_type, r.year) for r in find_references("Nghị định số 56/2017/NĐ-CP")]
    [('56/2017/NĐ-CP', 'Nghị định', 2017)]
    """
    references = []
    for m in _REFERENCE.finditer(text):
        if not m["chain"] and (not m["doc"] or m["this"]):
            continue  # nothing, or a document naming itself ("Luật này quy định...")
        number = m["number"] or m["number2"] or m["bare"] or ""
        title_words = m["title"] or ""
        doc_type = m["type"] or _number_type_issuer(number)[0]
        year = m["year"] or (re.search(r"/(\d{4})/", number) or [None, None])[1]
        end = m.end() if m["doc"] else m.end("chain")
        references.append(Reference(
            m.start(), end, text[m.start():end], number, doc_type,
            f"{m['type']} {' '.join(title_words.split())}" if title_words else "",
            int(year) if year else None, m["article"] or "", m["clause"] or "", m["point"] or "",
            bool(m["this"])))
    return references


# --- structure ----------------------------------------------------------------------------------
# Headings only: ingest.legal_text turns them into Markdown headings, search.passages gives their
# anchors and kb.documents.render those of the clauses and points under them (the site's parser).

_SP = r"[ \t\u00a0]"  # a space within a line, non-breaking spaces included
_PREFIX = "^" + _SP + r"*(?:#{1,6}" + _SP + r"*)?(?:\*\*)?" + _SP + "*"
_CHAPTER = re.compile(_PREFIX + r"(?P<word>Chương|CHƯƠNG|Mục|MỤC)" + _SP + r"+(?P<num>[IVXLC]+|\d+)\b" + _SP
                      + r"*(?:[.:\-–]" + _SP + r"*)?(?:\*\*)?" + _SP + r"*(?P<title>.*)$")
_ARTICLE = re.compile(_PREFIX + "Điều" + _SP + r"+(?P<num>\d+(?:\.\d+)*\.[A-ZĐ]+(?:\.\d+)+|\d+[a-zđ]?)" + _SP
                      + r"*[.:]" + _SP + r"*(?:\*\*)?" + _SP + r"*(?P<title>.*?)" + _SP + r"*(?:\*\*)?" + _SP + "*$")
# a heading glued to the end of the previous sentence: "...pháp lý.Điều 4.5.LQ.4. Chính sách"
_GLUED = re.compile(r"(?<=[.;:!?)”\"])(?=Điều" + _SP + r"+\d[\w.]*\." + _SP + r"+[^\W\d_]|Chương" + _SP
                    + r"+[IVXLC]+\b)")


def glued_parts(line: str) -> list[str]:
    """``line`` cut before every heading glued to the end of the previous sentence.

    >>> glued_parts("Luật này quy định.Điều 2. Đối tượng")
    ['Luật này quy định.', 'Điều 2. Đối tượng']
    """
    cuts = [0] + [m.start() for m in _GLUED.finditer(line) if m.start() > 0] + [len(line)]
    return [line[a:b] for a, b in zip(cuts, cuts[1:])]


def unit_heading(line: str) -> tuple[str, str, str] | None:
    """``(level, number, heading)`` when ``line`` is a Chương, Mục or Điều heading, else None;
    chapters are numbered in Arabic figures, compendium articles keep theirs.

    >>> unit_heading("Điều 8.1.LQ.1. Trẻ em"), unit_heading("Chương I"), unit_heading("Trẻ em là...")
    (('dieu', '8.1.LQ.1', 'Điều 8.1.LQ.1. Trẻ em'), ('chuong', '1', 'Chương I'), None)
    """
    if (match := _CHAPTER.match(line)) and match["title"] == match["title"].upper():
        level = "chuong" if match["word"].lower() == "chương" else "muc"
        num = match["num"]
        number = str(roman_to_int(num)) if num.isalpha() else num
        title = match["title"].strip(" *")
        word = "Chương" if level == "chuong" else "Mục"
        return level, number, f"{word} {num}. {title}" if title else f"{word} {num}"
    if match := _ARTICLE.match(line):
        return "dieu", match["num"], f"Điều {match['num']}. {match['title'].strip(' *')}".rstrip(". ")
    return None
