"""Importing a progress file: anything malformed or hostile is refused and injects nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

AT = "2026-01-05T18:00:00Z"
STORAGE_KEY = "coursekit:mini:progress"
XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'


def exchange(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "coursekit-progress",
        "version": 1,
        "course": "mini",
        "learner": "ada",
        "events": [{"type": "lesson_completed", "at": AT, "lesson": "second-steps"}],
    }
    data.update(overrides)
    return data


def completed(**fields: Any) -> dict[str, Any]:
    return {"type": "lesson_completed", "at": AT, "lesson": "second-steps", **fields}


HOSTILE: dict[str, bytes] = {
    "markup as a lesson id": json.dumps(exchange(events=[completed(lesson=XSS)])).encode(),
    "markup as an event type": json.dumps(exchange(events=[{"type": XSS, "at": AT}])).encode(),
    "markup as a card id": json.dumps(
        exchange(events=[{"type": "flashcard_review", "at": AT, "card": XSS, "rating": 3}])
    ).encode(),
    "huge version": b'{"format": "coursekit-progress", "version": 1e999, "course": "mini",'
    b' "learner": "ada", "events": []}',
    "huge rating": json.dumps(
        exchange(events=[{"type": "flashcard_review", "at": AT, "card": "c", "rating": 10**30}])
    ).encode(),
    "huge number in an ignored event": json.dumps(
        exchange(events=[completed(), {"type": "study_session", "at": AT, "minutes": 1e300}])
    ).encode(),
    "rating as text": json.dumps(
        exchange(events=[{"type": "flashcard_review", "at": AT, "card": "c", "rating": "3"}])
    ).encode(),
    "events is not a list": json.dumps(exchange(events={"0": completed()})).encode(),
    "event is a list": json.dumps(exchange(events=[["lesson_completed", AT]])).encode(),
    "lesson id is a list": json.dumps(
        exchange(events=[completed(lesson=["second-steps"])])
    ).encode(),
    "time is a number": json.dumps(exchange(events=[completed(at=1767636000)])).encode(),
    "time is not UTC": json.dumps(
        exchange(events=[completed(at="2026-01-05T18:00:00+02:00")])
    ).encode(),
    "impossible date": json.dumps(exchange(events=[completed(at="2026-02-30T18:00:00Z")])).encode(),
    "version 2": json.dumps(exchange(version=2)).encode(),
    "another format": json.dumps(exchange(format="something-else")).encode(),
    "another course": json.dumps(exchange(course="other-course")).encode(),
    "learner is an object": json.dumps(exchange(learner={"name": "ada"})).encode(),
    "__proto__ at the top": b'{"__proto__": {"polluted": true}, "format": "coursekit-progress",'
    b' "version": 1, "course": "mini", "learner": "ada", "events": []}',
    "constructor.prototype in an event": json.dumps(
        exchange(events=[completed(constructor={"prototype": {"polluted": True}})])
    ).encode(),
    "deep nesting": json.dumps(exchange(events=[completed(extra=[[[[[[["deep"]]]]]]])])).encode(),
    "very long text": json.dumps(exchange(learner="a" * 100_000)).encode(),
    "a list instead of an object": b"[1, 2, 3]",
    "not JSON": b"<html><script>window.__pwned=1</script></html>",
    "empty file": b"",
}


def import_bytes(page: Page, name: str, payload: bytes) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(
        files=[{"name": name, "mimeType": "application/json", "buffer": payload}]
    )


@pytest.fixture
def home_with_progress(page: Page, site_url: str, open_page: Callable, stored: Callable):  # type: ignore[no-untyped-def]
    """The home page of a learner who has finished first-steps; what is stored before."""
    saved = {
        "version": 1,
        "learner": "",
        "lessons": {"first-steps": {"done": True, "at": "2026-01-02T10:00:00Z"}},
        "reviews": [],
    }
    page.add_init_script(
        f"if (!localStorage.getItem({STORAGE_KEY!r}))"
        f" localStorage.setItem({STORAGE_KEY!r}, {json.dumps(json.dumps(saved))});"
    )
    open_page(site_url)
    before = stored()
    assert before == saved
    return before


def count_elements(page: Page) -> dict[str, int]:
    return page.evaluate(
        """() => ({
            script: document.querySelectorAll("script").length,
            img: document.querySelectorAll("img").length,
            iframe: document.querySelectorAll("iframe").length,
        })"""
    )


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_import_is_rejected_and_injects_nothing(
    page: Page, stored: Callable, home_with_progress: dict, case: str
) -> None:
    elements = count_elements(page)
    import_bytes(page, "progress.json", HOSTILE[case])
    message = page.locator(".ck-exchange__message")
    expect(message).to_have_class("ck-exchange__message ck-error")
    expect(message).to_contain_text("Not imported; nothing was changed.")
    expect(message).to_be_visible()
    # In the learner's words: no places in the file, no "expected ...".
    text = message.text_content() or ""
    assert "events[" not in text and "expected" not in text, text
    # Nothing stored changed, nothing ran, nothing was added to the page or to Object.
    assert stored() == home_with_progress
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("({}).polluted") is None
    assert page.evaluate("Object.prototype.polluted") is None
    assert count_elements(page) == elements
    # Only the message's own paragraph and list: nothing from the file became markup.
    tags = message.evaluate("el => [...el.querySelectorAll('*')].map(n => n.tagName)")
    assert set(tags) <= {"P", "UL", "LI"}, tags
    expect(page.locator('[data-ck-progress="course"] [role="progressbar"]')).to_have_attribute(
        "aria-valuenow", "1"
    )


def test_oversized_files_are_refused_before_reading(
    page: Page, stored: Callable, home_with_progress: dict
) -> None:
    # Made inside the page (sending 20 MB through the file chooser is slow), then
    # handed to the same file input the Import button opens.
    page.evaluate(
        """() => {
            const input = document.querySelector("[data-ck-import-file]");
            const transfer = new DataTransfer();
            const text = JSON.stringify({format: "coursekit-progress", version: 1,
                                         course: "mini", events: []});
            const padding = new Uint8Array(20 * 1024 * 1024).fill(32);  // the CLI's cap too
            transfer.items.add(new File([text, padding], "big.json"));
            input.files = transfer.files;
            input.dispatchEvent(new Event("change", {bubbles: true}));
        }"""
    )
    expect(page.locator(".ck-exchange__message")).to_contain_text("larger than 20 MB")
    assert stored() == home_with_progress


def test_too_many_events_are_refused(
    page: Page, stored: Callable, home_with_progress: dict
) -> None:
    # The count is checked before anything else, so the events need not even be events.
    events = [0] * 200_001  # one more than the CLI imports at once
    import_bytes(
        page, "many.json", json.dumps(exchange(events=events), separators=(",", ":")).encode()
    )
    expect(page.locator(".ck-exchange__message")).to_contain_text(
        "more entries than can be imported at once (200,000)"
    )
    assert stored() == home_with_progress


def test_markup_in_the_learner_name_stays_text(
    page: Page, stored: Callable, home_with_progress: dict
) -> None:
    # A valid file whose learner name looks like HTML: imported, and shown only as text.
    elements = count_elements(page)
    page.get_by_label("Your name in the file").fill("")
    page.get_by_label("Your name in the file").press("Tab")
    import_bytes(page, "progress.json", json.dumps(exchange(learner=XSS[:100])).encode())
    expect(page.locator(".ck-exchange__message")).to_contain_text("Imported")
    assert stored()["lessons"]["second-steps"]["done"] is True
    assert page.get_by_label("Your name in the file").input_value() == XSS[:100]
    assert page.evaluate("window.__pwned") is None
    assert count_elements(page) == elements
