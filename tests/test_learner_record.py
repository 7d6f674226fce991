"""The learner's record, end to end on real SQLite files: corrections that keep their dates,
one projection everywhere, the lesson list, history, undo LESSON, plans of what is left."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from calendars import read_events
from coursekit.cli import app

runner = CliRunner()


@pytest.fixture
def env(mini_course: Path, monkeypatch: pytest.MonkeyPatch, progress_db: Path) -> Path:
    monkeypatch.setenv("COURSEKIT_LEARNER", "ana")
    monkeypatch.setenv("COURSEKIT_TODAY", "2025-01-14")  # a Tuesday
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("COURSEKIT_COURSE", raising=False)
    monkeypatch.chdir(mini_course)
    return mini_course


def cli(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output


def progress(*args: str, code: int = 0) -> str:
    return cli("progress", *args, code=code)


def facts() -> dict:
    return json.loads(progress("--json"))


def lesson(f: dict, lesson_id: str) -> dict:
    return next(x for x in f["lesson_progress"] if x["id"] == lesson_id)


def test_correcting_a_finished_lessons_time_keeps_its_day(env: Path) -> None:
    progress("start", "--start", "2025-01-06")
    progress("done", "first-steps", "--on", "2025-01-06")
    progress("log", "second-steps", "1h", "--on", "2025-01-08")
    before = facts()
    # The correction, a week later: the time is recorded, the day stays the 6th.
    out = progress("done", "first-steps", "--time", "1h30m")
    assert "Recorded 1 h 30 min for First steps, still done on Mon 6 Jan 2025" in out
    after = facts()
    row = lesson(after, "first-steps")
    assert row["completed_on"] == "2025-01-06" and row["reported_minutes"] == 90
    assert row["spent_minutes"] == 90 and row["status"] == "done"
    assert after["lessons"]["done"] == 1
    assert after["studied_minutes"] == 90 + 60
    # Days studied: the 8th (the session), and with its time the 6th; never today.
    assert before["study_days"] == 1 and after["study_days"] == 2
    assert after["calibration"]["lessons"] == 1
    assert after["pace"]["days_since_start"] == before["pace"]["days_since_start"]
    # History: the completion on its day, then the correction, both counting.
    rows = json.loads(progress("history", "--json"))["events"]
    assert [(r["type"], r["on"], r["status"]) for r in rows] == [
        ("lesson_completed", "2025-01-06", "counts"),
        ("study_session", "2025-01-08", "counts"),
        ("enrolled", "2025-01-14", "counts"),
        ("lesson_time", "2025-01-14", "counts"),
    ]
    words = progress("history")
    assert "Done: First steps" in words and "Time of First steps corrected to 1 h 30 min" in words
    # A second correction replaces the first; --on with a correction is refused.
    progress("done", "first-steps", "--time", "1h45m")
    assert lesson(facts(), "first-steps")["reported_minutes"] == 105
    refused = progress("done", "first-steps", "--time", "1h", "--on", "yesterday", code=1)
    assert "already done (on Mon 6 Jan 2025)" in refused and "undo first-steps" in refused


def test_a_time_below_the_sessions_logged_is_refused(env: Path) -> None:
    progress("start", "--start", "2025-01-06")
    progress("log", "first-steps", "2h", "--on", "2025-01-07")
    progress("log", "first-steps", "2h", "--on", "2025-01-08")
    out = progress("done", "first-steps", "--time", "2h", code=1)
    assert "error: --time: 2 h is less than the 4 h of study sessions already logged" in out
    assert lesson(facts(), "first-steps")["status"] == "started"
    progress("done", "first-steps", "--time", "5h")
    f = facts()
    assert f["studied_minutes"] == 300 and f["calibration"]["actual_minutes"] == 300


def test_a_date_before_the_enrollment_is_refused_with_how_to_move_the_start(env: Path) -> None:
    progress("start", "--start", "2025-01-06")
    out = progress("log", "first-steps", "1h", "--on", "2020-01-01", code=1)
    assert "before your enrollment's start, Mon 6 Jan 2025; nothing was recorded" in out
    assert "coursekit progress start --start 2020-01-01" in out
    assert "before your enrollment" in progress("done", "first-steps", "--on", "2025-01-05", code=1)
    assert facts()["studied_minutes"] == 0
    progress("start", "--start", "2025-01-01")  # as the message says
    progress("log", "first-steps", "1h", "--on", "2025-01-02")
    f = facts()
    assert f["studied_minutes"] == 60 and f["pace"]["days_since_start"] == 14
    # Moving the start past recorded study is refused too.
    assert "start on 2025-01-02 or earlier" in progress("start", "--start", "2025-01-06", code=1)


def test_relative_dates_on_a_fixed_clock(env: Path) -> None:
    progress("start", "--start", "2025-01-01")
    progress("done", "first-steps", "--on", "yesterday")
    progress("log", "second-steps", "30m", "--on", "3 days ago")
    progress("log", "second-steps", "30m", "--on", "friday")  # the most recent Friday
    progress("log", "second-steps", "30m", "--on", "today")
    rows = json.loads(progress("history", "--json"))["events"]
    days = [(r["type"], r["on"]) for r in rows if r["type"] != "enrolled"]
    assert days == [
        ("study_session", "2025-01-10"),  # friday
        ("study_session", "2025-01-11"),  # 3 days ago
        ("lesson_completed", "2025-01-13"),  # yesterday
        ("study_session", "2025-01-14"),  # today
    ]
    out = progress("log", "second-steps", "30m", "--on", "tomorrow", code=1)
    assert "in the future (today is 2025-01-14)" in out and "give today, yesterday" in out
    out = progress("log", "second-steps", "30m", "--on", "someday", code=1)
    assert "write YYYY-MM-DD, today, yesterday, 3 days ago, a weekday" in out


def test_progress_start_after_completions_prints_the_dashboards_window(env: Path) -> None:
    progress("start", "--start", "2025-01-06")
    for day, lesson_id in (("2025-01-06", "first-steps"), ("2025-01-08", "second-steps")):
        progress("done", lesson_id, "--on", day)
    out = progress("start", "--pace", "relaxed")
    f = facts()
    window = f["forecast"]
    from datetime import date

    from coursekit.dates import format_date

    earliest = format_date(date.fromisoformat(window["earliest"]))
    latest = format_date(date.fromisoformat(window["latest"]))
    # Two lessons done are a record of one's own: the window comes from it.
    assert f["forecast"]["basis"] == "observed" and f["enrolled"]["pace"] == "relaxed"
    if earliest == latest:
        assert f"you finish on {earliest}" in out
    else:
        assert f"you finish between {earliest} and {latest}" in out
    assert "(2 lessons done)" in out
    # The window is the one of the two lessons left, not of the whole course from the start.
    assert window["earliest"] >= "2025-01-14"


def test_a_target_the_pace_cannot_meet_is_named_with_the_pace_that_would(env: Path) -> None:
    out = progress("start", "--pace", "relaxed", "--target", "2025-01-20")
    assert "Your target Mon 20 Jan 2025 is not met at this pace" in out
    # The least demanding pace that meets it is named.
    assert "The moderate pace (1–2 h a day, Monday to Friday) would meet it" in out
    assert "`coursekit progress start --pace moderate`" in out
    out = progress("start", "--pace", "moderate")
    assert "Target: Mon 20 Jan 2025, within reach" in out
    assert facts()["status"]["state"] == "on track"
    out = progress("start", "--target", "2025-01-15")
    assert "The intensive pace (3–5 h a day, Monday to Friday) would meet it" in out
    course_yml = env / "curriculum" / "course.yml"
    paces = "paces:\n  relaxed: {hours_per_day: 30-60 min, study_days: [sat, sun]}\n"
    course_yml.write_text(course_yml.read_text(encoding="utf-8") + paces, encoding="utf-8")
    out = progress("start", "--pace", "relaxed", "--target", "2025-01-21")
    assert "To meet it, study " in out and " a study day from now on, or set a later" in out


def test_json_lists_every_lesson_and_the_lessons_command_agrees(env: Path) -> None:
    progress("start", "--start", "2025-01-06")
    progress("done", "first-steps", "--time", "1h", "--on", "2025-01-06")
    progress("log", "second-steps", "40m", "--on", "2025-01-07")
    rows = facts()["lesson_progress"]
    assert [(r["id"], r["status"], r["completed_on"]) for r in rows] == [
        ("first-steps", "done", "2025-01-06"),
        ("second-steps", "started", None),
        ("hands-on", "not started", None),
        ("wrap-up", "not started", None),
    ]
    assert rows[1]["logged_minutes"] == 40 and rows[1]["reported_minutes"] is None
    assert rows[0]["estimate_minutes"] == [60, 120] and rows[3]["lesson_status"] == "planned"
    listed = json.loads(cli("lessons", "--json"))
    assert listed["lessons"] == rows
    table = cli("lessons")
    for words in ("first-steps", "First steps", "done Mon 6 Jan", "started", "40 min", "planned"):
        assert words in table, words
    assert [r["id"] for r in json.loads(cli("lessons", "-m", "practice", "--json"))["lessons"]] == [
        "hands-on",
        "wrap-up",
    ]
    assert "no module 'practise'" in cli("lessons", "-m", "practise", code=1)


def test_undo_lesson_reverses_its_completion_whenever_it_was(env: Path) -> None:
    progress("start", "--start", "2025-01-06")
    progress("done", "first-steps", "--on", "2025-01-06")
    progress("done", "first-steps", "--time", "1h20m")
    progress("done", "second-steps", "--on", "2025-01-09")
    out = progress("undo", "first-steps")
    assert "Undid: 'First steps' marked done on Mon 6 Jan 2025; it is not done any more" in out
    f = facts()
    assert lesson(f, "first-steps")["status"] == "not started"
    assert lesson(f, "second-steps")["status"] == "done"  # the later event is untouched
    assert f["studied_minutes"] == 0 and f["calibration"]["lessons"] == 0  # its 1 h 20 min went
    events = json.loads(progress("history", "--json"))["events"]
    statuses = {(r["type"], r["status"]) for r in events}
    assert ("lesson_completed", "undone") in statuses and ("lesson_time", "undone") in statuses
    # Done again on another day: the old correction does not come back with it.
    progress("done", "first-steps", "--on", "2025-01-07")
    assert lesson(facts(), "first-steps")["reported_minutes"] is None
    assert "is not done" in progress("undo", "hands-on", code=1)
    assert "no lesson 'nope'" in progress("undo", "nope", code=1)


def test_plan_remaining_shows_the_dashboards_window_in_every_format(env: Path) -> None:
    progress("start", "--start", "2025-01-06", "--pace", "moderate")
    progress("done", "first-steps", "--time", "1h30m", "--on", "2025-01-06")
    progress("log", "second-steps", "1h", "--on", "2025-01-13")
    window = facts()["forecast"]
    data = json.loads(cli("plan", "--remaining", "--json"))
    assert data["window"]["earliest"] == window["earliest"]
    assert data["window"]["latest"] == window["latest"]
    # The plan schedules the lessons left at the pace; the window is the forecast's,
    # from the learner's own pace, and holds the plan's end.
    assert window["basis"] == "observed"
    assert window["earliest"] <= data["finish"] <= window["latest"]
    assert data["remaining"]["lessons_left"] == 3 and data["start"] == "2025-01-14"
    planned = [i["lesson"] for w in data["weeks"] for d in w["days"] for i in d["items"]]
    assert "first-steps" not in planned and planned[0] == "second-steps"
    # second-steps: 2-3 h, 1 h logged: 1-2 h left, 90 min at the middle.
    assert (
        sum(
            i["minutes"]
            for w in data["weeks"]
            for d in w["days"]
            for i in d["items"]
            if i["lesson"] == "second-steps"
        )
        == 90
    )
    table = cli("plan", "--remaining")
    assert "Remaining: 3 of 4 lessons (1 done), from Tue 14 Jan 2025" in table
    md = cli("plan", "--remaining", "--format", "md")
    assert "Remaining: 3 of 4 lessons" in md and "First steps" not in md
    rows = list(csv.DictReader(io.StringIO(cli("plan", "--remaining", "--format", "csv"))))
    assert {r["lesson"] for r in rows} == {"second-steps", "hands-on", "wrap-up"}
    found = read_events(cli("plan", "--remaining", "--format", "ics"))
    assert found[0]["uid"] == "part1.second-steps.mini@coursekit"
    assert not any("first-steps" in e["uid"] for e in found)
    assert "drop --start" in cli("plan", "--remaining", "--start", "monday", code=1)


def test_plan_remaining_needs_an_enrollment_or_a_pace(env: Path) -> None:
    out = cli("plan", "--remaining", code=1)
    assert "not enrolled" in out and "coursekit progress start --pace NAME" in out
    assert "Remaining: 4 of 4 lessons" in cli("plan", "--remaining", "--pace", "relaxed")


def test_review_module_ids_complete_in_the_shell(env: Path) -> None:
    progress()
    result = runner.invoke(
        app,
        [],
        prog_name="coursekit",
        env={
            "_COURSEKIT_COMPLETE": "complete_bash",
            "COMP_WORDS": "coursekit review --module pr",
            "COMP_CWORD": "3",
        },
    )
    assert result.exit_code == 0 and result.output.split() == ["practice"]
    result = runner.invoke(
        app,
        [],
        prog_name="coursekit",
        env={
            "_COURSEKIT_COMPLETE": "complete_bash",
            "COMP_WORDS": "coursekit progress undo fi",
            "COMP_CWORD": "3",
        },
    )
    assert result.output.split() == ["first-steps"]
