"""A live server on 127.0.0.1 and Debian's chromium driven by Playwright."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb import create_app
from tests.live_server import serving

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def live_server(indexed_kb):
    """The production WSGI server (waitress) serving the session's knowledge base."""
    app = create_app({"CONTENT_DIR": str(indexed_kb.content.root),
                      "INSTANCE_DIR": str(indexed_kb.instance_dir)})
    with serving(app) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("Debian's chromium is missing: `make test` installs it with apt-get")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def nojs_page(browser):
    """A page with JavaScript switched off (the public site ships none), downloads accepted."""
    context = browser.new_context(locale="vi-VN", java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def save_screenshot(page, name: str, full_page: bool = True) -> None:
    """Save a screenshot of ``page`` for human review under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


@pytest.fixture
def screenshot(page):
    """Save a screenshot for human review under test-artifacts/."""

    def take(name: str):
        save_screenshot(page, name)

    return take
