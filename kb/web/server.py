"""``kb serve``: the production server, with every core busy and every worker warm.

Searching is CPU-bound Python, so one process uses one core whatever its threads. On Linux and
other POSIX systems gunicorn forks ``workers`` processes (default: one per core). By default each
is a sync worker, one request at a time, which takes a connection only when it is free, so that
requests spread over the cores: behind nginx, which buffers slow clients (docs/deploy.md), that is
what serves searches fastest. With ``threads`` > 1 each worker also serves slow clients while it
computes (gthread), for a server that clients reach directly. On Windows, where gunicorn cannot
run, waitress serves from one process.

Each worker builds its own app after the fork (nothing open is shared between processes) and warms
it up before it accepts a connection: the Vietnamese segmenter's model loaded, the index's searcher
and its score arrays opened, templates compiled, by one search, one document page and the home
page. The listening socket belongs to gunicorn's master, so requests that arrive meanwhile wait in
its queue instead of paying for the warm-up.

Workers share nothing but the folders: a save through one worker commits to the index, and every
other worker's next search sees the new index generation (``SearchEngine.searcher`` checks it on
each search), so an edit is found through any worker at once.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping

from flask import Flask

from kb.documents.library import library_for
from kb.knowledge_base import EXTENSION
from kb.web.logs import access_log

log = logging.getLogger(__name__)

# Typed with and without diacritics: each searches its own fields, with their own arrays.
WARM_UP_QUERIES = ("trẻ em bị xâm hại", "tre em bi xam hai")
DEFAULT_THREADS = 1
TIMEOUT_SECONDS = 120  # a worker silent this long is restarted by the master


def default_workers() -> int:
    """One worker per core."""
    return os.cpu_count() or 1


def warm_up(app: Flask) -> float:
    """Load everything a first request would load lazily; returns the seconds it took.

    The warm-up's own requests are not written to the access log.
    """
    started = time.perf_counter()
    kb = app.extensions[EXTENSION]
    client = app.test_client()
    was_disabled, access_log.disabled = access_log.disabled, True
    try:
        if kb.index.exists():
            for query in WARM_UP_QUERIES:
                client.get("/search", query_string={"q": query})
            hits = kb.engine.search(WARM_UP_QUERIES[0], pagelen=1, with_facets=False).hits
            if hits:
                client.get(f"/doc/{hits[0].doc_id}")
        client.get("/")
        library_for(kb.content)  # what a first save or law page would read: every document's metadata
    finally:
        access_log.disabled = was_disabled
    seconds = time.perf_counter() - started
    log.info("worker %d warmed up in %.2f s", os.getpid(), seconds)
    return seconds


def warm_app(overrides: Mapping) -> Flask:
    """A new app with ``overrides`` (folders), warmed up."""
    from kb import create_app

    app = create_app(dict(overrides))
    warm_up(app)
    return app


def serve(overrides: Mapping, host: str, port: int, workers: int, threads: int = DEFAULT_THREADS,
          on_ready: Callable[[str], None] | None = None) -> None:
    """Serve until stopped: gunicorn with ``workers`` processes, or waitress where it cannot run."""
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError:  # Windows: no fork
        BaseApplication = None
    if BaseApplication is None or os.name != "posix":
        _serve_waitress(overrides, host, port, threads, on_ready)
        return

    class _Gunicorn(BaseApplication):
        def load_config(self):
            options = {
                "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
                # With threads a worker also takes connections while it computes: two searches
                # may then share its core while another worker idles (see the module's docstring).
                "workers": workers, "worker_class": "sync" if threads == 1 else "gthread", "threads": threads,
                "timeout": TIMEOUT_SECONDS, "graceful_timeout": 30, "keepalive": 5,
                "accesslog": None,  # kb.access logs each request, with the user and the real client
                "errorlog": "-",
                # Forwarded headers are ProxyFix's business (PROXY_COUNT), never trusted by default.
                "forwarded_allow_ips": "", "secure_scheme_headers": {},
                "proc_name": "kb", "when_ready": self._ready,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        @staticmethod
        def _ready(server):
            for listener in server.LISTENERS:
                address = str(listener)  # "http://127.0.0.1:5000", the port chosen for port 0
                log.info("serving on %s with %d workers of %d threads", address, workers, threads)
                if on_ready:
                    on_ready(address)

        def load(self):
            return warm_app(overrides)

    _Gunicorn().run()


def _serve_waitress(overrides: Mapping, host: str, port: int, threads: int,
                    on_ready: Callable[[str], None] | None) -> None:
    from waitress import create_server

    log.warning("gunicorn is not available here: serving from one process with waitress")
    server = create_server(warm_app(overrides), host=host, port=port, threads=threads)
    address = f"http://{host}:{server.effective_port}"
    log.info("serving on %s with %d threads", address, threads)
    if on_ready:
        on_ready(address)
    server.run()
