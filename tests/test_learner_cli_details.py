"""Details of the learner commands a newcomer meets first, end to end through the real
CLI on real SQLite files: the lesson table in narrow terminals, the counts review
closes with, words for every event, `plan --course`, refusals of options that do not
go together, imports that disagree with what is stored, and option messages."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coursekit.cli import app

runner = CliRunner()


@pytest.fixture
def env(mini_here: Path) -> Path:
    """The mini course as the current course, a fresh database, learner ana, 14 Jan 2025."""
    return mini_here


def cli(*args: str, code: int = 0, env: dict[str, str] | None = None, input: str = "") -> str:
    result = runner.invoke(app, list(args), env=env, input=input)
    if result.exit_code != code:
        raise AssertionError(f"exit {result.exit_code} (wanted {code}):\n{result.output}")
    assert "Traceback" not in result.output
    return result.output


def digest(db: Path) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest() if db.exists() else ""


# --------------------------------------------------------------------------- lessons table


@pytest.mark.parametrize("columns", [80, 100])
def test_lessons_table_is_readable_in_narrow_terminals(
    example_course: Path, progress_db: Path, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COURSEKIT_LEARNER", "ana")
    monkeypatch.setenv("COURSEKIT_TODAY", "2027-01-06")
    monkeypatch.setenv("COURSEKIT_COURSE", str(example_course))
    cli("progress", "start")
    cli("progress", "done", "intro-to-mlops", "--time", "1h30m")  # "Your time" filled in
    rows = json.loads(cli("lessons", "--json"))["lessons"]
    out = cli("lessons", env={"COLUMNS": str(columns)})
    assert max(len(line) for line in out.splitlines()) <= columns
    assert "…" not in out  # nothing cut short
    words = set(out.split())
    for row in rows:
        assert row["id"] in words, row["id"]
        for word in row["title"].split():
            assert word in words, (row["id"], word)
    # Titles wrap by words, never one word per line: the short ones stay on one line.
    assert "MLOps vs DevOps" in out and "Introduction to MLOps" in out
    for module in ("Foundations: MLOps and the Big", "Prerequisites, Tools and"):
        assert module in out
    assert "done Wed 6 Jan" in out and "1 h 30 min" in out and "Your time" in out


# --------------------------------------------------------------------------- review's closing count


@pytest.mark.parametrize("module", [None, "basics"])
def test_review_closing_count_is_what_the_next_session_offers(
    mini_cards: Path, progress_db: Path, monkeypatch: pytest.MonkeyPatch, module: str | None
) -> None:
    monkeypatch.setenv("COURSEKIT_LEARNER", "ana")
    monkeypatch.setenv("COURSEKIT_COURSE", str(mini_cards))
    monkeypatch.setenv("COURSEKIT_NOW", "2025-03-01T12:00:00Z")
    cli("progress", "done", "first-steps", "--on", "2025-02-28")
    cli("progress", "done", "second-steps", "--on", "2025-02-28")  # all three cards unlock
    only = ["--module", module] if module else []
    out = cli("review", "--limit", "1", *only, input="\n3\n")
    assert "Reviewed 1 card" in out
    command = "coursekit review" + (f" --module {module}" if module else "")
    assert f"2 cards ready now: run {command} again." in out
    nxt = cli("review", *only, input="q\n")
    assert "1/2" in nxt and "2/2" not in nxt


# --------------------------------------------------------------------------- words for every event


def test_history_and_undo_put_exercises_done_in_words(env: Path, tmp_path: Path) -> None:
    site = tmp_path / "site.json"
    site.write_text(
        json.dumps(
            {
                "format": "coursekit-progress",
                "version": 1,
                "course": "mini",
                "learner": "site",
                "events": [
                    {
                        "type": "enrolled",
                        "at": "2025-01-06T10:00:00Z",
                        "pace": "moderate",
                        "start": "2025-01-06",
                    },
                    {
                        "type": "exercises_completed",
                        "at": "2025-01-08T10:00:00Z",
                        "module": "basics",
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    cli("progress", "import", str(site))
    rows = json.loads(cli("progress", "history", "--json"))
    words = [r["what"] for r in (rows["events"] if isinstance(rows, dict) else rows)]
    assert "Exercises done: Basics" in words
    table = cli("progress", "history", env={"COLUMNS": "160"})
    assert "Exercises done: Basics" in table and "exercises_completed" not in table
    out = cli("progress", "undo")
    assert "Undid: exercises of 'Basics' marked done on Wed 8 Jan 2025." in out
    assert "exercises_completed" not in out


# --------------------------------------------------------------------------- plan --course


def test_plan_takes_the_course_like_the_other_learner_commands(
    mini_course: Path, progress_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("COURSEKIT_LEARNER", "ana")
    monkeypatch.setenv("COURSEKIT_TODAY", "2025-01-14")
    monkeypatch.delenv("COURSEKIT_COURSE", raising=False)
    # Outside a course: the same one line as `progress`, `lessons` and `review`.
    outside = cli("plan", code=1).strip()
    assert outside == cli("progress", code=1).strip() == cli("lessons", code=1).strip()
    assert "--course PATH|course.json|URL or set COURSEKIT_COURSE" in outside
    by_folder = json.loads(cli("plan", "--course", str(mini_course), "--json"))
    assert by_folder == json.loads(cli("plan", str(mini_course), "--json"))
    assert by_folder["course"] == "mini" and by_folder["weeks"]
    monkeypatch.setenv("COURSEKIT_COURSE", str(mini_course))
    assert json.loads(cli("plan", "--json")) == by_folder
    cli("progress", "start", "--start", "2025-01-06")
    cli("progress", "done", "first-steps", "--on", "2025-01-06")
    assert "Remaining: 3 of 4 lessons (1 done)" in cli("plan", "--remaining")
    # A saved course.json works too, as for the other learner commands.
    saved = tmp_path / "course.json"
    from coursekit.course.course_json import to_index
    from coursekit.course.loader import load_course

    saved.write_text(json.dumps(to_index(load_course(mini_course).course)), encoding="utf-8")
    assert json.loads(cli("plan", "--course", str(saved), "--json")) == by_folder
    both = cli("plan", str(mini_course), "--course", str(saved), code=1)
    assert "give one" in both and len(both.strip().splitlines()) == 1


# ------------------------------------------------------------------- review: one thing at a time


@pytest.mark.parametrize(
    "options",
    [
        ("--undo", "--forecast"),
        ("--forecast", "--undo"),
        ("--cards", "--forecast"),
        ("--undo", "--cards"),
        ("--undo", "--json"),
    ],
)
def test_review_refuses_options_that_do_not_go_together(
    mini_cards: Path, progress_db: Path, monkeypatch: pytest.MonkeyPatch, options: tuple[str, str]
) -> None:
    monkeypatch.setenv("COURSEKIT_LEARNER", "ana")
    monkeypatch.setenv("COURSEKIT_COURSE", str(mini_cards))
    monkeypatch.setenv("COURSEKIT_NOW", "2025-03-01T12:00:00Z")
    cli("progress", "done", "first-steps", "--on", "2025-02-28")
    cli("review", input="\n3\n")  # one rating, which --undo would take back
    before = digest(progress_db)
    result = runner.invoke(app, ["review", *options])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert all(option in lines[0] for option in options) and "do not go together" in lines[0]
    assert digest(progress_db) == before
    # Each alone still works.
    assert "Undid: Good" in cli("review", "--undo")


# --------------------------------------------------------------------------- import that disagrees


def test_import_says_when_a_stored_uid_comes_with_other_content(env: Path, tmp_path: Path) -> None:
    cli("progress", "start", "--pace", "relaxed", "--start", "2025-01-06")
    cli("progress", "done", "first-steps", "--on", "2025-01-08")
    exported = tmp_path / "me.json"
    cli("progress", "export", "--out", str(exported))
    # The export itself agrees with the store: nothing differs.
    again = json.loads(cli("progress", "import", str(exported), "--json"))
    assert (again["added"], again["already_present"], again["differs_from_stored"]) == (0, 2, [])
    data = json.loads(exported.read_text(encoding="utf-8"))
    enrolled = next(e for e in data["events"] if e["type"] == "enrolled")
    enrolled["pace"] = "intensive"  # a hand edit that keeps the uid
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    store = Path(os.environ["COURSEKIT_DB"])
    before = digest(store)
    result = runner.invoke(app, ["progress", "import", str(edited)])
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert (
        "Imported 0 new events for ana (1 already present, 1 differs from the one stored "
        "under the same uid; the stored one is kept)." in result.output
    )
    warning = next(line for line in result.output.splitlines() if line.startswith("warning:"))
    assert enrolled["uid"] in warning and "relaxed pace" in warning  # the stored one, named
    assert digest(store) == before  # the stored data is not changed
    summary = json.loads(cli("progress", "import", str(edited), "--json"))
    assert summary["differs_from_stored"] == [enrolled["uid"]] and summary["already_present"] == 1
    assert json.loads(cli("progress", "--json"))["enrolled"]["pace"] == "relaxed"


# --------------------------------------------------------------------------- option messages


def test_plan_help_lists_every_language_the_error_accepts(env: Path) -> None:
    from coursekit.i18n import supported_languages

    listed = ", ".join(supported_languages())
    assert "ar" in supported_languages()
    refused = cli("plan", "--language", "xx", code=1)
    assert f"supported: {listed})" in refused
    shown = " ".join(cli("plan", "--help", env={"COLUMNS": "200"}).split())
    assert f"numbers: {listed} (default" in shown
    cli("plan", "--language", "ar")  # and each of them works


def test_a_relative_date_beyond_the_years_allowed_is_out_of_range(env: Path) -> None:
    cli("progress", "start", "--start", "2025-01-06")
    store = Path(os.environ["COURSEKIT_DB"])
    before = digest(store)
    for words in ("100000 days ago", "999999999999 weeks ago"):
        out = cli("progress", "log", "first-steps", "1h", "--on", words, code=1)
        assert f"error: --on: '{words}'" in out and "out of range (years 2000 to 2200)" in out
        assert "not a date" not in out
    assert "'100000 days ago' (1751-" in cli(
        "progress", "log", "first-steps", "1h", "--on", "100000 days ago", code=1
    )
    assert "'+9999w' (2216-" in cli("plan", "--start", "+9999w", code=1)
    assert digest(store) == before


@pytest.mark.parametrize("how", ["option", "variable"])
def test_a_blank_learner_name_is_refused_as_empty(env: Path, how: str) -> None:
    if how == "option":
        out = cli("progress", "--learner", "   ", code=1)
        assert (
            out.strip() == "error: learner: the learner name from --learner is empty; give a name"
        )
    else:
        out = cli("progress", code=1, env={"COURSEKIT_LEARNER": "   "})
        assert "the learner name from COURSEKIT_LEARNER is empty" in out
    assert "''" not in out
    assert not Path(os.environ["COURSEKIT_DB"]).exists()
