"""Errors raised by the search package; the CLI and the web layer turn them into messages."""


class SearchError(Exception):
    """Base class of every error the search package raises on purpose."""


class IndexMissing(SearchError):
    """No usable index exists yet in the instance directory (run ``kb index``)."""


class QueryError(SearchError):
    """A query could not be understood even after repair."""


class DictionaryError(SearchError):
    """The domain dictionary (content/dictionary.yml) is not valid YAML or not a list of groups."""
