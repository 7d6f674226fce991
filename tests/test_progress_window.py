"""What the dashboard says about the finish window: how sure it is, the likely date, a
pause, and the review time in what is left. Through the CLI, on real SQLite files."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coursekit.cli import app
from coursekit.events.event import Event, new_uid
from coursekit.events.store import Store

runner = CliRunner()


@pytest.fixture
def env(mini_here: Path, progress_db: Path) -> Path:
    """The mini course here, learner ana, a fortnight of study recorded, 14 Jan 2025."""
    run("start", "--start", "2025-01-06", "--target", "2025-02-14")
    run("done", "first-steps", "--time", "1h30m", "--on", "2025-01-06")
    run("log", "second-steps", "1h", "--on", "2025-01-08")
    run("done", "second-steps", "--time", "2h30m", "--on", "2025-01-10")
    run("log", "hands-on", "30m", "--on", "2025-01-13")
    return progress_db


def run(*args: str) -> str:
    result = runner.invoke(app, ["progress", *args])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output


def facts() -> dict:
    return json.loads(run("--json"))


def test_the_window_says_how_sure_it_is_and_the_likely_date(env: Path) -> None:
    f = facts()["forecast"]
    assert f["basis"] == "observed" and f["confidence"] == 0.8
    assert f["earliest"] < f["likely"] < f["latest"]
    out = run()
    assert "8 in 10 learners like you finish in this window, half of them by Fri 17 Jan" in out
    assert f["likely"] == "2025-01-17" and "likely Fri 17 Jan 2025" in out
    assert "recent days counting most" in out
    assert "Paused" not in out and f["pause_days"] == 0


def test_after_two_weeks_without_study_the_forecast_assumes_a_restart(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COURSEKIT_TODAY", "2025-01-13")  # the last study day
    before = facts()["forecast"]
    monkeypatch.setenv("COURSEKIT_TODAY", "2025-01-27")  # 14 days after the last session
    assert facts()["forecast"]["pause_days"] == 0
    monkeypatch.setenv("COURSEKIT_TODAY", "2025-02-12")  # 30 days after it
    after = facts()["forecast"]
    assert after["pause_days"] == 30
    assert after["pace_minutes_per_day"] == before["pace_minutes_per_day"]  # pace as it was
    assert after["earliest"] >= "2025-02-12"  # from now, not from the last study day
    width = datetime.fromisoformat(after["latest"]) - datetime.fromisoformat(after["earliest"])
    old = datetime.fromisoformat(before["latest"]) - datetime.fromisoformat(before["earliest"])
    assert width > old + timedelta(days=29)  # room for as long a break again
    out = run()
    assert "no study for 30 days: the forecast assumes you resume now" in out
    assert "room for a break as long again" in out


def test_review_time_is_part_of_what_is_left(env: Path) -> None:
    assert facts()["forecast"]["reviews_counted"] is False  # no review yet: none counted
    assert "flashcard review" not in run()
    # The lesson's card, learned on the day its lesson was done (as `coursekit review` does).
    at = datetime(2025, 1, 6, 18, tzinfo=UTC)
    with Store.open(env) as store:
        store.append(
            [
                Event(new_uid(), "flashcard_review", at + timedelta(minutes=m), "mini", "ana", d)
                for m, d in (
                    (0, {"card": "what-is-a-lesson", "rating": 3}),
                    (10, {"card": "what-is-a-lesson", "rating": 3}),
                )
            ]
        )
    f = facts()["forecast"]
    assert f["reviews_counted"] is True and f["review_minutes"] > 0
    out = run()
    review = f["review_minutes"]
    assert f"+ {review} min of flashcard review (" in out and "of the time left)" in out


def test_before_any_study_the_window_is_the_plan_and_says_so(
    mini_here: Path, progress_db: Path
) -> None:
    run("start", "--start", "2025-01-14")
    f = facts()["forecast"]
    assert f["basis"] == "pace plan" and f["confidence"] is None
    out = run()
    assert "your moderate plan for the lessons left; once you have studied," in out
    assert "8 in 10" not in out
