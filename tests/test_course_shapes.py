"""Valid courses written in less common ways load the same as the plain ones."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from coursekit.checks.check import check_course
from coursekit.cli import app
from coursekit.course.loader import load_course
from coursekit.site.render import render_site

runner = CliRunner()


def test_merge_keys_may_override_what_they_bring_in(mini_course: Path) -> None:
    course_file = mini_course / "curriculum/course.yml"
    course_file.write_text(
        course_file.read_text(encoding="utf-8") + "paces:\n"
        "  base: &base {hours_per_day: 1h, study_days: &days [mon, tue]}\n"
        "  longer:\n"
        "    <<: *base\n"
        "    hours_per_day: 2h\n"
        "  same-days:\n"
        "    <<: *base\n"
        "    study_days: *days\n",
        encoding="utf-8",
    )
    paces = load_course(mini_course).course.paces
    assert str(paces["longer"].hours_per_day) == "2 h"
    assert paces["longer"].study_days == (0, 1)
    assert str(paces["same-days"].hours_per_day) == "1 h"


def test_a_key_written_twice_next_to_a_merge_key_is_still_an_error(mini_course: Path) -> None:
    course_file = mini_course / "curriculum/course.yml"
    course_file.write_text(
        course_file.read_text(encoding="utf-8") + "paces:\n"
        "  base: &base {hours_per_day: 1h, study_days: [mon]}\n"
        "  twice:\n"
        "    <<: *base\n"
        "    hours_per_day: 2h\n"
        "    hours_per_day: 3h\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(mini_course)])
    assert result.exit_code == 1
    assert "curriculum/course.yml:14: YAML syntax error: duplicate key 'hours_per_day'" in (
        result.output
    )


def test_windows_line_endings_and_a_byte_order_mark(mini_course: Path) -> None:
    lesson = mini_course / "lessons/basics/first-steps.md"
    text = lesson.read_text(encoding="utf-8").replace("outcome:", "outcom:")
    lesson.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    result = runner.invoke(app, ["check", str(mini_course)])
    assert result.exit_code == 1
    assert "lessons/basics/first-steps.md:5: outcom: unknown key 'outcom'" in result.output
    lesson.write_bytes(lesson.read_bytes().replace(b"outcom:", b"outcome:"))
    loaded = load_course(mini_course)
    first = loaded.course.lesson("first-steps")
    assert first.outcome == "You can find your way around."
    assert first.body.startswith("# First steps")


def test_an_optional_key_left_empty_is_the_same_as_leaving_it_out(mini_course: Path) -> None:
    (mini_course / "curriculum/course.yml").write_text(
        "id: mini\ntitle: Mini\ndescription:\nlevel:\nmodules: [basics, practice]\n"
        "skills:\npaces:\nstart:\nreview:\n",
        encoding="utf-8",
    )
    module = mini_course / "curriculum/modules/basics.yml"
    module.write_text(
        "title: Basics\nsummary:\nlearn:\nbuild:\nlessons: [first-steps, second-steps]\n"
        "study_time:\nreflection:\n",
        encoding="utf-8",
    )
    (mini_course / "exercises/basics.yml").write_text(
        "flashcards:\nscenarios:\ntasks:\n", encoding="utf-8"
    )
    course = load_course(mini_course).course
    basics = course.module_index["basics"]
    assert (basics.learn, basics.declared_study_time, basics.flashcards) == ((), None, ())
    assert course.description == "" and course.start is None


def test_an_empty_title_is_still_an_error(mini_course: Path) -> None:
    module = mini_course / "curriculum/modules/basics.yml"
    module.write_text(
        module.read_text(encoding="utf-8").replace("title: Basics", "title:"), encoding="utf-8"
    )
    result = runner.invoke(app, ["check", str(mini_course)])
    assert result.exit_code == 1
    assert "curriculum/modules/basics.yml:2: title: must not be empty" in result.output


def test_check_finds_the_course_from_a_subfolder_or_a_file(mini_course: Path) -> None:
    for start in ("lessons/basics", "curriculum/course.yml", "lessons/basics/first-steps.md"):
        result = runner.invoke(app, ["check", str(mini_course / start)])
        assert result.exit_code == 0, result.output
        assert "Mini Course: 2 modules, 4 lessons" in result.output
    missing = mini_course / "no-such-file.yml"
    result = runner.invoke(app, ["check", str(missing)])
    assert result.exit_code == 1
    assert f"{missing}: no such file or folder" in result.output


def test_info_json_adds_up(mini_course: Path) -> None:
    data = json.loads(runner.invoke(app, ["info", str(mini_course), "--json"]).stdout)
    low = sum(m["study_time"][0] for m in data["modules"])
    high = sum(m["study_time"][1] for m in data["modules"])
    assert data["study_time"] == [low, high]
    assert data["lessons"] == sum(m["lessons"] for m in data["modules"])
    basics = data["modules"][0]
    assert (basics["flashcards"], basics["scenarios"], basics["tasks"]) == (2, 2, 0)


def test_info_counts_ready_lessons_as_the_site_does_and_tasks_as_exercises(
    mini_course: Path,
) -> None:
    (mini_course / "exercises/practice.yml").write_text(
        "tasks:\n  - title: Build it\n    instructions: Build the project.\n"
    )
    data = json.loads(runner.invoke(app, ["info", str(mini_course), "--json"]).stdout)
    practice = data["modules"][1]
    assert (practice["lessons"], practice["ready"], practice["tasks"]) == (2, 1, 1)  # a draft
    result = runner.invoke(app, ["info", str(mini_course)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    row = next(x for x in result.output.splitlines() if "Practice" in x)
    cells = [c.strip() for c in row.strip("│ ").split("│")]
    assert cells[2:5] == ["2", "1", "1"], result.output  # lessons, ready, exercises
    # the site's home page says the same "ready" for the whole course
    loaded = check_course(mini_course)
    home = render_site(loaded.course, loaded.root / "templates")["index.md"]
    total = sum(m["ready"] for m in data["modules"])
    assert f"__{total}__ lessons ready" in home


def test_a_course_yaml_file_is_named_not_ignored(mini_course: Path) -> None:
    course_file = mini_course / "curriculum/course.yml"
    course_file.rename(course_file.with_suffix(".yaml"))
    result = runner.invoke(app, ["check", str(mini_course / "lessons")])
    assert result.exit_code == 1
    assert f"found curriculum/course.yaml in {mini_course}: rename it to course.yml" in (
        result.output
    )


def test_titles_and_folders_that_look_like_markup_print_as_written(tmp_path: Path) -> None:
    course = tmp_path / "odd[/x]folder"
    result = runner.invoke(app, ["init", str(course), "--title", "Closing [/x] and [bold]"])
    assert result.exit_code == 0, result.output
    assert f"cd '{course}'," in result.output  # quoted for a shell: `[` is a pattern there
    result = runner.invoke(app, ["new", "module", "m", "--title", "Mod [/y]", "-c", str(course)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["check", str(course)])
    assert result.exit_code == 0, result.output
    assert "✓ Closing [/x] and [bold]: 2 modules, 2 lessons" in result.output
    result = runner.invoke(app, ["info", str(course)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "Closing [/x] and [bold]" in result.output and "Mod [/y]" in result.output
    out = tmp_path / "notebooks[/z]"
    result = runner.invoke(app, ["export", "notebooks", str(course), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"✓ {out}/m.ipynb" in result.output
