"""Shared fixtures, as in Flask's tutorial: ``app``, ``client`` and ``runner``.

Tests never touch the project's own ``content/`` or ``instance/``: the bundled content is copied
into a temporary folder and indexed once per session for read-only tests; tests that write get a
fresh copy of their own.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb import create_app
from kb.cli import main as kb_main
from kb.knowledge_base import KnowledgeBase

PROJECT = Path(__file__).resolve().parent.parent
BUNDLED_CONTENT = PROJECT / "content"
SHARED = PROJECT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def indexed_kb(tmp_path_factory) -> KnowledgeBase:
    """The bundled content, copied and indexed once for the whole session (do not write to it)."""
    root = tmp_path_factory.mktemp("kb")
    shutil.copytree(BUNDLED_CONTENT, root / "content")
    kb = KnowledgeBase(root / "content", root / "instance")
    kb.rebuild_index()
    return kb


@pytest.fixture
def fresh_kb(tmp_path, indexed_kb) -> KnowledgeBase:
    """A writable copy of the bundled content with a copy of the session's index (the bundled
    library is indexed once per session)."""
    shutil.copytree(indexed_kb.content.root, tmp_path / "content")
    shutil.copytree(indexed_kb.index.root, tmp_path / "instance" / "index")
    return KnowledgeBase(tmp_path / "content", tmp_path / "instance")


@pytest.fixture
def app(indexed_kb):
    """The app over the session's read-only knowledge base."""
    return create_app({"TESTING": True, "CONTENT_DIR": str(indexed_kb.content.root),
                       "INSTANCE_DIR": str(indexed_kb.instance_dir)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(tmp_path):
    """Invoke ``kb`` on an empty content folder and instance of this test's own."""
    cli_runner = CliRunner()

    def invoke(*args, content=None, instance=None):
        content = content or tmp_path / "content"
        instance = instance or tmp_path / "instance"
        return cli_runner.invoke(kb_main, ["--content", str(content), "--instance", str(instance),
                                           *map(str, args)], catch_exceptions=False)

    return invoke
