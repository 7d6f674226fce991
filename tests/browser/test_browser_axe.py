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


# coursekit's own controls, in every state the audit reaches: the buttons of a lesson,
# a flashcard, the home page's export/import/reset box and the Review page.
CONTROLS = (
    ".ck-done, .ck-grade__button, .ck-exchange button, .ck-exchange input, .ck-continue, "
    ".ck-review button"
)
CONTRAST_PAGES = {
    "home": ("", 6),  # continue, export, import, reset, the name field and its checkbox
    "lesson": ("basics/first-steps/", 1),  # Mark as done, pressed (PROGRESS)
    # Mark as done, and two open cards' Got it / Not yet: the first one graded
    "exercises": ("basics/exercises/", 5),
    "review": ("review/", 5),  # the four ratings and "End the session"
}
CONTRAST = """async ([selector, focused]) => {
  const found = [];
  for (const control of document.querySelectorAll(selector)) {
    if (!control.getClientRects().length) continue;
    if (focused) control.focus();
    else document.activeElement.blur();  // the Review page focuses Good
    const result = await axe.run(control, {runOnly: ['color-contrast'],
                                           resultTypes: ['violations', 'incomplete']});
    const label = (control.innerText || control.value || control.name).trim().split('\\n')[0];
    for (const kind of ['violations', 'incomplete'])
      for (const node of result[kind].flatMap(rule => rule.nodes))
        found.push(`${label} (${focused ? 'focused' : 'at rest'}): ${kind}: `
                   + node.failureSummary);
    found.push(null);  // one control checked
  }
  return found;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_our_controls_reach_aa_contrast_on_both_engines(
    page: Page, site_url: str, open_page: Callable, axe_source: str, scheme: str, engine: str
) -> None:
    """axe-core's color-contrast rule (WCAG AA, 4.5:1) on every button of ours, pressed
    and not, on a flashcard's tinted background too, with either engine's theme. On
    Zensical's modern variant a focused button is checked as well: the theme dims
    focused and hovered buttons, and coursekit's stylesheet keeps ours readable. (A
    focused or hovered Material button takes the palette's accent colour: Material's
    look, 4.25:1 with the default indigo.)"""
    page.emulate_media(color_scheme=scheme)
    page.add_init_script(
        f"localStorage.setItem('coursekit:mini:progress', {json.dumps(json.dumps(PROGRESS))})"
    )
    states = [False, True] if engine == "zensical" else [False]
    problems, checked = [], {}
    for name, (path, _) in CONTRAST_PAGES.items():
        open_page(site_url + path)
        if name == "exercises":  # an open card, graded, and one not graded yet
            page.locator("[data-ck-card] summary").first.click()
            page.locator("[data-ck-card] .ck-grade__button--got_it").first.click()
            page.locator("[data-ck-card] summary").nth(1).click()
        if name == "review":  # a card with its answer shown, and the ratings
            page.get_by_role("button", name="Start review").click()
            page.locator(".ck-review__reveal").click()
            page.locator(".ck-review__ratings").wait_for()
        # The end of every transition (the themes fade a hovered or focused button).
        page.add_style_tag(content="* { transition: none !important; }")
        page.add_script_tag(content=axe_source)
        for focused in states:
            found = page.evaluate(CONTRAST, [CONTROLS, focused])
            checked[name, focused] = found.count(None)
            problems += [f"{name} ({scheme}): {line}" for line in found if line is not None]
    assert problems == [], "\n".join(problems)
    # Every control was there to be checked (a test of nothing cannot pass).
    assert checked == {
        (name, focused): expected
        for name, (_, expected) in CONTRAST_PAGES.items()
        for focused in states
    }
