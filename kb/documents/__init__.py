"""Documents: the content store, the ingest service, the library's legal graph, citations and rendering.

Nothing here knows about requests or accounts: the CLI and the web app both build on it.
"""
