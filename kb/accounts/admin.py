"""Account administration for admins: add accounts, change roles, reset passwords, disable and
enable accounts, each action written to the audit log (:mod:`kb.accounts.audit`).

An admin cannot demote or disable their own account, so a site always keeps an admin who can undo
a mistake. A reset password or a disabled account ends that account's open logins at once.
"""
from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from kb.accounts import audit
from kb.accounts.auth import (ROLES, AccountError, create_user, list_users, role_required, set_disabled,
                     set_password, set_role)
from kb.db import get_db

log = logging.getLogger(__name__)

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@role_required("admin")
def users():
    """Every account with the forms to change it, and the audit log."""
    db = get_db()
    return render_template("admin/users.html", users=list_users(db), roles=ROLES,
                           entries=audit.recent(db), action_labels=audit.ACTION_LABELS)


def _done(message: str):
    flash(message)
    return redirect(url_for("admin.users"))


@bp.post("/users")
@role_required("admin")
def add():
    """Create an account with a role and a first password."""
    db = get_db()
    username = request.form.get("username", "").strip().lower()
    role = request.form.get("role", "editor")
    try:
        create_user(db, username, request.form.get("password", ""), role)
    except AccountError as exc:
        return _done(str(exc))
    audit.record(db, g.user["username"], "add", username, role)
    return _done(f"Đã thêm tài khoản {username}.")


def _other_account(username: str) -> None:
    """Refuse (403) to demote or disable the admin's own account."""
    if username == g.user["username"]:
        abort(403, description="Không thể tự đổi vai trò hoặc khóa tài khoản của chính mình.")


@bp.post("/users/<username>/role")
@role_required("admin")
def change_role(username: str):
    """Give an account another role."""
    _other_account(username)
    db, role = get_db(), request.form.get("role", "")
    try:
        set_role(db, username, role)
    except AccountError as exc:
        return _done(str(exc))
    audit.record(db, g.user["username"], "role", username, role)
    return _done(f"{username} nay là {role}.")


@bp.post("/users/<username>/password")
@role_required("admin")
def reset_password(username: str):
    """Set a new password (the admin passes it on to its owner); the account's logins end."""
    db = get_db()
    try:
        set_password(db, username, request.form.get("password", ""))
    except AccountError as exc:
        return _done(str(exc))
    audit.record(db, g.user["username"], "password", username)
    return _done(f"Đã đặt lại mật khẩu của {username}.")


@bp.post("/users/<username>/<any(disable, enable):action>")
@role_required("admin")
def switch(username: str, action: str):
    """Disable an account (no more logins, open ones end) or enable it again."""
    _other_account(username)
    db = get_db()
    try:
        set_disabled(db, username, action == "disable")
    except AccountError as exc:
        return _done(str(exc))
    audit.record(db, g.user["username"], action, username)
    return _done(f"Đã {'khóa' if action == 'disable' else 'mở khóa'} tài khoản {username}.")
