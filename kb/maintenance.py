"""Backups, restores and a health check of an installation.

A backup holds ``content/`` (every file, without editors' temporary files), a consistent copy of
the instance database (accounts, revisions, reviews, trash, trainers' collections) taken with SQLite's online backup API
while the site runs, and ``manifest.json`` with the SHA-256 of each file. It is a folder or a
``.tar.gz``. The search index and the secret key are not in it: the index is rebuilt on restore,
and a new secret key is generated at the first start (open sessions end).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import stat
import tarfile
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kb import settings
from kb.documents.content import parse_document
from kb.db import DB_NAME
from kb.errors import InvalidDocument, KBError
from kb.knowledge_base import KnowledgeBase

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
FORMAT = 1
CONTENT = "content"
INSTANCE = "instance"
SECRET_FILE = "secret_key"
MIN_SECRET_LENGTH = 32
WEAK_SECRETS = {"dev", "devkey", "secret", "secret-key", "secret_key", "changeme", "change-me",
                "default", "password", "test", "testing", "development", "flask", "kb"}
DEBUG_ENV = ("FLASK_DEBUG", "KB_DEBUG")


class BackupError(KBError):
    """A backup cannot be written, or a backup cannot be restored (damaged, or the target is in use)."""


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _is_temporary(path: Path) -> bool:
    return path.name.startswith(".") and path.name.endswith(".tmp")


def _content_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not _is_temporary(p))


def _copy_database(source: Path, target: Path) -> None:
    """Copy a live SQLite database with the online backup API (a consistent snapshot)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


# -- backup ----------------------------------------------------------------------------------------

def _write_tree(kb: KnowledgeBase, folder: Path) -> dict[str, str]:
    """Copy content and database into ``folder``; returns ``{relative path: sha256}``."""
    files = {}
    for path in _content_files(kb.content.root):
        rel = Path(CONTENT) / path.relative_to(kb.content.root)
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, folder / rel)
        files[rel.as_posix()] = sha256_file(folder / rel)
    database = kb.instance_dir / DB_NAME
    if database.exists():
        rel = Path(INSTANCE) / DB_NAME
        _copy_database(database, folder / rel)
        files[rel.as_posix()] = sha256_file(folder / rel)
    manifest = {"format": FORMAT, "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "files": files}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return files


def backup(kb: KnowledgeBase, dest: str | os.PathLike) -> dict[str, str]:
    """Write a backup of ``kb`` to ``dest`` (a new or empty folder, or a ``.tar.gz`` file).

    Returns the manifest's ``{relative path: sha256}``; :class:`BackupError` if ``dest`` is taken.
    """
    dest = Path(dest)
    if dest.name.endswith(".tar.gz"):
        if dest.exists():
            raise BackupError(f"{dest} already exists")
        dest.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=dest.parent) as tmp:
            files = _write_tree(kb, Path(tmp))
            partial = dest.with_name(f".{dest.name}.tmp")
            with tarfile.open(partial, "w:gz") as archive:
                for name in [MANIFEST, *files]:
                    archive.add(Path(tmp) / name, arcname=name)
            os.replace(partial, dest)
    else:
        if dest.exists() and any(dest.iterdir()):
            raise BackupError(f"{dest} is not empty")
        dest.mkdir(parents=True, exist_ok=True)
        files = _write_tree(kb, dest)
    log.info("backup of %d files written to %s", len(files), dest)
    return files


# -- restore ---------------------------------------------------------------------------------------

def _verified_files(folder: Path) -> dict[str, str]:
    """The manifest's files, after checking that each is present, safe and intact."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = dict(manifest["files"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{folder}: no readable {MANIFEST} ({exc})") from exc
    for rel, digest in files.items():
        parts = Path(rel).parts
        if Path(rel).is_absolute() or ".." in parts or parts[0] not in (CONTENT, INSTANCE):
            raise BackupError(f"unsafe path in the manifest: {rel!r}")
        path = folder / rel
        if not path.is_file() or sha256_file(path) != digest:
            raise BackupError(f"{rel} is missing or damaged (SHA-256 does not match the manifest)")
    return files


def _is_used(kb: KnowledgeBase) -> bool:
    content = kb.content.root.exists() and any(kb.content.root.iterdir())
    instance = kb.instance_dir.exists() and any(p.name != SECRET_FILE for p in kb.instance_dir.iterdir())
    return content or instance


def _restore_tree(kb: KnowledgeBase, folder: Path, files: Mapping[str, str]) -> int:
    if kb.content.root.exists():
        shutil.rmtree(kb.content.root)
    kb.content.root.mkdir(parents=True)
    kb.instance_dir.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(kb.index.root, ignore_errors=True)
    documents = 0
    for rel in files:
        parts = Path(rel).parts
        if parts[0] == CONTENT:
            target = kb.content.root.joinpath(*parts[1:])
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(folder / rel, target)
            documents += target.suffix == ".md"
        elif rel == f"{INSTANCE}/{DB_NAME}":
            (kb.instance_dir / DB_NAME).unlink(missing_ok=True)
            _copy_database(folder / rel, kb.instance_dir / DB_NAME)
    return documents


def restore(kb: KnowledgeBase, src: str | os.PathLike, force: bool = False) -> int:
    """Restore the backup ``src`` (folder or ``.tar.gz``) into ``kb``'s folders and rebuild the index.

    Every file is checked against the manifest before anything is written. Refuses to replace a
    content or instance folder that is in use unless ``force``. Returns the passages indexed.
    """
    src = Path(src)
    if not src.exists():
        raise BackupError(f"{src} does not exist")
    if _is_used(kb) and not force:
        raise BackupError(f"{kb.content.root} or {kb.instance_dir} is not empty; use --force to replace them")
    with tempfile.TemporaryDirectory() as tmp:
        folder = src
        if src.is_file():
            try:
                with tarfile.open(src, "r:gz") as archive:
                    archive.extractall(tmp, filter="data")
            except (tarfile.TarError, OSError) as exc:
                raise BackupError(f"{src}: not a readable backup archive ({exc})") from exc
            folder = Path(tmp)
        files = _verified_files(folder)
        documents = _restore_tree(kb, folder, files)
    passages = kb.rebuild_index()
    log.info("restored %d files (%d .md) from %s; index rebuilt with %d passages",
             len(files), documents, src, passages)
    return passages


# -- check -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """One result of :func:`check`: ``problem`` findings make ``kb check`` exit with status 1."""

    problem: bool
    message: str


def _secret_findings(kb: KnowledgeBase, environ: Mapping[str, str]) -> list[Finding]:
    path = kb.instance_dir / SECRET_FILE
    if environ.get("KB_SECRET_KEY"):
        secret, where = environ["KB_SECRET_KEY"], "KB_SECRET_KEY"
    elif path.is_file():
        secret, where = path.read_text(encoding="ascii", errors="replace").strip(), str(path)
    else:
        return [Finding(False, f"no secret key yet: one is generated in {path} at the first start")]
    findings = []
    if secret.lower() in WEAK_SECRETS or len(secret) < MIN_SECRET_LENGTH or len(set(secret)) < 10:
        findings.append(Finding(True, f"the secret key in {where} is weak: use at least "
                                      f"{MIN_SECRET_LENGTH} random characters (delete {path} to generate one)"))
    if path.is_file() and stat.S_IMODE(path.stat().st_mode) & 0o077:
        findings.append(Finding(True, f"{path} can be read by other users: chmod 600 {path}"))
    return findings or [Finding(False, f"secret key from {where}: strong")]


def _instance_findings(kb: KnowledgeBase) -> list[Finding]:
    if not kb.instance_dir.exists():
        return [Finding(True, f"instance folder {kb.instance_dir} does not exist: run `kb index`")]
    mode = stat.S_IMODE(kb.instance_dir.stat().st_mode)
    if mode & 0o007:
        return [Finding(True, f"instance folder {kb.instance_dir} is open to other users "
                              f"(mode {mode:o}): chmod 700 {kb.instance_dir}")]
    return [Finding(False, f"instance folder {kb.instance_dir} is private (mode {mode:o})")]


def _debug_findings(environ: Mapping[str, str]) -> list[Finding]:
    on = [name for name in DEBUG_ENV if environ.get(name, "").lower() not in ("", "0", "false", "no")]
    if environ.get("FLASK_ENV") == "development":
        on.append("FLASK_ENV=development")
    if on:
        return [Finding(True, f"debug mode is on ({', '.join(on)}): never in production")]
    return [Finding(False, "debug mode is off")]


def _index_findings(kb: KnowledgeBase) -> list[Finding]:
    if not kb.index.exists():
        return [Finding(True, f"no search index in {kb.index.root}: run `kb index`")]
    if not kb.index.current():
        return [Finding(True, "the search index was built by an older version: run `kb index --rebuild`")]
    return [Finding(False, f"search index {kb.index.generation()} serves")]


def _content_findings(kb: KnowledgeBase) -> list[Finding]:
    findings, ids = [], kb.content.ids()
    for doc_id in ids:
        path = kb.content.path_for(doc_id)
        try:
            parse_document(path.read_text(encoding="utf-8"), fallback_id=doc_id)
        except (InvalidDocument, UnicodeDecodeError) as exc:
            findings.append(Finding(True, f"{path} does not parse: {exc}"))
    leftovers = [p.name for p in kb.content.root.glob(".*.tmp")]
    if leftovers:
        findings.append(Finding(False, f"{len(leftovers)} temporary files left by interrupted saves in "
                                       f"{kb.content.root} (safe to delete): {', '.join(sorted(leftovers)[:5])}"))
    return findings or [Finding(False, f"{len(ids)} documents parse")]


def _database_findings(kb: KnowledgeBase) -> list[Finding]:
    path = kb.instance_dir / DB_NAME
    if not path.exists():
        return []
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        result = db.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        result = str(exc)
    finally:
        db.close()
    findings = []
    if result != "ok":
        findings.append(Finding(True, f"the database {path} is damaged: {result}"))
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        findings.append(Finding(True, f"{path} (password hashes) can be read by other users: chmod 600 {path}"))
    return findings or [Finding(False, f"database {path}: integrity ok, private")]


def _settings_findings(kb: KnowledgeBase, environ: Mapping[str, str]) -> list[Finding]:
    try:
        resolved = settings.resolved(kb.instance_dir)
    except settings.SettingsError as exc:
        return [Finding(True, str(exc))]
    findings = [Finding(True, message) for message in settings.unsafe_combinations(resolved, environ)]
    findings += [Finding(True, f"{name} is not a setting of this site (a typo?): it is ignored")
                 for name in settings.unknown_names(kb.instance_dir, environ)]
    return findings or [Finding(False, "settings: no unsafe combination")]


def check(kb: KnowledgeBase, environ: Mapping[str, str] | None = None) -> list[Finding]:
    """Everything weak or broken in this installation, plus what is fine (``problem=False``).

    The settings are those a server started now would read (the instance's ``config.toml`` and
    the process environment); ``environ`` only replaces the environment of the other checks.
    """
    environ = os.environ if environ is None else environ
    return (_secret_findings(kb, environ) + _instance_findings(kb) + _debug_findings(environ)
            + _settings_findings(kb, environ) + _index_findings(kb) + _content_findings(kb)
            + _database_findings(kb))
