"""`coursekit new module|lesson|flashcard|scenario`: golden before/after files, and
bad requests that change nothing.

Each golden case copies the mini course, lays the files of
``tests/golden/authoring/<case>/before/`` over it (YAML with comments, odd quoting and
alignment), runs one command, and compares every file under ``after/`` byte for byte;
every other file of the course must be unchanged. ``python3 dev.py test --update-golden
tests/test_new_commands.py`` rewrites the ``after/`` files (then read the diff before
committing it).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from coursekit.checks.check import check_course
from coursekit.cli import app

runner = CliRunner()

CASES = {
    "new_module": [
        "new",
        "module",
        "deployment",
        "--title",
        "Deploying: the basics",
        "--after",
        "basics",
    ],
    "new_lesson_flow": [
        "new",
        "lesson",
        "basics",
        "middle-steps",
        "--title",
        "Middle steps",
        "--time",
        "1-2h",
        "--after",
        "first-steps",
        "--objective",
        "Take a middle step",
    ],
    "new_lesson_block": [
        "new",
        "lesson",
        "practice",
        "extra",
        "--title",
        "Extra: more practice",
        "--time",
        "30m",
        "--status",
        "planned",
    ],
    "new_flashcard": [
        "new",
        "flashcard",
        "basics",
        "--q",
        "What is a pace?",
        "--a",
        "Hours per day on given weekdays.",
        "--lesson",
        "second-steps",
    ],
    "new_flashcard_new_file": [
        "new",
        "flashcard",
        "practice",
        "--q",
        "Why practise: to remember?",
        "--a",
        "Yes.",
    ],
    "new_scenario": [
        "new",
        "scenario",
        "basics",
        "--title",
        "The busy week",
        "--situation",
        "A learner has only two evenings free this week.",
        "--task",
        "Plan the week.",
        "--answer",
        "Two short sessions:\n\n- review cards\n- one lesson",
        "--lesson",
        "first-steps",
    ],
    "new_task": [
        "new",
        "task",
        "basics",
        "--title",
        "Time one lesson",
        "--instructions",
        "Note the time you start and finish.",
        "--lesson",
        "first-steps",
    ],
}


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case: str, mini_course: Path, golden) -> None:  # type: ignore[no-untyped-def]
    before_dir = golden.path(f"authoring/{case}/before")
    if before_dir.is_dir():
        shutil.copytree(before_dir, mini_course, dirs_exist_ok=True)
    start = snapshot(mini_course)

    result = runner.invoke(app, [*CASES[case], "--course", str(mini_course)])
    assert result.exit_code == 0, result.output
    assert "✓" in result.output

    end = snapshot(mini_course)
    touched = {path for path in end if start.get(path) != end[path]}
    assert touched, "the command wrote nothing"
    assert set(start) <= set(end), "a file was removed"
    # the command touched exactly the golden files, and wrote each one byte for byte
    golden.check_tree(f"authoring/{case}/after", {path: end[path] for path in touched})
    # Nothing of the original YAML was lost: every comment line is still there.
    for path in touched & set(start):
        old_comments = [x for x in start[path].decode().splitlines() if "#" in x]
        new_text = end[path].decode()
        for line in old_comments:
            comment = line[line.index("#") :]
            assert comment in new_text, f"{path}: lost {comment!r}"
    check_course(mini_course)  # still a valid course


def test_new_module_creates_a_starter_lesson_and_lists_the_module(mini_course: Path) -> None:
    result = runner.invoke(
        app,
        [
            "new",
            "module",
            "ops",
            "--title",
            "Ops",
            "--lesson",
            "why-ops",
            "--time",
            "45m",
            "--course",
            str(mini_course),
        ],
    )
    assert result.exit_code == 0, result.output
    course = check_course(mini_course).course
    assert [m.id for m in course.modules] == ["basics", "practice", "ops"]
    ops = course.module_index["ops"]
    assert [(x.id, x.status, str(x.study_time)) for x in ops.lessons] == [
        ("why-ops", "draft", "45 min")
    ]


def test_new_lesson_as_notebook_is_a_valid_notebook_lesson(mini_course: Path) -> None:
    import nbformat

    result = runner.invoke(
        app,
        [
            "new",
            "lesson",
            "basics",
            "try-it",
            "--title",
            "Try it",
            "--time",
            "1h",
            "--notebook",
            "--course",
            str(mini_course),
        ],
    )
    assert result.exit_code == 0, result.output
    path = mini_course / "lessons/basics/try-it.ipynb"
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["coursekit"] == {
        "title": "Try it",
        "study_time": "1h",
        "status": "draft",
    }
    lesson = check_course(mini_course).course.lesson("try-it")
    assert lesson.source == "lessons/basics/try-it.ipynb"
    assert "## Why it matters" in lesson.body
    # A notebook has no front matter: the draft note points at where its keys are.
    assert "set `status: ready` in the notebook's metadata (coursekit)" in lesson.body


def test_ids_of_new_cards_are_unique_slugs(mini_course: Path) -> None:
    for _ in range(2):
        result = runner.invoke(
            app,
            [
                "new",
                "flashcard",
                "basics",
                "--q",
                "What is a lesson?",
                "--a",
                "Again.",
                "--course",
                str(mini_course),
                "--json",
            ],
        )
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["changed"] == ["exercises/basics.yml"]
    cards = yaml.safe_load((mini_course / "exercises/basics.yml").read_text())["flashcards"]
    # 'what-is-a-lesson' was taken by the fixture's first card.
    assert [c.get("id") for c in cards][-2:] == ["what-is-a-lesson-2", "what-is-a-lesson-3"]
    # The duplicate questions are reported by the linter, not refused.
    warnings = check_course(mini_course).warnings
    assert any("asks the same question" in str(w) for w in warnings)


def test_dry_run_shows_the_diff_and_writes_nothing(mini_course: Path) -> None:
    start = snapshot(mini_course)
    result = runner.invoke(
        app,
        [
            "new",
            "lesson",
            "basics",
            "x-ray",
            "--title",
            "X",
            "--time",
            "1h",
            "--dry-run",
            "--course",
            str(mini_course),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "would create lessons/basics/x-ray.md" in result.output
    assert "+lessons: [first-steps, second-steps, x-ray]" in result.output
    assert snapshot(mini_course) == start


BAD = [
    (
        ["new", "lesson", "nope", "x", "--title", "X", "--time", "1h"],
        "no module 'nope' in this course",
    ),
    (["new", "lesson", "basic", "x", "--title", "X", "--time", "1h"], "did you mean 'basics'?"),
    (
        ["new", "lesson", "basics", "Bad_Id", "--title", "X", "--time", "1h"],
        "lesson id: 'Bad_Id' is not a valid id (did you mean 'bad-id'?)",
    ),
    (
        ["new", "lesson", "basics", "hands-on", "--title", "X", "--time", "1h"],
        "lesson 'hands-on' already exists in module 'practice'",
    ),
    (["new", "lesson", "basics", "x", "--title", "X", "--time", "90"], "--time: '90' has no unit"),
    (
        ["new", "lesson", "basics", "x", "--title", "X", "--time", "3-2h"],
        "the low end is above the high end",
    ),
    (
        ["new", "lesson", "basics", "x", "--title", "X", "--time", "1h", "--after", "wrap-up"],
        "--after: module 'basics' has no lesson 'wrap-up' ('wrap-up' is in module 'practice')",
    ),
    (
        ["new", "lesson", "basics", "x", "--title", "  ", "--time", "1h"],
        "--title: must not be empty",
    ),
    (
        ["new", "lesson", "basics", "x", "--title", "X", "--time", "1h", "--status", "done"],
        "'done' is not a status",
    ),
    (["new", "module", "basics", "--title", "Again"], "module 'basics' already exists"),
    (
        ["new", "module", "ops", "--title", "Ops", "--after", "nowhere"],
        "--after: no module 'nowhere'",
    ),
    (
        ["new", "module", "ops", "--title", "Ops", "--lesson", "first-steps"],
        "lesson 'first-steps' already exists",
    ),
    (
        ["new", "flashcard", "basics", "--q", "Q?", "--a", "A", "--lesson", "first-step"],
        "no lesson 'first-step' in this course (did you mean 'first-steps'?)",
    ),
    (
        ["new", "flashcard", "basics", "--q", "Q?", "--a", "A", "--id", "what-is-a-lesson"],
        "flashcard id 'what-is-a-lesson' is already used",
    ),
    (["new", "flashcard", "basics", "--q", "", "--a", "A"], "--q: must not be empty"),
    (
        [
            "new",
            "scenario",
            "basics",
            "--title",
            "The late learner",
            "--task",
            "T",
            "--answer",
            "A",
            "--id",
            "the-late-learner",
        ],
        "scenario id 'the-late-learner' is already used",
    ),
    (
        ["new", "task", "basics", "--title", "T", "--id", "Bad Id"],
        "task id: 'Bad Id' is not a valid id (did you mean 'bad-id'?)",
    ),
    (["new", "task", "basics", "--title", "T", "--lesson", "nope"], "no lesson 'nope'"),
]


@pytest.mark.parametrize(
    ("args", "message"), BAD, ids=[f"{' '.join(a[:2])} {i}" for i, (a, _) in enumerate(BAD)]
)
def test_bad_requests_change_nothing(args: list[str], message: str, mini_course: Path) -> None:
    start = snapshot(mini_course)
    result = runner.invoke(app, [*args, "--course", str(mini_course)])
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert snapshot(mini_course) == start


def test_an_existing_lesson_file_is_never_overwritten(mini_course: Path) -> None:
    stray = mini_course / "lessons/basics/notes.md"
    stray.write_text("my notes\n")
    start = snapshot(mini_course)
    result = runner.invoke(
        app,
        [
            "new",
            "lesson",
            "basics",
            "notes",
            "--title",
            "N",
            "--time",
            "1h",
            "--course",
            str(mini_course),
        ],
    )
    assert result.exit_code == 1
    assert "lessons/basics/notes.md: already exists; coursekit never overwrites" in result.output
    assert snapshot(mini_course) == start


def test_a_broken_course_elsewhere_still_gets_the_new_lesson_and_exit_1(mini_course: Path) -> None:
    # An error in another module's lesson: the new lesson is written, the error reported.
    broken = mini_course / "lessons/practice/hands-on.md"
    broken.write_text(broken.read_text().replace("study_time: 90 min", "study_time: 90"))
    result = runner.invoke(
        app,
        [
            "new",
            "lesson",
            "basics",
            "extra",
            "--title",
            "Extra",
            "--time",
            "1h",
            "--course",
            str(mini_course),
        ],
    )
    assert result.exit_code == 1
    assert "✓ created lessons/basics/extra.md" in result.output
    assert "lessons/practice/hands-on.md:3: study_time: '90' has no unit" in result.output
    assert "the files were written as shown" in result.output
    assert "extra" in (mini_course / "curriculum/modules/basics.yml").read_text()


def test_yaml_syntax_error_in_the_file_to_edit_is_reported_with_its_line(mini_course: Path) -> None:
    path = mini_course / "curriculum/modules/basics.yml"
    path.write_text(path.read_text() + "oops: [unclosed\n")
    start = snapshot(mini_course)
    result = runner.invoke(
        app,
        [
            "new",
            "lesson",
            "basics",
            "x",
            "--title",
            "X",
            "--time",
            "1h",
            "--course",
            str(mini_course),
        ],
    )
    assert result.exit_code == 1
    assert "curriculum/modules/basics.yml:" in result.output
    assert "YAML syntax error" in result.output
    assert snapshot(mini_course) == start


def test_no_course_here(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["new", "lesson", "a", "b", "--title", "T", "--time", "1h", "--course", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "no course here" in result.output


def test_an_exercises_file_named_yaml_is_the_one_edited(mini_course: Path) -> None:
    (mini_course / "exercises/basics.yml").rename(mini_course / "exercises/basics.yaml")
    result = runner.invoke(
        app,
        [
            "new",
            "scenario",
            "basics",
            "--title",
            "Another",
            "--task",
            "T",
            "--answer",
            "A",
            "--course",
            str(mini_course),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "added scenario 'another' to exercises/basics.yaml" in result.output
    assert not (mini_course / "exercises/basics.yml").exists()
    assert [s.id for s in check_course(mini_course).course.module_index["basics"].scenarios] == [
        "the-late-learner",
        "follow-up",
        "another",
    ]


def test_default_ids_keep_accented_letters(mini_course: Path) -> None:
    result = runner.invoke(
        app,
        [
            "new",
            "scenario",
            "basics",
            "--title",
            "Übung: Café crème",
            "--task",
            "T",
            "--answer",
            "A",
            "--course",
            str(mini_course),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "scenario 'ubung-cafe-creme'" in result.output


def test_the_course_is_found_from_a_folder_inside_it(
    mini_course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(mini_course / "lessons" / "basics")
    result = runner.invoke(app, ["new", "lesson", "basics", "here", "--title", "H", "--time", "1h"])
    assert result.exit_code == 0, result.output
    assert (mini_course / "lessons/basics/here.md").is_file()


def test_new_lesson_mends_a_module_whose_lessons_were_left_empty(mini_course: Path) -> None:
    module = mini_course / "curriculum/modules/practice.yml"
    module.write_text(module.read_text().replace("lessons: [hands-on, wrap-up]", "lessons:"))
    for lesson in ("hands-on", "wrap-up"):
        (mini_course / f"lessons/practice/{lesson}.md").unlink()
    broken = runner.invoke(app, ["check", str(mini_course)])
    assert broken.exit_code == 1 and "practice.yml:6: lessons: a module lists" in broken.output
    result = runner.invoke(
        app,
        [
            "new",
            "lesson",
            "practice",
            "later",
            "--title",
            "Later",
            "--time",
            "1h",
            "--status",
            "planned",
            "--course",
            str(mini_course),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "lessons:\n  - later\n" in module.read_text()
    assert [x.id for x in check_course(mini_course).course.module_index["practice"].lessons] == [
        "later"
    ]


def test_new_module_starts_a_modules_list_left_empty(tmp_path: Path) -> None:
    course = tmp_path / "c"
    runner.invoke(app, ["init", str(course)])
    course_file = course / "curriculum/course.yml"
    course_file.write_text("id: c\ntitle: C\nmodules:   # none yet\n")
    broken = runner.invoke(app, ["check", str(course)])
    assert "course.yml:3: modules: a course lists at least one module" in broken.output
    result = runner.invoke(app, ["new", "module", "first", "--title", "First", "-c", str(course)])
    assert "added 'first' to curriculum/course.yml modules" in result.output
    assert course_file.read_text() == "id: c\ntitle: C\nmodules:   # none yet\n  - first\n"


def test_new_scenario_ids_agree_with_the_ids_the_loader_derives(mini_course: Path) -> None:
    exercises = mini_course / "exercises/basics.yml"
    exercises.write_text(
        exercises.read_text() + "  - title: Le café fermé\n    task: Why?\n    answer: Because.\n"
    )
    result = runner.invoke(
        app,
        [
            "new",
            "scenario",
            "basics",
            "--title",
            "Le cafe ferme",
            "--task",
            "T",
            "--answer",
            "A",
            "--course",
            str(mini_course),
        ],
    )
    assert result.exit_code == 0, result.output
    scenarios = check_course(mini_course).course.module_index["basics"].scenarios
    assert [s.id for s in scenarios][-2:] == ["le-cafe-ferme", "le-cafe-ferme-2"]
