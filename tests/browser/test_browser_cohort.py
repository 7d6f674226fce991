"""The cohort report's web page in headless Chromium (no console error, no request
outside its folder's server, readable in light and dark), and the site's anonymous
export read by `coursekit cohort report`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from typer.testing import CliRunner

from coursekit.cli import app
from coursekit.events.exchange import pseudonym

runner = CliRunner()


def luminance(css: str) -> float:
    r, g, b = (int(x) / 255 for x in re.findall(r"\d+", css)[:3])
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture
def report_folder(cohort: tuple[Path, Path], tmp_path: Path) -> Path:
    course, files = cohort
    out = tmp_path / "report"
    result = runner.invoke(
        app, ["cohort", "report", str(files), "--course", str(course), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_the_report_page_opens_offline_and_reads_in_both_themes(
    browser, report_folder: Path, serve_folder  # type: ignore[no-untyped-def]
) -> None:
    with serve_folder(report_folder) as url:
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        elsewhere: list[str] = []

        def route(r):  # type: ignore[no-untyped-def]
            if r.request.url.startswith(url):
                return r.continue_()
            elsewhere.append(r.request.url)
            return r.abort()

        context.route("**/*", route)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url + "index.html")
        expect(page.locator("h1")).to_have_text("Mini Course")
        assert page.locator("svg.chart").count() == 3
        assert page.locator("svg.chart").nth(1).locator("rect.bar").count() == 4  # funnel
        expect(page.locator("tr", has_text="Second steps").first).to_contain_text("takes longer")
        expect(page.locator("#data ~ ul")).to_contain_text("learner 5, hands-on: 8 h")
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            body = page.evaluate(
                "(() => { const s = getComputedStyle(document.body);"
                " return [s.color, s.backgroundColor]; })()"
            )
            label = page.evaluate(
                "getComputedStyle(document.querySelector('svg.chart text.label')).fill"
            )
            assert contrast(body[0], body[1]) >= 7, (scheme, body)
            assert contrast(label, body[1]) >= 7, (scheme, label)
        dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert luminance(dark) < 0.05
        context.close()
    assert errors == [] and elsewhere == []


def test_the_sites_anonymous_export_goes_into_the_report(
    page: Page, site, open_page: Callable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = site
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    open_page(f"{url}basics/first-steps/")
    page.get_by_role("button", name="Mark as done").click()
    open_page(url)
    page.get_by_label("Your name in the file").fill("Ada Lovelace")
    page.get_by_label("Leave my name out").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    path = tmp_path / "site-export.json"
    download.value.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "Ada" not in path.read_text(encoding="utf-8")
    assert data["learner"] == pseudonym("mini", data["events"])
    result = runner.invoke(app, ["cohort", "report", str(path), "--course", url, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["learners"] == 1
    assert report["lessons"][0]["finished"] == 1 and report["lessons"][0]["times"] == 0
