"""Phones and paper: tables fit 390 px or scroll in a focusable region, the drawer ticks
the current page, and printing leaves out every control and puts answers in a key."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

PAGES = ["", "basics/", "practice/", "basics/first-steps/", "basics/second-steps/",
         "basics/exercises/", "timeline/", "study-plans/"]  # fmt: skip

# Each table of the page that is wider than the window, with what contains it.
WIDE_TABLES = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("article table")].flatMap((table) => {
    if (table.getBoundingClientRect().width <= width + 0.5) return [];
    let box = table.parentElement;
    while (box && box !== document.body) {
      const style = getComputedStyle(box);
      if (["auto", "scroll"].includes(style.overflowX) && box.scrollWidth > box.clientWidth) break;
      box = box.parentElement;
    }
    const scroller = box && box !== document.body ? box : null;
    return [{
      text: table.innerText.slice(0, 40),
      scroller: scroller ? scroller.className : null,
      fits: scroller ? scroller.getBoundingClientRect().right <= width + 0.5 : false,
      focusable: scroller ? scroller.tabIndex >= 0 : false,
      named: scroller ? Boolean(scroller.getAttribute("aria-label")) : false,
    }];
  });
}"""


def test_no_table_is_wider_than_a_phone_outside_a_focusable_scroller(
    page: Page, site_url: str, open_page: Callable
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    for path in PAGES:
        open_page(site_url + path)
        for details in page.locator("article details").all():  # the study plans' weeks
            details.evaluate("el => { el.open = true; }")
        for wide in page.evaluate(WIDE_TABLES):
            # coursekit's tables, or a lesson's own, in Material's wrapper made reachable
            assert wide["scroller"], (path, wide)
            assert {"ck-table", "ck-scrolls"} & set(wide["scroller"].split()), (path, wide)
            assert wide["fits"] and wide["focusable"] and wide["named"], (path, wide)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 390, f"{path}: the page itself scrolls sideways ({overflow} px)"
    # The lesson's own table is wide: it scrolls, in reach of the keyboard.
    open_page(site_url + "basics/second-steps/")
    assert [w["scroller"] for w in page.evaluate(WIDE_TABLES)] == [
        "md-typeset__scrollwrap ck-scrolls"
    ]
    # The home and module tables fit as they are: titles first, no wasted number column.
    for path in ("", "basics/"):
        open_page(site_url + path)
        table = page.locator("article table").first
        assert table.evaluate("el => el.getBoundingClientRect().width") <= 390, path


@pytest.mark.material_theme  # Material's drawer markup (md-nav--primary, __toc)
def test_the_phone_drawer_ticks_the_current_page(
    page: Page, site_url: str, open_page: Callable
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(site_url + "basics/exercises/")
    page.get_by_role("button", name="Mark exercises as done").click()
    page.locator("label.md-header__button[for='__drawer']").click()
    current = page.locator('nav.md-nav--primary label.md-nav__link[for="__toc"]')
    expect(current).to_be_visible()
    expect(current.locator(".ck-nav-mark")).to_have_count(1)
    expect(current).to_contain_text("(done)")


def emulate_print(page: Page) -> None:
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")


def test_print_shows_no_control_and_an_answer_key_after_the_questions(
    page: Page, site_url: str, open_page: Callable
) -> None:
    open_page(site_url + "basics/exercises/")
    card = page.locator('[data-ck-card="what-is-a-lesson"]')
    card.locator("summary").click()  # an open card, with its grade buttons
    expect(card.get_by_role("button", name="Got it")).to_be_visible()
    emulate_print(page)
    article = page.locator("article")
    expect(article.locator("button:visible, input:visible, nav.ck-pager:visible")).to_have_count(0)
    expect(page.locator(".ck-grade:visible, .ck-lesson-actions:visible")).to_have_count(0)
    # The questions show, their answers do not: those are in the key, after them.
    expect(card.locator("summary")).to_be_visible()
    expect(card.get_by_text("A unit of study with a time estimate.")).to_be_hidden()
    key = page.locator(".ck-answer-key")
    expect(key).to_have_count(1)
    expect(key.get_by_text("A unit of study with a time estimate.")).to_be_visible()
    expect(key.get_by_text("Plan fewer hours per day.")).to_be_visible()
    expect(key.locator("h4")).to_have_text(["The late learner", "Follow-up"])
    assert key.evaluate("el => getComputedStyle(el).breakBefore") == "page"
    last_question = page.locator("article .admonition.question").last.bounding_box()  # a task
    assert last_question and key.bounding_box()["y"] > last_question["y"]
    assert page.pdf()[:4] == b"%PDF"  # and it prints

    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    expect(key).to_have_count(0)


def test_a_printed_lesson_has_no_button_pager_or_chevron(
    page: Page, site_url: str, open_page: Callable
) -> None:
    open_page(site_url + "basics/first-steps/")
    page.locator("button.ck-done").click()
    emulate_print(page)
    expect(page.locator("article button:visible, nav.ck-pager:visible")).to_have_count(0)
    assert "Press again" not in page.locator("article").inner_text()
    open_page(site_url)
    emulate_print(page)
    expect(
        page.locator(".ck-exchange:visible, .ck-continue:visible, .ck-cli:visible")
    ).to_have_count(0)
    chevrons = page.evaluate(
        "[...document.querySelectorAll('article summary')].map("
        "s => getComputedStyle(s, '::after').display)"
    )
    assert set(chevrons) <= {"none"}
