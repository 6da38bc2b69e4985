"""Vietnamese analysis, whoosh schema, indexing, querying and highlighting.

This package imports nothing else of the project: it works on plain dicts and strings so that the
index can always be rebuilt from ``content/`` by whoever owns the documents.
"""
