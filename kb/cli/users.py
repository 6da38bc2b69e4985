"""``kb user``: add accounts, change passwords and roles, disable them, list them (the site has no
sign-up page; admins also have /admin/users). Every change is written to the audit log."""
from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import click

from kb.accounts import audit
from kb.accounts.auth import ROLES, create_user, list_users, set_disabled, set_password, set_role
from kb.db import connect

log = logging.getLogger(__name__)

PASSWORD_ENV = "KB_USER_PASSWORD"


def _password(password_file: Path | None) -> str:
    """The new password: first line of ``--password-file``, ``KB_USER_PASSWORD``, or a prompt."""
    if password_file:
        lines = password_file.read_text(encoding="utf-8").splitlines()
        return lines[0] if lines else ""
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    return click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")


_password_file = click.option(
    "--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=f"Read the password from the first line of this file (else ${PASSWORD_ENV}, else a prompt).")


@contextlib.contextmanager
def _accounts(kb) -> Iterator:
    """The instance's database (an :class:`kb.accounts.auth.AccountError` is printed by the ``kb`` group)."""
    db = connect(kb.instance_dir)
    try:
        yield db
    finally:
        db.close()


@click.group()
def user():
    """Accounts of the web site: readers, editors and admins."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="editor", show_default=True)
@_password_file
@click.pass_obj
def add(kb, name: str, role: str, password_file: Path | None):
    """Create the account NAME with a role and a password."""
    with _accounts(kb) as db:
        create_user(db, name, _password(password_file), role)
        audit.record(db, audit.CLI_ACTOR, "add", name, role)
    click.echo(f"account {name} added ({role})")


@user.command("passwd")
@click.argument("name")
@_password_file
@click.pass_obj
def passwd(kb, name: str, password_file: Path | None):
    """Set a new password for the account NAME."""
    with _accounts(kb) as db:
        set_password(db, name, _password(password_file))
        audit.record(db, audit.CLI_ACTOR, "password", name)
    click.echo(f"password of {name} changed")


@user.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@click.pass_obj
def change_role(kb, name: str, role: str):
    """Give the account NAME another role (reader, editor or admin)."""
    with _accounts(kb) as db:
        set_role(db, name, role)
        audit.record(db, audit.CLI_ACTOR, "role", name, role)
    click.echo(f"{name} is now {role}")


@user.command("disable")
@click.argument("name")
@click.option("--enable", is_flag=True, help="Enable the account again.")
@click.pass_obj
def disable(kb, name: str, enable: bool):
    """Disable the account NAME (no more logins; open ones end), or enable it with --enable."""
    with _accounts(kb) as db:
        set_disabled(db, name, not enable)
        audit.record(db, audit.CLI_ACTOR, "enable" if enable else "disable", name)
    click.echo(f"account {name} {'enabled' if enable else 'disabled'}")


@user.command("list")
@click.pass_obj
def list_accounts(kb):
    """Print every account with its role."""
    with _accounts(kb) as db:
        for row in list_users(db):
            state = "\tdisabled" if row["disabled"] else ""
            click.echo(f"{row['username']}\t{row['role']}\t{row['created']}{state}")
