"""Accounts, login and logout, roles, login throttling, the secret key and session cookies.

Roles are ordered: ``reader`` < ``editor`` < ``admin``. Reading the site is public; views that
write use :func:`role_required`. Passwords are hashed with scrypt (werkzeug); a login lives on the
server (:mod:`kb.accounts.sessions`) until logout. Failed logins are counted per account and client address
in the database, each try counted in the same transaction as the check that lets it go ahead, so
simultaneous guesses cannot slip past; after ``LOGIN_FREE_ATTEMPTS`` failures
(default 3) every further try must wait ``LOGIN_DELAY_BASE * 2**n`` seconds (default 2 s, doubling,
at most ``LOGIN_DELAY_MAX`` = 900 s) after the last failure.

Settings (:mod:`kb.settings`): ``SECRET_KEY`` (else ``instance/secret_key``, created with mode 0600),
``COOKIE_SECURE`` (default: on unless testing or debugging), ``SESSION_HOURS`` and the three
``LOGIN_*`` keys above.
"""
from __future__ import annotations

import functools
import logging
import math
import os
import re
import secrets
import time
from datetime import timedelta
from pathlib import Path

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request,
                   session, url_for)
from werkzeug.security import check_password_hash, generate_password_hash

from kb.db import get_db
from kb.errors import KBError
from kb.accounts.sessions import end_all_sessions, end_session, open_session, session_user

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__)

ROLES = ("reader", "editor", "admin")
ROLE_LABELS = {"reader": "Người đọc", "editor": "Biên tập viên", "admin": "Quản trị"}
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD_LENGTH = 10
PASSWORD_METHOD = "scrypt"
# Checked when the account does not exist, so a wrong name costs as much time as a wrong password.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16), method=PASSWORD_METHOD)
SECRET_FILE = "secret_key"
SESSION_KEY = "login"  # the session cookie's token of a server-side login (kb.accounts.sessions)


class AccountError(KBError):
    """An account cannot be created or changed (bad name, role or password); for the user."""


# -- accounts --------------------------------------------------------------------------------------

def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.")


def create_user(db, username: str, password: str, role: str = "editor") -> int:
    """Add an account and return its id; :class:`AccountError` says what is wrong."""
    if not USERNAME_RE.match(username):
        raise AccountError("Tên đăng nhập chỉ gồm chữ thường không dấu, số, '.', '_' hoặc '-' (2–40 ký tự).")
    if role not in ROLES:
        raise AccountError(f"Vai trò phải là một trong: {', '.join(ROLES)}.")
    _check_password(password)
    if db.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone():
        raise AccountError(f"Tài khoản {username} đã tồn tại.")
    cursor = db.execute("INSERT INTO users (username, password_hash, role) VALUES (?, ?, ?)",
                        (username, generate_password_hash(password, method=PASSWORD_METHOD), role))
    db.commit()
    log.info("account %s created with role %s", username, role)
    return cursor.lastrowid


def set_password(db, username: str, password: str) -> None:
    """Change an account's password; :class:`AccountError` if it does not exist or is too short."""
    _check_password(password)
    cursor = db.execute("UPDATE users SET password_hash = ? WHERE username = ?",
                        (generate_password_hash(password, method=PASSWORD_METHOD), username))
    if cursor.rowcount != 1:
        raise AccountError(f"Không có tài khoản {username}.")
    end_all_sessions(db, _user_id(db, username))  # the old password's logins end
    db.commit()
    log.info("password of %s changed", username)


def set_role(db, username: str, role: str) -> None:
    """Give an account another role; :class:`AccountError` if the role or the account is unknown."""
    if role not in ROLES:
        raise AccountError(f"Vai trò phải là một trong: {', '.join(ROLES)}.")
    if db.execute("UPDATE users SET role = ? WHERE username = ?", (role, username)).rowcount != 1:
        raise AccountError(f"Không có tài khoản {username}.")
    db.commit()
    log.info("%s is now %s", username, role)


def set_disabled(db, username: str, disabled: bool) -> None:
    """Disable an account (it can no longer log in; its open logins end) or enable it again."""
    if db.execute("UPDATE users SET disabled = ? WHERE username = ?", (int(disabled), username)).rowcount != 1:
        raise AccountError(f"Không có tài khoản {username}.")
    if disabled:
        end_all_sessions(db, _user_id(db, username))
    db.commit()
    log.info("account %s %s", username, "disabled" if disabled else "enabled")


def _user_id(db, username: str) -> int:
    return db.execute("SELECT id FROM users WHERE username = ?", (username,)).fetchone()["id"]


def list_users(db) -> list:
    """All accounts (id, username, role, created, disabled), by name."""
    return db.execute("SELECT id, username, role, created, disabled FROM users ORDER BY username").fetchall()


def verify_password(db, username: str, password: str):
    """The user row if the password matches and the account is enabled, else None (same cost for
    unknown and disabled accounts)."""
    user = db.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
    if user is None or user["disabled"]:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user["password_hash"], password) else None


def has_role(user, role: str) -> bool:
    """True if ``user`` (a row or None) has ``role`` or a higher one."""
    return user is not None and ROLES.index(user["role"]) >= ROLES.index(role)


# -- throttling ------------------------------------------------------------------------------------

def wait_seconds(db, username: str, ip: str, now: float | None = None) -> int:
    """How long this account and address must wait before the next try (0: may try now)."""
    row = db.execute("SELECT failures, last_failure FROM login_failures WHERE username = ? AND ip = ?",
                     (username, ip)).fetchone()
    config = current_app.config
    if row is None or row["failures"] < config["LOGIN_FREE_ATTEMPTS"]:
        return 0
    excess = row["failures"] - config["LOGIN_FREE_ATTEMPTS"]
    delay = min(config["LOGIN_DELAY_BASE"] * 2 ** excess, config["LOGIN_DELAY_MAX"])
    remaining = row["last_failure"] + delay - (time.time() if now is None else now)
    return max(0, math.ceil(remaining))


def record_failure(db, username: str, ip: str) -> None:
    """Count one more failed login for this account and address."""
    db.execute("INSERT INTO login_failures (username, ip, failures, last_failure) VALUES (?, ?, 1, ?) "
               "ON CONFLICT (username, ip) DO UPDATE SET failures = failures + 1, "
               "last_failure = excluded.last_failure", (username, ip, time.time()))
    db.commit()


def begin_attempt(db, username: str, ip: str) -> int:
    """Check the throttle and, when this try may go ahead, count it as a failure in advance, in one
    transaction: simultaneous guesses queue on the database's write lock, so no more than
    ``LOGIN_FREE_ATTEMPTS`` passwords are ever checked before the waits begin. Returns the wait
    (0: go ahead; a successful login then clears the count)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        wait = wait_seconds(db, username, ip)
        if not wait:
            record_failure(db, username, ip)
    finally:
        if db.in_transaction:
            db.commit()
    return wait


def clear_failures(db, username: str, ip: str) -> None:
    """Forget the failures of this account and address after a successful login (committed with
    the login's session row, :func:`kb.accounts.sessions.open_session`: one write to disk, not two)."""
    db.execute("DELETE FROM login_failures WHERE username = ? AND ip = ?", (username, ip))


# -- request helpers -------------------------------------------------------------------------------

def _session_seconds() -> float:
    return current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()


@bp.before_app_request
def load_user() -> None:
    """Put the logged-in user's row (or None) in ``g.user``: the cookie's login must still exist
    on the server (:mod:`kb.accounts.sessions`), and its account must be enabled."""
    g.user = None
    if session.get(SESSION_KEY) is None:
        return
    user = session_user(get_db(), session[SESSION_KEY], _session_seconds())
    if user is None:
        session.clear()
        return
    g.user = user


@bp.app_context_processor
def user_context() -> dict:
    """``current_user``, ``has_role`` and role labels for every template."""
    return {"current_user": g.get("user"), "has_role": has_role, "ROLE_LABELS": ROLE_LABELS}


def role_required(role: str):
    """Decorate a view: anonymous users go to the login page, too low a role gets 403."""
    def decorator(view):
        @functools.wraps(view)
        def wrapped(**kwargs):
            if g.user is None:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if not has_role(g.user, role):
                abort(403)
            return view(**kwargs)
        return wrapped
    return decorator


login_required = role_required("reader")


def _safe_next(target: str | None) -> str:
    """``target`` if it is a path on this site, else the home page (no open redirects).

    Browsers drop tabs and newlines from a URL and read ``\\`` as ``/``, so ``/<TAB>/evil.example``
    would lead to ``//evil.example``: any control character, space or backslash is refused (a
    newline would also break the Location header).
    """
    if (target and target.startswith("/") and not target.startswith("//")
            and not any(ch <= " " or ch == "\x7f" or ch == "\\" for ch in target)):
        return target
    return url_for("site.home")


# -- views -----------------------------------------------------------------------------------------

@bp.route("/login", methods=("GET", "POST"))
def login():
    """Show the login form; on POST check the password, with throttling of repeated failures."""
    next_url = request.values.get("next", "")
    if request.method == "GET":
        return render_template("auth/login.html", next=next_url, username="")
    db = get_db()
    username = request.form.get("username", "").strip().lower()
    password = request.form.get("password", "")
    ip = request.remote_addr or "?"
    wait = begin_attempt(db, username, ip)
    if wait:
        log.warning("login of %r from %s throttled (%d s)", username, ip, wait)
        error = f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {wait} giây."
        return render_template("auth/login.html", next=next_url, username=username, error=error), 429
    user = verify_password(db, username, password)
    if user is None:
        log.warning("failed login for %r from %s", username, ip)
        error = "Tên đăng nhập hoặc mật khẩu không đúng."
        return render_template("auth/login.html", next=next_url, username=username, error=error), 401
    clear_failures(db, username, ip)
    session.clear()  # a fresh session: no fixation
    session[SESSION_KEY] = open_session(db, user["id"], _session_seconds())
    session.permanent = True
    log.info("%s logged in from %s", username, ip)
    flash(f"Xin chào, {username}.")
    return redirect(_safe_next(next_url))


@bp.post("/logout")
def logout():
    """End the session on the server and in the browser (POST only, with the CSRF token like every
    write): a copy of the cookie is worthless afterwards."""
    end_session(get_db(), session.get(SESSION_KEY, ""))
    session.clear()
    flash("Bạn đã đăng xuất.")
    return redirect(url_for("site.home"))


# -- application set-up ----------------------------------------------------------------------------

def _secret_key(instance_dir: Path) -> str:
    """``instance/secret_key``, generated with mode 0600 on first start."""
    path = instance_dir / SECRET_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secrets.token_hex(32))
    log.info("generated a new secret key in %s", path)
    return path.read_text(encoding="ascii").strip()


def init_app(app) -> None:
    """Secret key and session cookie flags from the settings (:mod:`kb.settings`).

    ``COOKIE_SECURE`` decides the cookie's Secure flag; unset, it is on except when testing or
    debugging.
    """
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(Path(app.config["INSTANCE_DIR"]))
    secure = app.config.get("COOKIE_SECURE")
    if secure is None:
        secure = not (app.testing or app.debug)
    app.config.update(SESSION_COOKIE_SECURE=bool(secure), SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax")
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=app.config["SESSION_HOURS"])
