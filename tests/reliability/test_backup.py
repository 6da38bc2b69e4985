"""``kb backup`` and ``kb restore``: a round trip through a folder and a .tar.gz gives back every
document, account and revision, with a rebuilt index; damaged backups and busy targets are refused."""
from __future__ import annotations

import sqlite3
import tarfile

import pytest
from click.testing import CliRunner

from kb import create_app
from kb.editing import revisions
from kb.accounts.auth import create_user
from kb.cli import main as kb_main
from kb.db import DB_NAME, connect
from kb.knowledge_base import KnowledgeBase
from search.indexing import document_version


def _kb(kb_dirs, *args):
    content, instance = kb_dirs
    return CliRunner().invoke(kb_main, ["--content", str(content), "--instance", str(instance), *map(str, args)])


def _rows(instance, table):
    db = sqlite3.connect(instance / DB_NAME)
    try:
        return db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
    finally:
        db.close()


@pytest.fixture
def used_kb(small_kb):
    """The small knowledge base with an account, revisions and a trashed document."""
    db = connect(small_kb.instance_dir)
    create_user(db, "bientap", "mat-khau-du-dai-123", "editor")
    db.execute("INSERT INTO trash (doc_id, title, text, deleted_by) VALUES ('cu', 'Cũ', 'x', 'bientap')")
    db.commit()
    db.close()
    app = create_app({"TESTING": True, "CONTENT_DIR": str(small_kb.content.root),
                      "INSTANCE_DIR": str(small_kb.instance_dir)})
    with app.app_context():
        for doc in list(small_kb.content.all())[:2]:
            doc.body += "\n\nĐoạn bổ sung về hỗ trợ trẻ em."
            revisions.save(doc, "bientap", "Bổ sung")
    return small_kb


@pytest.mark.parametrize("archive", ["backup", "backup.tar.gz"])
def test_backup_restore_round_trip(used_kb, tmp_path, archive):
    dest = tmp_path / archive
    result = _kb((used_kb.content.root, used_kb.instance_dir), "backup", dest)
    assert result.exit_code == 0, result.output
    target = (tmp_path / "restored" / "content", tmp_path / "restored" / "instance")
    result = _kb(target, "restore", dest)
    assert result.exit_code == 0, result.output
    restored = KnowledgeBase(*target)
    assert restored.content.ids() == used_kb.content.ids()
    for doc_id in used_kb.content.ids():
        assert restored.content.get(doc_id) == used_kb.content.get(doc_id)
        assert restored.content.path_for(doc_id).read_bytes() == used_kb.content.path_for(doc_id).read_bytes()
    for name in [p.name for p in used_kb.content.root.glob("*.yml")] + ["README.md"]:
        assert (restored.content.root / name).read_bytes() == (used_kb.content.root / name).read_bytes()
    for table in ("users", "revisions", "trash"):
        assert _rows(target[1], table) == _rows(used_kb.instance_dir, table)
    assert restored.index.versions() == {d["id"]: document_version(d) for d in used_kb.index_documents()}
    assert restored.engine.search("hỗ trợ trẻ em").total > 0


def test_restore_refuses_a_used_target_unless_forced(used_kb, tmp_path):
    dest = tmp_path / "b"
    assert _kb((used_kb.content.root, used_kb.instance_dir), "backup", dest).exit_code == 0
    other = KnowledgeBase(used_kb.content.root, used_kb.instance_dir)
    victim = other.content.get(other.content.ids()[0])
    victim.body = "Sửa sau khi sao lưu."
    other.content.save(victim)
    refused = _kb((used_kb.content.root, used_kb.instance_dir), "restore", dest)
    assert refused.exit_code == 1 and "--force" in refused.output
    forced = _kb((used_kb.content.root, used_kb.instance_dir), "restore", "--force", dest)
    assert forced.exit_code == 0, forced.output
    assert other.content.get(victim.id).body != "Sửa sau khi sao lưu."


def test_damaged_or_hostile_backups_are_refused(used_kb, tmp_path):
    dest = tmp_path / "b"
    assert _kb((used_kb.content.root, used_kb.instance_dir), "backup", dest).exit_code == 0
    assert _kb((used_kb.content.root, used_kb.instance_dir), "backup", dest).exit_code == 1  # not empty
    doc = next((dest / "content").glob("*.md"))
    doc.write_text(doc.read_text(encoding="utf-8") + "x", encoding="utf-8")
    target = (tmp_path / "r" / "content", tmp_path / "r" / "instance")
    result = _kb(target, "restore", dest)
    assert result.exit_code == 1 and "damaged" in result.output
    assert not target[0].exists()  # nothing written before every file was verified
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as archive:
        archive.add(doc, arcname="../../escaped.md")
    result = _kb(target, "restore", evil)
    assert result.exit_code == 1 and not (tmp_path.parent / "escaped.md").exists()
