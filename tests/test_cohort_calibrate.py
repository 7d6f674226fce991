"""`coursekit cohort calibrate`: proposals from a known cohort, and `--apply` against
golden before/after files in tests/golden/cohort/ (front matter with comments and
alignment, a notebook),
after which the course still checks and builds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coursekit.cli import app

runner = CliRunner()
BEFORE = Path(__file__).parent / "golden" / "cohort" / "before"
EDITED = ["lessons/basics/first-steps.md", "lessons/basics/second-steps.md",
          "lessons/practice/hands-on.ipynb"]


@pytest.fixture
def cohort(cohort: tuple[Path, Path]) -> tuple[Path, Path]:
    """The cohort, its course with the golden before files laid over it (hands-on
    becomes a notebook lesson of the same id)."""
    course, files = cohort
    (course / "lessons" / "practice" / "hands-on.md").unlink()
    shutil.copytree(BEFORE, course, dirs_exist_ok=True)
    return course, files


def test_dry_run_shows_the_diff_and_writes_nothing(cohort: tuple[Path, Path]) -> None:
    course, files = cohort
    before = {p: (course / p).read_bytes() for p in EDITED}
    result = runner.invoke(app, ["cohort", "calibrate", str(files), "--course", str(course),
                                 "--min-learners", "4"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "first-steps: 1–2 h → 60-75 min (median 68 min over 8 learners)" in out
    assert "-study_time: \"1-2h\"      # a guess from the first run" in out
    assert "+study_time: \"60-75 min\"      # a guess from the first run" in out
    assert "Left alone, fewer than 4 learners' times: wrap-up (0)" in out
    assert "(dry run: nothing was written)" in out
    assert {p: (course / p).read_bytes() for p in EDITED} == before


def test_apply_keeps_every_other_byte(
    cohort: tuple[Path, Path], tmp_path: Path, golden  # type: ignore[no-untyped-def]
) -> None:
    course, files = cohort
    result = runner.invoke(app, ["cohort", "calibrate", str(files), "--course", str(course),
                                 "--min-learners", "4", "--apply"])
    assert result.exit_code == 0, result.output
    golden.check_tree("cohort/after", {p: (course / p).read_bytes() for p in EDITED})
    check = runner.invoke(app, ["check", str(course), "--json"])
    assert json.loads(check.stdout)["valid"] is True
    render = runner.invoke(app, ["render", str(course), "--out", str(tmp_path / "pages")])
    assert render.exit_code == 0, render.output
    page = (tmp_path / "pages" / "docs" / "basics" / "first-steps.md").read_text(encoding="utf-8")
    assert "**Study time:** 1 h – 1 h 15 min" in page
    again = runner.invoke(app, ["cohort", "calibrate", str(files), "--course", str(course),
                                "--min-learners", "4", "--json"])
    data = json.loads(again.stdout)
    assert data["proposals"] == [] and "first-steps" in data["unchanged"]


def test_too_few_learners_leaves_every_lesson_alone(cohort: tuple[Path, Path]) -> None:
    course, files = cohort
    before = {p: (course / p).read_bytes() for p in EDITED}
    result = runner.invoke(app, ["cohort", "calibrate", str(files), "--course", str(course),
                                 "--min-learners", "50", "--apply"])
    assert result.exit_code == 0, result.output
    assert "No study time to change." in result.stdout
    assert {p: (course / p).read_bytes() for p in EDITED} == before


def test_apply_tells_the_warnings_it_caused_from_the_others(cohort: tuple[Path, Path]) -> None:
    # practice.yml is off before the apply (and stays off); basics.yml (3-5h) matches
    # its lessons before, and no longer once second-steps takes 3h45m-4h15m.
    course, files = cohort
    module = course / "curriculum" / "modules" / "practice.yml"
    module.write_text(
        module.read_text(encoding="utf-8").replace(
            "lessons: [hands-on, wrap-up]", "lessons: [hands-on, wrap-up]\nstudy_time: 20-30h"
        ),
        encoding="utf-8",
    )
    check = runner.invoke(app, ["check", str(course), "--json"])
    found = {p["path"] for p in json.loads(check.stdout)["problems"]}
    assert "curriculum/modules/basics.yml" not in found
    assert "curriculum/modules/practice.yml" in found
    basics = (course / "curriculum" / "modules" / "basics.yml").read_bytes()
    result = runner.invoke(app, ["cohort", "calibrate", str(files), "--course", str(course),
                                 "--min-learners", "4", "--apply"])
    assert result.exit_code == 0, result.output
    assert ("1 warning follows from the new estimates, in curriculum/modules/basics.yml:"
            in result.stdout)
    assert "(1 other warning in the course already there before: see `coursekit check`)" in (
        result.stdout
    )
    caused = [line for line in result.stderr.splitlines() if "basics.yml" in line]
    assert len(caused) == 1 and "study_time" in caused[0], result.stderr
    # module times are the instructor's to change
    assert (course / "curriculum" / "modules" / "basics.yml").read_bytes() == basics
