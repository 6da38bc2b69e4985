"""Logs of a running site: the application log and an access log of one line per request.

``configure`` sends every logger to standard error (journald or the container keeps it) as text or,
with ``LOG_JSON``, as one JSON object per line. With ``ACCESS_LOG`` on, each response is logged on
``kb.access``: client address (the real one behind a trusted proxy), user, method, path with its
query, status, bytes and milliseconds. Password fields are never logged: only URLs are.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import sys
import time

from flask import g, request

log = logging.getLogger(__name__)
access_log = logging.getLogger("kb.access")

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, process, message and the record's ``fields``."""

    def format(self, record: logging.LogRecord) -> str:
        data = {"time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
                "level": record.levelname, "logger": record.name, "pid": record.process,
                "message": record.getMessage()}
        data.update(getattr(record, "fields", {}))
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def configure(level: str = "INFO", as_json: bool = False) -> None:
    """Log to standard error at ``level`` (replacing earlier handlers), as text or JSON lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if as_json else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


def _start_timer() -> None:
    g.request_started = time.perf_counter()


def _log_request(response):
    started = g.get("request_started")
    user = g.get("user")
    fields = {"client": request.remote_addr or "-", "user": user["username"] if user else "-",
              "method": request.method, "path": request.full_path.rstrip("?"), "status": response.status_code,
              "bytes": response.calculate_content_length() or 0,
              "ms": round((time.perf_counter() - started) * 1000, 1) if started else None}
    access_log.info('%(client)s %(user)s "%(method)s %(path)s" %(status)s %(bytes)s %(ms)sms', fields,
                    extra={"fields": fields})
    return response


def init_app(app) -> None:
    """Log every request on ``kb.access`` unless ``ACCESS_LOG`` is off."""
    if app.config["ACCESS_LOG"]:
        app.before_request(_start_timer)
        app.after_request(_log_request)
