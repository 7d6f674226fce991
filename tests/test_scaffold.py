"""`coursekit init`: a new course that checks clean and builds strictly, then grows
with `coursekit new` as an instructor would, and still builds strictly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from coursekit.authoring.changeset import Changes, apply_changes
from coursekit.checks.check import check_course
from coursekit.cli import app
from coursekit.errors import CourseError

runner = CliRunner()
REPO = Path(__file__).parent.parent


def mkdocs_build(folder: Path) -> subprocess.CompletedProcess[str]:
    """A real, strict MkDocs build of ``folder``."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output


def test_init_writes_a_course_that_checks_clean(tmp_path: Path) -> None:
    target = tmp_path / "data-basics"
    output = invoke("init", str(target), "--title", 'Data: "The" Basics')
    assert "✓ created mkdocs.yml" in output
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == [
        ".gitignore",
        "README.md",
        "curriculum/course.yml",
        "curriculum/modules/getting-started.yml",
        "exercises/getting-started.yml",
        "lessons/getting-started/welcome.md",
        "mkdocs.yml",
    ]
    loaded = check_course(target)
    assert loaded.warnings == []
    course = loaded.course
    assert (course.id, course.title) == ("data-basics", 'Data: "The" Basics')
    # the theme inserts the site name into HTML as it is: the quotes must not end an attribute
    site_name = yaml.safe_load((target / "mkdocs.yml").read_text())["site_name"]
    assert site_name == "Data: &quot;The&quot; Basics"
    assert '# Data: "The" Basics' in (target / "README.md").read_text()
    result = runner.invoke(app, ["check", str(target)])
    assert result.exit_code == 0 and "warning" not in result.output


def test_init_hints_a_cd_that_a_shell_can_paste(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    output = invoke("init", "My Course 2!")
    assert "Next: cd 'My Course 2!', then" in " ".join(output.split())


def test_the_welcome_lessons_plan_command_works_on_any_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re
    from datetime import date

    from icalendar import Calendar

    target = tmp_path / "course"
    invoke("init", str(target), "--title", "Data Basics")
    welcome = (target / "lessons/getting-started/welcome.md").read_text()
    (command,) = re.findall(r"^coursekit plan .*$", welcome, re.MULTILINE)
    monkeypatch.chdir(target)
    invoke(*command.split()[1:])
    calendar = Calendar.from_ical((target / "plan.ics").read_bytes())
    starts = [e.decoded("dtstart") for e in calendar.walk("VEVENT")]
    first = min(d if isinstance(d, date) else d.date() for d in starts)
    assert date.today() <= first  # a plan from a date already past is no example


def test_init_mkdocs_yml_follows_the_example_courses_site_settings(tmp_path: Path) -> None:
    invoke("init", str(tmp_path / "c"))
    mine = yaml.safe_load((tmp_path / "c" / "mkdocs.yml").read_text())
    example = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    # When the example's site settings change, src/coursekit/scaffold/course/mkdocs.yml
    # should follow, so new courses start with the same site.
    for key in ("docs_dir", "markdown_extensions", "plugins", "theme"):
        assert mine[key] == example[key], f"{key} differs from the example's mkdocs.yml"


@pytest.mark.slow  # a real mkdocs build
def test_init_builds_with_mkdocs_strict(tmp_path: Path) -> None:
    target = tmp_path / "course"
    invoke("init", str(target), "--title", 'Study <script>Skills</script> & "More"')
    build = mkdocs_build(target)
    assert build.returncode == 0, build.stderr
    home = (target / "site/index.html").read_text()
    assert "Study &lt;script&gt;Skills" in home  # the header's site name, as written
    assert "<script>Skills" not in home and 'aria-label="Study &lt;script&gt;' in home
    lesson = (target / "site/getting-started/welcome/index.html").read_text()
    assert "How This Course Works" in lesson
    exercises = (target / "site/getting-started/exercises/index.html").read_text()
    assert "<details" in exercises and "Why is a lesson" in exercises


@pytest.mark.slow  # a real mkdocs build
def test_a_course_grown_with_new_commands_still_builds_strict(tmp_path: Path) -> None:
    target = tmp_path / "grown"
    invoke("init", str(target), "--title", "Grown")
    c = ("--course", str(target))
    invoke("new", "module", "deployment", "--title", "Deploying Models", *c)
    invoke(
        "new",
        "module",
        "basics",
        "--title",
        "Basics",
        "--after",
        "getting-started",
        "--lesson",
        "first-principles",
        *c,
    )
    invoke("new", "lesson", "deployment", "serving", "--title", "Serving", "--time", "1-2h", *c)
    invoke(
        "new",
        "lesson",
        "deployment",
        "batch",
        "--title",
        "Batch scoring",
        "--time",
        "45m",
        "--after",
        "deployment-overview",
        *c,
    )
    invoke(
        "new",
        "lesson",
        "deployment",
        "first-api",
        "--title",
        "A first API",
        "--time",
        "2h",
        "--notebook",
        *c,
    )
    invoke(
        "new",
        "lesson",
        "deployment",
        "later",
        "--title",
        "Later",
        "--time",
        "1h",
        "--status",
        "planned",
        *c,
    )
    invoke(
        "new",
        "flashcard",
        "deployment",
        "--q",
        "What is online serving?",
        "--a",
        "Answering requests one by one.",
        "--lesson",
        "serving",
        *c,
    )
    invoke(
        "new",
        "flashcard",
        "getting-started",
        "--q",
        "What is a pace?",
        "--a",
        "Hours per day on given weekdays.",
        *c,
    )
    invoke(
        "new",
        "scenario",
        "deployment",
        "--title",
        "The slow endpoint",
        "--situation",
        "Predictions take four seconds.",
        "--task",
        "Where do you look first?",
        "--answer",
        "Measure first:\n\n1. model load\n2. feature lookups",
        *c,
    )

    loaded = check_course(target)
    assert loaded.warnings == []
    course = loaded.course
    assert [m.id for m in course.modules] == ["getting-started", "basics", "deployment"]
    assert [x.id for x in course.module_index["deployment"].lessons] == [
        "deployment-overview",
        "batch",
        "serving",
        "first-api",
        "later",
    ]
    course_yml = (target / "curriculum/course.yml").read_text()
    assert "# the course order; `coursekit new module ID --title T` adds one" in course_yml
    assert "#   moderate:  {hours_per_day: 1-2h" in course_yml

    build = mkdocs_build(target)
    assert build.returncode == 0, build.stderr
    assert (target / "site/deployment/first-api/index.html").is_file()
    assert "The slow endpoint" in (target / "site/deployment/exercises/index.html").read_text()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert "the folder is not empty" in result.output and "--force" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]

    invoke("init", str(tmp_path), "--force")
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert check_course(tmp_path).course.id


def test_init_force_never_overwrites_and_then_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\n")
    result = runner.invoke(app, ["init", str(tmp_path), "--force"])
    assert result.exit_code == 1
    assert "mkdocs.yml: already exists; coursekit never overwrites" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["mkdocs.yml"]
    assert (tmp_path / "mkdocs.yml").read_text() == "site_name: Mine\n"


def test_init_force_keeps_a_repositorys_own_readme_and_gitignore(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# My repository\n")
    (tmp_path / ".gitignore").write_text("*.pyc\n")
    invoke("init", str(tmp_path), "--force")
    assert (tmp_path / "README.md").read_text() == "# My repository\n"
    assert (tmp_path / ".gitignore").read_text() == "*.pyc\n"
    assert check_course(tmp_path).course.id


def test_init_on_an_existing_course_says_so_once(tmp_path: Path) -> None:
    invoke("init", str(tmp_path / "c"))
    result = runner.invoke(app, ["init", str(tmp_path / "c"), "--force"])
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if line.startswith("error:")] == [
        f"error: {tmp_path / 'c'}: already holds a course (curriculum/course.yml); grow it with "
        "`coursekit new module|lesson|flashcard|scenario|task`"
    ]


def test_init_rejects_a_bad_id_and_a_file_as_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "x"), "--id", "Not A Slug"])
    assert result.exit_code == 1
    assert "--id: 'Not A Slug' is not a valid id (did you mean 'not-a-slug'?)" in result.output
    assert not (tmp_path / "x").exists()
    (tmp_path / "file").write_text("")
    result = runner.invoke(app, ["init", str(tmp_path / "file")])
    assert result.exit_code == 1 and "exists and is not a folder" in result.output


def test_apply_changes_is_all_or_nothing(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file where a folder is needed")
    changes = Changes(tmp_path)
    changes.add("a/first.md", "one\n", "created a/first.md")
    changes.add("edited.yml", "new\n", "changed edited.yml", before="old\n")
    changes.add("blocker/second.md", "two\n", "created blocker/second.md")
    (tmp_path / "edited.yml").write_text("old\n")
    with pytest.raises(CourseError, match="cannot write"):
        apply_changes(changes)
    assert not (tmp_path / "a").exists()
    assert (tmp_path / "edited.yml").read_text() == "old\n"


def test_apply_changes_refuses_a_file_edited_since_the_plan(tmp_path: Path) -> None:
    (tmp_path / "m.yml").write_text("edited meanwhile\n")
    changes = Changes(tmp_path)
    changes.add("new.md", "x\n", "created new.md")
    changes.add("m.yml", "planned\n", "changed m.yml", before="original\n")
    with pytest.raises(CourseError, match="changed while coursekit was editing it"):
        apply_changes(changes)
    assert not (tmp_path / "new.md").exists()
    assert (tmp_path / "m.yml").read_text() == "edited meanwhile\n"


def test_windows_line_endings_survive_an_edit(mini_course: Path) -> None:
    path = mini_course / "curriculum/modules/basics.yml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    invoke(
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
    )
    data = path.read_bytes()
    assert b"lessons: [first-steps, second-steps, extra]\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")
