"""Remove web-page boilerplate from scraped text, line by line.

Scraped articles carry the site around them: skip links, bylines, share and comment widgets,
copyright lines, keyword lists and "related news" lists with their dates and view counts. The rules
below are about the shape of such lines, not about one site, so they carry over to new sources.
"""
from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

# Lines that are boilerplate wherever they appear (whole line, case-insensitive).
_BOILERPLATE = [
    r"chuyển (tới|đến) nội dung( chính)?", r"skip to (main )?content", r"bỏ qua nội dung",
    r"[•·\-–]?\s*bởi\s*", r"sử dụng phiên bản (máy tính|mobile?).*", r"(facebook|instagram|twitter|"
    r"youtube|zalo|tiktok|linkedin|follow by email|email|in bài( viết)?|chia sẻ|share|tweet|"
    r"bản in|gửi bài|lượt xem:?.*)",
    r"email của bạn sẽ không được hiển thị công khai.*", r"các trường bắt buộc được đánh dấu.*",
    r"(tin mới|emagazine|truyền hình|podcast|video|multimedia|infographic|trang chủ)"
    r"(\s+(tin mới|emagazine|truyền hình|podcast|video|multimedia|infographic|trang chủ))+",
    r"[-–•]", r"\d{1,2}[-/]\d{1,2}[-/]\d{4}\s+\d{1,2}:\d{2}(\s+\d+)?",  # list bullets, "24-11-2024 08:01 44"
    r"dưới đây là một số hình ảnh.*:?",
    # attachment names left by a compendium or portal page: "Phụ lục 1.docx", "Mau 01_So vu viec.xls"
    r".{1,150}\.(?:docx?|xlsx?|pdf|pptx?|zip|rar)",
    r"đang tải văn bản\.*", r"\**x\**",
    # a legal portal's description of the page: "Quyết định 2022/QĐ-UBND năm 2025 công bố ..."
    r"(?:luật|nghị định|thông tư|quyết định|thông báo|công điện|chỉ thị|nghị quyết)(?: kết luận)?\s+"
    r"(?:số\s+)?\S+/\S+\s+(?:năm \d{4}|ngày \d{1,2}/\d{1,2}/\d{4})\b.*",
]
_BOILERPLATE_RE = re.compile("|".join(f"(?:{p})" for p in _BOILERPLATE), re.IGNORECASE)
# Photo captions left behind when the images were dropped: short, unpunctuated, about a photo.
_CAPTION_RE = re.compile(r"^(?=.{0,140}$)(?!.*[.;:!?]$)(?![*_\s]*(?:bài|tin)\s*(?:và|,|&)?\s*ảnh\s*:).*(chụp ảnh|ảnh minh họa|ảnh minh hoạ|"
                         r"\(ảnh|ảnh:|nguồn ảnh)", re.IGNORECASE)
# Lines after which the article is over: comments, keyword lists, related news, copyright.
_END_RE = re.compile(
    r"^[#*\s]*(bình luận|ý kiến bạn đọc|gửi bình luận|để lại bình luận|tag|tags|từ khóa|từ khoá|"
    r"đọc thêm|xem thêm|tin liên quan|bài viết liên quan|tin cùng chuyên mục|tin khác|"
    r"các tin khác|bài liên quan|văn bản liên quan|nội dung sửa đổi, hướng dẫn|"
    r"file (?:được )?đính kèm(?: theo văn bản)?|văn bản này chưa cập nhật nội dung tiếng anh)[\s*]*:?\s*$"
    r"|^(©|\(c\)|copyright\b)|all rights reserved",
    re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    """True for a line that belongs to the site, not to the article.

    >>> is_boilerplate("Chuyển tới nội dung"), is_boilerplate("Trẻ em là người dưới 16 tuổi.")
    (True, False)
    >>> is_boilerplate("Các học viên chụp ảnh lưu niệm tại lớp tập huấn 1")
    True
    """
    line = line.strip()
    return bool(_BOILERPLATE_RE.fullmatch(line) or _CAPTION_RE.match(line))


def is_article_end(line: str) -> bool:
    """True for a line that closes the article (comment form, tags, related news, copyright).

    >>> is_article_end("Bình luận"), is_article_end("© HCWA, 2019. All rights reserved.")
    (True, True)
    """
    return bool(_END_RE.search(line.strip()))


def clean_lines(lines: list[str], title: str = "") -> list[str]:
    """The article's own lines: boilerplate dropped, stops at the article's end, title not repeated.

    >>> clean_lines(["Chuyển tới nội dung", "Tiêu đề", "Nội dung.", "Tiêu đề", "Bình luận", "x"], "Tiêu đề")
    ['Nội dung.']
    """
    kept: list[str] = []
    title_key = title.strip().casefold()
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if is_article_end(line):
            break
        if is_boilerplate(line) or (title_key and line.casefold() == title_key):
            continue
        kept.append(line)
    return kept
