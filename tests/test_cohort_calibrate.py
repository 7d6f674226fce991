"""`coursekit cohort calibrate`: proposals from a known cohort, and `--apply` against
golden before/after files (front matter with comments and alignment, a notebook),
after which the course still checks and builds."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cohort_cases import make_cohort
from coursekit.cli import app

runner = CliRunner()
GOLDEN = Path(__file__).parent / "golden_cohort"
EDITED = ["lessons/basics/first-steps.md", "lessons/basics/second-steps.md",
          "lessons/practice/hands-on.ipynb"]


@pytest.fixture
def course(mini_cards: Path, progress_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COURSEKIT_TODAY", "2026-03-02")
    (mini_cards / "lessons" / "practice" / "hands-on.md").unlink()
    shutil.copytree(GOLDEN / "before", mini_cards, dirs_exist_ok=True)
    return mini_cards


def test_dry_run_shows_the_diff_and_writes_nothing(course: Path, tmp_path: Path) -> None:
    files = make_cohort(course, tmp_path / "cohort")
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


def test_apply_keeps_every_other_byte(course: Path, tmp_path: Path) -> None:
    files = make_cohort(course, tmp_path / "cohort")
    result = runner.invoke(app, ["cohort", "calibrate", str(files), "--course", str(course),
                                 "--min-learners", "4", "--apply"])
    assert result.exit_code == 0, result.output
    for path in EDITED:
        golden = GOLDEN / "after" / path
        if os.environ.get("COURSEKIT_UPDATE_GOLDEN"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_bytes((course / path).read_bytes())
        assert (course / path).read_bytes() == golden.read_bytes(), path
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


def test_too_few_learners_leaves_every_lesson_alone(course: Path, tmp_path: Path) -> None:
    files = make_cohort(course, tmp_path / "cohort")
    before = {p: (course / p).read_bytes() for p in EDITED}
    result = runner.invoke(app, ["cohort", "calibrate", str(files), "--course", str(course),
                                 "--min-learners", "50", "--apply"])
    assert result.exit_code == 0, result.output
    assert "No study time to change." in result.stdout
    assert {p: (course / p).read_bytes() for p in EDITED} == before
