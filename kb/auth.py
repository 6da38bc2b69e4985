"""Accounts, login and logout, roles, login throttling, the secret key and session cookies.

Roles are ordered: ``reader`` < ``editor`` < ``admin``. Reading the site is public; views that
write use :func:`role_required`. Passwords are hashed with scrypt (werkzeug). Failed logins are
counted per account and client address in the database; after ``LOGIN_FREE_ATTEMPTS`` failures
(default 3) every further try must wait ``LOGIN_DELAY_BASE * 2**n`` seconds (default 2 s, doubling,
at most ``LOGIN_DELAY_MAX`` = 900 s) after the last failure.

Configuration: ``SECRET_KEY`` (else env ``KB_SECRET_KEY``, else ``instance/secret_key``, created
with mode 0600), ``COOKIE_SECURE`` (else env ``KB_COOKIE_SECURE``; default: on unless testing or
debugging), ``SESSION_HOURS`` (default 8) and the three ``LOGIN_*`` keys above.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
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


def list_users(db) -> list:
    """All accounts (id, username, role, created), by name."""
    return db.execute("SELECT id, username, role, created FROM users ORDER BY username").fetchall()


def verify_password(db, username: str, password: str):
    """The user row if the password matches, else None (same cost for unknown accounts)."""
    user = db.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
    if user is None:
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


def clear_failures(db, username: str, ip: str) -> None:
    """Forget the failures of this account and address after a successful login."""
    db.execute("DELETE FROM login_failures WHERE username = ? AND ip = ?", (username, ip))
    db.commit()


# -- request helpers -------------------------------------------------------------------------------

def _password_stamp(password_hash: str) -> str:
    """A short digest of the password hash: a new password ends the sessions opened with the old."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


@bp.before_app_request
def load_user() -> None:
    """Put the logged-in user's row (or None) in ``g.user``."""
    user_id = session.get("user_id")
    g.user = None
    if user_id is None:
        return
    user = get_db().execute("SELECT id, username, role, password_hash FROM users WHERE id = ?",
                            (user_id,)).fetchone()
    if user is None or not hmac.compare_digest(session.get("stamp", ""),
                                               _password_stamp(user["password_hash"])):
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
    """``target`` if it is a path on this site, else the home page (no open redirects)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
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
    wait = wait_seconds(db, username, ip)
    if wait:
        log.warning("login of %r from %s throttled (%d s)", username, ip, wait)
        error = f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {wait} giây."
        return render_template("auth/login.html", next=next_url, username=username, error=error), 429
    user = verify_password(db, username, password)
    if user is None:
        record_failure(db, username, ip)
        log.warning("failed login for %r from %s", username, ip)
        error = "Tên đăng nhập hoặc mật khẩu không đúng."
        return render_template("auth/login.html", next=next_url, username=username, error=error), 401
    clear_failures(db, username, ip)
    session.clear()  # a fresh session: no fixation
    session["user_id"] = user["id"]
    session["stamp"] = _password_stamp(user["password_hash"])
    session.permanent = True
    log.info("%s logged in from %s", username, ip)
    flash(f"Xin chào, {username}.")
    return redirect(_safe_next(next_url))


@bp.post("/logout")
def logout():
    """End the session (POST only, with the CSRF token like every write)."""
    session.clear()
    flash("Bạn đã đăng xuất.")
    return redirect(url_for("site.home"))


# -- application set-up ----------------------------------------------------------------------------

def _secret_key(instance_dir: Path) -> str:
    """``KB_SECRET_KEY``, else ``instance/secret_key``, generated with mode 0600 on first start."""
    if os.environ.get("KB_SECRET_KEY"):
        return os.environ["KB_SECRET_KEY"]
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
    """Secret key, session cookie flags and throttling defaults (each can be set in the config).

    ``COOKIE_SECURE`` (or env ``KB_COOKIE_SECURE=0/1``) decides the cookie's Secure flag; by default
    it is on except when testing or debugging.
    """
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(Path(app.config["INSTANCE_DIR"]))
    secure = app.config.get("COOKIE_SECURE")
    if secure is None and os.environ.get("KB_COOKIE_SECURE"):
        secure = os.environ["KB_COOKIE_SECURE"] not in ("0", "false", "no")
    if secure is None:
        secure = not (app.testing or app.debug)
    app.config.update(SESSION_COOKIE_SECURE=bool(secure), SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax")
    for key, default in (("LOGIN_FREE_ATTEMPTS", 3), ("LOGIN_DELAY_BASE", 2), ("LOGIN_DELAY_MAX", 900),
                         ("SESSION_HOURS", 8)):
        app.config.setdefault(key, default)
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=app.config["SESSION_HOURS"])
