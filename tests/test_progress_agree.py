"""The learner commands agree with each other and refuse what cannot have happened: one
finish window (flashcard review included) from the dashboard, `progress start` and
`plan --remaining`; no day of more than 24 h; nothing on a lesson not written yet;
nothing before the start; targets in the past. Through the CLI, on real SQLite files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coursekit.cli import app
from coursekit.dates import format_date

runner = CliRunner()


def cli(*args: str, code: int = 0, input: str | None = None) -> str:
    result = runner.invoke(app, list(args), input=input)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output


def progress(*args: str, code: int = 0) -> str:
    return cli("progress", *args, code=code)


def facts() -> dict:
    return json.loads(progress("--json"))


def digest(db: Path) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest()


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def example_here(
    example_course: Path, monkeypatch: pytest.MonkeyPatch, progress_db: Path
) -> Path:
    """The example course as the current course (read only), learner ana."""
    monkeypatch.setenv("COURSEKIT_LEARNER", "ana")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("COURSEKIT_COURSE", raising=False)
    monkeypatch.chdir(example_course)
    return progress_db


@pytest.fixture
def mini_here_db(mini_here: Path, progress_db: Path) -> Path:
    return progress_db


def day(iso: str) -> str:
    from datetime import date

    return format_date(date.fromisoformat(iso))


def behind_with_ratings(monkeypatch: pytest.MonkeyPatch) -> None:
    """A moderate learner with a target, two lessons done and six cards rated, a few
    days in (2027-01-07): behind their target, with review time counted."""
    monkeypatch.setenv("COURSEKIT_TODAY", "2027-01-04")
    progress("start", "--pace", "moderate", "--target", "2027-04-30")
    monkeypatch.setenv("COURSEKIT_TODAY", "2027-01-05")
    progress("done", "intro-to-mlops", "--time", "2h")
    monkeypatch.setenv("COURSEKIT_TODAY", "2027-01-06")
    progress("done", "mlops-vs-devops", "--time", "2h")
    cli("review", "--limit", "6", input="\n3\n" * 6)
    monkeypatch.setenv("COURSEKIT_TODAY", "2027-01-07")


def test_rated_cards_give_one_window_in_every_command(
    example_here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    behind_with_ratings(monkeypatch)
    f = facts()
    window = f["forecast"]
    assert window["reviews_counted"] is True and window["review_minutes"] > 0
    between = f"between {day(window['earliest'])} and {day(window['latest'])}"
    planned = one_line(cli("plan", "--remaining"))
    assert "Window: " in planned and f"{between}." in planned
    started = one_line(progress("start"))
    assert f"you finish {between} (likely {day(window['likely'])})" in started
    # The verdict on the target is the dashboard's status.
    assert f["status"]["state"] == "behind"
    assert f"Your target {day('2027-04-30')} is not met" in started


def test_the_time_needed_for_a_target_is_more_than_the_pace_that_misses_it(
    example_here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    behind_with_ratings(monkeypatch)
    f = facts()
    assert f["status"]["state"] == "behind"
    # The learner's own pace, per study day of the pace (Monday to Friday), misses the
    # target; the time said to meet it must then be more than that pace, not less.
    own = f["forecast"]["pace_minutes_per_day"] * 7 / 5
    low, high = f["status"]["needed_minutes_per_study_day"]
    assert own < low <= high


def test_a_day_of_more_than_24_hours_is_refused(
    mini_here_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    progress("start", "--start", "2025-01-13")
    progress("log", "first-steps", "20h")
    stored = digest(mini_here_db)
    out = progress("log", "second-steps", "4h1m", code=1)
    assert out.count("\n") == 1
    assert "error: TIME: 24 h 1 min on Tue 14 Jan 2025 is more than a day has" in out
    assert digest(mini_here_db) == stored
    progress("log", "second-steps", "4h")  # exactly a day
    progress("log", "second-steps", "4h", "--on", "yesterday")  # another day
    # A lesson's total may span many days: accepted, and said apart from the days.
    progress("done", "hands-on", "--time", "200h")
    f = facts()
    assert (f["session_minutes"], f["session_days"], f["reported_minutes"]) == (1680, 2, 12000)
    out = one_line(progress())
    assert "Studied 228 h: 28 h in sessions on 2 days, 200 h reported with --time" in out


def test_a_planned_lesson_cannot_be_studied_and_imported_events_on_it_do_not_count(
    mini_here_db: Path, tmp_path: Path
) -> None:
    progress("start", "--start", "2025-01-13")
    before = facts()
    stored = digest(mini_here_db)
    for args in (("done", "wrap-up"), ("log", "wrap-up", "30m")):
        out = progress(*args, code=1)
        assert out.count("\n") == 1
        assert "'wrap-up' (Wrap-up) is not available yet: it is planned (coming soon)" in out
        assert digest(mini_here_db) == stored
    events = [
        {"type": "lesson_completed", "at": "2025-01-13T12:00:00Z", "lesson": "wrap-up"},
        {"type": "study_session", "at": "2025-01-13T10:00:00Z", "lesson": "wrap-up",
         "minutes": 40},
    ]
    imported = exchange(tmp_path, events)
    assert "Imported 2 new events" in progress("import", str(imported))
    after = facts()
    for key in ("forecast", "status", "studied_minutes", "pace", "lessons"):
        assert after[key] == before[key], key
    rows = json.loads(progress("history", "--json"))["events"]
    assert [r["status"] for r in rows if r["lesson"] == "wrap-up"] == [
        "lesson not available yet"
    ] * 2
    assert "no: lesson not available yet" in progress("history")


def exchange(tmp_path: Path, events: list[dict]) -> Path:
    path = tmp_path / "import.json"
    data = {"format": "coursekit-progress", "version": 1, "course": "mini", "learner": "ana",
            "events": events}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_imported_study_before_the_start_does_not_count(
    mini_here_db: Path, tmp_path: Path
) -> None:
    progress("start", "--start", "2025-01-13")
    progress("log", "first-steps", "30m")
    events = [
        {"type": "study_session", "at": "2024-10-01T12:00:00Z", "lesson": "first-steps",
         "minutes": 60},
        {"type": "lesson_completed", "at": "2024-10-02T12:00:00Z", "lesson": "second-steps"},
    ]
    progress("import", str(exchange(tmp_path, events)))
    f = facts()
    assert f["studied_minutes"] == 30 and f["session_days"] == 1 and f["lessons"]["done"] == 0
    assert f["next_lesson"]["logged_minutes"] == 30
    assert f["pace"]["overall_hours_per_week"] == round(30 / 2 * 7 / 60, 2)
    assert "Studied      30 min on 1 day" in progress()
    rows = json.loads(progress("history", "--json"))["events"]
    counting = [r for r in rows if r["status"] == "counts" and r["type"] == "study_session"]
    assert sum(r["minutes"] for r in counting) == f["studied_minutes"]
    early = [r["status"] for r in rows if r["on"] < "2025-01-13"]
    assert early == ["before your enrollment's start"] * 2
    # Moving the start back makes them count, as the refusal of `log --on` suggests.
    progress("start", "--start", "2024-10-01")
    f = facts()
    assert f["studied_minutes"] == 90 and f["lessons"]["done"] == 1


def test_a_target_that_has_passed_is_refused(mini_here_db: Path) -> None:
    progress("start", "--start", "2025-01-06")
    stored = digest(mini_here_db)
    out = progress("start", "--target", "yesterday", code=1)
    assert out == (
        "error: --target: the target 2025-01-13 has passed (today is 2025-01-14); "
        "give a later date, e.g. --target +8w\n"
    )
    assert digest(mini_here_db) == stored
    # A target today, after studying today: no study day left, said in one sentence.
    progress("log", "first-steps", "30m")
    out = one_line(progress("start", "--target", "today"))
    assert "No study day of your pace is left before it: set a later target with" in out
    assert "meets it: or" not in out


def test_an_error_about_today_does_not_name_on(mini_here_db: Path) -> None:
    progress("start", "--start", "2025-01-20")
    for args in (("log", "first-steps", "30m"), ("done", "first-steps")):
        out = progress(*args, code=1)
        assert out.startswith(
            "error: today (Tue 14 Jan 2025) is before your enrollment's start, Mon 20 Jan 2025;"
        ), out
        assert "--on" not in out.split(";")[0]
    out = progress("log", "first-steps", "30m", "--on", "yesterday", code=1)
    assert out.startswith("error: --on: Mon 13 Jan 2025 is before your enrollment's start")
