"""Official documents: legal normative texts versus administrative papers, and their page frame.

**Kind rule** (documented in content/README.md). A document with a type (the type line "THÔNG
BÁO", "KẾ HOẠCH"... or the code in its number) is:

* ``law`` (văn bản quy phạm pháp luật) when its type is Hiến pháp, Bộ luật, Luật, Pháp lệnh,
  Nghị định, Thông tư or Thông tư liên tịch, or when it is a Quyết định / Nghị quyết whose number
  carries the year ("12/2020/QĐ-UBND": the numbering of normative texts, Decree 30/2020/NĐ-CP) or
  the mark "QPPL";
* ``admin`` (văn bản chỉ đạo, điều hành) when its type is Công văn, Thông báo, Kế hoạch, Báo cáo,
  Tờ trình, Giấy mời, Chương trình, Công điện, Chỉ thị or Kết luận, when it is a Quyết định /
  Nghị quyết without the year in its number (a decision on a case, "2022/QĐ-UBND", "66/NQ-CP"),
  or when its number names no type at all ("1234/UBND-VX", "/CV": a công văn).

**Frame**: the letterhead (issuer), the national motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM /
Độc lập - Tự do - Hạnh phúc"), the number, the place and date line, the type and subject lines
(which make the title) and the issuing authority's line ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ...") open
an official paper; the "Nơi nhận" list and the signature block close its text. Places and
organisations named only there are not what the paper is about (its issuer is the ``issuer`` field). :func:`strip_official_frame` drops them so that the body starts with the text itself.
"""
from __future__ import annotations

import re

from ingest.crawl import is_upper
from search.legal_terms import DOC_TYPES

ADMIN_KIND = "admin"
NORMATIVE_TYPES = ("Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh", "Nghị định", "Thông tư liên tịch", "Thông tư")
DECISION_TYPES = ("Quyết định", "Nghị quyết", "Nghị quyết liên tịch")
ADMIN_TYPES = ("Công văn", "Thông báo", "Kế hoạch", "Báo cáo", "Tờ trình", "Giấy mời", "Chương trình",
               "Công điện", "Chỉ thị", "Kết luận")
_TYPE_CODES = r"(?:QĐ|QD|NQ|NĐ|ND|TT|TTLT|NQLT|PL|QH\d*|UBTVQH\d*|CT|CĐ|CD|TB|KL|KH|BC|TTr|GM|CV|HD|CTr)"
_YEAR_NUMBER = re.compile(r"^\d+/(?:19|20)\d\d/")
_TYPED_NUMBER = re.compile(r"(?:^|[/-])" + _TYPE_CODES + r"(?=$|[/-])")
_SUBJECT = re.compile(r"^[*_\s]*(?:V/v|Về việc)[.:\s]+(?P<subject>.+?)[*_\s]*$", re.IGNORECASE)
_ABOUT = re.compile(r"^[*_\s]*Về\s[^.]{5,200}[*_\s]*$")  # "Về tiếp tục tăng cường ..." under the type line
_MOTTO = re.compile(r"cộng hòa xã hội chủ nghĩa việt nam|cộng hoà xã hội chủ nghĩa việt nam|"
                    r"độc lập\s*[-–—]\s*tự do\s*[-–—]\s*hạnh phúc|đảng cộng sản việt nam", re.IGNORECASE)
_RULE = re.compile(r"^[\s*_\-–—=.|]*$")
_NUMBER_LINE = re.compile(r"^[*_\s]*Số(?:\s+hiệu)?\s*:?\s*\S*\d+\S*/\S+", re.IGNORECASE)
# the place and date line, also when a crawl wrapped it ("Hà Nội, ngày" / "26 tháng 11 năm 2025")
_DATELINE = re.compile(r"^[*_\s]*(?:[^\W\d_][^,\n]{1,30},\s*ngày(?:\s+\S+\s+tháng\s+\S+\s+năm\s+\d{4})?|"
                       r"\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})[*_\s.]*$")
_RECIPIENTS = re.compile(r"^[*_\s]*Nơi\s+nhận[*_\s]*:?[*_\s]*$", re.IGNORECASE)
_RECIPIENT_ITEM = re.compile(r"^\s*[-–+•]\s*.{1,120}[;,.]?\s*$|^\s*Lưu\s*:?.{0,60}$")
_SIGNATURE = re.compile(r"^[*_\s]*(?:(?:TM|KT|K/T|TL|TUQ|Q|PP)\.?\s|\(?(?:Đã ký|đã ký|Ký, ghi rõ|Ký tên)|"
                        r"(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|CHÁNH VĂN PHÒNG|TRƯỞNG|BỘ TRƯỞNG|THỦ TƯỚNG|"
                        r"TỔNG BÍ THƯ|BÍ THƯ|CHỦ NHIỆM|HIỆU TRƯỞNG|NGƯỜI (?:LẬP|KÝ))\b)")
_PERSON = re.compile(r"^[*_\s]*[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}[*_\s]*$")
_HEAD_LINES = 40
_TYPE_ALONE = re.compile(r"^[*_\s]*(?:" + "|".join(t.upper() for t in DOC_TYPES) + r")(?:\s+KẾT LUẬN)?[*_\s]*$")
_SUBJECT_UNDER_TYPE = re.compile(r"^[*_\s]*(?!Căn cứ)[^\W\d_][^\n]{4,250}(?<![.:;])[*_\s]*$")


def number_type(number: str) -> str:
    """The administrative type that a number implies when its code is not a legal type.

    >>> number_type("123/KH-UBND"), number_type("1234/UBND-VX"), number_type("56/2017/NĐ-CP")
    ('Kế hoạch', 'Công văn', '')
    """
    if not number:
        return ""
    codes = {"KH": "Kế hoạch", "BC": "Báo cáo", "TTr": "Tờ trình", "GM": "Giấy mời", "CV": "Công văn",
             "TB": "Thông báo", "CĐ": "Công điện", "CD": "Công điện", "CT": "Chỉ thị", "KL": "Kết luận"}
    for part in re.split(r"[/-]", number)[1:]:
        if part in codes:
            return codes[part]
    return "" if _TYPED_NUMBER.search(number) or _YEAR_NUMBER.match(number) else "Công văn"


def official_kind(doc_type: str, number: str = "") -> str:
    """``law``, ``admin`` or "" (not an official document) by the rule of this module's docstring.

    >>> official_kind("Quyết định", "12/2020/QĐ-UBND"), official_kind("Quyết định", "2022/QĐ-UBND")
    ('law', 'admin')
    >>> official_kind("Thông báo", "432-TB/VPTW"), official_kind("", "1234/UBND-VX"), official_kind("Luật")
    ('admin', 'admin', 'law')
    """
    if "QPPL" in number.upper() or doc_type in NORMATIVE_TYPES:
        return "law"
    if doc_type in DECISION_TYPES:
        return "law" if not number or _YEAR_NUMBER.match(number) else ADMIN_KIND
    if doc_type in ADMIN_TYPES or number_type(number):
        return ADMIN_KIND
    return "law" if number else ""


def subject_line(body: str) -> str:
    """The subject of a công văn ("V/v ..." under its number), "" when there is none.

    >>> subject_line("Số: 12/UBND-VX\\nV/v tăng cường phòng, chống đuối nước trẻ em\\nKính gửi: ...")
    'tăng cường phòng, chống đuối nước trẻ em'
    """
    for line in body.split("\n")[:_HEAD_LINES]:
        if match := _SUBJECT.match(line):
            return match["subject"].strip()
    return ""


def _is_head_line(line: str) -> bool:
    """A line of an official paper's opening frame: letterhead, motto, rule, number, date line."""
    return bool(_MOTTO.search(line) or _RULE.match(line) or _NUMBER_LINE.match(line) or _DATELINE.match(line)
                or is_upper(line) or _SUBJECT.match(line) or _ABOUT.match(line))


def _head_end(lines: list[str]) -> int:
    """Index of the first line after the opening frame; 0 when the text has no frame."""
    if not any(_MOTTO.search(line) or _NUMBER_LINE.match(line) for line in lines[:_HEAD_LINES]):
        return 0
    end, previous = 0, ""
    for index, line in enumerate(lines[:_HEAD_LINES]):
        if not line.strip():
            continue
        subject = _TYPE_ALONE.match(previous) and _SUBJECT_UNDER_TYPE.match(line)  # in sentence case
        if not (_is_head_line(line) or subject) or line.strip().startswith("#"):
            break
        end, previous = index + 1, line
    return end


def has_official_frame(body: str) -> bool:
    r"""True when ``body`` opens with an official paper's frame (motto or "Số: ..." line).

    >>> has_official_frame("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBÁO CÁO"), has_official_frame("Tin mới")
    (True, False)
    """
    return _head_end(body.split("\n")) > 0


def _tail_start(lines: list[str]) -> tuple[int, int]:
    """``(start, end)`` of the "Nơi nhận" list and signature block; ``(n, n)`` when there are none."""
    start = next((i for i, line in enumerate(lines) if _RECIPIENTS.match(line)), None)
    if start is None:
        return len(lines), len(lines)
    end = start + 1
    signature = False
    while end < len(lines):
        line = lines[end]
        if not line.strip() or _RULE.match(line) or _RECIPIENT_ITEM.match(line):
            end += 1
        elif _SIGNATURE.match(line) or (is_upper(line) and len(line) < 60):
            signature = True
            end += 1
        elif signature and _PERSON.match(line):
            end += 1
            break
        elif not signature and len(line) < 80 and not line.rstrip().endswith((".", ":")):
            end += 1  # a recipient wrapped onto a second line
        else:
            break
    return start, end


def strip_official_frame(body: str) -> str:
    r"""The body of an official paper without its opening frame, recipients and signature block.

    >>> print(strip_official_frame("UBND TỈNH HÀ TĨNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    ...     "Độc lập - Tự do - Hạnh phúc\nSố: 12/KH-UBND\nHà Tĩnh, ngày 3 tháng 2 năm 2024\nKẾ HOẠCH\n"
    ...     "PHÒNG, CHỐNG ĐUỐI NƯỚC TRẺ EM\nI. MỤC ĐÍCH\nGiảm số trẻ em bị đuối nước.\nNơi nhận:\n"
    ...     "- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An\nPhụ lục"))
    I. MỤC ĐÍCH
    Giảm số trẻ em bị đuối nước.
    Phụ lục
    """
    lines = body.split("\n")
    head = _head_end(lines)
    # the heading of the text's first part ("I. MỤC ĐÍCH") is upper case too: keep it
    while head and re.match(r"^[*#\s]*(?:[IVX]+|\d+)[.)]\s", lines[head - 1]):
        head -= 1
    start, end = _tail_start(lines)
    kept = lines[head:start] + lines[end:]
    return "\n".join(kept).strip()
