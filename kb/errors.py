"""Errors of the knowledge-base layer; the CLI prints them, the web layer maps them to statuses."""


class KBError(Exception):
    """Base class: the message is meant for the user."""


class DocumentNotFound(KBError):
    """No document with that id in the content store (HTTP 404)."""


class InvalidDocument(KBError):
    """A content file or a submitted document breaks the content format (HTTP 400)."""


class InvalidId(InvalidDocument):
    """An id that is not a safe slug (it could escape ``content/``)."""
