"""``kb serve --workers``: gunicorn worker processes over real HTTP on 127.0.0.1 (ephemeral ports),
sharing one content folder, database and index; an edit saved through one is found through the others."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote

import pytest

from kb import create_app
from kb.web.server import warm_up
from tests.conftest import PROJECT
from tests.reliability.conftest import copy_small_content
from tests.reliability.test_concurrency import PASSWORD, Browser

KB = str(Path(sys.executable).with_name("kb"))
START_SECONDS = 180  # warming up two workers on a busy shared machine


class Server:
    """``kb serve --port 0`` in a subprocess; learns its address from the "Serving on" line and is
    ready when every worker has logged its warm-up."""

    def __init__(self, env: dict, workers: int, log_path: Path):
        self.process = subprocess.Popen([KB, "serve", "--port", "0", "--workers", str(workers)], env=env,
                                        cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        text=True)
        self.log_path, self.lines, found, warm = log_path, [], threading.Event(), threading.Semaphore(0)

        def read():
            for line in self.process.stderr:
                self.lines.append(line)
                if line.startswith("Serving on "):
                    self.port = int(line.rsplit(":", 1)[1])
                    found.set()
                elif "warmed up in" in line:
                    warm.release()
        threading.Thread(target=read, daemon=True).start()
        assert found.wait(60), "".join(self.lines)
        for _ in range(workers):
            assert warm.acquire(timeout=START_SECONDS), "".join(self.lines)
        assert Browser(self.port).request("GET", "/healthz")[0] == 200

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log_path.write_text("".join(self.lines), encoding="utf-8")


@pytest.fixture
def site_env(tmp_path):
    content, instance = copy_small_content(tmp_path / "content"), tmp_path / "instance"
    env = {**os.environ, "KB_CONTENT_DIR": str(content), "KB_INSTANCE_DIR": str(instance),
           "KB_COOKIE_SECURE": "false", "KB_REVIEW_REQUIRED": "false", "KB_SEARCH_CACHE": "0"}
    for name in ("KB_SECRET_KEY", "KB_WORKERS", "KB_PORT", "KB_HOST"):
        env.pop(name, None)
    subprocess.run([KB, "index"], env=env, check=True, capture_output=True)
    password_file = tmp_path / "password"
    password_file.write_text(PASSWORD + "\n", encoding="utf-8")
    subprocess.run([KB, "user", "add", "bientap", "--role", "editor", "--password-file", str(password_file)],
                   env=env, check=True, capture_output=True)
    return env


def _publish(browser: Browser, title: str, body: str) -> str:
    token, _ = browser.form("/login")
    status, headers, _ = browser.request("POST", "/login", {"csrf_token": token, "username": "bientap",
                                                            "password": PASSWORD})
    assert status == 302, status
    token, _ = browser.form("/edit/new")
    status, headers, page = browser.request("POST", "/edit/new", {
        "csrf_token": token, "title": title, "body": body, "kind": "guidance", "action": "publish"})
    assert status == 302, page
    return headers["Location"].rsplit("/", 1)[1]


def _found(port: int, word: str) -> bool:
    status, _, page = Browser(port).request("GET", f"/api/search?q={quote(word)}")
    assert status == 200
    return any(hit["id"] for hit in json.loads(page)["results"])


def test_an_edit_saved_through_one_worker_is_found_through_every_other(site_env, tmp_path):
    two = Server(site_env, 2, tmp_path / "two.log")
    try:
        one = Server(site_env, 1, tmp_path / "one.log")
        try:
            assert not _found(one.port, "kiwisaola")
            doc_id = _publish(Browser(two.port), "Hướng dẫn thử nghiệm nhiều tiến trình",
                              "Quy trình kiwisaola hỗ trợ trẻ em tại xã.")
            # no waiting: the save has committed to the index when its answer arrives
            assert _found(one.port, "kiwisaola")
            assert all(_found(two.port, "kiwisaola") for _ in range(6))  # whichever worker answers
            status, _, page = Browser(one.port).request("GET", f"/doc/{doc_id}")
            assert status == 200 and "kiwisaola" in page
        finally:
            one.stop()
    finally:
        two.stop()
    log = (tmp_path / "two.log").read_text(encoding="utf-8")
    assert len(set(re.findall(r"worker (\d+) warmed up", log))) == 2  # each worker warmed itself up
    assert re.search(r'kb\.access \[\d+\]: 127\.0\.0\.1 bientap "POST /edit/new" 302 ', log)


def test_warm_up_loads_the_segmenter_and_opens_the_searcher(small_kb):
    app = create_app({"TESTING": True, "CONTENT_DIR": str(small_kb.content.root),
                      "INSTANCE_DIR": str(small_kb.instance_dir)})
    engine = app.extensions["kb"].engine
    assert engine._searcher is None
    warm_up(app)
    assert engine._searcher is not None and engine._view is not None
    assert "pyvi.ViTokenizer" in sys.modules  # the segmenter's model
