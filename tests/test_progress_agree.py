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


def test_rated_cards_give_one_window_in_every_command(
    example_here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COURSEKIT_TODAY", "2027-01-04")
    progress("start", "--pace", "moderate", "--target", "2027-04-30")
    monkeypatch.setenv("COURSEKIT_TODAY", "2027-01-05")
    progress("done", "intro-to-mlops", "--time", "2h")
    monkeypatch.setenv("COURSEKIT_TODAY", "2027-01-06")
    progress("done", "mlops-vs-devops", "--time", "2h")
    cli("review", "--limit", "6", input="\n3\n" * 6)
    monkeypatch.setenv("COURSEKIT_TODAY", "2027-01-07")
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
