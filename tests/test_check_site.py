"""`coursekit check` finds what would stop the build (templates, mkdocs.yml) and the
course-level mistakes the build ignores: prerequisites placed later, templates nothing
uses, trusted_notebooks that name no notebook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coursekit.cli import app

runner = CliRunner()


def check(course: Path) -> tuple[int, list[dict[str, object]]]:
    result = runner.invoke(app, ["check", str(course), "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)["problems"]


def lines(course: Path) -> tuple[int, list[str]]:
    """The problem lines of a plain `coursekit check`, as the user sees them."""
    result = runner.invoke(app, ["check", str(course)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    found = [x for x in result.output.splitlines() if x.startswith(("error:", "warning:"))]
    return result.exit_code, found


def template(course: Path, name: str, text: str) -> None:
    (course / "templates").mkdir(exist_ok=True)
    (course / "templates" / name).write_text(text, encoding="utf-8")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# --------------------------------------------------------------------------- what build refuses


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "{% if course.title %}\nhello {{ course.title }\n{% endif %}\n",
            2,
            "cannot render lesson.md.j2: TemplateSyntaxError: unexpected '}'",
        ),
        ("{% for x in [1] %}\n{{ x }}\n", 2, "cannot render lesson.md.j2: TemplateSyntaxError:"),
        (
            "{{ lesson.titel }}\n",
            1,
            "cannot render lesson.md.j2: UndefinedError: 'coursekit.model.Lesson object' "
            "has no attribute 'titel'",
        ),
        (
            "\n{{ lesson.title|nosuchfilter }}\n",
            2,
            "cannot render lesson.md.j2: TemplateAssertionError: No filter named 'nosuchfilter'",
        ),
    ],
)
def test_a_failing_template_fails_check_at_its_line(
    mini_course: Path, text: str, line: int, message: str
) -> None:
    template(mini_course, "lesson-extra.md.j2", text)
    code, found = lines(mini_course)
    assert code == 1
    errors = [x for x in found if x.startswith("error:")]
    assert len(errors) == 1, found
    assert errors[0].startswith(f"error: templates/lesson-extra.md.j2:{line}: {message}")
    # the rules' advice still comes with it
    assert any(x.startswith("warning:") for x in found)


def test_check_says_what_build_says_about_a_template(mini_course: Path, tmp_path: Path) -> None:
    template(mini_course, "module.md.j2", "{{ module.nothing_here }}\n")
    code, found = lines(mini_course)
    built = runner.invoke(app, ["build", str(mini_course), "--site-dir", str(tmp_path / "site")])
    assert code == 1 and built.exit_code == 1
    error = next(x for x in found if x.startswith("error:"))
    assert error.startswith("error: templates/module.md.j2:1: cannot render module.md.j2:")
    assert error in built.output.splitlines()
    assert not (tmp_path / "site").exists()


def test_every_failing_template_is_reported_in_one_run_each_once(mini_course: Path) -> None:
    template(mini_course, "module.md.j2", "{{ module.nothing_here }}\n")
    template(mini_course, "lesson-extra.md.j2", "\n{{ lesson.titel }}\n")  # every lesson page
    code, found = lines(mini_course)
    errors = [x for x in found if x.startswith("error:")]
    assert code == 1
    assert [x.split(": cannot")[0] for x in errors] == [  # in the order of the pages
        "error: templates/module.md.j2:1",
        "error: templates/lesson-extra.md.j2:2",
    ], errors


def test_good_templates_pass(mini_course: Path) -> None:
    template(mini_course, "lesson-extra.md.j2", "Your notes on {{ lesson.title|title }}.\n")
    code, problems = check(mini_course)
    assert code == 0
    assert all(p["severity"] == "warning" for p in problems)


def test_a_broken_mkdocs_yml_fails_check(mini_course: Path) -> None:
    (mini_course / "mkdocs.yml").write_text(
        'site_name: "Mini\nplugins:\n  - coursekit\nnav: [a, b]\n', encoding="utf-8"
    )
    code, problems = check(mini_course)
    assert code == 1
    errors = [p for p in problems if p["severity"] == "error"]
    assert [(p["path"], p["message"][:15]) for p in errors] == [("mkdocs.yml", "not valid YAML:")]
    assert isinstance(errors[0]["line"], int)


def test_mkdocs_yml_that_is_no_mapping_fails_check(mini_course: Path) -> None:
    (mini_course / "mkdocs.yml").write_text("- coursekit\n", encoding="utf-8")
    code, found = lines(mini_course)
    assert code == 1
    assert "error: mkdocs.yml: must be a mapping of settings (site_name: ...)" in found


def test_mkdocs_yml_problems_come_with_the_course_errors(mini_course: Path) -> None:
    (mini_course / "mkdocs.yml").write_text("- coursekit\n", encoding="utf-8")
    replace(mini_course / "lessons/basics/first-steps.md", "study_time: 1-2h", "study_time: 2")
    code, problems = check(mini_course)
    assert code == 1
    assert {p["path"] for p in problems if p["severity"] == "error"} == {
        "mkdocs.yml",
        "lessons/basics/first-steps.md",
    }


def test_a_good_mkdocs_yml_passes(mini_course: Path) -> None:
    (mini_course / "mkdocs.yml").write_text(
        "site_name: Mini\ntheme: {name: material}\nplugins:\n  - search\n  - coursekit\n",
        encoding="utf-8",
    )
    assert check(mini_course)[0] == 0


# ----------------------------------------------------------------- requires a later lesson


def test_requiring_a_later_lesson_is_a_warning_at_the_key(mini_course: Path) -> None:
    lesson = mini_course / "lessons/basics/first-steps.md"
    replace(lesson, "outcome:", "requires: [first-steps-x, wrap-up]\noutcome:")
    replace(lesson, "first-steps-x, ", "")
    code, found = lines(mini_course)
    assert code == 0
    assert (
        "warning: lessons/basics/first-steps.md:5: requires[0]: 'wrap-up' comes after this "
        "lesson in the course order: the site shows the lessons in course order, while study "
        "plans schedule 'wrap-up' first; move one of them"
    ) in found


def test_the_warning_is_true_the_plan_puts_the_prerequisite_first(mini_course: Path) -> None:
    replace(
        mini_course / "lessons/basics/first-steps.md",
        "outcome:",
        "requires: [wrap-up]\noutcome:",
    )
    result = runner.invoke(app, ["plan", str(mini_course), "--format", "csv"])
    assert result.exit_code == 0, result.output
    order = [row.split(",")[6] for row in result.stdout.splitlines()[1:]]
    firsts = list(dict.fromkeys(x for x in order if x))
    assert firsts.index("wrap-up") < firsts.index("first-steps"), firsts


def test_requiring_an_earlier_lesson_is_quiet(mini_course: Path) -> None:
    # second-steps requires first-steps, which comes before it
    _, problems = check(mini_course)
    assert not [p for p in problems if str(p["key"]).startswith("requires")]


# --------------------------------------------------------------------------- unused templates


def test_a_misnamed_override_is_a_warning_with_a_suggestion(mini_course: Path) -> None:
    template(mini_course, "lesson-extr.md.j2", "MARKER\n")
    code, found = lines(mini_course)
    assert code == 0
    assert (
        "warning: templates/lesson-extr.md.j2: replaces no coursekit template and no template "
        "of the course uses it, so the site ignores it (did you mean 'lesson-extra.md.j2' or "
        "'lesson.md.j2'?)"
    ) in found


def test_templates_that_override_or_are_used_are_quiet(mini_course: Path) -> None:
    template(mini_course, "lesson-extra.md.j2", '{% include "notes.md.j2" %}\n')
    template(mini_course, "notes.md.j2", "{% import 'mine/tools.md.j2' as t %}{{ t.hi() }}\n")
    (mini_course / "templates/mine").mkdir()
    template(mini_course, "mine/tools.md.j2", "{% macro hi() %}hi{% endmacro %}\n")
    template(mini_course, ".hidden.swp", "editor file\n")
    code, problems = check(mini_course)
    assert code == 0
    assert not [p for p in problems if str(p["path"]).startswith("templates/")]


# --------------------------------------------------------------------------- trusted_notebooks


def test_trusted_notebooks_must_name_notebook_lessons(mini_course: Path) -> None:
    made = runner.invoke(
        app,
        ["new", "lesson", "practice", "first-api", "--title", "API", "--time", "1h",
         "--notebook", "--course", str(mini_course)],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    (mini_course / "curriculum/course.yml").write_text(
        (mini_course / "curriculum/course.yml").read_text()
        + "trusted_notebooks:\n  - first-api\n  - first-apj\n  - wrap-up\n",
        encoding="utf-8",
    )
    code, found = lines(mini_course)
    assert code == 0
    mine = [x for x in found if "trusted_notebooks" in x]
    assert mine == [
        "warning: curriculum/course.yml:11: trusted_notebooks[1]: no lesson 'first-apj' in "
        "this course (did you mean 'first-api'?)",
        "warning: curriculum/course.yml:12: trusted_notebooks[2]: lesson 'wrap-up' is not a "
        "notebook (lessons/practice/wrap-up.md): only a notebook lesson has outputs to trust",
    ]


# --------------------------------------------------------------------------- one run, every problem


def test_a_schema_error_does_not_hide_the_lessons_requires(mini_course: Path) -> None:
    replace(
        mini_course / "lessons/basics/first-steps.md",
        "title: First steps\n",
        "title: [First steps]\nrequires: [no-such-lesson, first-steps, wrap-up]\n",
    )
    code, found = lines(mini_course)
    assert code == 1
    assert [x for x in found if x.startswith("error:")] == [
        "error: lessons/basics/first-steps.md:2: title: expected text (got a list)",
        "error: lessons/basics/first-steps.md:3: requires[0]: no lesson 'no-such-lesson' in "
        "this course",
        "error: lessons/basics/first-steps.md:3: requires[1]: a lesson cannot require itself",
    ]


def test_a_lesson_with_a_schema_error_can_still_be_required(mini_course: Path) -> None:
    # second-steps requires first-steps: no second error about the one that failed
    replace(mini_course / "lessons/basics/first-steps.md", "title: First steps\n", "title: []\n")
    code, found = lines(mini_course)
    assert code == 1
    assert [x for x in found if x.startswith("error:")] == [
        "error: lessons/basics/first-steps.md:2: title: expected text (got a list)"
    ]


def test_a_schema_error_in_an_exercises_file_does_not_hide_a_mistyped_lesson(
    mini_course: Path,
) -> None:
    """One run reports both: a card without its answer, and another card's lesson typo."""
    exercises = mini_course / "exercises" / "basics.yml"
    replace(exercises, "    a: A unit of study with a time estimate.\n", "")
    answer = "    a: Because people differ; a range is honest.\n"
    replace(exercises, answer, answer + "    lesson: secnd-steps\n")
    code, found = lines(mini_course)
    errors = [x for x in found if x.startswith("error:")]
    assert code == 1
    assert any(x.startswith("error: exercises/basics.yml:2: flashcards[0]") for x in errors), errors
    assert any(
        x.startswith("error: exercises/basics.yml:7: flashcards[1].lesson: no lesson 'secnd-steps'")
        and "second-steps" in x
        for x in errors
    ), errors
