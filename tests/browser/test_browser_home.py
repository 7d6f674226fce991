"""The home page as the learner's dashboard, ticks wherever lessons are listed, planned
lessons shown as coming soon and never counted, and exercises in the sequence."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect


def mark_done(page: Page, open_page: Callable, url: str) -> None:
    open_page(url)
    button = page.locator("button.ck-done")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")


def test_continue_follows_the_lessons_done(page: Page, site_url: str, open_page: Callable) -> None:
    open_page(site_url)
    go = page.locator("[data-ck-dashboard] a.ck-continue")
    expect(go).to_have_text("Start the course: First steps")
    expect(page.locator(".ck-dashboard__facts")).to_contain_text(
        "Flashcards: 2 cards, none reviewed"
    )

    mark_done(page, open_page, site_url + "basics/first-steps/")
    open_page(site_url)
    expect(go).to_have_text("Continue: Second steps")
    expect(page.locator(".ck-dashboard__facts")).to_contain_text("Last studied ")
    go.click()
    page.wait_for_url("**/basics/second-steps/")

    button = page.locator("button.ck-done")
    button.click()
    open_page(site_url + "basics/exercises/")
    card = page.locator('[data-ck-card="what-is-a-lesson"]')
    card.locator("summary").click()
    card.get_by_role("button", name="Got it").click()
    open_page(site_url)
    # The draft lesson is next: it can be studied; the planned one never is.
    expect(go).to_have_text("Continue: Hands-on")
    expect(page.locator(".ck-dashboard__facts")).to_contain_text("Flashcards: 1 of 2 cards: got it")

    mark_done(page, open_page, site_url + "practice/hands-on/")
    open_page(site_url)
    expect(go).to_be_hidden()
    expect(page.locator(".ck-dashboard__facts")).to_contain_text(
        "You have done every lesson that is ready. One more lesson is coming soon."
    )
    bar = page.locator('[data-ck-progress="course"] [role="progressbar"]')
    expect(bar).to_have_attribute("aria-valuenow", "3")
    expect(bar).to_have_attribute("aria-valuemax", "3")  # 100%: the planned one is not counted


def test_ticks_in_module_tables_the_timeline_and_the_plans(
    page: Page, site_url: str, open_page: Callable
) -> None:
    mark_done(page, open_page, site_url + "basics/first-steps/")
    for path in ("basics/", "timeline/", "study-plans/"):
        open_page(site_url + path)
        ticks = page.locator('.md-content [data-ck-tick="first-steps"]')
        assert ticks.count() >= 1, path
        for tick in ticks.all():
            expect(tick).to_have_class("ck-tick ck-tick--done")
            expect(tick).to_have_text("(done)")  # read out; a ✓ is drawn
        for tick in page.locator('.md-content [data-ck-tick="second-steps"]').all():
            expect(tick).to_have_class("ck-tick")
            expect(tick).to_have_text("")
    # The home page: each module's progress, and its tick once its ready lessons are done.
    open_page(site_url)
    expect(page.locator('[data-ck-module-progress="basics"]')).to_have_text("1 of 2 done")
    expect(page.locator('[data-ck-module-progress="practice"]')).to_have_text("0 of 1 done")
    expect(page.locator('[data-ck-tick-module="basics"]')).not_to_have_class(
        "ck-tick ck-tick--done"
    )
    mark_done(page, open_page, site_url + "basics/second-steps/")
    mark_done(page, open_page, site_url + "practice/hands-on/")
    open_page(site_url)
    expect(page.locator('[data-ck-tick-module="basics"]')).to_have_class("ck-tick ck-tick--done")
    # practice has a planned lesson left: its one ready lesson done, the module is done.
    expect(page.locator('[data-ck-tick-module="practice"]')).to_have_class("ck-tick ck-tick--done")
    practice = page.locator(".md-nav--primary a.md-nav__link", has_text="Practice").first
    expect(practice.locator(".ck-nav-mark")).to_have_count(1)


def test_planned_lessons_are_coming_soon_not_counted_and_not_searched(
    page: Page, site, open_page: Callable
) -> None:
    url, root = site
    open_page(url + "practice/")
    link = page.locator(".md-nav--primary a.md-nav__link", has_text="Wrap-up").first
    expect(link.locator(".ck-nav-badge")).to_have_text("coming soon")
    expect(page.locator(".md-nav--primary .ck-nav-badge")).to_have_count(1)
    bar = page.locator('[data-ck-progress="module"] [role="progressbar"]')
    expect(bar).to_have_attribute("aria-valuemax", "1")
    open_page(url + "practice/wrap-up/")
    expect(page.locator("article .ck-badge--planned")).to_have_text("Coming soon")
    # Each engine's own search index: MkDocs + Material's, or Zensical's search.json.
    material = Path(root) / "search" / "search_index.json"
    if material.is_file():
        docs = json.loads(material.read_text(encoding="utf-8"))["docs"]
    else:
        docs = json.loads((Path(root) / "search.json").read_text(encoding="utf-8"))["items"]
    locations = {doc["location"].split("#")[0] for doc in docs}
    assert "practice/hands-on/" in locations
    assert "practice/wrap-up/" not in locations


def test_exercises_are_in_the_previous_next_chain_and_can_be_marked_done(
    page: Page, site_url: str, open_page: Callable, stored: Callable
) -> None:
    open_page(site_url + "basics/second-steps/")
    following = page.locator("nav.ck-pager a.ck-pager__link--next")
    expect(following).to_contain_text("Next: exercises")
    expect(following).to_contain_text("Exercises: Basics")
    following.click()
    page.wait_for_url("**/basics/exercises/")
    expect(page.locator("nav.ck-pager a.ck-pager__link--prev")).to_contain_text("Second steps")
    expect(page.locator("nav.ck-pager a.ck-pager__link--next")).to_contain_text("Hands-on")

    button = page.get_by_role("button", name="Mark exercises as done")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_have_text("Mark exercises as done")
    assert stored()["exercises"]["basics"]["done"] is True
    open_page(site_url + "basics/")
    expect(page.locator('[data-ck-tick-exercises="basics"]')).to_have_class("ck-tick ck-tick--done")
    exercises = page.locator(".md-nav--primary a.md-nav__link", has_text="Exercises").first
    expect(exercises.locator(".ck-nav-mark")).to_have_count(1)

    # The next page after a module's last lesson without exercises is the next lesson.
    open_page(site_url + "practice/hands-on/")
    expect(page.locator("nav.ck-pager a.ck-pager__link--next")).to_contain_text("Wrap-up")
