"""Storage that refuses: every control says so where it stands, nothing says "Saved".
A page opened from disk says how to serve the site. Reset asks before it resets."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

BLOCKED = """for (const name of ["getItem", "setItem", "removeItem"]) {
  Storage.prototype[name] = function () {
    throw new DOMException("The operation is insecure.", "SecurityError");
  };
}"""
FULL = """Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};"""


@pytest.mark.parametrize(
    ("script", "words"),
    [(BLOCKED, "it blocks this site's storage"), (FULL, "its storage for this site is full")],
    ids=["blocked", "full"],
)
def test_refused_storage_is_said_at_every_control_and_nothing_claims_saved(
    page: Page, site_url: str, open_page: Callable, script: str, words: str
) -> None:
    page.add_init_script(script)
    warning = f"Progress can't be saved in this browser: {words}"

    open_page(site_url + "basics/first-steps/")
    note = page.locator('[data-ck-lesson="first-steps"] .ck-done-note')
    expect(note).to_contain_text(warning)
    page.locator("button.ck-done").click()
    expect(page.locator("button.ck-done")).to_have_attribute("aria-pressed", "true")
    expect(note).to_contain_text("Done on ")
    expect(note).to_contain_text(warning)  # what was marked lasts only as long as the page

    open_page(site_url + "basics/exercises/")
    expect(page.locator("[data-ck-exercises] .ck-done-note")).to_contain_text(warning)
    card = page.locator('[data-ck-card="what-is-a-lesson"]')
    card.locator("summary").click()
    card.get_by_role("button", name="Got it").click()
    expect(card.get_by_role("status")).to_contain_text("Got it, not saved.")
    expect(card.get_by_role("status")).to_contain_text(warning)

    open_page(site_url + "review/")  # the Review page says why, as every control does
    expect(page.locator(".ck-review__nothing")).to_contain_text(warning)

    open_page(site_url)
    expect(page.locator(".ck-dashboard__warning")).to_contain_text(warning)
    expect(page.locator(".ck-exchange__storage")).to_contain_text(warning)
    for path in ("", "basics/first-steps/", "basics/exercises/"):
        open_page(site_url + path)
        text = page.locator("article").inner_text()
        claims = re.findall(r"Saved:|(?<!be )saved in this browser(?! only)", text)
        assert claims == [], (path, claims)
    # Material's inline head script reads its palette from localStorage without a try:
    # with storage blocked, that throws on every page (its own error, not ours, whose
    # every storage access is caught). The page fixture fails on any other error.
    page.errors[:] = [e for e in page.errors if e != "The operation is insecure."]


def test_a_page_opened_from_disk_says_how_to_serve_the_site(browser, site) -> None:  # type: ignore[no-untyped-def]
    _, root = site
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((Path(root) / "basics" / "first-steps" / "index.html").as_uri())
        note = page.locator("[data-ck-lesson] .ck-file-note")
        expect(note).to_contain_text("this page was opened from a file")
        expect(note).to_contain_text("python3 -m http.server")
        page.goto((Path(root) / "index.html").as_uri())
        expect(page.locator("[data-ck-exchange] .ck-file-note")).to_have_count(1)
        # The Review page too, instead of its note for a browser without JavaScript.
        page.goto((Path(root) / "review" / "index.html").as_uri())
        expect(page.locator("[data-ck-review] .ck-file-note")).to_contain_text("opened from a file")
        expect(page.locator("[data-ck-review] .ck-nojs")).to_be_hidden()
    finally:
        context.close()


def test_reset_asks_first_and_keeps_the_name(
    page: Page, site_url: str, open_page: Callable, stored: Callable
) -> None:
    open_page(site_url + "basics/first-steps/")
    page.locator("button.ck-done").click()
    open_page(site_url)
    page.get_by_label("Your name in the file").fill("Ana")
    page.get_by_label("Your name in the file").press("Tab")
    page.get_by_role("button", name="Reset my progress").click()
    expect(page.get_by_text("Reset your progress?")).to_be_visible()
    page.get_by_role("button", name="Cancel").click()  # nothing happens
    assert stored()["lessons"]["first-steps"]["done"] is True
    expect(page.get_by_role("button", name="Reset my progress")).to_be_focused()

    page.get_by_role("button", name="Reset my progress").click()
    page.get_by_role("button", name="Yes, reset my progress").click()
    expect(page.locator(".ck-exchange__message")).to_contain_text("Your progress was reset")
    assert stored()["lessons"] == {} and stored()["reviews"] == [] and stored()["learner"] == "Ana"
    expect(page.locator("[data-ck-dashboard] a.ck-continue")).to_have_text(
        "Start the course: First steps"
    )
    bar = page.locator('[data-ck-progress="course"] [role="progressbar"]')
    expect(bar).to_have_attribute("aria-valuenow", "0")
