"""`coursekit plan --review auto|MINUTES`: plans make room for flashcard review first."""

from __future__ import annotations

import json
import math
import os
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler
from typer.testing import CliRunner

from coursekit.cli import app
from coursekit.events.store import Event, Store

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


def test_auto_reserves_the_forecast_load_times_minutes_per_card(course: Path) -> None:
    # Twelve cards learned with ratings at known times; fsrs says when each is due.
    scheduler = Scheduler(enable_fuzzing=False)
    first = datetime(2025, 2, 24, 18, 0, tzinfo=UTC)
    events, dues = [], []
    for i in range(12):
        card = Card(card_id=i)
        for step, rating in enumerate([3, 3, 1 + i % 4]):
            at = first + timedelta(days=step * (i % 3), minutes=15 * step)
            card, _ = scheduler.review_card(card, Rating(rating), review_datetime=at)
            data = {"card": f"card-{i}", "rating": rating}
            events.append(Event(str(uuid.uuid4()), "flashcard_review", at, "mini", "ann", data))
        dues.append(card.due.date())
    with Store.open(Path(os.environ["COURSEKIT_DB"])) as store:
        store.append(events)
    in_window = sum(1 for d in dues if d < date(2025, 3, 3) + timedelta(days=14))
    expected = math.ceil(in_window * 2.5 / 14)
    assert expected > 0
    code, data, err = plan(course, "--review", "auto", "--json")
    assert code == 0, err
    assert data is not None and data["review_minutes"] == expected
    assert f"Review: {expected} min a day ({in_window} reviews due in the 14 days" in err
    assert "2.5 min per card" in err


def test_auto_without_history_reserves_nothing_and_creates_no_database(course: Path) -> None:
    code, data, err = plan(course, "--review", "auto", "--json")
    assert code == 0 and data is not None and data["review_minutes"] == 0
    assert "Give minutes instead, e.g. --review 15" in err
    assert not Path(os.environ["COURSEKIT_DB"]).exists()


def test_bad_review_times_are_refused(course: Path) -> None:
    code, _, err = plan(course, "--review", "lots")
    assert code == 1 and "'lots' is not a review time" in err
    code, _, err = plan(course, "--review", "10-20m")
    assert code == 1 and "'10-20m' is not a review time" in err
    code, _, err = plan(course, "--review", "600")
    assert code == 1 and "leaves no time for lessons" in err
