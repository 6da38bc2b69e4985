"""Trainers' collections (bộ tài liệu): passages of several documents gathered into handouts.

- :mod:`kb.collections.passages` — the text, citation label, revision and legal status of a passage
  as it is cited, and whether the document changed since;
- :mod:`kb.collections.store` — collections and their ordered items in the instance database;
- :mod:`kb.collections.export` — Markdown, DOCX, RIS and BibTeX of a collection;
- :mod:`kb.collections.web` — the pages and forms (no JavaScript needed);
- :mod:`kb.collections.api` and :mod:`kb.collections.openapi` — the JSON API and its description.
"""
