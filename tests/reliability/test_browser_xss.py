"""A real browser (Debian's chromium, JavaScript on) finds no way to run a script: stored and
reflected payloads are escaped or sanitised, and the Content-Security-Policy would block the rest."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from kb import create_app
from kb.documents.content import Document
from kb.knowledge_base import KnowledgeBase
from tests.live_server import serving
from tests.reliability.conftest import copy_small_content

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__xss = 'script'; alert('script')</script>",
    "<img src=x onerror=\"window.__xss = 'img'; alert('img')\">",
    "<svg onload=\"window.__xss = 'svg'; alert('svg')\"></svg>",
    "[bấm](javascript:window.__xss='link';alert('link'))",
    "<iframe srcdoc=\"<script>parent.__xss='iframe';alert('iframe')</script>\"></iframe>",
    "\"><script>alert('attr')</script>",
]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """waitress on 127.0.0.1 serving a knowledge base with a document full of script payloads."""
    root = tmp_path_factory.mktemp("xss")
    kb = KnowledgeBase(copy_small_content(root / "content"), root / "instance")
    kb.content.save(Document(id="xss", title="Thử " + PAYLOADS[5], kind="news", summary=PAYLOADS[1],
                             tags=["<script>alert('tag')</script>"], body="\n\n".join(PAYLOADS)))
    kb.rebuild_index()
    app = create_app({"CONTENT_DIR": str(kb.content.root), "INSTANCE_DIR": str(kb.instance_dir)})
    with serving(app) as base:
        yield base


PATHS = ["/doc/xss", "/search?q=th%E1%BB%AD", "/tags", "/search?q=" + quote(PAYLOADS[0]),
         "/search?q=" + quote(PAYLOADS[5]), "/login?next=" + quote("javascript:alert(1)"),
         "/khong-co/" + quote(PAYLOADS[0])]


def test_no_script_runs_in_a_real_browser(hostile_server):
    # a CSP violation in the browser's console is fine: it means the policy did its job
    run = subprocess.run([sys.executable, str(Path(__file__).with_name("xss_browser.py")), hostile_server, *PATHS],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    visits = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(visits) == len(PATHS)
    for visit in visits:
        assert visit["status"] < 500, visit
        assert visit["dialogs"] == [] and visit["xss"] is None and visit["javascript_links"] == [], visit
