"""Server-side login sessions: a cookie is only a key to a row of ``login_sessions``.

The signed session cookie holds a random token; the database holds its SHA-256 with the account
and the time of login. Logging out deletes the row, so a copy of the cookie taken before logout
is worthless afterwards; a new password, a disabled account or an administrator's reset deletes
every row of the account (all its devices).
"""
from __future__ import annotations

import hashlib
import logging
import secrets
import time

log = logging.getLogger(__name__)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(db, user_id: int, max_age_seconds: float) -> str:
    """Record a new login of ``user_id`` and return its token (expired logins are swept)."""
    token = secrets.token_urlsafe(32)
    now = time.time()
    db.execute("DELETE FROM login_sessions WHERE created < ?", (now - max_age_seconds,))
    db.execute("INSERT INTO login_sessions (token_hash, user_id, created) VALUES (?, ?, ?)",
               (_digest(token), user_id, now))
    db.commit()
    return token


def session_user(db, token: str, max_age_seconds: float):
    """The enabled account logged in with ``token`` (id, username, role), or None."""
    if not token:
        return None
    return db.execute(
        "SELECT users.id, users.username, users.role FROM login_sessions "
        "JOIN users ON users.id = login_sessions.user_id "
        "WHERE login_sessions.token_hash = ? AND login_sessions.created >= ? AND NOT users.disabled",
        (_digest(token), time.time() - max_age_seconds)).fetchone()


def end_session(db, token: str) -> None:
    """Forget one login (logout)."""
    db.execute("DELETE FROM login_sessions WHERE token_hash = ?", (_digest(token or ""),))
    db.commit()


def end_all_sessions(db, user_id: int) -> int:
    """Forget every login of an account; returns how many there were (the caller commits)."""
    return db.execute("DELETE FROM login_sessions WHERE user_id = ?", (user_id,)).rowcount
