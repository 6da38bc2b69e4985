"""Security headers on every response, and a cap on request bodies.

The site ships no JavaScript, so the Content-Security-Policy forbids every script (JSON-LD blocks
are data and are not executed), allows styles and images only from the site itself and forbids
framing. The headers are added after each view, so error pages and static files carry them too.
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'none'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
# Uploads are read into memory (the editor's upload, the API): request bodies are capped unless the
# site sets MAX_CONTENT_LENGTH (kb.settings reads it).
DEFAULT_MAX_CONTENT_LENGTH = 25 * 2**20


def add_headers(response):
    """Add the security headers to ``response`` (a view may set its own, which are kept)."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app) -> None:
    """Add the headers to every response and cap request bodies unless the site set a limit."""
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = DEFAULT_MAX_CONTENT_LENGTH
    app.after_request(add_headers)
    log.debug("security headers on; request bodies capped at %d bytes", app.config["MAX_CONTENT_LENGTH"])
