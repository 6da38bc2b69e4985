"""Light transfers for cheap phones on weak connections: ETags (a revisit costs a 304) and gzip.

The Law on Children whole on one page is over 200 KB of HTML but very repetitive: gzipped it travels
as about 36 KB (its parts, under 100 KB each, as about 15 KB).
A blueprint, so that the application factory registers it like every other part of the site.
"""
from __future__ import annotations

import gzip
import logging

from flask import Blueprint, request

log = logging.getLogger(__name__)

bp = Blueprint("transfer", __name__)

MIN_SIZE = 1024
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/atom+xml",
               "application/opensearchdescription+xml", "application/x-research-info-systems",
               "application/x-bibtex", "application/vnd.citationstyles.csl+json")


@bp.after_app_request
def lighten(response):
    """Answer a revalidation with 304 when the body is unchanged; else gzip a large text body."""
    if (response.status_code != 200 or response.direct_passthrough or request.method not in ("GET", "HEAD")
            or not response.mimetype.startswith(_TEXT_TYPES)):
        return response
    response.add_etag(weak=True)  # weak: the plain and the gzipped bytes are the same page
    response.make_conditional(request)
    if response.status_code == 304 or "gzip" not in request.headers.get("Accept-Encoding", ""):
        return response
    data = response.get_data()
    if len(data) < MIN_SIZE:
        return response
    response.set_data(gzip.compress(data, compresslevel=6))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response
