"""Take the README's site screenshots (PNG) from a real build of the example course.

    .venv/bin/python docs/screenshots/site.py

Builds the example course into a temporary folder, serves it on 127.0.0.1, and, in
Debian's Chromium (Playwright), plays a learner who finished the first module's
lessons and graded some flashcards; then shoots the home page (the dashboard) and a
lesson page at 1280 x 800. The browser reaches nothing but the local server.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import tempfile
import threading
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import sync_playwright

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
CHROMIUM = "/usr/bin/chromium"
SIZE = {"width": 1280, "height": 800}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        course, site = Path(tmp) / "course", Path(tmp) / "site"
        shutil.copytree(
            ROOT, course, ignore=shutil.ignore_patterns(".*", "site", "node_modules", "tests")
        )
        handler = functools.partial(_Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        config = course / "mkdocs.yml"
        text = re.sub(r"^site_url:.*\n", "", config.read_text(encoding="utf-8"), flags=re.M)
        config.write_text(f"site_url: {url}\n{text}", encoding="utf-8")
        build(load_config(str(config), site_dir=str(site)))
        index = json.loads((site / "course.json").read_text(encoding="utf-8"))
        try:
            shoot(url, index)
        finally:
            server.shutdown()


def shoot(url: str, index: dict) -> None:
    first = index["modules"][0]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport=SIZE, color_scheme="light")
        context.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(url) else r.abort(),
        )
        page = context.new_page()
        # The first module's lessons done, and two of its flashcards graded.
        for lesson in first["lessons"]:
            if lesson["status"] == "planned":
                continue
            page.goto(f"{url}{first['id']}/{lesson['id']}/")
            page.wait_for_selector("html.ck-ready")
            page.locator("button.ck-done").click()
        page.goto(f"{url}{first['id']}/exercises/")
        page.wait_for_selector("html.ck-ready")
        for n, grade in enumerate(["Got it", "Got it", "Not yet"]):
            card = page.locator("[data-ck-card]").nth(n)
            card.locator("summary").click()
            card.get_by_role("button", name=grade).click()
            card.locator("summary").click()

        page.goto(url)
        page.wait_for_selector("html.ck-ready")
        page.screenshot(path=str(HERE / "site-home.png"))
        lesson = index["modules"][1]["lessons"][0]
        page.goto(f"{url}{index['modules'][1]['id']}/{lesson['id']}/")
        page.wait_for_selector("html.ck-ready")
        page.screenshot(path=str(HERE / "site-lesson.png"))
        browser.close()
    print(f"wrote {HERE / 'site-home.png'} and {HERE / 'site-lesson.png'}")


if __name__ == "__main__":
    main()
