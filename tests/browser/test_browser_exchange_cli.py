"""The site's progress file and the CLI's, both ways: browser -> CLI and CLI -> browser.

The CLI side uses the published site's address as the course (``--course URL``), as a
learner who only has the site would: it reads the site's course.json.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from typer.testing import CliRunner

from coursekit.cli import app
from coursekit.course.course_json import from_index
from coursekit.events.exchange import parse_document
from coursekit.events.store import Event, Store
from coursekit.model import Course
from coursekit.progress.state import derive
from coursekit.review.cards import reviews_in_force

runner = CliRunner()
CARD = "what-is-a-lesson"


@pytest.fixture
def cli(tmp_path: Path, site_url: str, monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    """Run `coursekit progress ...` for learner ada, with a database in tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("COURSEKIT_TODAY", raising=False)
    db = tmp_path / "progress.db"

    def run(*args: str) -> str:
        full = ["progress", *args, "--course", site_url, "--db", str(db), "--learner", "ada"]
        result = runner.invoke(app, full)
        assert result.exit_code == 0, result.output
        return result.stdout

    run.db = db  # type: ignore[attr-defined]
    return run


def course_of(site: tuple[str, Path]) -> Course:
    return from_index(json.loads((site[1] / "course.json").read_text()))


def export_from_browser(page: Page, tmp_path: Path) -> Path:
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    return target


def import_into_browser(page: Page, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(path)


def test_browser_export_imports_with_the_cli(
    page: Page,
    site,
    open_page: Callable,
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    url, _ = site
    # A learner's session in the browser: two lessons done, one undone, two self-grades.
    for lesson in ("first-steps", "second-steps"):
        open_page(f"{url}basics/{lesson}/")
        page.get_by_role("button", name="Mark as done").click()
    page.get_by_role("button", name="Mark as done").click()  # undo second-steps
    open_page(url + "basics/exercises/")
    cards = page.locator("[data-ck-card]")
    cards.nth(0).locator("summary").click()
    cards.nth(0).get_by_role("button", name="Got it").click()
    cards.nth(1).locator("summary").click()
    cards.nth(1).get_by_role("button", name="Not yet").click()
    second_card = cards.nth(1).get_attribute("data-ck-card")

    open_page(url)
    page.get_by_label("Your name in the file").fill("Ada Lovelace")
    page.get_by_label("Your name in the file").press("Tab")
    path = export_from_browser(page, tmp_path)
    expect(page.locator(".ck-exchange__message")).to_have_text(
        "Exported 5 events to a file in your downloads."
    )
    assert path.name.startswith("coursekit-progress-mini-")

    data = json.loads(path.read_text())
    assert (data["format"], data["version"], data["course"]) == ("coursekit-progress", 1, "mini")
    assert data["learner"] == "Ada Lovelace"
    assert sorted(e["type"] for e in data["events"]) == [
        "flashcard_review",
        "flashcard_review",
        "lesson_completed",
        "lesson_completed",
        "undo",
    ]
    # The CLI's own parser accepts the file as it is.
    parsed = parse_document(
        data, str(path), "mini", "ada", set(course_of(site).lesson_index), datetime.now(UTC)
    )
    assert len(parsed.events) == 5 and parsed.learner_in_file == "Ada Lovelace"

    output = cli("import", str(path))
    assert "Imported 5 new events for ada" in output
    assert "Imported 0 new events for ada (5 already present)" in cli("import", str(path))

    with Store.open(cli.db) as store:
        events = store.events("mini", "ada")
    progress = derive(course_of(site), "ada", events)
    assert set(progress.completed) == {"first-steps"}
    assert sorted((r.card, r.rating) for r in reviews_in_force(events)) == sorted(
        [(CARD, 3), (second_card, 1)]
    )
    assert '"done": 1' in cli("--json")


def test_cli_export_imports_in_the_browser(
    page: Page,
    site_url: str,
    open_page: Callable,
    tmp_path: Path,
    cli,
    stored: Callable,  # type: ignore[no-untyped-def]
) -> None:
    cli("start", "--pace", "moderate")
    cli("done", "first-steps")
    cli("done", "second-steps")
    cli("undo")  # second-steps is not done after all
    cli("log", "first-steps", "30m")
    with Store.open(cli.db) as store:  # a review, as `coursekit review` records it
        store.append(
            [
                Event(
                    "review-1",
                    "flashcard_review",
                    datetime.now(UTC),
                    "mini",
                    "ada",
                    {"card": CARD, "rating": 4},
                )
            ]
        )
    exported = tmp_path / "from-cli.json"
    assert "Exported 6 events for ada" in cli("export", "--out", str(exported))

    open_page(site_url)
    import_into_browser(page, exported)
    message = page.locator(".ck-exchange__message")
    expect(message).to_have_text("Imported: 1 lesson marked done and 1 flashcard review added.")
    bar = page.locator('[data-ck-progress="course"] [role="progressbar"]')
    expect(bar).to_have_attribute("aria-valuenow", "1")
    saved = stored()
    assert saved["lessons"]["first-steps"]["done"] is True
    assert saved["lessons"]["second-steps"]["done"] is False
    assert [(r["card"], r["rating"], r["grade"]) for r in saved["reviews"]] == [(CARD, 4, "got_it")]

    # The same file twice changes nothing.
    import_into_browser(page, exported)
    expect(message).to_have_text(
        "Imported: nothing new, this browser already had everything in the file."
    )
    assert stored() == saved

    open_page(site_url + "basics/first-steps/")
    expect(page.get_by_role("button", name="Mark as done")).to_have_attribute(
        "aria-pressed", "true"
    )
    open_page(site_url + "basics/second-steps/")
    expect(page.get_by_role("button", name="Mark as done")).to_have_attribute(
        "aria-pressed", "false"
    )
    open_page(site_url + "basics/exercises/")
    expect(page.locator(f'[data-ck-card="{CARD}"] .ck-card-badge')).to_have_text("Got it")


def test_an_undo_in_the_browser_reaches_the_cli(
    page: Page,
    site_url: str,
    open_page: Callable,
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    # Done in the CLI, brought to the browser, undone there, and carried back.
    cli("done", "first-steps")
    exported = tmp_path / "from-cli.json"
    exported.write_text(cli("export"))
    open_page(site_url)
    import_into_browser(page, exported)
    expect(page.locator(".ck-exchange__message")).to_contain_text("1 lesson marked done")
    open_page(site_url + "basics/first-steps/")
    button = page.get_by_role("button", name="Mark as done")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")

    open_page(site_url)
    back = export_from_browser(page, tmp_path)
    assert "Imported 1 new event for ada (1 already present)" in cli("import", str(back))
    assert '"done": 0' in cli("--json")


def test_a_hard_rating_from_the_cli_survives_a_reload_and_goes_back_unchanged(
    page: Page,
    site_url: str,
    open_page: Callable,
    tmp_path: Path,
    cli,
    stored: Callable,  # type: ignore[no-untyped-def]
) -> None:
    # The browser shows a review only as "Got it" / "Not yet", but must keep its real
    # rating: a Hard (2) once came back from storage as Again (1) after a reload.
    at = (datetime.now(UTC) - timedelta(hours=1)).replace(microsecond=0)
    hard = Event("review-hard", "flashcard_review", at, "mini", "ada", {"card": CARD, "rating": 2})
    with Store.open(cli.db) as store:
        store.append([hard])
    exported = tmp_path / "from-cli.json"
    cli("export", "--out", str(exported))

    open_page(site_url)
    import_into_browser(page, exported)
    expect(page.locator(".ck-exchange__message")).to_contain_text("1 flashcard review added")
    page.reload()
    expect(page.locator("html.ck-ready")).to_have_count(1)
    assert [(r["card"], r["rating"], r["grade"]) for r in stored()["reviews"]] == [
        (CARD, 2, "not_yet")
    ]
    back = export_from_browser(page, tmp_path)
    reviews = [e for e in json.loads(back.read_text())["events"] if e["type"] == "flashcard_review"]
    assert [(e["uid"], e["rating"]) for e in reviews] == [("review-hard", 2)]

    # Imported into a fresh database, the card is scheduled exactly as in the first.
    def due(db: Path) -> str:
        args = ["review", "--cards", "--json", "--course", site_url, "--db", str(db)]
        result = runner.invoke(app, [*args, "--learner", "ada"])
        assert result.exit_code == 0, result.output
        return next(c["due"] for c in json.loads(result.stdout)["cards"] if c["id"] == CARD)

    fresh = tmp_path / "fresh.db"
    args = ["progress", "import", str(back), "--course", site_url, "--db", str(fresh)]
    result = runner.invoke(app, [*args, "--learner", "ada"])
    assert result.exit_code == 0, result.output
    assert due(fresh) == due(cli.db) is not None


def test_exercises_marked_done_in_the_browser_reach_the_cli(
    page: Page,
    site_url: str,
    open_page: Callable,
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    open_page(site_url + "basics/exercises/")
    page.get_by_role("button", name="Mark exercises as done").click()
    open_page(site_url)
    back = export_from_browser(page, tmp_path)
    events = json.loads(back.read_text(encoding="utf-8"))["events"]
    assert [(e["type"], e["module"]) for e in events] == [("exercises_completed", "basics")]
    assert "Imported 1 new event for ada" in cli("import", str(back))
    modules = json.loads(cli("--json"))["modules"]
    assert [m["exercises_done"] for m in modules] == [True, None]  # practice has none
    assert "exercises ✓" in cli()

    # And back: the CLI's export, imported into a fresh browser, ticks them there.
    exported = tmp_path / "from-cli.json"
    exported.write_text(cli("export"))
    page.evaluate("localStorage.clear()")
    open_page(site_url)
    import_into_browser(page, exported)
    expect(page.locator(".ck-exchange__message")).to_contain_text(
        "the exercises of 1 module updated"
    )
    open_page(site_url + "basics/")
    expect(page.locator('[data-ck-tick-exercises="basics"]')).to_have_class("ck-tick ck-tick--done")
