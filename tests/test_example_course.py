"""The repository's own example course is valid and matches the seed figures."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from coursekit.checks.check import check_course
from coursekit.cli import app
from coursekit.model import Duration

runner = CliRunner()


def test_example_course_passes_check(example_course: Path) -> None:
    result = runner.invoke(app, ["check", str(example_course)])
    assert result.exit_code == 0, result.output
    assert "error:" not in result.output


def test_example_course_shape(example_course: Path) -> None:
    course = check_course(example_course).course
    assert course.id == "mlops-churn"
    assert len(course.modules) == 15
    foundations = course.module_index["foundations"]
    assert [lesson.id for lesson in foundations.lessons] == [
        "intro-to-mlops",
        "mlops-vs-devops",
        "ml-system-lifecycle",
    ]
    assert [lesson.study_time for lesson in foundations.lessons] == [
        Duration(120, 180),
        Duration(120, 180),
        Duration(180, 240),
    ]
    assert foundations.study_time == Duration(420, 600)
    assert str(foundations.study_time) == "7–10 h"
    assert {s.id for s in foundations.scenarios} >= {"broken-startup", "fix-the-workflow"}
    complete = [m for m in course.modules if m.ready_count == len(m.lessons) and m.has_exercises]
    assert len(complete) >= 3
    assert any(lesson.source.endswith(".ipynb") for lesson in course.lessons())


def test_info_json_totals(example_course: Path) -> None:
    import json

    result = runner.invoke(app, ["info", str(example_course), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    foundations = next(m for m in data["modules"] if m["id"] == "foundations")
    assert foundations["study_time"] == [420, 600]
    assert foundations["study_time_text"] == "7–10 h"
    assert data["study_time"] == [
        sum(m["study_time"][0] for m in data["modules"]),
        sum(m["study_time"][1] for m in data["modules"]),
    ]


def test_the_example_course_overrides_one_template(example_course: Path) -> None:
    # templates/lesson-extra.md.j2 shows instructors how an override works: a block
    # at the foot of every lesson that can be studied, and nothing on planned ones.
    from coursekit.site.render import render_site

    course = check_course(example_course).course
    pages = render_site(course, example_course / "templates")
    for lesson in course.lessons():
        page = pages[f"{lesson.module}/{lesson.id}.md"]
        assert ('!!! note "Your project log"' in page) == (lesson.status != "planned"), lesson.id
    assert "Your project log" not in render_site(course)["foundations/intro-to-mlops.md"]
