"""Error pages in the site's style, and JSON errors under /api/: every error of the project
(:class:`KBError`) by its family's status, anything else as a 500 that is logged."""
from __future__ import annotations

import logging

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from kb.errors import DocumentNotFound, InvalidDocument, KBError
from search.errors import IndexMissing

log = logging.getLogger(__name__)

MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    404: "Không tìm thấy trang bạn yêu cầu.",
    405: "Phương thức không được hỗ trợ.",
    413: "Dữ liệu gửi lên quá lớn.",
    500: "Đã có lỗi xảy ra ở máy chủ. Vui lòng thử lại sau.",
    503: "Chỉ mục tìm kiếm chưa sẵn sàng. Vui lòng thử lại sau ít phút.",
}


def _respond(status: int, detail: str = ""):
    message = MESSAGES.get(status, "Đã có lỗi xảy ra.")
    if request.path.startswith("/api/"):
        return jsonify({"error": {"status": status, "message": message, "detail": detail}}), status
    return render_template("error.html", status=status, message=message), status


# The status of each family of the project's errors (the first of an error's classes listed wins);
# any other KBError reaching a view is a bug of ours: 500.
STATUSES = ((DocumentNotFound, 404), (InvalidDocument, 400), (IndexMissing, 503))


def status_of(exc: KBError) -> int:
    """The HTTP status of a :class:`KBError`.

    >>> status_of(DocumentNotFound("x")), status_of(IndexMissing("x")), status_of(KBError("x"))
    (404, 503, 500)
    """
    return next((status for family, status in STATUSES if isinstance(exc, family)), 500)


def init_app(app) -> None:
    """Install the handlers on ``app``: HTML pages, JSON under /api/ (as Datasette does)."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return _respond(exc.code or 500, exc.description if exc.code != 404 else "")

    @app.errorhandler(KBError)
    def project_error(exc: KBError):
        status = status_of(exc)
        if status == 503:
            log.error("%s", exc)
        elif status == 500:
            log.exception("unhandled error on %s", request.path)
        return _respond(status, str(exc) if status < 500 else "")

    @app.errorhandler(Exception)
    def unexpected(exc):
        if isinstance(exc, HTTPException):
            return http_error(exc)
        log.exception("unhandled error on %s", request.path)
        return _respond(500)
