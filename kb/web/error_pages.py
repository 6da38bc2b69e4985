"""Error pages in the site's style, and JSON errors under /api/."""
from __future__ import annotations

import logging

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from kb.errors import DocumentNotFound, InvalidDocument
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


def init_app(app) -> None:
    """Install the handlers on ``app``."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return _respond(exc.code or 500, exc.description if exc.code != 404 else "")

    @app.errorhandler(DocumentNotFound)
    def not_found(exc):
        return _respond(404, str(exc))

    @app.errorhandler(InvalidDocument)
    def invalid(exc):
        return _respond(400, str(exc))

    @app.errorhandler(IndexMissing)
    def index_missing(exc):
        log.error("%s", exc)
        return _respond(503)

    @app.errorhandler(Exception)
    def unexpected(exc):
        if isinstance(exc, HTTPException):
            return http_error(exc)
        log.exception("unhandled error on %s", request.path)
        return _respond(500)
