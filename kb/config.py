"""Where things live: the content folder and the instance folder (index, database, secrets)."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PROJECT_ROOT / "templates"


def content_dir() -> Path:
    """``KB_CONTENT_DIR`` or the project's ``content/``."""
    return Path(os.environ.get("KB_CONTENT_DIR") or PROJECT_ROOT / "content").resolve()


def instance_dir() -> Path:
    """``KB_INSTANCE_DIR`` or the project's ``instance/`` (never inside ``content/``)."""
    return Path(os.environ.get("KB_INSTANCE_DIR") or PROJECT_ROOT / "instance").resolve()


def make_private_dir(path: str | Path) -> Path:
    """Create ``path`` (and missing parents) readable by its owner only (0700): the instance folder
    holds password hashes and the secret key, and the index reveals drafts."""
    path = Path(path)
    for folder in [*reversed([p for p in path.parents if not p.exists()]), path]:
        folder.mkdir(mode=0o700, exist_ok=True)
    return path
