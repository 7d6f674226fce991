"""A site from `coursekit render` (plain mkdocs.yml, no plugin) is just as interactive.

That folder lists the script as a plain path, as any engine reading mkdocs.yml would;
the script must work there, load its module, and find course.json.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect
from typer.testing import CliRunner

from coursekit.cli import app

MINI = Path(__file__).parent.parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def rendered_site(tmp_path_factory: pytest.TempPathFactory, serve_folder) -> Iterator[str]:  # type: ignore[no-untyped-def]
    work = tmp_path_factory.mktemp("render")
    shutil.copytree(MINI, work / "mini")
    result = CliRunner().invoke(app, ["render", str(work / "mini"), "--out", str(work / "out")])
    assert result.exit_code == 0, result.output
    config_file = work / "out" / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text())
    assert "assets/coursekit/coursekit.js" in config["extra_javascript"]
    config["theme"]["font"] = False  # the test browser reaches nothing but 127.0.0.1
    config_file.write_text(yaml.safe_dump(config))

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(config_file)))
    with serve_folder(work / "out" / "site") as url:
        yield url


def test_rendered_site_tracks_progress(page: Page, rendered_site: str, open_page: Callable) -> None:
    open_page(rendered_site + "basics/first-steps/")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_role("button", name="Mark as done")).to_have_attribute(
        "aria-pressed", "true"
    )
    open_page(rendered_site)
    bar = page.locator('[data-ck-progress="course"] [role="progressbar"]')
    expect(bar).to_have_attribute("aria-valuenow", "1")
    open_page(rendered_site + "basics/exercises/")
    card = page.locator('[data-ck-card="what-is-a-lesson"]')
    card.locator("summary").click()
    card.get_by_role("button", name="Got it").click()
    expect(card.get_by_role("status")).to_have_text("Saved: Got it.")
