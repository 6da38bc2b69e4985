"""``kb backup``, ``kb restore`` and ``kb check``: keep an installation safe and healthy."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from kb.maintenance import backup as write_backup, check as run_check, restore as run_restore

log = logging.getLogger(__name__)


@click.command()
@click.argument("dest", type=click.Path(path_type=Path))
@click.pass_obj
def backup(kb, dest: Path):
    """Back up content, accounts, revisions and trash to DEST (a new folder or a .tar.gz file)."""
    try:
        files = write_backup(kb, dest)
    except OSError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"backup written to {dest}: {len(files)} files")


@click.command()
@click.argument("src", type=click.Path(exists=True, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a content or instance folder that is not empty.")
@click.pass_obj
def restore(kb, src: Path, force: bool):
    """Restore a backup made by `kb backup` and rebuild the index."""
    try:
        passages = run_restore(kb, src, force=force)
    except OSError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"restored {len(kb.content.ids())} documents from {src}; index rebuilt ({passages} passages)")


@click.command()
@click.pass_obj
def check(kb):
    """Report a weak or broken set-up (secret key, permissions, debug mode, index, content); exit 1 on problems."""
    findings = run_check(kb)
    for finding in findings:
        if finding.problem:
            click.secho(f"PROBLEM {finding.message}", fg="red")
        else:
            click.echo(f"ok      {finding.message}")
    problems = sum(f.problem for f in findings)
    click.echo(f"{problems} problem(s)")
    if problems:
        sys.exit(1)
