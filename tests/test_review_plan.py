"""`coursekit plan --review auto|MINUTES`: plans make room for flashcard review first."""

from __future__ import annotations

import json
import math
import os
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler
from typer.testing import CliRunner

from coursekit.cli import app
from coursekit.events.store import Event, Store
from fsrs_path import review_days

CARDS = "\n".join(
    f"  - id: card-{i}\n    q: Question {i}?\n    a: Answer {i}.\n    lesson: first-steps"
    for i in range(12)
)


@pytest.fixture
def course(mini_course: Path, monkeypatch: pytest.MonkeyPatch, progress_db: Path) -> Path:
    (mini_course / "exercises" / "basics.yml").write_text(f"flashcards:\n{CARDS}\n", "utf-8")
    course_yml = mini_course / "curriculum" / "course.yml"
    text = course_yml.read_text(encoding="utf-8") + "review:\n  minutes_per_card: 2.5\n"
    course_yml.write_text(text, encoding="utf-8")
    monkeypatch.setenv("COURSEKIT_LEARNER", "ann")
    return mini_course


def plan(course: Path, *args: str) -> tuple[int, dict | None, str]:
    result = CliRunner().invoke(app, ["plan", str(course), "--start", "2025-03-03", *args])
    data = json.loads(result.stdout) if result.exit_code == 0 and "--json" in args else None
    return result.exit_code, data, result.stderr


def test_given_minutes_are_reserved_every_study_day(course: Path) -> None:
    code, data, _ = plan(course, "--review", "20m", "--json")
    assert code == 0 and data is not None
    assert data["review_minutes"] == 20
    days = [day for week in data["weeks"] for day in week["days"]]
    assert days and all(day["review_minutes"] == 20 for day in days)
    assert all(sum(i["minutes"] for i in day["items"]) <= day["budget"] - 20 for day in days)
    code, without, _ = plan(course, "--json")
    assert without is not None and without["review_minutes"] == 0
    assert data["study_days"] >= without["study_days"]  # less lesson time a day
    code, same, _ = plan(course, "--review", "20", "--json")
    assert same == data


def fsrs_reviews(card: Card, card_id: str, count: int, first: datetime, end: datetime) -> int:
    """How many reviews fsrs itself schedules for the card at the course's 0.99 retention
    (see ``fsrs_path.review_days``)."""
    return len(review_days(card, card_id, count, first, end, retention=0.99))


def noon(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time().replace(hour=12)).astimezone().astimezone(UTC)


def plan_facts(data: dict) -> tuple[date, date, int]:
    """(the day first-steps is finished, the plan's last day, its study days)."""
    days = [day for week in data["weeks"] for day in week["days"]]
    done = [
        d["date"]
        for d in days
        for item in d["items"]
        if item["lesson"] == "first-steps" and item["part"] == item["parts"]
    ]
    return date.fromisoformat(done[-1]), date.fromisoformat(days[-1]["date"]), len(days)


def needed(course: Path, minutes: int, reviews_of: Callable[[date, date], int]) -> int:
    """The minutes a study day that the reviews over the plan made with ``minutes``
    reserved ask for; ``reviews_of(unlock day, last day)`` counts them."""
    code, data, err = plan(course, "--review", str(minutes), "--json")
    assert code == 0 and data is not None, err
    unlocked, last, study_days = plan_facts(data)
    return math.ceil(reviews_of(unlocked, last) * 2.5 / study_days)


@pytest.fixture
def sure(course: Path) -> Path:
    """The course at 0.99 retention, so that a review is forgotten once in 100."""
    course_yml = course / "curriculum" / "course.yml"
    text = course_yml.read_text(encoding="utf-8").replace(
        "review:\n", "review:\n  desired_retention: 0.99\n"
    )
    course_yml.write_text(text, encoding="utf-8")
    return course


def test_auto_for_a_new_learner_reserves_the_reviews_its_lessons_unlock(sure: Path) -> None:
    code, data, err = plan(sure, "--review", "auto", "--json")
    assert code == 0 and data is not None, err
    assert not Path(os.environ["COURSEKIT_DB"]).exists()  # planning creates no database
    reserved = data["review_minutes"]

    def reviews_of(unlocked: date, last: date) -> int:
        # Twelve new cards, each started (Good, Good) the day its lesson is done.
        first, end = noon(unlocked), noon(last + timedelta(days=1))
        return sum(fsrs_reviews(Card(due=first), f"card-{i}", 0, first, end) for i in range(12))

    # The least reservation that the plan it makes needs no more than.
    assert 0 < needed(sure, reserved, reviews_of) <= reserved
    assert needed(sure, reserved - 1, reviews_of) > reserved - 1
    unlocked, last, _ = plan_facts(data)
    reviews = reviews_of(unlocked, last)
    assert reviews >= 12 * 3  # two learning steps on the day, then reviews
    assert f"Review: {reserved} min a study day ({reviews} reviews of 12 cards" in err
    assert "2.5 min per card" in err


def test_auto_runs_the_cards_already_started_forward(sure: Path) -> None:
    # The lesson is done and the twelve cards were learned on known dates.
    scheduler = Scheduler(desired_retention=0.99, enable_fuzzing=False)
    first = datetime(2025, 2, 24, 18, 0, tzinfo=UTC)
    done = {"lesson": "first-steps"}
    events = [Event(str(uuid.uuid4()), "lesson_completed", first, "mini", "ann", done)]
    cards = []
    for i in range(12):
        card = Card(card_id=i, due=first)
        for step, rating in enumerate([3, 3, 1 + i % 4]):
            at = first + timedelta(days=step * (i % 3), minutes=15 * step)
            card, _ = scheduler.review_card(card, Rating(rating), review_datetime=at)
            data = {"card": f"card-{i}", "rating": rating}
            events.append(Event(str(uuid.uuid4()), "flashcard_review", at, "mini", "ann", data))
        cards.append(card)
    with Store.open(Path(os.environ["COURSEKIT_DB"])) as store:
        store.append(events)
    code, data, err = plan(sure, "--review", "auto", "--json")
    assert code == 0 and data is not None, err
    reserved = data["review_minutes"]

    def reviews_of(unlocked: date, last: date) -> int:
        start, end = noon(date(2025, 3, 3)), noon(last + timedelta(days=1))
        return sum(fsrs_reviews(c, f"card-{i}", 3, start, end) for i, c in enumerate(cards))

    assert 0 < needed(sure, reserved, reviews_of) <= reserved
    assert needed(sure, reserved - 1, reviews_of) > reserved - 1
    _, last, _ = plan_facts(data)
    assert f"({reviews_of(last, last)} reviews of 12 cards in the" in err


def test_auto_without_cards_reserves_nothing(mini_course: Path, progress_db: Path) -> None:
    (mini_course / "exercises" / "basics.yml").write_text("scenarios: []\n", "utf-8")
    code, data, err = plan(mini_course, "--review", "auto", "--json")
    assert code == 0 and data is not None and data["review_minutes"] == 0
    assert "Give minutes instead, e.g. --review 15" in err


def test_bad_review_times_are_refused(course: Path) -> None:
    code, _, err = plan(course, "--review", "lots")
    assert code == 1 and "'lots' is not a review time" in err
    code, _, err = plan(course, "--review", "10-20m")
    assert code == 1 and "'10-20m' is not a review time" in err
    code, _, err = plan(course, "--review", "600")
    assert code == 1 and "leaves no time for lessons" in err


def test_auto_for_the_lessons_left_counts_the_cards_already_unlocked(
    sure: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COURSEKIT_TODAY", "2025-03-03")
    progress = ["progress", "--course", str(sure)]
    for args in (["start", "--start", "2025-03-03"], ["done", "first-steps", "--time", "1h"]):
        assert CliRunner().invoke(app, [*progress, *args]).exit_code == 0
    result = CliRunner().invoke(app, ["plan", str(sure), "--remaining", "--review", "auto"])
    assert result.exit_code == 0, result.output
    # Its twelve cards unlocked today: their reviews are reserved although no plan
    # lesson unlocks them.
    assert "of 12 cards" in result.stderr and "Review: 0 min" not in result.stderr
