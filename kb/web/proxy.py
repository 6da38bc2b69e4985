"""Behind a reverse proxy: trust its ``X-Forwarded-*`` headers only when the site is told to.

With ``PROXY_COUNT = n`` (n > 0) werkzeug's ProxyFix takes the client address, scheme, host, port
and path prefix from the last n values of ``X-Forwarded-For/-Proto/-Host/-Port/-Prefix``: login
throttling then counts per real client, and external links (feed, OpenSearch, citations, sitemap)
carry the public address. With 0 (the default) the headers are ignored, as anyone can send them.
"""
from __future__ import annotations

import logging

from werkzeug.middleware.proxy_fix import ProxyFix

log = logging.getLogger(__name__)


def init_app(app) -> None:
    """Wrap the app in ProxyFix when ``PROXY_COUNT`` proxies are trusted."""
    count = app.config["PROXY_COUNT"]
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count,
                                x_prefix=count)
        log.info("trusting X-Forwarded-* of %d proxies", count)
