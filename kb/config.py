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


def search_cache_size() -> int | None:
    """``KB_SEARCH_CACHE``: result pages a process keeps until the index changes (0: none);
    ``None`` (unset or not a number) leaves the search engine's default."""
    try:
        return max(0, int(os.environ["KB_SEARCH_CACHE"]))
    except (KeyError, ValueError):
        return None
