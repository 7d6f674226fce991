"""Progress bars on the home and module pages: lessons and study time, announced."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

# The mini course: first-steps 1-2h, second-steps 2-3h, hands-on 90 min (a draft), and
# wrap-up 45m, planned: not counted, since it cannot be studied yet.
TOTAL = "4 h 30 min – 6 h 30 min"


def test_home_page_bar_moves(page: Page, site_url: str, open_page: Callable) -> None:
    open_page(site_url)
    bar = page.locator('[data-ck-progress="course"] [role="progressbar"]')
    expect(bar).to_have_attribute("aria-valuemin", "0")
    expect(bar).to_have_attribute("aria-valuemax", "3")
    expect(bar).to_have_attribute("aria-valuenow", "0")
    expect(bar).to_have_attribute("aria-valuetext", f"0 of 3 lessons done, 0 h of {TOTAL} of study")
    expect(bar).to_have_accessible_name("Course progress")
    expect(page.locator('[data-ck-progress="course"]')).to_contain_text(f"0 h of {TOTAL}")
    assert bar.locator(".ck-bar__fill").evaluate("el => el.getBoundingClientRect().width") == 0

    open_page(site_url + "basics/first-steps/")
    page.get_by_role("button", name="Mark as done").click()
    open_page(site_url + "basics/second-steps/")
    page.get_by_role("button", name="Mark as done").click()

    open_page(site_url)
    expect(bar).to_have_attribute("aria-valuenow", "2")
    expect(bar).to_have_attribute(
        "aria-valuetext", f"2 of 3 lessons done, 3–5 h of {TOTAL} of study"
    )
    expect(page.locator('[data-ck-progress="course"]')).to_contain_text(
        f"2 of 3 lessons done · 3–5 h of {TOTAL} · 1 more coming soon"
    )
    track = bar.evaluate("el => el.getBoundingClientRect().width")
    fill = bar.locator(".ck-bar__fill").evaluate("el => el.getBoundingClientRect().width")
    assert abs(fill - track * 2 / 3) < 2


def test_module_page_bar_counts_its_own_lessons(
    page: Page, site_url: str, open_page: Callable
) -> None:
    open_page(site_url + "basics/first-steps/")
    page.get_by_role("button", name="Mark as done").click()
    open_page(site_url + "basics/")
    bar = page.locator('[data-ck-progress="module"][data-ck-module="basics"] [role="progressbar"]')
    expect(bar).to_have_attribute("aria-valuenow", "1")
    expect(bar).to_have_attribute("aria-valuemax", "2")
    expect(bar).to_have_attribute("aria-valuetext", "1 of 2 lessons done, 1–2 h of 3–5 h of study")

    open_page(site_url + "practice/")
    bar = page.locator(
        '[data-ck-progress="module"][data-ck-module="practice"] [role="progressbar"]'
    )
    expect(bar).to_have_attribute("aria-valuenow", "0")
    expect(bar).to_have_attribute(
        "aria-valuetext", "0 of 1 lesson done, 0 h of 1 h 30 min of study"
    )


def test_a_finished_module_is_marked_in_the_navigation(
    page: Page, site_url: str, open_page: Callable
) -> None:
    module_link = page.locator(
        ".md-nav--primary a.md-nav__link", has=page.get_by_text("Basics", exact=True)
    )
    open_page(site_url + "basics/first-steps/")
    page.get_by_role("button", name="Mark as done").click()
    expect(module_link.locator(".ck-nav-mark")).to_have_count(0)
    open_page(site_url + "basics/second-steps/")
    page.get_by_role("button", name="Mark as done").click()
    expect(module_link.locator(".ck-nav-mark")).to_have_count(1)
    expect(module_link).to_contain_text("(done)")
    page.get_by_role("button", name="Mark as done").click()  # pressed: undoes it
    expect(module_link.locator(".ck-nav-mark")).to_have_count(0)
