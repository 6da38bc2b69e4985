"""``/healthz``: whether this server process can answer, for load balancers and monitoring.

JSON with the serving index generation, its passages, the documents in ``content/`` and whether the
database answers; status 200 when all is well, 503 otherwise (a balancer then stops sending
requests to this server). Never cached.
"""
from __future__ import annotations

import logging
import sqlite3

from flask import Blueprint, jsonify

from kb.db import get_db
from kb.knowledge_base import knowledge_base

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)


def _index_state(kb) -> dict:
    try:
        searcher = kb.engine.searcher()
        return {"ok": True, "generation": kb.index.generation(), "passages": searcher.doc_count(),
                "documents": len(kb.content.ids())}
    except Exception as exc:  # whatever broke, the answer is "unhealthy", with the reason
        log.exception("health check: index not readable")
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}


def _database_state() -> dict:
    try:
        get_db().execute("SELECT count(*) FROM users").fetchone()
        return {"ok": True}
    except sqlite3.Error as exc:
        log.error("health check: database not reachable: %s", exc)
        return {"ok": False, "error": str(exc)}


@bp.get("/healthz")
def healthz():
    """The health of this process as JSON (200 healthy, 503 not)."""
    index, database = _index_state(knowledge_base()), _database_state()
    healthy = index["ok"] and database["ok"]
    response = jsonify(status="ok" if healthy else "fail", index=index, database=database)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
