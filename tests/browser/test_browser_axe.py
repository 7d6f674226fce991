"""axe-core on every page type, light and dark, desktop and phone: nothing of ours.

axe-core comes from npm (package.json and package-lock.json at the repository's root,
installed by `python3 dev.py test` with `npm ci`) and is injected into each page by
Playwright. Findings in Material for MkDocs' own markup are listed in MATERIAL with
docs/accessibility.md giving the upstream reason; any other finding fails the test.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

AXE = Path(__file__).parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# Material's own markup, not coursekit's (docs/accessibility.md says why each is there):
# (rule id, the element axe names, by the selector of Material's component).
MATERIAL = {
    ("aria-dialog-name", ".md-search"),  # the search overlay has role="dialog" but no name
    ("aria-progressbar-name", ".md-progress"),  # instant navigation's loading bar
    ("region", ".md-progress"),  # the same bar sits outside every landmark
    ("color-contrast", ".md-copyright"),  # "Made with Material for MkDocs": 4.47:1
    # a code block's copy button sits in an unnamed <nav>, beside the named sidebar one
    ("landmark-unique", 'nav[data-md-level="1"]'),
    ("color-contrast", ".nb"),  # a built-in name in code, dark scheme: 4.48:1
}
# On every page, whatever the scheme and size: the list cannot go stale unnoticed.
ALWAYS = {("aria-dialog-name", ".md-search"), ("aria-progressbar-name", ".md-progress")}

PAGES = {
    "home": "",
    "module": "basics/",
    "lesson": "basics/first-steps/",
    "lesson with a wide table": "basics/second-steps/",
    "draft lesson": "practice/hands-on/",
    "planned lesson": "practice/wrap-up/",
    "exercises": "basics/exercises/",
    "timeline": "timeline/",
    "study plans": "study-plans/",
    "review": "review/",
}

PROGRESS = {
    "version": 1,
    "learner": "ana",
    "lessons": {"first-steps": {"done": True, "at": "2026-11-20T18:00:00Z", "uid": "c1",
                                "completedAt": "2026-11-20T18:00:00Z"}},
    "exercises": {"basics": {"done": True, "at": "2026-11-21T18:00:00Z", "uid": "x1",
                             "completedAt": "2026-11-21T18:00:00Z"}},
    "reviews": [{"uid": "r1", "card": "what-is-a-lesson", "grade": "got_it", "rating": 3,
                 "at": "2026-11-21T18:00:00Z"}],
}  # fmt: skip


def ours(violations: list[dict]) -> list[str]:
    """The findings that are not in MATERIAL, one line each."""
    found = []
    for violation in violations:
        for node in violation["nodes"]:
            target = " ".join(node["target"])
            if (violation["id"], target) in MATERIAL:
                continue
            found.append(f"{violation['id']}: {target}: {node['failureSummary']}")
    return found


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE}: run `python3 dev.py test` (it runs `npm ci`)")
    return AXE.read_text(encoding="utf-8")


@pytest.mark.material_theme  # MATERIAL lists Material's findings; Zensical's theme has others
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_no_accessibility_violation_of_ours_on_any_page_type(
    page: Page, site_url: str, open_page: Callable, axe_source: str, width: int, scheme: str
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(color_scheme=scheme)
    # A learner with some progress, so that ticks, badges and pressed buttons show.
    page.add_init_script(
        f"localStorage.setItem('coursekit:mini:progress', {json.dumps(json.dumps(PROGRESS))})"
    )
    problems = []
    seen_material = set()
    for name, path in PAGES.items():
        open_page(site_url + path)
        if name == "exercises":  # an open card, with its grade buttons
            page.locator("[data-ck-card] summary").first.click()
            page.locator(".ck-grade").first.wait_for()
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        problems += [f"{name} ({width} px, {scheme}): {line}" for line in ours(violations)]
        seen_material |= {
            (v["id"], " ".join(n["target"])) for v in violations for n in v["nodes"]
        } & MATERIAL
    assert problems == [], "\n".join(problems)
    # Material's findings are still there (once fixed upstream, take them off the list).
    assert seen_material >= ALWAYS
