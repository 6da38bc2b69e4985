"""Errors raised by the ingest package; the CLI prints them as one clear line per file."""
from search.errors import KBError


class IngestError(KBError):
    """Base class: a file could not be turned into a document. The message is shown to the user."""


class UnsupportedInput(IngestError):
    """The file's type is not one the ingester reads (binary, archive, image...)."""


class EmptyInput(IngestError):
    """The file holds no usable text."""


class EncodingError(IngestError):
    """The text's encoding could not be determined, so it is refused rather than indexed as garbage."""


class TooLarge(IngestError):
    """The file (or what an archive would unpack to) is over the size limit."""
