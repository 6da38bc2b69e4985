"""Errors of the knowledge-base layer, under the project's one base :class:`KBError` (defined in
:mod:`search.errors` so that every layer shares it); the CLI prints them, the web layer maps them
to statuses (:mod:`kb.web.error_pages`)."""
from search.errors import KBError

__all__ = ["KBError", "DocumentNotFound", "InvalidDocument", "InvalidId"]


class DocumentNotFound(KBError):
    """No document with that id in the content store (HTTP 404)."""


class InvalidDocument(KBError):
    """A content file or a submitted document breaks the content format (HTTP 400)."""


class InvalidId(InvalidDocument):
    """An id that is not a safe slug (it could escape ``content/``)."""
