"""'Mark as done' on lesson pages: persists across instant navigation and reloads."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect


def nav_link(page: Page, title: str):  # type: ignore[no-untyped-def]
    return page.locator(".md-nav--primary a.md-nav__link", has_text=title).first


def test_mark_as_done_survives_instant_navigation_and_reload(
    page: Page, site_url: str, open_page: Callable, stored: Callable
) -> None:
    open_page(site_url + "basics/first-steps/")
    button = page.locator('[data-ck-lesson="first-steps"] button')
    expect(button).to_have_text("Mark as done")
    expect(button).to_have_attribute("aria-pressed", "false")
    note = page.locator('[data-ck-lesson="first-steps"] .ck-done-note')

    button.click()
    # A toggle button: the label stays, aria-pressed (and a tick) say it is done.
    expect(button).to_have_text("Mark as done")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(note).to_contain_text("saved in this browser")
    assert stored()["lessons"]["first-steps"]["done"] is True

    # A marker on window survives only if Material swaps the page without a reload.
    page.evaluate("window.__sameDocument = true")
    nav_link(page, "Second steps").click()
    page.wait_for_url("**/basics/second-steps/")
    second = page.locator('[data-ck-lesson="second-steps"] button')
    expect(second).to_have_text("Mark as done")
    assert page.evaluate("window.__sameDocument") is True, "navigation was not instant"
    expect(nav_link(page, "First steps").locator(".ck-nav-mark")).to_have_count(1)
    expect(nav_link(page, "Second steps").locator(".ck-nav-mark")).to_have_count(0)
    # the previous/next links at the foot of the page are not navigation to mark
    expect(page.locator(".ck-pager a", has_text="First steps")).to_have_count(1)
    expect(page.locator(".ck-pager .ck-nav-mark")).to_have_count(0)

    nav_link(page, "First steps").click()
    page.wait_for_url("**/basics/first-steps/")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.__sameDocument") is True

    # After several page swaps one click still toggles exactly once (no listener
    # was attached twice): undo, then redo.
    button.click()
    expect(button).to_have_text("Mark as done")
    assert stored()["lessons"]["first-steps"]["done"] is False
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")

    page.reload()
    expect(page.locator("html.ck-ready")).to_have_count(1)
    assert page.evaluate("window.__sameDocument") is None
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(nav_link(page, "First steps").locator(".ck-nav-mark")).to_have_count(1)


def test_keyboard_toggles_and_undoes(
    page: Page, site_url: str, open_page: Callable, stored: Callable
) -> None:
    open_page(site_url + "basics/second-steps/")
    button = page.locator('[data-ck-lesson="second-steps"] button')
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button).to_have_text("Mark as done")
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(page.locator('[data-ck-lesson="second-steps"] button')).to_have_attribute(
        "aria-pressed", "true"
    )


def test_focus_is_visible_when_tabbing(
    page: Page, site_url: str, open_page: Callable, stored: Callable
) -> None:
    open_page(site_url + "basics/first-steps/")
    button = page.locator('[data-ck-lesson="first-steps"] button')
    for _ in range(60):  # Tab through the page until the button has the focus
        page.keyboard.press("Tab")
        if button.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("the 'Mark as done' button cannot be reached with Tab")
    outline = button.evaluate("el => getComputedStyle(el).outlineStyle")
    width = button.evaluate("el => parseFloat(getComputedStyle(el).outlineWidth)")
    assert outline != "none" and width >= 2


def test_planned_lessons_have_no_button(
    page: Page, site_url: str, open_page: Callable, stored: Callable
) -> None:
    # wrap-up is 'planned': listed and timed, but there is nothing to finish yet.
    open_page(site_url + "practice/wrap-up/")
    expect(page.locator("button.ck-done")).to_have_count(0)
    open_page(site_url + "practice/hands-on/")
    expect(page.locator('[data-ck-lesson="hands-on"] button')).to_have_text("Mark as done")
