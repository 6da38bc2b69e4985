"""The production WSGI server (waitress) on 127.0.0.1 in a thread, for tests that drive it over HTTP."""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from waitress.server import create_server


@contextlib.contextmanager
def serving(app) -> Iterator[str]:
    """Serve ``app`` on a free port while the block runs; yields its base URL, then stops the server
    and waits for its thread."""
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    stopping = threading.Event()

    def run() -> None:
        try:
            server.run()
        except OSError:  # closing the listening socket ends waitress's select() this way
            if not stopping.is_set():
                raise

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stopping.set()
        server.close()
        thread.join(timeout=10)
