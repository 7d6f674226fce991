"""A real course site in a real browser.

One site is built per engine and test session (the mini fixture course, with
Material's instant navigation), by MkDocs and by Zensical, served from a stdlib HTTP
server on 127.0.0.1, and driven by Debian's Chromium through Playwright: every test
of the built site runs against both. Every test gets a fresh browser context (so a fresh
localStorage), and fails if any page it opened logged a console error or threw.

Every test in this folder is marked ``slow`` (a site build and a browser): the quick
part of the suite, ``-m "not slow"``, leaves them out. Under pytest-xdist every worker
is a session of its own: it builds its own site in its own temporary folder (under the
worker's basetemp) and serves it on a port the system picks, so workers never share
either.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent.parent / "fixtures"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
COURSE_ID = "mini"
ENGINES = ("mkdocs", "zensical")
STORAGE_KEY = f"coursekit:{COURSE_ID}:progress"

# The example course's theme settings (instant navigation, pruned navigation, section
# index pages), with two changes: Material's instant navigation only intercepts links
# when site_url is set, and the Google font is switched off so the site makes no
# request outside 127.0.0.1 (the context below refuses every other address).
MKDOCS_YML = """\
site_name: Mini Course
site_url: {url}
docs_dir: lessons
theme:
  name: material
  font: false
  features:
    - navigation.instant
    - navigation.instant.progress
    - navigation.tracking
    - navigation.indexes
    - navigation.prune
    - navigation.top
    - navigation.footer
    - search.suggest
    - content.code.copy
    - toc.follow
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {{icon: material/brightness-7, name: Switch to dark mode}}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {{icon: material/brightness-4, name: Switch to light mode}}
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
plugins:
  - search
  - coursekit
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.slow)
        callspec = getattr(item, "callspec", None)
        on_zensical = callspec is not None and callspec.params.get("engine") == "zensical"
        if on_zensical and item.get_closest_marker("material_theme"):
            item.add_marker(
                pytest.mark.skip(
                    reason="tests Material for MkDocs' theme markup; Zensical's theme differs "
                    "(README: what is not the same)"
                )
            )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # The browser drops connections it no longer needs (a page left mid-load).
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on a free port of 127.0.0.1 for the duration of the block; its URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def serve_folder():  # type: ignore[no-untyped-def]
    """:func:`serve` for tests that build a site of their own."""
    return serve


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """The engine that builds the site: each test of the site runs once with each."""
    return str(request.param)


@pytest.fixture(scope="session")
def mini_site_settings() -> tuple[Path, str]:
    """The mini course's folder and the browser sites' mkdocs.yml (``{url}`` to fill),
    for tests that build the course of their own, in another language for one."""
    return FIXTURES / "mini", MKDOCS_YML


@pytest.fixture(scope="session")
def site_server(
    tmp_path_factory: pytest.TempPathFactory, engine: str
) -> Iterator[tuple[str, Path]]:
    """A static file server on a free port of 127.0.0.1, and the folder it serves."""
    root = tmp_path_factory.mktemp(f"site-{engine}")
    with serve(root) as url:
        yield url, root


@pytest.fixture(scope="session")
def course_dir(
    tmp_path_factory: pytest.TempPathFactory, site_server: tuple[str, Path], engine: str
) -> Path:
    """The mini course with a site config, in a temporary folder."""
    url, _ = site_server
    target = tmp_path_factory.mktemp(f"course-{engine}") / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    (target / "mkdocs.yml").write_text(MKDOCS_YML.format(url=url), encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def site(course_dir: Path, site_server: tuple[str, Path], engine: str) -> tuple[str, Path]:
    """Build the course once with ``mkdocs build``, or coursekit's Zensical build; its
    address and folder."""
    url, root = site_server
    if engine == "mkdocs":
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        build(load_config(str(course_dir / "mkdocs.yml"), site_dir=str(root)))
    else:
        from coursekit.course.loader import load_course
        from coursekit.site import zensical

        zensical.build(course_dir, load_course(course_dir), strict=True, site_dir=root)
    assert (root / "course.json").is_file()
    return url, root


@pytest.fixture(scope="session")
def site_url(site: tuple[str, Path]) -> str:
    return site[0]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(
            "the browser tests need Debian's Chromium at /usr/bin/chromium: "
            "apt-get install chromium (python3 dev.py test does it)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def local_context(browser):  # type: ignore[no-untyped-def]
    """Makes a fresh browser profile (empty localStorage) that may only reach the test servers."""

    def make(**options: object):  # type: ignore[no-untyped-def]
        context = browser.new_context(accept_downloads=True, **options)
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(("http://127.0.0.1:", "blob:", "data:"))
                else route.abort()
            ),
        )
        return context

    return make


@pytest.fixture
def context(local_context):  # type: ignore[no-untyped-def]
    """A fresh browser profile (empty localStorage) that may only reach the test servers."""
    context = local_context(viewport={"width": 1280, "height": 800})
    yield context
    context.close()


@pytest.fixture
def page(context):  # type: ignore[no-untyped-def]
    """A page whose console errors and uncaught exceptions fail the test."""
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    yield page
    assert errors == [], f"the page logged errors: {errors}"


@pytest.fixture
def stored(page):  # type: ignore[no-untyped-def]
    """Read the progress the site keeps in localStorage (a dict, empty when none).

    A version 2 record's compact reviews ({cards, rows of [card number, rating, at,
    uid]}) come back as the review objects they stand for, with the grade the site
    shows for each rating (Good and Easy: "got_it").
    """
    import json

    def read() -> dict:
        raw = page.evaluate(f"localStorage.getItem({STORAGE_KEY!r})")
        data = json.loads(raw) if raw else {}
        if data.get("version") == 2:
            cards = data["reviews"]["cards"]
            data["reviews"] = [
                {
                    "uid": uid,
                    "card": cards[number],
                    "rating": rating,
                    "grade": "got_it" if rating >= 3 else "not_yet",
                    "at": at,
                }
                for number, rating, at, uid in data["reviews"]["rows"]
            ]
        return data

    return read


@pytest.fixture
def open_page(page):  # type: ignore[no-untyped-def]
    """Load a page with a full page load and wait until the site's script has run."""
    from playwright.sync_api import expect

    def go(url: str) -> None:
        page.goto(url)
        expect(page.locator("html.ck-ready")).to_have_count(1)

    return go
