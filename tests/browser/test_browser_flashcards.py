"""Flashcards: closed until opened, then self-graded with 'Got it' / 'Not yet'."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

CARD = "what-is-a-lesson"
ANSWER = "A unit of study with a time estimate."


def test_card_is_closed_opens_on_click_and_shows_its_answer(
    page: Page, site_url: str, open_page: Callable
) -> None:
    open_page(site_url + "basics/exercises/")
    details = page.locator(f'[data-ck-card="{CARD}"] details')
    assert details.evaluate("el => el.open") is False
    expect(page.get_by_text(ANSWER)).to_be_hidden()
    expect(page.get_by_role("button", name="Got it")).to_have_count(0)

    details.locator("summary").click()
    assert details.evaluate("el => el.open") is True
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(details.get_by_role("button", name="Got it")).to_be_visible()
    expect(details.get_by_role("button", name="Not yet")).to_be_visible()
    # Only the opened card shows the buttons.
    expect(page.get_by_role("button", name="Got it")).to_have_count(1)


def test_self_grades_are_stored_as_reviews(
    page: Page, site_url: str, open_page: Callable, stored: Callable
) -> None:
    open_page(site_url + "basics/exercises/")
    card = page.locator(f'[data-ck-card="{CARD}"]')
    card.locator("summary").click()
    got_it = card.get_by_role("button", name="Got it")
    not_yet = card.get_by_role("button", name="Not yet")

    got_it.click()
    expect(got_it).to_have_attribute("aria-pressed", "true")
    expect(card.get_by_role("status")).to_have_text("Saved: Got it.")
    reviews = stored()["reviews"]
    assert [(r["card"], r["grade"], r["rating"]) for r in reviews] == [(CARD, "got_it", 3)]

    # Changing one's mind while the card is open corrects that review (keyboard: Space).
    not_yet.focus()
    page.keyboard.press("Space")
    expect(not_yet).to_have_attribute("aria-pressed", "true")
    expect(got_it).to_have_attribute("aria-pressed", "false")
    reviews = stored()["reviews"]
    assert [(r["grade"], r["rating"]) for r in reviews] == [("not_yet", 1)]

    # Closing and opening the card again is a new review (keyboard: Enter on summary).
    summary = card.locator("summary")
    summary.click()
    summary.focus()
    page.keyboard.press("Enter")
    expect(got_it).to_have_attribute("aria-pressed", "false")
    # "toggle" fires after the press, in a task of its own: until the site has handled
    # the opening, a grade would still correct the old review.
    expect(card.locator(".ck-grade__status")).to_have_text("")
    got_it.focus()
    page.keyboard.press("Enter")
    expect(got_it).to_have_attribute("aria-pressed", "true")  # saved before it is read
    assert [r["grade"] for r in stored()["reviews"]] == ["not_yet", "got_it"]

    page.reload()
    expect(page.locator(f'[data-ck-card="{CARD}"] .ck-card-badge')).to_have_text("Got it")
    assert page.locator(f'[data-ck-card="{CARD}"] details').evaluate("el => el.open") is False


def test_cards_open_and_close_without_javascript(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "basics/exercises/")
        details = page.locator(f'[data-ck-card="{CARD}"] details')
        expect(page.get_by_text(ANSWER)).to_be_hidden()
        details.locator("summary").click()
        expect(page.get_by_text(ANSWER)).to_be_visible()
        details.locator("summary").click()
        expect(page.get_by_text(ANSWER)).to_be_hidden()
        # Nothing that needs the script is left dangling on the page.
        expect(page.locator(".ck-grade, .ck-done, .ck-exchange")).to_have_count(0)
    finally:
        context.close()
