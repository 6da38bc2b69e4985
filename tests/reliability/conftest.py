"""Fixtures of the reliability suite, and the ``soak`` marker.

Every test here runs a short form in ``make test``; the long forms are marked ``soak`` and run
only with ``KB_SOAK=1`` (``make soak``).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kb.documents.content import NOT_DOCUMENTS
from kb.knowledge_base import KnowledgeBase
from tests.conftest import BUNDLED_CONTENT

SOAK = os.environ.get("KB_SOAK") == "1"
SMALL_DOCUMENTS = 6  # enough passages to search, small enough to rebuild in a fraction of a second


def pytest_configure(config):
    config.addinivalue_line("markers", "soak: long reliability run, only with KB_SOAK=1 (make soak)")


def pytest_collection_modifyitems(config, items):
    if SOAK:
        return
    skip = pytest.mark.skip(reason="long run: set KB_SOAK=1 (make soak)")
    for item in items:
        if "soak" in item.keywords:
            item.add_marker(skip)


def copy_small_content(target: Path, documents: int = SMALL_DOCUMENTS) -> Path:
    """The bundled data files and the ``documents`` smallest documents, copied to ``target``."""
    target.mkdir(parents=True)
    files = sorted(BUNDLED_CONTENT.iterdir(), key=lambda p: p.stat().st_size)
    smallest = [p for p in files if p.suffix == ".md" and p.name not in NOT_DOCUMENTS][:documents]
    for path in files:
        if path in smallest or path.suffix != ".md" or path.name in NOT_DOCUMENTS:
            shutil.copy2(path, target / path.name)
    return target


@pytest.fixture
def small_kb(tmp_path) -> KnowledgeBase:
    """A few bundled documents in a folder of this test's own, indexed."""
    kb = KnowledgeBase(copy_small_content(tmp_path / "content"), tmp_path / "instance")
    kb.rebuild_index()
    return kb
