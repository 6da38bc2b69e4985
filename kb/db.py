"""The SQLite database in the instance folder: accounts, logins, revisions, reviews, trash, audit log.

As in Flask's tutorial (flaskr's ``db.py``): one connection per request in ``g``, closed on
teardown. The schema is created on first use (every statement is ``IF NOT EXISTS``), so a new
instance folder needs no separate ``init-db`` step; the CLI opens the same file with :func:`connect`.
"""
from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from flask import current_app, g

from kb.config import make_private_dir

log = logging.getLogger(__name__)

DB_NAME = "kb.sqlite3"
_ready: set[Path] = set()  # database files whose schema this process has already created

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS login_sessions (  -- kb.accounts.sessions: a login is valid while its row exists
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS login_sessions_user ON login_sessions (user_id);
CREATE TABLE IF NOT EXISTS audit_log (  -- kb.accounts.admin: who changed which account, and how
    id INTEGER PRIMARY KEY,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS login_failures (
    username TEXT NOT NULL,
    ip TEXT NOT NULL,
    failures INTEGER NOT NULL,
    last_failure REAL NOT NULL,
    PRIMARY KEY (username, ip)
);
CREATE TABLE IF NOT EXISTS revisions (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    author TEXT NOT NULL,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    message TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0  -- 1: not in the file (an unpublished edit of a published text)
);
CREATE INDEX IF NOT EXISTS revisions_doc ON revisions (doc_id, id);
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('submit', 'approve', 'return')),
    username TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX IF NOT EXISTS reviews_doc ON reviews (doc_id, id);
-- Trainers' collections (bộ tài liệu, kb.collections): each item keeps the text and metadata it
-- cited, so it outlives a change or the deletion of its document.
CREATE TABLE IF NOT EXISTS collections (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    public INTEGER NOT NULL DEFAULT 0,
    share_token TEXT UNIQUE,  -- NULL: no share link (revoked or never made)
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX IF NOT EXISTS collections_owner ON collections (owner_id, id);
CREATE TABLE IF NOT EXISTS collection_items (
    id INTEGER PRIMARY KEY,
    collection_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    doc_id TEXT NOT NULL,
    anchor TEXT NOT NULL DEFAULT '',  -- '': the whole document
    note TEXT NOT NULL DEFAULT '',
    section TEXT NOT NULL DEFAULT '',  -- how the passage is cited: "Khoản 1 Điều 51"
    cited_text TEXT NOT NULL,
    revision_id INTEGER,  -- the revision of the document the text was taken from
    validity TEXT NOT NULL DEFAULT '',  -- the law's status when cited
    doc_meta TEXT NOT NULL,  -- the document's front matter when cited (JSON), for its citation
    cited_on TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    kept_digest TEXT  -- the later version the trainer chose not to take
);
CREATE INDEX IF NOT EXISTS collection_items_order ON collection_items (collection_id, position);
CREATE TABLE IF NOT EXISTS trash (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    deleted_by TEXT NOT NULL,
    deleted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
"""
# Columns added to tables of older databases (CREATE TABLE IF NOT EXISTS leaves those as they are).
ADDED_COLUMNS = (
    ("users", "disabled", "INTEGER NOT NULL DEFAULT 0"),
)


def _add_columns(db: sqlite3.Connection) -> None:
    for table, column, declaration in ADDED_COLUMNS:
        if column not in {row["name"] for row in db.execute(f"PRAGMA table_info({table})")}:
            try:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
            except sqlite3.OperationalError as exc:  # another process added it meanwhile
                if "duplicate column" not in str(exc):
                    raise
    db.commit()


def connect(instance_dir: str | Path) -> sqlite3.Connection:
    """Open (and create on first use) the database of ``instance_dir``; rows behave like dicts."""
    path = Path(instance_dir).resolve() / DB_NAME
    make_private_dir(path.parent)
    new_schema = path not in _ready or not path.exists()
    if not path.exists():
        path.touch(mode=0o600)  # password hashes: readable by the owner only
    db = sqlite3.connect(path, timeout=10)
    db.row_factory = sqlite3.Row
    if new_schema:
        db.executescript(SCHEMA)
        _add_columns(db)
        _ready.add(path)
    return db


def get_db() -> sqlite3.Connection:
    """This request's connection to the instance database."""
    if "db" not in g:
        g.db = connect(current_app.config["INSTANCE_DIR"])
    return g.db


def close_db(exc: BaseException | None = None) -> None:
    """Close this request's connection, if one was opened."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app) -> None:
    """Close the connection at the end of every request."""
    app.teardown_appcontext(close_db)
