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
* :func:`split_structure` cuts a law, decree or circular into Chương / Mục / Điều / Khoản / Điểm
  with stable anchors, on Markdown headings ("## Chương I. ...", "#### Điều 4. ...", "**Điều 1.**")
  as well as raw text: headings glued to the previous sentence ("...pháp lý.Điều 4.5.LQ.4. ..."),
  NFD text and non-breaking spaces, chapter titles on the next line, compendium article numbers
  ("Điều 8.1.LQ.1." -> ``dieu-8-1-lq-1``). A heading whose anchor already exists (the compendium's
  duplicated table of contents) and any other Markdown heading end the open units without starting
  one. Not handled: clauses and points glued inside one line ("1. Sở Y tế a) Công khai ..."), and
  sub-points ("a.1)").
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass

from ingest.dates import extract_dates

log = logging.getLogger(__name__)

DOC_TYPES = ("Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh", "Nghị quyết liên tịch", "Nghị quyết", "Nghị định",
             "Thông tư liên tịch", "Thông tư", "Quyết định", "Chỉ thị", "Công điện", "Thông báo", "Kết luận",
             "Kế hoạch", "Báo cáo", "Tờ trình", "Công văn", "Giấy mời", "Chương trình")
# Letters of a code are any letters: "01/2008/NQLT-BLĐTBXH-BCA-BVHTTDL-UBTƯMTTQVN".
_NUMBER = r"\d+(?:/\d{4})?/[A-ZĐ][^\W_]*(?:-[A-ZĐ](?:[^\W_]|&)*)*|\d+-[A-ZĐ]+/[A-ZĐ]+"
# The number's suffix names the type and the issuer: 56/2017/NĐ-CP, 28/2019/TT-BLĐTBXH, 432-TB/VPTW.
_SUFFIX_TYPES = [("TTLT", "Thông tư liên tịch"), ("NQLT", "Nghị quyết liên tịch"), ("PL", "Pháp lệnh"),
                 ("NĐ", "Nghị định"), ("ND", "Nghị định"), ("TT", "Thông tư"), ("QĐ", "Quyết định"),
                 ("QD", "Quyết định"), ("NQ", "Nghị quyết"), ("CT", "Chỉ thị"), ("CĐ", "Công điện"),
                 ("TB", "Thông báo"), ("KL", "Kết luận"), ("QH", "Luật"), ("KH", "Kế hoạch"),
                 ("BC", "Báo cáo"), ("TTr", "Tờ trình"), ("GM", "Giấy mời"), ("CV", "Công văn")]
_ISSUERS = {"QH": "Quốc hội", "UBTVQH": "Ủy ban Thường vụ Quốc hội", "CP": "Chính phủ",
            "TTg": "Thủ tướng Chính phủ", "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
            "BYT": "Bộ Y tế", "BTP": "Bộ Tư pháp", "BTC": "Bộ Tài chính", "BNV": "Bộ Nội vụ",
            "BGDĐT": "Bộ Giáo dục và Đào tạo", "BTTTT": "Bộ Thông tin và Truyền thông",
            "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch", "BGTVT": "Bộ Giao thông vận tải",
            "BCA": "Bộ Công an", "VPTW": "Văn phòng Trung ương Đảng", "UBND": "Ủy ban nhân dân"}
VALIDITY_STATUSES = ("hết hiệu lực một phần", "hết hiệu lực toàn bộ", "chưa có hiệu lực", "còn hiệu lực")
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
    doc_type = next((t for p in parts for s, t in _SUFFIX_TYPES if re.fullmatch(s + r"\d*", p)), "")
    issuer = next((_ISSUERS[re.sub(r"\d+$", "", p)] for p in reversed(parts)
                   if re.sub(r"\d+$", "", p) in _ISSUERS), "")
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
    r"(?:(?(chain)\s+(?:của\s+)?|)(?P<doc>(?P<type>Hiến pháp|Bộ luật|Luật|Pháp lệnh|Nghị quyết|Nghị định|"
    r"Thông tư liên tịch|Thông tư|Quyết định|Chỉ thị|Công điện)\s+(?:(?P<this>này)\b|(?:số\s+)?(?P<number>"
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

LEVELS = ("chuong", "muc", "dieu", "khoan", "diem")
_POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_SP = r"[ \t\u00a0]"  # a space within a line, non-breaking spaces included
_PREFIX = "^" + _SP + r"*(?:#{1,6}" + _SP + r"*)?(?:\*\*)?" + _SP + "*"
_CHAPTER = re.compile(_PREFIX + r"(?P<word>Chương|CHƯƠNG|Mục|MỤC)" + _SP + r"+(?P<num>[IVXLC]+|\d+)\b" + _SP
                      + r"*(?:[.:\-–]" + _SP + r"*)?(?:\*\*)?" + _SP + r"*(?P<title>.*)$")
_ARTICLE = re.compile(_PREFIX + "Điều" + _SP + r"+(?P<num>\d+(?:\.\d+)*\.[A-ZĐ]+(?:\.\d+)+|\d+[a-zđ]?)" + _SP
                      + r"*[.:]" + _SP + r"*(?:\*\*)?" + _SP + r"*(?P<title>.*?)" + _SP + r"*(?:\*\*)?" + _SP + "*$")
_CLAUSE = re.compile("^" + _SP + r"*(?P<num>\d{1,3})\." + _SP + r"*(?=[^\W\d_])")
_POINT = re.compile("^" + _SP + r"*(?P<num>[a-zđ])\)" + _SP + r"*\S")
# a heading glued to the end of the previous sentence: "...pháp lý.Điều 4.5.LQ.4. Chính sách"
_GLUED = re.compile(r"(?<=[.;:!?)”\"])(?=Điều" + _SP + r"+\d[\w.]*\." + _SP + r"+[^\W\d_]|Chương" + _SP
                    + r"+[IVXLC]+\b)")
_OTHER_HEADING = re.compile("^" + _SP + "*#{1,6}" + _SP)


@dataclass(frozen=True)
class Unit:
    """One structural unit; ``start``/``end`` index the input, ``text`` is that span in NFC."""

    anchor: str  # "chuong-1", "chuong-2-muc-1", "dieu-4", "dieu-4-khoan-1", "dieu-4-khoan-1-diem-a"
    level: str  # one of LEVELS
    number: str  # as written ("4", "8.1.LQ.1", "đ"); chapters in Arabic figures
    heading: str  # "Chương I. NHỮNG QUY ĐỊNH CHUNG", "Điều 4. Giải thích từ ngữ", "Khoản 1", "Điểm a"
    text: str
    start: int
    end: int
    parent: str | None


def _arabic(roman: str) -> int:
    values = [_ROMAN[c] for c in roman]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _nfc_with_offsets(text: str) -> tuple[str, list[int]]:
    """NFC text and, for each of its characters (and its end), the offset in ``text``."""
    if unicodedata.is_normalized("NFC", text):
        return text, list(range(len(text) + 1))
    out, offsets, i = [], [], 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        composed = unicodedata.normalize("NFC", text[i:j])
        out.append(composed)
        offsets.extend([i] * len(composed))
        i = j
    return "".join(out), offsets + [len(text)]


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines of ``text``, glued headings starting lines of their own."""
    spans, start = [], 0
    for line in text.split("\n"):
        for part in glued_parts(line):
            spans.append((start, start + len(part)))
            start += len(part)
        start += 1
    return spans


def glued_parts(line: str) -> list[str]:
    """``line`` cut before every heading glued to the end of the previous sentence.

    >>> glued_parts("Luật này quy định.Điều 2. Đối tượng")
    ['Luật này quy định.', 'Điều 2. Đối tượng']
    """
    cuts = [0] + [m.start() for m in _GLUED.finditer(line) if m.start() > 0] + [len(line)]
    return [line[a:b] for a, b in zip(cuts, cuts[1:])]


def unit_heading(line: str) -> tuple[str, str, str] | None:
    """``(level, number, heading)`` when ``line`` is a Chương, Mục or Điều heading, else None.

    >>> unit_heading("Điều 8.1.LQ.1. Trẻ em"), unit_heading("Chương I"), unit_heading("Trẻ em là...")
    (('dieu', '8.1.LQ.1', 'Điều 8.1.LQ.1. Trẻ em'), ('chuong', '1', 'Chương I'), None)
    """
    found = _heading(line, None, None)
    return found if found and found[0] != "end" else None


def _heading(line: str, article: dict | None, clause: dict | None) -> tuple | None:
    """(level, number, heading) when ``line`` opens a unit; ("end",) for another Markdown heading.

    Clauses and points are only read inside an article, numbered upwards from the previous one.
    """
    if (match := _CHAPTER.match(line)) and match["title"] == match["title"].upper():
        level = "chuong" if match["word"].lower() == "chương" else "muc"
        num = match["num"]
        number = str(_arabic(num)) if num.isalpha() else num
        title = match["title"].strip(" *")
        word = "Chương" if level == "chuong" else "Mục"
        return level, number, f"{word} {num}. {title}" if title else f"{word} {num}"
    if match := _ARTICLE.match(line):
        return "dieu", match["num"], f"Điều {match['num']}. {match['title'].strip(' *')}".rstrip(". ")
    if _OTHER_HEADING.match(line):
        return ("end",)
    if article is None:
        return None
    if (match := _CLAUSE.match(line)) and article["last_clause"] < int(match["num"]) <= article["last_clause"] + 5:
        return "khoan", match["num"], f"Khoản {match['num']}"
    holder = clause or article
    if (match := _POINT.match(line)) and _POINT_LETTERS.index(match["num"]) > holder["last_point"]:
        return "diem", match["num"], f"Điểm {match['num']}"
    return None


def split_structure(markdown: str) -> list[Unit]:
    """Chương, Mục, Điều, Khoản and Điểm of a legal text, in document order, with anchors.

    >>> units = split_structure("## Chương I. QUY ĐỊNH CHUNG\\n#### Điều 4. Giải thích từ ngữ\\n1. Trẻ em là...\\na) Một;")
    >>> [(u.anchor, u.parent, u.heading) for u in units]  # doctest: +NORMALIZE_WHITESPACE
    [('chuong-1', None, 'Chương I. QUY ĐỊNH CHUNG'), ('dieu-4', 'chuong-1', 'Điều 4. Giải thích từ ngữ'),
     ('dieu-4-khoan-1', 'dieu-4', 'Khoản 1'), ('dieu-4-khoan-1-diem-a', 'dieu-4-khoan-1', 'Điểm a')]
    """
    text, offsets = _nfc_with_offsets(markdown)
    built: list[dict] = []
    open_units: list[dict] = []  # the chain of units containing the current line, outermost first
    seen: set[str] = set()
    pending_title: dict | None = None
    chapter = ""  # anchor of the last chapter heading, even a repeated one: Mục are numbered within it
    content_end = 0

    def close(rank: int) -> None:
        while open_units and LEVELS.index(open_units[-1]["level"]) >= rank:
            open_units.pop()["end"] = content_end

    for start, end in _lines(text):
        line = text[start:end]
        if not line.strip():
            continue
        article = next((u for u in open_units if u["level"] == "dieu"), None)
        clause = next((u for u in open_units if u["level"] == "khoan"), None)
        found = _heading(line, article, clause)
        if found is None:
            if pending_title is not None and line.strip() == line.strip().upper():
                pending_title["heading"] += ". " + line.strip(" *")
            pending_title = None
            content_end = end
            continue
        pending_title = None
        rank = LEVELS.index(found[0]) if found[0] != "end" else 0
        close(rank)
        if found[0] == "end":
            continue
        level, number, heading = found
        parent = open_units[-1] if open_units else None
        anchor = f"{level}-" + re.sub(r"[^a-z0-9]+", "-", number.lower().replace("đ", "dd")).strip("-")
        if level == "chuong":
            chapter = anchor
        elif level == "muc" and chapter:
            anchor = f"{chapter}-{anchor}"
        elif level in ("khoan", "diem"):
            anchor = f"{parent['anchor']}-{anchor}"
            if level == "khoan":
                parent["last_clause"] = int(number)
            else:
                parent["last_point"] = _POINT_LETTERS.index(number)
        if anchor in seen:
            log.debug("repeated heading %r (a table of contents?) ends the open units", heading)
            close(0)
            continue
        seen.add(anchor)
        unit = {"anchor": anchor, "level": level, "number": number, "heading": heading, "start": start,
                "parent": parent["anchor"] if parent else None, "last_clause": 0, "last_point": -1}
        built.append(unit)
        open_units.append(unit)
        pending_title = unit if level in ("chuong", "muc") and heading.count(" ") == 1 else None
        content_end = end
    close(0)
    return [Unit(u["anchor"], u["level"], u["number"], u["heading"], text[u["start"]:u["end"]],
                 offsets[u["start"]], offsets[u["end"]], u["parent"]) for u in built]
