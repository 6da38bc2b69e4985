"""Find the date of an event or publication in Vietnamese text, as ISO 8601.

Handled forms (case-insensitive; the first day of a range is taken):
``05/04/2016``, ``24-11-2024``, ``05.04.2016``, ``2018-07-12``, ``12-13/7/2018``, ``20 -23/5/2020``,
``30/6 - 2/7/2018``, ``ngày 09 tháng 5 năm 2017``, ``23 và 24 tháng 10 năm 2017``,
``tháng 7/2018`` / ``tháng 10 năm 2017`` (month only: ``YYYY-MM``).

A day and month without a year (``Sáng 8/12``) is never completed with a guessed year, a year
alone is no date, and impossible dates (``31/2/2018``) are skipped. Document numbers such as
``02/2021/TT-BLĐTBXH`` are not read as dates. Text is expected in NFC (as the cleaners give it).
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass

log = logging.getLogger(__name__)

LEAD_CHARS = 1500

_D = r"(?P<d>\d{1,2})"
_M = r"(?P<m>\d{1,2})"
_Y = r"(?P<y>(?:19|20)\d\d)"
_RANGE = r"\s*(?:-|–|—|và|đến|tới)\s*"
_NOT_AFTER = r"(?![\d/])"
_NOT_BEFORE = r"(?<![\w/.,])"

_PATTERNS = [
    # 2018-07-12
    re.compile(_NOT_BEFORE + _Y + r"-" + r"(?P<m>\d\d)-(?P<d>\d\d)" + _NOT_AFTER),
    # 30/6 - 2/7/2018: a range over two months, the year written once at the end
    re.compile(_NOT_BEFORE + _D + r"(?P<s>[/.-])" + _M + _RANGE + r"\d{1,2}(?P=s)\d{1,2}(?P=s)" + _Y
               + _NOT_AFTER),
    # 05/04/2016, 24-11-2024, 12-13/7/2018, 20 -23/5/2020
    re.compile(_NOT_BEFORE + _D + r"(?:" + _RANGE + r"\d{1,2})?(?P<s>[/.-])" + _M + r"(?P=s)" + _Y
               + _NOT_AFTER),
    # ngày 09 tháng 5 năm 2017, 23 và 24 tháng 10 năm 2017, 5 tháng 4/2016
    re.compile(r"(?:ngày\s+)?" + _NOT_BEFORE + _D + r"(?:" + _RANGE + r"\d{1,2})?\s+tháng\s+" + _M
               + r"(?:\s*,?\s*năm\s+|\s*[/-]\s*)" + _Y + _NOT_AFTER, re.IGNORECASE),
    # tháng 7/2018, tháng 10 năm 2017 (month precision)
    re.compile(r"tháng\s+" + _M + r"(?:\s*,?\s*năm\s+|\s*[/-]\s*)" + _Y + _NOT_AFTER, re.IGNORECASE),
]


@dataclass(frozen=True)
class FoundDate:
    """A date expression found in a text: ISO value and where it stands."""

    iso: str  # "YYYY-MM-DD", or "YYYY-MM" when the text gives only month and year
    start: int
    end: int
    text: str


def _iso(match: re.Match) -> str | None:
    groups = match.groupdict()
    year, month = int(groups["y"]), int(groups["m"])
    day = groups.get("d")
    try:
        if day is None:
            datetime.date(year, month, 1)
            return f"{year:04d}-{month:02d}"
        return datetime.date(year, month, int(day)).isoformat()
    except ValueError:
        log.debug("impossible date skipped: %r", match.group(0))
        return None


def extract_dates(text: str) -> list[FoundDate]:
    """Every date expression in ``text``, in reading order, overlaps resolved to the longest.

    >>> [(d.iso, d.start, d.text) for d in extract_dates("Từ ngày 20 -23/5/2020, tại Hạ Long; tháng 7/2018")]
    [('2020-05-20', 8, '20 -23/5/2020'), ('2018-07', 36, 'tháng 7/2018')]
    """
    found = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            iso = _iso(match)
            if iso is not None:
                found.append(FoundDate(iso, match.start(), match.end(), match.group(0)))
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[FoundDate] = []
    for candidate in found:
        if kept and candidate.start < kept[-1].end:
            continue
        kept.append(candidate)
    return kept


def extract_date(text: str) -> str | None:
    """The first date in the lead (first ``LEAD_CHARS`` characters) of ``text``, or None.

    >>> extract_date("Trong hai ngày 12-13/7/2018, bộ phận Bảo trợ trẻ em ...")
    '2018-07-12'
    >>> extract_date("Sáng 8/12, huyện Hương Sơn tổ chức tập huấn") is None
    True
    """
    for found in extract_dates(text[:LEAD_CHARS + 40]):
        if found.start < LEAD_CHARS:
            return found.iso
    return None
