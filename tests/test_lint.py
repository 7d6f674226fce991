"""The authoring lint rules: each one triggered, and each one quiet on a good course."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coursekit.checks import estimate as estimate_rule
from coursekit.checks import exercises as exercise_rules
from coursekit.checks import links, unused_files
from coursekit.checks.check import check_course
from coursekit.checks.estimate import estimate
from coursekit.cli import app
from coursekit.errors import Problem

runner = CliRunner()


def warnings_of(course: Path, rule: object) -> list[Problem]:
    loaded = check_course(course)
    return list(rule(loaded))  # type: ignore[operator]


def write_lesson(course: Path, module: str, lesson_id: str, front: str, body: str) -> None:
    path = course / "lessons" / module / f"{lesson_id}.md"
    path.write_text(f"---\n{front.strip()}\n---\n{body}")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


# --------------------------------------------------------------------------- broken links


def test_broken_links_are_reported_with_their_line(mini_course: Path) -> None:
    lesson = mini_course / "lessons/basics/first-steps.md"
    lesson.write_text(
        lesson.read_text()
        + "\nSee [the wrap-up](wrap-up.md) and [nothing](no-such-lesson.md#intro).\n"
        + "\n```markdown\n[not a link](inside-code.md)\n```\n"
        + "Inline `[code](x.md)` is not a link either.\n"
    )
    problems = warnings_of(mini_course, links.broken_links)
    assert [(p.path, p.line) for p in problems] == [
        ("lessons/basics/first-steps.md", 11),
        ("lessons/basics/first-steps.md", 11),
    ]
    wrap, nothing = (p.message for p in problems)
    assert wrap == (
        "broken link 'wrap-up.md': the site has no page basics/wrap-up.md "
        "(lesson 'wrap-up' is in module 'practice': link ../practice/wrap-up.md)"
    )
    assert nothing == (
        "broken link 'no-such-lesson.md': the site has no page basics/no-such-lesson.md"
    )
    assert all(p.severity == "warning" for p in problems)


def test_links_to_generated_pages_and_files_are_fine(mini_course: Path) -> None:
    (mini_course / "lessons/basics/appendix").mkdir()
    (mini_course / "lessons/basics/appendix/glossary.md").write_text("# Glossary\n")
    lesson = mini_course / "lessons/basics/first-steps.md"
    lesson.write_text(
        lesson.read_text()
        + "\n[next](second-steps.md) [other module](../practice/wrap-up.md#wrap-up)"
        + " [module](index.md) [exercises](exercises.md) [home](../index.md)"
        + " [timeline](../timeline.md) [plans](../study-plans.md) [glossary](appendix/glossary.md)"
        + " [web](https://example.org/page.md) [absolute](/x.md) [anchor](#first-steps)\n"
        + "[ref]: ../practice/hands-on.md\n"
    )
    assert warnings_of(mini_course, links.broken_links) == []


def test_links_in_notebook_lessons_are_checked(mini_course: Path) -> None:
    import nbformat
    from nbformat import v4

    notebook = v4.new_notebook(
        cells=[v4.new_markdown_cell("# Nb\n\n[gone](gone.md) and [ok](first-steps.md)", id="a")]
    )
    notebook.metadata["coursekit"] = {"title": "Nb", "study_time": "1h", "status": "draft"}
    nbformat.write(notebook, mini_course / "lessons/basics/nb.ipynb")
    replace(mini_course / "curriculum/modules/basics.yml", "second-steps]", "second-steps, nb]")
    problems = warnings_of(mini_course, links.broken_links)
    assert [(p.path, p.message.split(":")[0]) for p in problems] == [
        ("lessons/basics/nb.ipynb", "broken link 'gone.md'")
    ]
    assert problems[0].line is not None and problems[0].line > 1


def test_missing_images_and_files_are_broken_links_too(mini_course: Path) -> None:
    (mini_course / "lessons/basics/img").mkdir()
    (mini_course / "lessons/basics/img/there.png").write_bytes(b"png")
    lesson = mini_course / "lessons/basics/first-steps.md"
    lesson.write_text(
        lesson.read_text()
        + "\n![shown](img/there.png) ![gone](img/gone.png) [notes](files/notes.pdf)"
        + " [source](second-steps.ipynb) [folder](../practice/)\n"
    )
    problems = warnings_of(mini_course, links.broken_links)
    assert [p.message for p in problems] == [
        "broken link 'img/gone.png': the site has no file basics/img/gone.png "
        "(put the file at lessons/basics/img/gone.png)",
        "broken link 'files/notes.pdf': the site has no file basics/files/notes.pdf "
        "(put the file at lessons/basics/files/notes.pdf)",
        "broken link 'second-steps.ipynb': the site has no file basics/second-steps.ipynb "
        "(link second-steps.md)",
    ]


def test_links_in_admonitions_and_lists_are_checked_not_indented_code(mini_course: Path) -> None:
    lesson = mini_course / "lessons/basics/first-steps.md"
    lesson.write_text(
        lesson.read_text()
        + "\n!!! tip\n\n    See [the tip](tip-gone.md).\n"
        + "\n1. First\n\n    [in a list](list-gone.md)\n"
        + "\nA paragraph.\n\n    [indented code](code.md)\n"
    )
    problems = warnings_of(mini_course, links.broken_links)
    assert [p.message.split(":")[0] for p in problems] == [
        "broken link 'tip-gone.md'",
        "broken link 'list-gone.md'",
    ]


def check_warnings(course: Path, start: str) -> list[str]:
    """``path:line: message`` of the warnings ``coursekit check --json`` gives that start so."""
    result = runner.invoke(app, ["check", str(course), "--json"])
    assert result.exit_code == 0, result.output
    return [
        f"{p['path']}:{p['line']}: {p['message']}"
        for p in json.loads(result.stdout)["problems"]
        if p["message"].startswith(start)
    ]


def test_check_reports_links_to_anchors_no_heading_has(mini_course: Path) -> None:
    lesson = mini_course / "lessons/basics/first-steps.md"
    lesson.write_text(
        lesson.read_text()
        + "\n## Set up *your* tools\n\n## Set up your tools\n\n### Custom {#own-id}\n"
        + '\n```markdown\n## In code\n```\n\n<div id="html-id"></div>\n'
        + "\n[ok](#set-up-your-tools) [ok](#set-up-your-tools_1) [ok](#own-id) [ok](#html-id)"
        + " [ok](#first-steps) [ok](second-steps.md#second-steps) [ok](index.md#anything)\n"
        + "\n[same](#setup-your-tools) [code](#in-code) [other](second-steps.md#no-such)\n"
        + "[planned](../practice/wrap-up.md#summary) [gone](nowhere.md#x)\n"
    )
    second = mini_course / "lessons/basics/second-steps.md"
    second.write_text(second.read_text().replace("# Second steps\n", ""))  # title from YAML
    assert check_warnings(mini_course, "broken link") == [
        "lessons/basics/first-steps.md:25: broken link '#setup-your-tools': the page "
        "basics/first-steps.md has no heading or anchor 'setup-your-tools' "
        "(did you mean 'set-up-your-tools' or 'set-up-your-tools_1'?)",
        "lessons/basics/first-steps.md:25: broken link '#in-code': the page "
        "basics/first-steps.md has no heading or anchor 'in-code'",
        "lessons/basics/first-steps.md:25: broken link 'second-steps.md#no-such': the page "
        "basics/second-steps.md has no heading or anchor 'no-such'",
        "lessons/basics/first-steps.md:26: broken link '../practice/wrap-up.md#summary': the "
        "page practice/wrap-up.md has no heading or anchor 'summary'",
        "lessons/basics/first-steps.md:26: broken link 'nowhere.md': the site has no page "
        "basics/nowhere.md",
    ]


def test_check_reports_raw_html_images_and_links_that_lead_nowhere(mini_course: Path) -> None:
    (mini_course / "lessons/basics/img").mkdir()
    (mini_course / "lessons/basics/img/there.png").write_bytes(b"png")
    lesson = mini_course / "lessons/basics/first-steps.md"
    lesson.write_text(
        lesson.read_text()
        + '\n<img src="img/there.png" alt="ok"> <img alt="gone" src=\'img/gone.png\'>\n'
        + '\n<figure>\n    <img src="img/also-gone.png">\n</figure>\n'
        + '\nSee <a href="second-steps.md#nope">this</a>. `<img src="in-code.png">`\n'
        + '\n```html\n<img src="in-a-fence.png">\n```\n'
    )
    assert check_warnings(mini_course, "broken link") == [
        "lessons/basics/first-steps.md:11: broken link 'img/gone.png': the site has no file "
        "basics/img/gone.png (put the file at lessons/basics/img/gone.png)",
        "lessons/basics/first-steps.md:14: broken link 'img/also-gone.png': the site has no "
        "file basics/img/also-gone.png (put the file at lessons/basics/img/also-gone.png)",
        "lessons/basics/first-steps.md:17: broken link 'second-steps.md#nope': the page "
        "basics/second-steps.md has no heading or anchor 'nope'",
    ]


def test_check_counts_images_shown_by_raw_html_as_used(mini_course: Path) -> None:
    (mini_course / "lessons/basics/shown.png").write_bytes(b"png")
    (mini_course / "lessons/basics/unused.png").write_bytes(b"png")
    lesson = mini_course / "lessons/basics/first-steps.md"
    lesson.write_text(lesson.read_text() + '\n<p><img src="shown.png" width="200"></p>\n')
    assert check_warnings(mini_course, "not part of the course") == [
        "lessons/basics/unused.png:None: not part of the course: no module lists it "
        "and no lesson links to it"
    ]


# --------------------------------------------------------------------------- flashcards


def test_duplicate_flashcards_across_modules(mini_course: Path) -> None:
    (mini_course / "exercises/practice.yml").write_text(
        "flashcards:\n"
        "  - id: lesson-again\n"
        "    q: '  what is a *lesson*  '\n"
        "    a: The same card, reworded.\n"
    )
    problems = warnings_of(mini_course, exercise_rules.duplicate_flashcards)
    assert [str(p) for p in problems] == [
        "exercises/practice.yml:3: flashcards[0].q: card 'lesson-again' asks the same question "
        "as card 'what-is-a-lesson' (exercises/basics.yml:3); merge them or reword one"
    ]


def test_different_questions_are_not_duplicates(mini_course: Path) -> None:
    (mini_course / "exercises/practice.yml").write_text(
        "flashcards:\n  - q: What is a module?\n    a: A group of lessons.\n"
    )
    assert warnings_of(mini_course, exercise_rules.duplicate_flashcards) == []


# --------------------------------------------------------------------------- objectives


def test_objectives_no_exercise_refers_to(mini_course: Path) -> None:
    problems = warnings_of(mini_course, exercise_rules.objectives_without_exercises)
    # second-steps is ready, no exercise links it, and no card shares its words.
    assert [str(p) for p in problems] == [
        "lessons/basics/second-steps.md:4: objectives: no exercise refers to 'Take notes': "
        "add a flashcard or scenario with `lesson: second-steps` in exercises/basics.yml"
    ]


def test_objectives_quiet_when_linked_or_sharing_words(mini_course: Path) -> None:
    exercises = mini_course / "exercises/basics.yml"
    # A card about notes (shares 'notes'; a one-word objective needs one word).
    card = "  - q: Why take notes while studying?\n    a: To remember.\n"
    replace(exercises, "scenarios:", card + "scenarios:")
    assert warnings_of(mini_course, exercise_rules.objectives_without_exercises) == []
    words = exercise_rules.significant_words("Explain what MLOps is and which problem it solves")
    assert words == {
        "mlop",
        "problem",
        "solv",
    }


def test_objectives_ignore_draft_and_planned_lessons(mini_course: Path) -> None:
    # hands-on (draft) and wrap-up (planned) have objectives and no exercises.
    problems = warnings_of(mini_course, exercise_rules.objectives_without_exercises)
    assert {p.path for p in problems} == {"lessons/basics/second-steps.md"}


# --------------------------------------------------------------------------- estimates


def test_estimate_warns_when_declared_far_above_the_content(mini_course: Path) -> None:
    problems = warnings_of(mini_course, estimate_rule.study_time_estimate)
    assert [str(p) for p in problems] == [
        "lessons/basics/second-steps.md:3: study_time: declared 2–3 h, much more than the "
        "7–26 min its content suggests (42 words, 1 code block, 1 objective); check the "
        "time, or the lesson is missing (or has too much) content"
    ]


def test_estimate_warns_when_declared_far_below_the_content(mini_course: Path) -> None:
    body = "# Long\n\n" + ("word " * 3000) + "\n\n```python\nx = 1\n```\n" * 10
    write_lesson(
        mini_course,
        "basics",
        "first-steps",
        "title: Long\nstudy_time: 5m\nobjectives: [Read]",
        body,
    )
    problems = warnings_of(mini_course, estimate_rule.study_time_estimate)
    first = next(p for p in problems if p.path.endswith("first-steps.md"))
    assert first.message.startswith("declared 5 min, much less than the ")
    assert "3001 words, 10 code blocks, 1 objective, 1 linked exercise" in first.message


def test_estimate_quiet_for_honest_drafts_planned_and_short_hands_on(mini_course: Path) -> None:
    # A short lesson that asks for an hour at the keyboard: 3 objectives, 2 code blocks.
    write_lesson(
        mini_course,
        "basics",
        "second-steps",
        "title: Set up\nstudy_time: 1h\nobjectives: [Install Python, Create a venv, Run a script]",
        "# Set up\n\nInstall it.\n\n```bash\nuv venv\n```\n\n```bash\npython hello.py\n```\n",
    )
    # Drafts and planned lessons are never estimated (hands-on is a draft, wrap-up
    # planned); first-steps (1-2 h for 2 objectives and a card) is within a factor of 3.
    assert warnings_of(mini_course, estimate_rule.study_time_estimate) == []


def test_estimate_counts_words_code_and_exercises(mini_course: Path) -> None:
    course = check_course(mini_course).course
    guess = estimate(course.lesson("first-steps"), course)
    assert (guess.words, guess.code_blocks, guess.objectives, guess.exercises) == (12, 0, 2, 1)
    # 12 words, 2 objectives at 5-15 min, 1 card at 1 min.
    assert (guess.time.low, guess.time.high) == (11, 31)


# --------------------------------------------------------------------------- stray files


def test_files_nothing_uses(mini_course: Path) -> None:
    (mini_course / "lessons/basics/diagram.png").write_bytes(b"png")
    (mini_course / "lessons/basics/used.png").write_bytes(b"png")
    (mini_course / "lessons/stray.md").write_text("# at the top of lessons/\n")
    (mini_course / "exercises/notes.txt").write_text("ideas\n")
    (mini_course / "exercises/old").mkdir()
    (mini_course / "exercises/old/basics.yml").write_text("flashcards: []\n")
    (mini_course / "lessons/basics/.DS_Store").write_bytes(b"")
    lesson = mini_course / "lessons/basics/first-steps.md"
    lesson.write_text(lesson.read_text() + "\n![a diagram](used.png)\n")
    problems = warnings_of(mini_course, unused_files.unused_files)
    assert [(p.path, p.message.split(":")[0]) for p in problems] == [
        ("lessons/basics/diagram.png", "not part of the course"),
        ("lessons/stray.md", "not part of the course"),
        ("exercises/notes.txt", "not read by coursekit"),
        ("exercises/old/basics.yml", "not read by coursekit"),
    ]


def test_stray_files_the_loader_reports_are_not_repeated(mini_course: Path) -> None:
    (mini_course / "lessons/basics/unlisted.md").write_text("---\ntitle: U\nstudy_time: 1h\n---\n")
    (mini_course / "lessons/old-module").mkdir()
    (mini_course / "lessons/old-module/x.md").write_text("# old\n")
    loaded = check_course(mini_course)
    assert list(unused_files.unused_files(loaded)) == []
    messages = [str(w) for w in loaded.warnings]
    assert sum("unlisted.md" in m for m in messages) == 1
    assert sum("old-module" in m for m in messages) == 1


def test_images_linked_from_exercises_are_used(mini_course: Path) -> None:
    (mini_course / "lessons/basics/answer.png").write_bytes(b"png")
    replace(
        mini_course / "exercises/basics.yml",
        "Plan fewer hours per day.",
        "'Plan fewer hours per day: ![chart](answer.png)'",
    )
    assert warnings_of(mini_course, unused_files.unused_files) == []


# --------------------------------------------------------------------------- whole courses


def test_check_reports_the_rules_with_exit_0(mini_course: Path) -> None:
    result = runner.invoke(app, ["check", str(mini_course), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["valid"] is True
    assert {p["key"] for p in data["problems"]} == {"objectives", "study_time"}


@pytest.mark.parametrize(
    "rule",
    [
        links.broken_links,
        exercise_rules.duplicate_flashcards,
        exercise_rules.objectives_without_exercises,
        estimate_rule.study_time_estimate,
        unused_files.unused_files,
    ],
)
def test_quiet_on_the_example_course(example_course: Path, rule: object) -> None:
    assert [str(p) for p in warnings_of(example_course, rule)] == []
