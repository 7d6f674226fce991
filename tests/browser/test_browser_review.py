"""The Review page in a real browser, on a fixed clock, held to the CLI's schedule.

A course of its own (the mini course with cards in both modules) is built once for the
module and served on 127.0.0.1. The site's clock is fixed through its test hook,
``window.__coursekitNow``, which these tests set from localStorage (``test:now``) so
that a reload keeps the date the test chose. The CLI side runs on the same dates
(``--now``) against a real SQLite file, with the published course.json as its course.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler
from playwright.sync_api import Page, expect
from typer.testing import CliRunner

from coursekit.cli import app
from coursekit.model import ReviewSettings
from coursekit.review.cards import fsrs_card_id, interval_text, make_scheduler

COURSE = "mini"
KEY = f"coursekit:{COURSE}:progress"
BASICS = """\
flashcards:
  - id: what-is-a-lesson
    q: What is a lesson?
    a: A unit of study with a time estimate.
    lesson: first-steps
  - id: what-is-a-note
    q: What is a note?
    a: Something you **write down**.
    lesson: second-steps
  - q: Why estimate study time as a range?
    a: Because people differ; a range is honest.
"""
PRACTICE = """\
flashcards:
  - id: what-do-you-build
    q: What do you build?
    a: A tool.
    lesson: hands-on
"""
CLOCK = "window.__coursekitNow = localStorage.getItem('test:now') || undefined;"
runner = CliRunner()


@pytest.fixture(scope="module")
def review_site(
    tmp_path_factory: pytest.TempPathFactory,
    serve_folder: Callable,
    course_dir: Path,
    site_server: tuple[str, Path],
) -> Iterator[tuple[str, Path]]:
    """The mini course with four cards, built and served; its address and folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    course = tmp_path_factory.mktemp("review") / "mini"
    shutil.copytree(course_dir, course, ignore=shutil.ignore_patterns("site"))
    (course / "exercises" / "basics.yml").write_text(BASICS)
    (course / "exercises" / "practice.yml").write_text(PRACTICE)
    root = tmp_path_factory.mktemp("review-site")
    with serve_folder(root) as url:
        config = (course_dir / "mkdocs.yml").read_text().replace(site_server[0], url)
        (course / "mkdocs.yml").write_text(config)
        build(load_config(str(course / "mkdocs.yml"), site_dir=str(root)))
        yield url, root


@pytest.fixture
def review_page(local_context, review_site):  # type: ignore[no-untyped-def]
    """A page in a fresh UTC profile with the test clock; console errors fail the test."""
    context = local_context(viewport={"width": 1280, "height": 900}, timezone_id="UTC")
    context.add_init_script(CLOCK)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], f"the page logged errors: {errors}"


class Site:
    """The review site as a learner uses it, on dates the test sets."""

    def __init__(self, page: Page, url: str) -> None:
        self.page, self.url = page, url

    def open(self, path: str = "", when: str | None = None) -> None:
        if when is not None:
            self.page.goto(self.url + "404.html")  # any page of the origin, to set the clock
            self.page.evaluate("when => localStorage.setItem('test:now', when)", when)
        self.page.goto(self.url + path)
        expect(self.page.locator("html.ck-ready")).to_have_count(1)

    def done(self, lesson_path: str, when: str) -> None:
        self.open(lesson_path, when)
        self.page.get_by_role("button", name="Mark as done").click()

    def counts(self) -> str:
        return self.page.locator(".ck-review__counts").inner_text()

    def session(self, ratings: list[int]) -> list[tuple[str, int]]:
        """Start a session on the Review page and rate each card shown, by keyboard."""
        page = self.page
        page.get_by_role("button", name="Start review").click()
        shown = []
        for rating in ratings:
            session = page.locator(".ck-review__session")
            expect(session).to_be_visible()
            card = session.get_attribute("data-ck-card-id")
            page.keyboard.press("Space")  # show the answer
            expect(page.locator(".ck-review__ratings")).to_be_visible()
            page.keyboard.press(str(rating) if rating != 3 else "Space")
            shown.append((card, rating))
        expect(page.locator(".ck-review__summary")).to_be_visible()
        return shown

    def due_list(self) -> dict[str, str | None]:
        """The Review page's list: card id -> its due time (ISO, UTC) or None when new."""
        self.page.locator(".ck-review__list summary").click()
        rows = self.page.locator("[data-ck-due-card]")
        expect(rows.first).to_be_visible()
        result = {}
        for i in range(rows.count()):
            row = rows.nth(i)
            time = row.locator("time")
            due = time.get_attribute("datetime") if time.count() else None
            result[row.get_attribute("data-ck-due-card")] = due
        return result

    def stored(self) -> dict:
        return json.loads(self.page.evaluate(f"localStorage.getItem({KEY!r})") or "{}")


@pytest.fixture
def learner(review_page: Page, review_site: tuple[str, Path]) -> Site:
    return Site(review_page, review_site[0])


def minute(iso: str) -> str:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(UTC).isoformat()[:16]


def fsrs_replay(ratings: list[tuple[str, int, str]], settings: ReviewSettings) -> dict[str, Card]:
    """What py-fsrs itself makes of (card, rating, time) ratings, in time order."""
    scheduler: Scheduler = make_scheduler(settings)
    cards: dict[str, Card] = {}
    for card_id, rating, at in sorted(ratings, key=lambda r: r[2]):
        moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
        card = cards.get(card_id) or Card(card_id=fsrs_card_id(card_id), due=moment)
        cards[card_id], _ = scheduler.review_card(card, Rating(rating), review_datetime=moment)
    return cards


def site_ratings(stored: dict) -> list[tuple[str, int, str]]:
    cards = stored["reviews"]["cards"]
    return [(cards[n], rating, at) for n, rating, at, _ in stored["reviews"]["rows"]]


# --------------------------------------------------------------------------- a session


def test_a_session_on_a_fixed_clock_schedules_as_fsrs_says(learner: Site) -> None:
    learner.open("review/", "2026-03-02T09:00:00Z")
    # Nothing is unlocked before a lesson is done.
    expect(learner.page.locator(".ck-review__counts")).to_have_text(
        "0 cards due today · 0 this week · 0 new ready · 4 locked until their lessons are done."
    )
    expect(learner.page.locator(".ck-review__nothing")).to_contain_text(
        "4 cards unlock as you mark"
    )
    learner.done("basics/first-steps/", "2026-03-02T09:00:00Z")
    learner.done("practice/hands-on/", "2026-03-02T09:00:00Z")
    learner.open("review/")
    expect(learner.page.locator(".ck-review__counts")).to_have_text(
        "0 cards due today · 0 this week · 2 new ready · 2 locked until their lessons are done."
    )
    # The buttons show what each rating gives, as the CLI prints it.
    page = learner.page
    page.get_by_role("button", name="Start review (2 cards)").click()
    first = page.locator(".ck-review__session").get_attribute("data-ck-card-id")
    assert first == "what-is-a-lesson"  # new cards in course order
    expect(page.locator(".ck-review__shown-question")).to_have_text("What is a lesson?")
    expect(page.locator(".ck-review__shown-answer")).to_be_hidden()
    page.keyboard.press("Space")
    expect(page.locator(".ck-review__shown-answer")).to_contain_text("A unit of study")
    intervals = [page.locator(".ck-review__interval").nth(i).inner_text() for i in range(4)]
    assert intervals == ["1 min", "6 min", "10 min", "8 d"]
    at = datetime(2026, 3, 2, 9, tzinfo=UTC)
    scheduler = make_scheduler(ReviewSettings())
    new = Card(card_id=fsrs_card_id(first), due=at)
    cli_words = [
        interval_text(scheduler.review_card(new, Rating(r), review_datetime=at)[0].due - at)
        for r in (1, 2, 3, 4)
    ]
    assert intervals == cli_words
    page.keyboard.press("Space")  # Good: the next step, 10 min; it waits for a later session
    expect(page.locator(".ck-review__feedback")).to_have_text("Good: next review in 10 min.")
    page.keyboard.press("Space")
    page.keyboard.press("1")  # Again on the second card: it comes back in this session
    expect(page.locator(".ck-review__feedback")).to_have_text(
        "Again: next review in 1 min (again in this session)."
    )
    assert page.locator(".ck-review__session").get_attribute("data-ck-card-id") == (
        "what-do-you-build"
    )
    expect(page.locator(".ck-review__position")).to_contain_text("Card 3 of 3")
    page.keyboard.press("Space")
    page.keyboard.press("3")
    expect(page.locator(".ck-review__summary")).to_contain_text(
        "Reviewed 2 cards (3 ratings): 1 Again, 0 Hard, 2 Good, 0 Easy."
    )
    expect(page.locator(".ck-review__summary")).to_contain_text("Next review in 10 min.")

    # Every rating was stored at once, in the progress record, with its time.
    ratings = site_ratings(learner.stored())
    assert ratings == [
        ("what-is-a-lesson", 3, "2026-03-02T09:00:00Z"),
        ("what-do-you-build", 1, "2026-03-02T09:00:00Z"),
        ("what-do-you-build", 3, "2026-03-02T09:00:00Z"),
    ]
    # After a reload: both cards are in their 10-minute step, due today, not yet due now.
    learner.open("review/")
    expect(learner.page.locator(".ck-review__counts")).to_have_text(
        "2 cards due today · 2 this week · 0 new ready · 2 locked until their lessons are done."
    )
    expect(learner.page.locator(".ck-review__nothing")).to_contain_text(
        "Nothing to review now. Next review in 10 min."
    )
    # Fifteen minutes later they are due; Good graduates them to days.
    learner.open("review/", "2026-03-02T09:15:00Z")
    assert [r for _, r in learner.session([3, 4])] == [3, 4]
    ratings = site_ratings(learner.stored())
    reference = fsrs_replay(ratings, ReviewSettings())
    learner.open("review/")
    listed = learner.due_list()
    for card_id, card in reference.items():
        assert minute(listed[card_id]) == card.due.isoformat()[:16], card_id
    assert listed["what-is-a-note"] is None
    # On each card's due day the counts say so, as FSRS scheduled it.
    first_due = min(card.due for card in reference.values())
    learner.open("review/", first_due.isoformat().replace("+00:00", "Z"))
    due_that_day = sum(1 for c in reference.values() if c.due.date() == first_due.date())
    expect(learner.page.locator(".ck-review__counts")).to_contain_text(
        f"{due_that_day} card{'s' if due_that_day != 1 else ''} due today"
    )
    # The home says how many are due, and the navigation shows the count.
    learner.open("")
    expect(learner.page.locator("[data-ck-review-due]")).to_contain_text(
        f"{due_that_day} card{'s' if due_that_day != 1 else ''} due today"
    )
    badge = learner.page.locator(".md-nav__link .ck-review-badge").first
    expect(badge).to_contain_text(str(due_that_day))


def test_got_it_and_not_yet_feed_the_same_schedule(learner: Site) -> None:
    learner.done("basics/first-steps/", "2026-03-02T09:00:00Z")
    learner.open("basics/exercises/")
    card = learner.page.locator('[data-ck-card="what-is-a-lesson"]')
    card.locator("summary").click()
    card.get_by_role("button", name="Got it").click()
    ratings = site_ratings(learner.stored())
    assert ratings == [("what-is-a-lesson", 3, "2026-03-02T09:00:00Z")]  # Got it = Good
    learner.open("review/")
    reference = fsrs_replay(ratings, ReviewSettings())
    assert (
        minute(learner.due_list()["what-is-a-lesson"])
        == (reference["what-is-a-lesson"].due.isoformat()[:16])
    )


def test_review_everything_includes_locked_cards(learner: Site) -> None:
    learner.open("review/", "2026-03-02T09:00:00Z")
    expect(learner.page.get_by_role("button", name="Start review")).to_be_hidden()
    learner.page.get_by_role("switch", name="Review everything").check()
    expect(learner.page.get_by_role("button", name="Start review (4 cards)")).to_be_visible()
    shown = learner.session([3, 3, 3, 3])
    assert [c for c, _ in shown] == [
        "what-is-a-lesson",
        "what-is-a-note",
        "basics-q-c9d9a3a9",
        "what-do-you-build",
    ]


def test_the_page_works_by_keyboard_alone(learner: Site) -> None:
    learner.done("basics/first-steps/", "2026-03-02T09:00:00Z")
    learner.open("review/")
    page = learner.page
    start = page.get_by_role("button", name="Start review (1 card)")
    start.focus()
    page.keyboard.press("Enter")
    reveal = page.get_by_role("button", name="Show answer")
    expect(reveal).to_be_focused()
    page.keyboard.press("Enter")
    good = page.locator(".ck-review__rate--good")
    expect(good).to_be_focused()  # Enter (or Space) rates Good from here
    page.keyboard.press("Tab")
    expect(page.locator(".ck-review__rate--easy")).to_be_focused()
    page.keyboard.press("Enter")
    heading = page.locator(".ck-review__summary h2")
    expect(heading).to_be_focused()
    expect(page.locator(".ck-review__summary")).to_contain_text("0 Again, 0 Hard, 0 Good, 1 Easy")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Back to the overview")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".ck-review__counts")).to_be_visible()


@pytest.mark.parametrize(("button", "rating"), [("again", 1), ("hard", 2), ("easy", 4)])
def test_space_on_a_focused_rating_button_rates_what_the_button_says(
    learner: Site, button: str, rating: int
) -> None:
    """Space presses the focused button, as everywhere; it means Good only on Good."""
    learner.done("basics/first-steps/", "2026-03-02T09:00:00Z")
    learner.open("review/")
    page = learner.page
    page.get_by_role("button", name="Start review (1 card)").click()
    page.keyboard.press("Space")  # show the answer: focus is on Good
    page.locator(f".ck-review__rate--{button}").focus()
    page.keyboard.press("Space")
    ratings = site_ratings(learner.stored())
    assert [r for _, r, _ in ratings] == [rating]


# --------------------------------------------------------------------------- site <-> CLI


@pytest.fixture
def cli(
    tmp_path: Path, review_site: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., str]:
    """`coursekit ARGS --course SITE --db FILE --learner ada`, in UTC; its output."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setenv("COURSEKIT_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("COURSEKIT_TODAY", "COURSEKIT_NOW", "COURSEKIT_DB", "COURSEKIT_LEARNER"):
        monkeypatch.delenv(name, raising=False)
    db = tmp_path / "progress.db"
    url = review_site[0]

    def run(*args: str, input: str | None = None) -> str:
        where = ["--course", url, "--db", str(db), "--learner", "ada"]
        result = runner.invoke(app, [*args, *where], input=input)
        assert result.exit_code == 0, result.output
        return result.stdout

    yield run
    monkeypatch.undo()
    time.tzset()


def cli_cards(cli: Callable[..., str], now: str) -> dict[str, str | None]:
    data = json.loads(cli("review", "--cards", "--json", "--now", now))
    return {c["id"]: c["due"] for c in data["cards"]}


def test_site_export_gives_the_cli_the_same_due_dates(
    learner: Site, cli: Callable[..., str], tmp_path: Path
) -> None:
    learner.done("basics/first-steps/", "2026-03-02T08:00:00Z")
    learner.done("basics/second-steps/", "2026-03-02T08:00:00Z")
    learner.done("practice/hands-on/", "2026-03-02T08:00:00Z")
    days = ["2026-03-02T09:00:00Z", "2026-03-02T09:30:00Z", "2026-03-05T19:00:00Z"]
    days += ["2026-03-12T07:45:00Z", "2026-04-20T12:00:00Z"]
    plan = iter([3, 1, 2, 4, 3, 3, 2, 3, 1, 3, 3, 4, 2, 3, 3, 1, 3, 3, 3, 3, 4, 4, 3, 2] * 3)
    for when in days:
        learner.open("review/", when)
        start = learner.page.get_by_role("button", name="Start review")
        if start.is_visible():
            start.click()
            while learner.page.locator(".ck-review__session").is_visible():
                learner.page.keyboard.press("Space")
                learner.page.keyboard.press(str(next(plan)))
    ratings = site_ratings(learner.stored())
    assert {r for _, r, _ in ratings} == {1, 2, 3, 4} and len(ratings) >= 10
    learner.open("review/")
    on_site = learner.due_list()
    assert sum(due is not None for due in on_site.values()) == 4

    learner.open("")
    with learner.page.expect_download() as download:
        learner.page.get_by_role("button", name="Export progress").click()
    path = tmp_path / "site.json"
    download.value.save_as(path)
    exported = json.loads(path.read_text())["events"]
    assert sorted(e["rating"] for e in exported if e["type"] == "flashcard_review") == sorted(
        r for _, r, _ in ratings
    )  # every rating 1-4, not only Good and Again

    assert "Imported" in cli("progress", "import", str(path))
    assert "0 new events" in cli("progress", "import", str(path))  # twice adds nothing
    in_cli = cli_cards(cli, "2026-04-20T12:00:00Z")
    assert set(in_cli) == set(on_site)
    for card_id, due in on_site.items():
        if due is None:
            assert in_cli[card_id] is None, card_id
        else:
            assert minute(in_cli[card_id]) == minute(due), card_id


def test_cli_export_gives_the_site_the_cli_due_list(
    learner: Site, cli: Callable[..., str], tmp_path: Path
) -> None:
    for lesson in ("first-steps", "second-steps", "hands-on"):
        cli("progress", "done", lesson, "--on", "2026-03-01")
    # Sessions in the terminal on chosen dates: reveal, rate; every rating 1-4.
    sessions = [
        ("2026-03-02T09:00Z", "\n4\n\n1\n\n2\n\n3\n\n3\n\n3\n\n3\n\n3\n"),
        ("2026-03-02T09:40Z", "\n1\n\n3\n\n3\n\n3\n\n3\n"),
        ("2026-03-09T18:00Z", "\n2\n\n3\n\n4\n\n3\n\n3\n\n3\n"),
    ]
    for now, keys in sessions:
        cli("review", "--now", now, input=keys + "q\n")
    expected = cli_cards(cli, "2026-03-09T18:00Z")
    assert sum(due is not None for due in expected.values()) == 4  # every card reviewed
    path = tmp_path / "cli.json"
    cli("progress", "export", "--out", str(path))

    learner.open("", "2026-03-09T18:00:00Z")
    with learner.page.expect_file_chooser() as chooser:
        learner.page.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(path)
    expect(learner.page.locator(".ck-exchange__message")).to_contain_text("Imported")
    learner.open("review/")
    on_site = learner.due_list()
    assert set(on_site) == set(expected)
    for card_id, due in expected.items():
        assert (on_site[card_id] is None) == (due is None), card_id
        if due is not None:
            assert minute(on_site[card_id]) == minute(due), card_id
    # Importing the same file again adds nothing, and changes no date.
    learner.open("")
    with learner.page.expect_file_chooser() as chooser:
        learner.page.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(path)
    expect(learner.page.locator(".ck-exchange__message")).to_contain_text(
        "Imported: nothing new, this browser already had everything in the file."
    )
    learner.open("review/")
    assert learner.due_list() == on_site


def test_hostile_ratings_are_refused_and_nothing_is_stored(learner: Site, tmp_path: Path) -> None:
    learner.done("basics/first-steps/", "2026-03-02T09:00:00Z")
    learner.open("review/")
    learner.session([4])
    before = learner.stored()
    counts = (learner.open("review/"), learner.counts())[1]
    events = [
        {
            "type": "flashcard_review",
            "at": "2026-03-02T10:00:00Z",
            "card": "what-is-a-lesson",
            "rating": rating,
        }
        for rating in (5, -1, "3", "good", 2.5, True)
    ]
    events.append(
        {
            "type": "flashcard_review",
            "at": "2026-03-09T10:00:00Z",
            "card": "what-is-a-lesson",
            "rating": 3,
        }
    )  # a week in the future
    events.append(
        {
            "type": "flashcard_review",
            "at": "2026-03-02T10:00:00Z",
            "card": "what-is-a-lesson",
            "rating": 2,
        }
    )  # a good one: refused with the rest
    path = tmp_path / "hostile.json"
    document = {"format": "coursekit-progress", "version": 1, "course": COURSE, "events": events}
    path.write_text(json.dumps(document))
    learner.open("")
    with learner.page.expect_file_chooser() as chooser:
        learner.page.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(path)
    message = learner.page.locator(".ck-exchange__message")
    expect(message).to_contain_text("Not imported; nothing was changed. It has 7 problems:")
    text = message.inner_text()
    for i in range(5):  # 5, -1, "3", "good", 2.5; then True and the future one
        rating = "has a flashcard rating that is not 1 to 4 (Again, Hard, Good, Easy)."
        assert f"Entry {i + 1} of the file {rating}" in text, text
    assert "and 2 more problems" in text
    assert learner.stored() == before
    learner.open("review/")
    assert learner.counts() == counts


# --------------------------------------------------------------------------- without JavaScript


def test_without_javascript_the_page_says_so_and_links_the_exercises(
    browser, review_site: tuple[str, Path]
) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(review_site[0] + "review/")
    expect(page.get_by_text("The Review page needs JavaScript")).to_be_visible()
    links = page.locator(".ck-nojs a")
    assert [links.nth(i).inner_text() for i in range(links.count())] == ["Basics", "Practice"]
    expect(page.locator(".ck-review__cards")).to_be_hidden()
    links.first.click()
    expect(page).to_have_url(review_site[0] + "basics/exercises/")
    card = page.locator('[data-ck-card="what-is-a-lesson"] details')
    card.locator("summary").click()
    expect(card).to_have_attribute("open", "")
    context.close()
