"""The project's errors: one base, :class:`KBError`, for every error raised on purpose.

It lives here, in the bottom layer, so that ``search``, ``ingest`` and ``kb`` all derive from it (as
MkDocs' exceptions do from ``MkDocsException``): the ``kb`` command prints any of them as one line
(:mod:`kb.cli`), the site as an error page or a JSON error (:mod:`kb.web.error_pages`).
"""


class KBError(Exception):
    """Base class of every error the project raises on purpose; the message is meant for the user."""


class SearchError(KBError):
    """Base class of every error the search package raises on purpose."""


class IndexMissing(SearchError):
    """No usable index exists yet in the instance directory (run ``kb index``)."""


class DataFileError(SearchError, ValueError):
    """A data file (``taxonomy.yml``, ``places.yml``...) is unreadable, not YAML or not as expected."""


class DictionaryError(SearchError):
    """The domain dictionary (content/dictionary.yml) is not valid YAML or not a list of groups."""
