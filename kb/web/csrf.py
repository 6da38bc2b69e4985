"""CSRF protection: one random token per session, required on every state-changing request.

Forms include ``<input type="hidden" name="csrf_token" value="{{ csrf_token() }}">``; any POST,
PUT, PATCH or DELETE without the session's token is refused with 400 before a view runs.
"""
from __future__ import annotations

import hmac
import logging
import secrets

from flask import abort, request, session

log = logging.getLogger(__name__)

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def csrf_token() -> str:
    """The session's token, created on first use."""
    if FIELD not in session:
        session[FIELD] = secrets.token_urlsafe(32)
    return session[FIELD]


def check_csrf() -> None:
    """Abort with 400 when an unsafe request does not carry the session's token."""
    if request.method not in _UNSAFE:
        return
    expected = session.get(FIELD)
    sent = request.form.get(FIELD) or request.headers.get(HEADER) or ""
    if not expected or not hmac.compare_digest(expected.encode(), sent.encode()):
        log.warning("CSRF token missing or wrong on %s %s", request.method, request.path)
        abort(400, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại.")


def init_app(app) -> None:
    """Check every request and offer ``csrf_token()`` to templates."""
    app.before_request(check_csrf)
    app.jinja_env.globals["csrf_token"] = csrf_token
