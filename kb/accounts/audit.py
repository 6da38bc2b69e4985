"""The audit log of account administration: who added, changed, reset or disabled which account.

Rows live in the instance database (table ``audit_log``), so ``kb backup`` and ``kb restore``
carry them with the accounts. Passwords are never written to it, only that one was reset.
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)

CLI_ACTOR = "(dòng lệnh)"  # changes made with `kb user` on the server
ACTION_LABELS = {"add": "Thêm tài khoản", "role": "Đổi vai trò", "password": "Đặt lại mật khẩu",
                 "disable": "Khóa tài khoản", "enable": "Mở khóa tài khoản"}


def record(db, actor: str, action: str, target: str, detail: str = "") -> None:
    """Write one entry (``action`` is a key of :data:`ACTION_LABELS`) and commit."""
    db.execute("INSERT INTO audit_log (actor, action, target, detail) VALUES (?, ?, ?, ?)",
               (actor, action, target, detail))
    db.commit()
    log.info("audit: %s %s %s %s", actor, action, target, detail)


def recent(db, limit: int = 100) -> list:
    """The newest entries first."""
    return db.execute("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
