"""`coursekit progress` end to end through CliRunner, on real SQLite files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coursekit.cli import app
from coursekit.events.store import Store

runner = CliRunner()


@pytest.fixture
def env(mini_here: Path) -> Path:
    """The mini course as the current course, a fresh database, learner ana, 14 Jan 2025."""
    return mini_here


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, ["progress", *args])
    if result.exit_code != code:
        raise AssertionError(f"exit {result.exit_code} (wanted {code}):\n{result.output}")
    assert "Traceback" not in result.output
    return result.output


def events_in(db: Path, learner: str = "ana") -> list[str]:
    if not db.exists():
        return []
    with Store.open(db) as store:
        return [e.type for e in store.events("mini", learner)]


def dashboard() -> dict:
    return json.loads(run("--json"))


def record_a_fortnight() -> None:
    run("start", "--start", "2025-01-06", "--target", "2025-02-14")
    run("done", "first-steps", "--time", "1h30m", "--on", "2025-01-06")
    run("log", "second-steps", "1h", "--on", "2025-01-08")
    run("done", "second-steps", "--time", "2h30m", "--on", "2025-01-10")
    run("log", "hands-on", "30m", "--on", "2025-01-13")


# --------------------------------------------------------------------------- dashboard


def test_golden_dashboard_json(env: Path, golden) -> None:  # type: ignore[no-untyped-def]
    record_a_fortnight()
    golden.check_json("progress/dashboard.json", dashboard())


def test_dashboard_facts_checked_by_hand(env: Path) -> None:
    record_a_fortnight()
    f = dashboard()
    # wrap-up is planned ("coming soon"): counted apart, as on the site.
    assert f["lessons"] == {"done": 2, "total": 3, "planned": 1}
    assert f["estimate"]["planned_minutes"] == [45, 45]
    assert [m["planned"] for m in f["modules"]] == [0, 1]
    assert f["studied_minutes"] == 90 + 60 + 90 + 30  # the 2h30m includes the logged 1h
    assert f["study_days"] == 4
    # 9 days (6 to 14 January) and 270 minutes: 30 min a day, 3.5 h a week.
    assert f["pace"]["overall_hours_per_week"] == 3.5
    assert f["forecast"]["basis"] == "observed"
    assert f["next_lesson"]["id"] == "hands-on"  # the first lesson not done
    assert f["forecast"]["remaining_estimate_minutes"] == [135, 135]
    assert f["forecast"]["remaining_minutes"] == [105, 105]  # 30 min logged on hands-on
    assert f["status"]["state"] == "on track" and f["status"]["against"] == "target date"


def test_rich_dashboard_shows_the_words_a_learner_reads(env: Path) -> None:
    record_a_fortnight()
    out = run()
    for words in (
        "Mini Course",
        "Overall",
        "2 of 3 lessons done · 1 coming soon",
        "Basics",
        "Next",
        "Hands-on",
        "Studied",
        "4 h 30 min",
        "Calibration",
        "h/week",
        "Finish",
        "on track",
    ):
        assert words in out, words


def test_pace_claims_the_last_14_days_only_after_14_days(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_a_fortnight()  # enrolled 9 days ago: the two paces are the same figure
    assert dashboard()["pace"]["recent_days"] == 9
    out = run()
    assert "3.5 h/week over the 9 days since Mon 6 Jan 2025" in out and "last 14 days" not in out
    monkeypatch.setenv("COURSEKIT_TODAY", "2025-01-31")
    assert dashboard()["pace"]["recent_days"] == 14
    assert "h/week over the last 14 days · " in run()
    # A start after recorded study is refused: that study would count nowhere in the pace.
    assert "start on 2025-01-06 or earlier" in run("start", "--start", "2025-02-10", code=1)
    run("reset", "--yes")
    run("start", "--start", "2025-02-10")  # a start still ahead: no pace yet
    assert dashboard()["pace"]["recent_days"] == 0
    assert "none yet: you start on Mon 10 Feb 2025" in run()


def test_a_one_day_window_is_shown_as_a_date(env: Path) -> None:
    lesson_file = env / "lessons" / "practice" / "wrap-up.md"  # written: it can be studied
    lesson_file.write_text(lesson_file.read_text().replace("status: planned", "status: draft"))
    run("start", "--pace", "intensive")
    for lesson in ("first-steps", "second-steps", "hands-on"):
        run("done", lesson)
    run("log", "wrap-up", "40m")  # a quarter of its 45 min left, at 3-5 h a day: tomorrow
    f = dashboard()
    assert f["forecast"]["remaining_minutes"] == [5, 11]
    assert f["forecast"]["earliest"] == f["forecast"]["latest"] == "2025-01-15"
    out = run()
    assert "Wed 15 Jan 2025" in out and "15 Jan 2025 –" not in out and "(likely" not in out


def test_behind_a_target_says_how_much_a_day_would_make_it(env: Path) -> None:
    record_a_fortnight()
    run("start", "--target", "2025-01-15")
    f = dashboard()
    assert f["enrolled"]["start"] == "2025-01-06"  # kept from the first start
    assert f["status"]["state"] == "behind"
    # 105 min left over the 2 weekdays 14-15 January.
    # 105 min left over the 2 weekdays 14-15 January, times the likely factor (1.43 with
    # half the lessons done): studying less, the likely finish stays after the target.
    assert f["status"]["needed_minutes_per_study_day"] == [76, 76]
    out = run()
    assert "behind" in out and "1 h 16 min a study day" in out


def test_before_enrolling_the_dashboard_says_how_to_start(env: Path) -> None:
    out = run()
    assert "not enrolled" in out and "coursekit progress start" in out
    assert dashboard()["enrolled"] is None
    assert not (env.parent / "progress.db").exists()  # looking creates nothing


# --------------------------------------------------------------------------- start


def test_start_and_change_the_pace(env: Path) -> None:
    out = run("start")
    assert "Enrolled in Mini Course" in out and "moderate" in out
    out = run("start", "--pace", "relaxed")
    assert "Changed your plan" in out
    f = dashboard()
    assert f["enrolled"] == {
        "pace": "relaxed",
        "pace_text": "30–60 min a day, every day",
        "start": "2025-01-14",
        "target": None,
    }
    assert events_in(env.parent / "progress.db") == ["enrolled", "enrolled"]


def test_start_refuses_an_unknown_pace_and_bad_dates(env: Path) -> None:
    db = env.parent / "progress.db"
    out = run("start", "--pace", "relaxd", code=1)
    assert "no pace 'relaxd'" in out and "did you mean 'relaxed'" in out
    out = run("start", "--start", "2025-02-30", code=1)
    assert "'2025-02-30' is not a date" in out
    out = run("start", "--start", "2025-01-20", "--target", "2025-01-19", code=1)
    assert "not after the start" in out
    assert "nothing to undo" in run("undo", code=1)
    assert not db.exists()  # no mistake leaves a new, empty database behind


# --------------------------------------------------------------------------- done / log


def test_unknown_lesson_is_refused_with_suggestions_and_nothing_written(env: Path) -> None:
    run("start")
    out = run("done", "first-step", code=1)
    assert "no lesson 'first-step'" in out and "did you mean 'first-steps'" in out
    assert "nothing was recorded" in out
    out = run("log", "secnd-steps", "20m", code=1)
    assert "did you mean 'second-steps'" in out
    out = run("done", "wr", code=1)  # too far for "did you mean", still the nearest
    assert "(the closest are wrap-up)" in out
    assert events_in(env.parent / "progress.db") == ["enrolled"]


def test_done_and_its_time(env: Path) -> None:
    out = run("done", "first-steps", "--time", "1h20m")
    assert "Done: First steps in 1 h 20 min (1 of 3 lessons)" in out
    assert "coursekit progress start" in out  # the hint for a learner not enrolled
    out = run("done", "first-steps", code=1)
    assert "already done" in out
    run("done", "first-steps", "--time", "1h40m")  # a corrected time is recorded
    assert dashboard()["calibration"]["actual_minutes"] == 100


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--time", "1-2h"], "is a range"),
        (["--time", "90"], "has no unit"),
        (["--time", "soon"], "not a study time"),
        (["--time", "300h"], "more than"),
        (["--on", "2025-01-15"], "in the future"),
        (["--on", "14/01/2025"], "not a date"),
        (["--on", "1999-12-31"], "out of range"),
    ],
)
def test_done_refuses_bad_times_and_dates(env: Path, args: list[str], words: str) -> None:
    out = run("done", "first-steps", *args, code=1)
    assert words in out
    assert events_in(env.parent / "progress.db") == []


def test_log_records_a_session_on_yesterday(env: Path) -> None:
    out = run("log", "second-steps", "45m", "--on", "yesterday")
    assert "Logged 45 min on Second steps" in out
    f = dashboard()
    assert f["studied_minutes"] == 45 and f["lessons"]["done"] == 0
    assert run("log", "second-steps", "30-40m", code=1).count("is a range") == 1


# --------------------------------------------------------------------------- undo / reset


def test_undo_walks_back_and_says_what_it_undid(env: Path) -> None:
    db = env.parent / "progress.db"
    run("done", "first-steps")
    run("log", "second-steps", "1h")
    assert "Undid: study session on 'Second steps'" in run("undo")
    assert "Undid: 'First steps' marked done" in run("undo")
    assert "nothing to undo" in run("undo", code=1)
    assert events_in(db) == ["lesson_completed", "study_session", "undo", "undo"]
    assert dashboard()["lessons"]["done"] == 0


def test_reset_needs_yes_and_undo_brings_progress_back(env: Path) -> None:
    run("done", "first-steps")
    out = run("reset", code=1)
    assert "--yes" in out
    run("reset", "--yes")
    assert dashboard()["lessons"]["done"] == 0
    assert "the reset" in run("undo")
    assert dashboard()["lessons"]["done"] == 1


# --------------------------------------------------------------------------- export / import


def test_export_import_round_trip_into_a_fresh_database(
    env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_a_fortnight()
    run("undo")
    before = dashboard()
    out_file = tmp_path / "mine.json"
    assert "Exported 6 events" in run("export", "--out", str(out_file))
    exported = json.loads(out_file.read_text())
    assert exported["format"] == "coursekit-progress" and exported["course"] == "mini"
    assert [e["type"] for e in exported["events"]][-1] == "undo"
    assert exported["events"][1]["at"] == "2025-01-06T12:00:00Z"
    assert run("export") == out_file.read_text()  # stdout and --out agree

    monkeypatch.setenv("COURSEKIT_DB", str(tmp_path / "fresh.db"))
    assert "Imported 6 new events" in run("import", str(out_file))
    assert "Imported 0 new events for ana (6 already present)" in run("import", str(out_file))
    assert dashboard() == before


def test_import_refuses_a_bad_file_whole_with_one_line_per_problem(
    env: Path, tmp_path: Path
) -> None:
    run("done", "first-steps")
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "coursekit-progress",
                "version": 1,
                "course": "mini",
                "learner": "ana",
                "events": [
                    {
                        "type": "lesson_completed",
                        "at": "2025-01-07T10:00:00Z",
                        "lesson": "hands-on",
                    },
                    {"type": "lesson_completed", "at": "2025-01-07 10:00", "lesson": "wrap-up"},
                    {
                        "type": "study_session",
                        "at": "2025-01-07T10:00:00Z",
                        "lesson": "x",
                        "minutes": "45",
                    },
                    {"type": "teleport", "at": "2025-01-07T10:00:00Z"},
                ],
            }
        )
    )
    result = runner.invoke(app, ["progress", "import", str(bad)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert lines == [
        f"error: {bad}: events[1].at: expected a UTC time like 2025-01-31T18:00:00Z (ending in Z"
        ' or +00:00), got "2025-01-07 10:00"',
        f'error: {bad}: events[2].minutes: expected whole minutes from 1 to 1440, got "45"',
        f"error: {bad}: events[3].type: expected one of enrolled, lesson_completed, "
        "lesson_time, study_session, undo, reset, flashcard_review, exercises_completed, "
        'got "teleport"',
    ]
    assert events_in(env.parent / "progress.db") == ["lesson_completed"]  # nothing added


def test_import_keeps_lessons_the_course_does_not_have(env: Path, tmp_path: Path) -> None:
    site = tmp_path / "site.json"
    site.write_text(
        json.dumps(
            {
                "format": "coursekit-progress",
                "version": 1,
                "course": "mini",
                "learner": "learner",
                "events": [
                    {
                        "type": "lesson_completed",
                        "at": "2025-01-07T10:00:00Z",
                        "lesson": "first-steps",
                    },
                    {
                        "type": "lesson_completed",
                        "at": "2025-01-08T10:00:00Z",
                        "lesson": "old-intro",
                    },
                    {
                        "type": "flashcard_review",
                        "at": "2025-01-08T10:05:00Z",
                        "card": "what-is-a-lesson",
                        "grade": "got_it",
                    },
                ],
            }
        )
    )
    out = run("import", str(site))
    assert "not in this course: old-intro (1)" in out and "Imported 3 new events" in out
    assert "Imported 0 new events" in run("import", str(site))  # derived uids: idempotent
    f = dashboard()
    assert f["not_in_course"] == [{"lesson": "old-intro", "events": 1}]
    assert f["lessons"]["done"] == 1
    assert "Not in this course: old-intro" in run()


def test_import_refuses_another_courses_file(env: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text(
        json.dumps(
            {"format": "coursekit-progress", "version": 1, "course": "kubernetes-101", "events": []}
        )
    )
    out = run("import", str(other), code=1)
    assert "for course 'kubernetes-101', not 'mini'" in out


# --------------------------------------------------------------------------- the curriculum changes


def test_a_lesson_removed_from_the_course_is_listed_not_lost(env: Path) -> None:
    lesson_file = env / "lessons" / "practice" / "wrap-up.md"  # written: it can be done
    lesson_file.write_text(lesson_file.read_text().replace("status: planned", "status: draft"))
    run("done", "wrap-up")
    run("done", "first-steps")
    module = env / "curriculum" / "modules" / "practice.yml"
    module.write_text(
        module.read_text().replace("lessons: [hands-on, wrap-up]", "lessons: [hands-on]")
    )
    (env / "lessons" / "practice" / "wrap-up.md").unlink()
    f = dashboard()
    assert f["lessons"] == {"done": 1, "total": 3, "planned": 0}
    assert f["not_in_course"] == [{"lesson": "wrap-up", "events": 1}]
    assert "Not in this course: wrap-up (1 event, kept)" in run()
    lesson = env / "lessons" / "basics" / "first-steps.md"
    lesson.write_text(lesson.read_text().replace("title: First steps", "title: Getting started"))
    assert dashboard()["lessons"]["done"] == 1  # a new title keeps the progress


# --------------------------------------------------------------------------- bad places


def test_a_file_that_is_not_a_database_is_refused_and_untouched(
    env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"my notes\n" * 50)
    before = hashlib.sha256(notes.read_bytes()).hexdigest()
    monkeypatch.setenv("COURSEKIT_DB", str(notes))
    for args in (["done", "first-steps"], [], ["export"]):
        out = run(*args, code=1)
        assert f"{notes}: is not a coursekit progress database" in out
    assert hashlib.sha256(notes.read_bytes()).hexdigest() == before


def test_db_option_beats_the_environment(env: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "p.db"
    run("done", "first-steps", "--db", str(other), "--learner", "bo")
    assert events_in(other, "bo") == ["lesson_completed"]
    assert events_in(env.parent / "progress.db") == []


def test_options_before_the_command_count(env: Path, tmp_path: Path) -> None:
    """`progress --db F --learner L done ...` writes to F for L, like the options after."""
    other = tmp_path / "before" / "p.db"
    run("--db", str(other), "--learner", "bo", "done", "first-steps")
    assert events_in(other, "bo") == ["lesson_completed"]
    assert events_in(tmp_path / "progress.db") == []
    exported = json.loads(run("--db", str(other), "--learner", "bo", "export"))
    assert [e["type"] for e in exported["events"]] == ["lesson_completed"]
    # the command's own option wins over the group's
    run("--learner", "bo", "done", "second-steps", "--db", str(other), "--learner", "cy")
    assert events_in(other, "cy") == ["lesson_completed"]


def test_titles_and_names_with_brackets_show_as_written(env: Path) -> None:
    lesson = env / "lessons" / "basics" / "first-steps.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("title: First steps", 'title: "First [/] [red]"'), "utf-8")
    course_yml = env / "curriculum" / "course.yml"
    text = course_yml.read_text(encoding="utf-8")
    course_yml.write_text(text.replace('title: "Mini Course"', 'title: "Mini [/]"'), "utf-8")
    assert "Enrolled in Mini [/] as [/]me" in run("start", "--learner", "[/]me")
    assert "Logged 20 min on First [/] [red]." in run("log", "first-steps", "20m")
    assert "Done: First [/] [red] in" in run("done", "first-steps", "--time", "1h")
    assert "Undid: 'First [/] [red]' marked done" in run("undo")
    assert "Reset Mini [/] for ana." in run("reset", "--yes")


def test_no_course_here_is_a_clear_message(env: Path, tmp_path: Path, monkeypatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    out = run(code=1)
    assert "no course here" in out and "--course" in out


def test_every_progress_command_documents_itself() -> None:
    for command in ("start", "done", "log", "undo", "export", "import", "reset"):
        result = runner.invoke(app, ["progress", command, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.output and "--course" in result.output, command
    result = runner.invoke(app, ["progress", "--help"])
    assert "COURSEKIT_TODAY" in result.output and "dashboard" in result.output


def test_lesson_ids_complete_in_the_shell(env: Path) -> None:
    run()  # warms the course index cache, as any progress command does
    result = runner.invoke(
        app,
        [],
        prog_name="coursekit",
        env={
            "_COURSEKIT_COMPLETE": "complete_bash",
            "COMP_WORDS": "coursekit progress done s",
            "COMP_CWORD": "3",
        },
    )
    assert result.exit_code == 0
    assert result.output.split() == ["second-steps"]


# ---------------------------------------------------------------- the derived-state cache


def test_the_dashboard_cache_follows_every_new_event(env: Path, tmp_path: Path) -> None:
    record_a_fortnight()
    first = dashboard()
    assert dashboard() == first  # served from the cache
    cached = list((tmp_path / "cache" / "dashboards").glob("*.json"))
    assert len(cached) == 1
    run("done", "hands-on", "--on", "2025-01-13")
    assert dashboard()["lessons"]["done"] == 3
    run("undo")
    assert dashboard() == first
    cached[0].write_text("{not json")  # a damaged cache is recomputed, never trusted
    assert dashboard() == first
    cached[0].write_text(json.dumps({"format": 1, "key": "x", "progress": {"bad": 1}}))
    assert dashboard() == first


def test_the_cache_keeps_learners_apart(env: Path) -> None:
    run("done", "first-steps")
    run("done", "second-steps", "--learner", "bo")
    assert dashboard()["lessons"]["done"] == 1
    bo = json.loads(run("--json", "--learner", "bo"))
    assert bo["learner"] == "bo" and bo["next_lesson"]["id"] == "first-steps"


def test_importing_another_learners_export_says_so(env: Path, tmp_path: Path) -> None:
    run("done", "first-steps")
    mine = tmp_path / "ana.json"
    run("export", "--out", str(mine))
    out = run("import", str(mine), "--learner", "bo")
    assert "Imported 0 new events for bo (1 already present)" in out
    assert "already stored for learner 'ana' in 'mini'" in out


@pytest.mark.parametrize("columns", [80, 100])
def test_the_dashboard_wraps_between_words_and_reads_without_colour(
    env: Path, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    record_a_fortnight()
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    wide = run()
    monkeypatch.setenv("COLUMNS", str(columns))
    narrow = run()
    assert "\x1b[" not in narrow  # no colour codes at all
    assert all(len(line) <= columns for line in narrow.splitlines()), narrow
    # The same words, none of them cut: wrapping only moved them to the next line.
    assert narrow.split() == wide.split()
    # Done and to-do differ by their shape: 2 of 4 lessons, a bar half full.
    overall = next(line for line in narrow.splitlines() if line.startswith("Overall"))
    assert "█" in overall and "░" in overall
    # Continuation lines sit under the values, not under the labels.
    lines = narrow.splitlines()
    for before, line in zip(lines, lines[1:], strict=False):
        if before.startswith("Remaining") and line.startswith(" "):
            assert line.startswith(" " * len("Calibration  "))


def test_one_of_a_thing_is_singular(env: Path) -> None:
    run("start", "--start", "2025-01-13")
    run("done", "first-steps", "--time", "1h", "--on", "2025-01-13")
    out = run()
    assert "1 h, reported with --time" in out and "(1 lesson)" in out
    run("log", "second-steps", "30m")
    assert "1 h 30 min: 30 min in sessions on 1 day, 1 h reported with --time" in run()
    assert "1 of 3 lessons done · 1 coming soon" in out
    assert "(s)" not in out
