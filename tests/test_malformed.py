"""Broken courses fail with exact file:line messages, exit 1 and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from coursekit.cli import app
from malformed_cases import CASES, apply_edits, error_lines

runner = CliRunner()


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_course(name: str, mini_course: Path) -> None:
    case = CASES[name]
    apply_edits(mini_course, case["edits"])
    before = snapshot(mini_course)
    result = runner.invoke(app, ["check", str(mini_course)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert error_lines(result.output) == case["expected"]
    assert snapshot(mini_course) == before  # checking never changes the course


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


def test_no_course_here(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert error_lines(result.output) == [
        f"{tmp_path}: no course here: no curriculum/course.yml in this folder or any folder "
        "above it (create one with `coursekit init DIR`)"
    ]


def test_json_lists_problems(mini_course: Path) -> None:
    apply_edits(mini_course, CASES["lesson-bare-number"]["edits"])
    import json

    result = runner.invoke(app, ["check", str(mini_course), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert data["problems"][0]["path"] == "lessons/basics/first-steps.md"
    assert data["problems"][0]["line"] == 3
    assert data["problems"][0]["key"] == "study_time"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--bogus"], "error: No such option: --bogus (see `coursekit check --help`)"),
        (["check", "--x[/b]"], "error: No such option: --x[/b] (see `coursekit check --help`)"),
        (["bogus"], "error: No such command 'bogus'. (see `coursekit --help`)"),
        (
            ["progress", "done"],
            "error: Missing argument 'LESSON'. (see `coursekit progress done --help`)",
        ),
    ],
)
def test_usage_mistakes_are_one_line(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.output.strip() == message
