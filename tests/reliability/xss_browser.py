"""Visit pages in Debian's chromium with JavaScript on and report what ran: run as
``python xss_browser.py BASE_URL PATH...``; prints one JSON object per path with the dialogs that
opened, the value of ``window.__xss`` (set by every payload), the ``javascript:`` links left and
the HTTP status. A separate process, so it never meets another Playwright loop of the test run."""
from __future__ import annotations

import json
import sys

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def visit(page, url: str) -> dict:
    """What happened while ``url`` loaded and settled."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = page.goto(url)
    page.wait_for_timeout(150)
    links = [a.get_attribute("href") for a in page.locator("a[href^='javascript:']").all()]
    return {"url": url, "status": response.status, "dialogs": dialogs, "xss": page.evaluate("window.__xss"),
            "javascript_links": links}


def main() -> None:
    """Visit every path under the base URL given on the command line."""
    base, paths = sys.argv[1], sys.argv[2:]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for path in paths:
            context = browser.new_context(locale="vi-VN")
            print(json.dumps(visit(context.new_page(), base + path)), flush=True)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
