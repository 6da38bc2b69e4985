"""The vocabulary of Vietnamese legal texts, defined once: document types, the codes of document
numbers, issuers, validity statuses, Roman numerals and the anchors of Điều / Khoản / Điểm.

It lives in the bottom layer so that the ingester (``ingest.legal``, ``ingest.metadata``...), the
renderer (``kb.documents.render``) and the query parser (``search.query``) share it. Where they
accept different sets of types, each set is named here with what it is for.
"""
from __future__ import annotations

from search.normalize import strip_diacritics

# Every type of document a heading, a type line or a number may name; where one type starts another,
# the longer comes first ("Nghị quyết liên tịch" before "Nghị quyết").
DOC_TYPES = ("Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh", "Nghị quyết liên tịch", "Nghị quyết", "Nghị định",
             "Thông tư liên tịch", "Thông tư", "Quyết định", "Chỉ thị", "Công điện", "Thông báo", "Kết luận",
             "Kế hoạch", "Báo cáo", "Tờ trình", "Công văn", "Giấy mời", "Chương trình")
# The types a document's own title starts with when it is a legal or official text (ingest.metadata).
TITLE_TYPES = ("Luật", "Bộ luật", "Nghị định", "Thông tư liên tịch", "Thông tư", "Quyết định",
               "Pháp lệnh", "Nghị quyết", "Chỉ thị", "Công điện", "Thông báo", "Hiến pháp", "Kế hoạch",
               "Báo cáo", "Công văn", "Tờ trình")
# The types a citation in running text names ("khoản 2 Điều 12 Luật này", ingest.legal).
REFERENCE_TYPES = ("Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh", "Nghị quyết", "Nghị định",
                   "Thông tư liên tịch", "Thông tư", "Quyết định", "Chỉ thị", "Công điện")
# The normative types whose mentions the renderer links to the documents the library holds.
LINKED_TYPES = ("Bộ luật", "Luật", "Nghị định", "Nghị quyết", "Thông tư liên tịch", "Thông tư",
                "Quyết định", "Pháp lệnh")

# The code in a document number names its type: 56/2017/NĐ-CP, 28/2019/TT-BLĐTBXH, 432-TB/VPTW
# (a part of the number, followed by digits or nothing: QH13).
NUMBER_CODES = [("TTLT", "Thông tư liên tịch"), ("NQLT", "Nghị quyết liên tịch"), ("PL", "Pháp lệnh"),
                ("NĐ", "Nghị định"), ("ND", "Nghị định"), ("TT", "Thông tư"), ("QĐ", "Quyết định"),
                ("QD", "Quyết định"), ("NQ", "Nghị quyết"), ("CT", "Chỉ thị"), ("CĐ", "Công điện"),
                ("TB", "Thông báo"), ("KL", "Kết luận"), ("QH", "Luật"), ("KH", "Kế hoạch"),
                ("BC", "Báo cáo"), ("TTr", "Tờ trình"), ("GM", "Giấy mời"), ("CV", "Công văn")]
# The number patterns that make a document a legal text whatever its title says (ingest.metadata):
# the normative codes only, /QH at the end (a law; /UBTVQH an ordinance).
LEGAL_NUMBER_PATTERNS = [
    (r"/QH\d*$", "Luật"), (r"/UBTVQH\d*$", "Pháp lệnh"), (r"/(NĐ|ND)-", "Nghị định"),
    (r"/TTLT-", "Thông tư liên tịch"), (r"/TT-", "Thông tư"), (r"/(QĐ|QD)-", "Quyết định"),
    (r"/NQ-", "Nghị quyết"), (r"/CT-", "Chỉ thị"), (r"/(CĐ|CD)-", "Công điện"),
    (r"/TB-", "Thông báo"), (r"/PL-", "Pháp lệnh")]
# The code in the number of a document of each type, for a type named with a bare number ("Nghị
# định 56" is 56/…/NĐ-…; a law's number ends in /QH…, an ordinance's in /UBTVQH…).
TYPE_NUMBER_CODES = {"Luật": "QH", "Nghị định": "NĐ", "Thông tư": "TT", "Quyết định": "QĐ",
                     "Nghị quyết": "NQ", "Pháp lệnh": "UBTVQH"}
# The code of the issuer, last in a number: 56/2017/NĐ-CP is the Government's.
ISSUER_CODES = {"QH": "Quốc hội", "UBTVQH": "Ủy ban Thường vụ Quốc hội", "CP": "Chính phủ",
                "TTg": "Thủ tướng Chính phủ", "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
                "BYT": "Bộ Y tế", "BTP": "Bộ Tư pháp", "BTC": "Bộ Tài chính", "BNV": "Bộ Nội vụ",
                "BGDĐT": "Bộ Giáo dục và Đào tạo", "BTTTT": "Bộ Thông tin và Truyền thông",
                "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch", "BGTVT": "Bộ Giao thông vận tải",
                "BCA": "Bộ Công an", "VPTW": "Văn phòng Trung ương Đảng", "UBND": "Ủy ban nhân dân"}
# A legal text's validity as its header states it; the last is the text in force.
VALIDITY_STATUSES = ("hết hiệu lực một phần", "hết hiệu lực toàn bộ", "chưa có hiệu lực", "còn hiệu lực")

# The units of a legal text that headings name, as written (with or without diacritics) -> anchor word.
UNIT_SLUGS = {"chương": "chuong", "chuong": "chuong", "mục": "muc", "muc": "muc",
              "điều": "dieu", "dieu": "dieu", "phần": "phan", "phan": "phan"}
ARTICLE_PREFIX = "dieu-"
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(numeral: str) -> int:
    """The value of a Roman numeral of chapters and parts.

    >>> roman_to_int("IV"), roman_to_int("XIX"), roman_to_int("VII")
    (4, 19, 7)
    """
    total = 0
    for char, following in zip(numeral, numeral[1:] + " "):
        value = _ROMAN[char]
        total += -value if following != " " and _ROMAN[following] > value else value
    return total


def article_anchor(number: str) -> str:
    """The anchor of Điều ``number`` on a page and in the index.

    >>> article_anchor("4"), article_anchor("12A")
    ('dieu-4', 'dieu-12a')
    """
    return ARTICLE_PREFIX + strip_diacritics(number.lower())


def clause_anchor(article: str, number: int | str) -> str:
    """The anchor of Khoản ``number`` of the article anchored ``article``: ``dieu-4-khoan-1``."""
    return f"{article}-khoan-{number}"


def point_slug(letter: str) -> str:
    """The anchor part of a point's letter: ASCII, and ``đ`` kept apart from ``d``.

    >>> point_slug("a"), point_slug("đ")
    ('a', 'dd')
    """
    return "dd" if letter == "đ" else letter


def point_anchor(holder: str, letter: str) -> str:
    """The anchor of Điểm ``letter`` of the clause (or article) anchored ``holder``.

    >>> point_anchor("dieu-4-khoan-1", "đ")
    'dieu-4-khoan-1-diem-dd'
    """
    return f"{holder}-diem-{point_slug(letter)}"
