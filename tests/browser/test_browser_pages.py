"""Every page of the built site, loaded in full and by instant navigation, without errors."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect


def site_pages(root: Path) -> list[str]:
    """Every HTML page of the site, as a path from the root ('basics/first-steps/')."""
    pages = []
    for html in sorted(root.rglob("*.html")):
        rel = html.relative_to(root).as_posix()
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


def check_controls(page: Page) -> None:
    """Every placeholder the page carries has been filled by the script."""
    for holder in page.locator("[data-ck-progress]").all():
        expect(holder.get_by_role("progressbar")).to_have_count(1)
    for holder in page.locator("[data-ck-exchange]").all():
        expect(holder.get_by_role("button", name="Export progress")).to_have_count(1)
        expect(holder.get_by_role("button", name="Import progress")).to_have_count(1)
    for holder in page.locator("[data-ck-lesson]").all():
        expect(holder.get_by_role("button")).to_have_count(1)
    for holder in page.locator("[data-ck-card]").all():
        expect(holder.locator("details > summary")).to_have_count(1)
    # Every control of ours is a real, labelled button.
    for control in page.locator("[data-ck-action]").all():
        assert control.evaluate("el => el.tagName") == "BUTTON"
        assert control.evaluate("el => el.type") == "button"
        assert (control.text_content() or "").strip()


def test_every_page_loads_without_console_errors(page: Page, site) -> None:  # type: ignore[no-untyped-def]
    url, root = site
    pages = site_pages(root)
    assert {"", "basics/", "basics/first-steps/", "basics/exercises/", "practice/wrap-up/"} <= set(
        pages
    )
    for path in pages:
        page.goto(url + path)
        if path != "404.html":
            expect(page.locator("html")).to_have_attribute(
                "data-ck-page", urlsplit(url + path).path
            )
            check_controls(page)
    # The page fixture fails the test on any console error or uncaught exception.


def test_every_page_by_instant_navigation(page: Page, site, open_page) -> None:  # type: ignore[no-untyped-def]
    url, root = site
    open_page(url)
    page.evaluate("window.__sameDocument = true")
    for path in site_pages(root):
        if path == "404.html":
            continue
        # A link clicked inside the page, as a learner would: Material intercepts it.
        page.evaluate(
            """href => {
                const a = Object.assign(document.createElement("a"), {href, textContent: "go"});
                a.id = "ck-test-link";
                document.querySelector(".md-content").append(a);
            }""",
            url + path,
        )
        page.locator("#ck-test-link").click()
        expect(page.locator("html")).to_have_attribute("data-ck-page", urlsplit(url + path).path)
        check_controls(page)
    assert page.evaluate("window.__sameDocument") is True, "navigation was not instant"


def test_previous_and_next_sit_side_by_side_and_progress_shows_without_scrolling(
    page: Page, site, open_page
) -> None:  # type: ignore[no-untyped-def]
    url, _ = site
    page.set_viewport_size({"width": 1280, "height": 800})
    # Measured once the site's script has run: the lesson button it adds above the pager
    # moves both links down, and a measure taken in between saw them at different heights.
    open_page(url + "basics/second-steps/")
    previous = page.locator("nav.ck-pager a.ck-pager__link--prev").bounding_box()
    following = page.locator("nav.ck-pager a.ck-pager__link--next").bounding_box()
    assert previous and following
    assert previous["x"] + previous["width"] < following["x"]  # previous left, next right
    assert previous["y"] == following["y"] and previous["height"] == following["height"]
    assert abs(previous["width"] - following["width"]) < 1
    page.goto(url)
    bar = page.locator('[data-ck-progress="course"]').get_by_role("progressbar")
    expect(bar).to_be_in_viewport()  # the learner sees it on arrival, before any section
    box = bar.bounding_box()
    section = page.locator("article h2").first.bounding_box()
    assert box and section and box["y"] < section["y"]


def _luminance(rgb: str) -> float:
    channels = [int(x) / 255 for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_outlined_buttons_are_readable_in_the_dark_scheme(page: Page, site) -> None:  # type: ignore[no-untyped-def]
    url, _ = site
    page.emulate_media(color_scheme="dark")
    page.goto(url + "basics/first-steps/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    button = page.get_by_role("button", name="Mark as done")
    text = _luminance(button.evaluate("e => getComputedStyle(e).color"))
    ground = _luminance(page.evaluate(
        "getComputedStyle(document.querySelector('.md-main')).backgroundColor"
        " === 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.body).backgroundColor"
        " : getComputedStyle(document.querySelector('.md-main')).backgroundColor"
    ))  # fmt: skip
    light, dark = max(text, ground), min(text, ground)
    assert (light + 0.05) / (dark + 0.05) >= 4.5  # WCAG AA for the button's text


def test_a_module_that_cannot_load_is_reported_once(context, site_url: str) -> None:  # type: ignore[no-untyped-def]
    # Any of the script's modules failing (here one that every control needs) leaves
    # the page without its controls, and says so on the console, once.
    context.route("**/assets/coursekit/event-fields.js", lambda route: route.abort())
    page = context.new_page()
    ours: list[str] = []
    page.on(
        "console",
        lambda msg: ours.append(msg.text) if msg.text.startswith("coursekit:") else None,
    )
    uncaught: list[str] = []
    page.on("pageerror", lambda exc: uncaught.append(str(exc)))
    with page.expect_console_message(lambda msg: msg.text.startswith("coursekit:")) as message:
        page.goto(site_url + "basics/first-steps/")
    assert message.value.type == "error"
    assert "could not be loaded" in message.value.text
    page.wait_for_timeout(300)  # nothing else follows
    assert len(ours) == 1 and uncaught == []
    expect(page.locator("html.ck-ready")).to_have_count(0)
    expect(page.locator("button.ck-done")).to_have_count(0)
