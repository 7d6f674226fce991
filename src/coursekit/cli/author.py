"""Authoring commands: `coursekit init` and `coursekit new module|lesson|flashcard|...`.

Each command asks ``coursekit.authoring.scaffold`` to plan its changes (which
validates the request before anything is written), applies them, then checks the
course and reports, like `coursekit check` would.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from coursekit.cli.options import CourseFolderOpt, json_option
from coursekit.cli.output import console, print_json, print_problems

if TYPE_CHECKING:
    from coursekit.authoring.changeset import Changes
    from coursekit.errors import Problem

DryRunOpt = typer.Option(
    False, "--dry-run", "-n", help="Show what would be created and changed; write nothing."
)

DirectoryArg = typer.Argument(..., help="The folder of the new course (created if needed).")
ObjectiveOpt = typer.Option(
    None,
    "--objective",
    metavar="TEXT",
    help="What the learner will be able to do (repeatable).",
    show_default=False,
)
ModuleArg = typer.Argument(..., metavar="MODULE", help="The module id.")
PractisesOpt = typer.Option(
    None, "--lesson", metavar="LESSON", help="The lesson it practises.", show_default=False
)
new_app = typer.Typer(
    name="new",
    help="Add a module, lesson, flashcard, scenario or task, keeping your YAML's comments.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
# --------------------------------------------------------------------------- init


def init(
    directory: Path = DirectoryArg,
    title: str | None = typer.Option(
        None,
        "--title",
        "-t",
        metavar="TITLE",
        help="The course title (default: from the folder name).",
        show_default=False,
    ),
    course_id: str | None = typer.Option(
        None,
        "--id",
        metavar="ID",
        help="The course id (default: a slug of the folder name).",
        show_default=False,
    ),
    force: bool = typer.Option(
        False, "--force", help="Use a folder that is not empty (existing files are never replaced)."
    ),
    json: bool = json_option("the list of files"),
) -> None:
    """Create a new course that passes `coursekit check` and builds with MkDocs.

    Writes mkdocs.yml, curriculum/course.yml, one module with one lesson,
    its exercises and a README for the instructor.

    Examples:

      coursekit init my-course --title "Data Engineering Basics"

      cd my-course && mkdocs serve
    """
    from coursekit.authoring.changeset import apply_changes
    from coursekit.authoring.scaffold import plan_init

    changes = plan_init(directory, title=title, course_id=course_id, force=force)
    apply_changes(changes)
    report_changes(changes, json, dry_run=False)
    if not json:
        import shlex

        from coursekit.cli.output import plain

        # quoted as a shell needs it: `cd My Course 2!` cannot be pasted as it is
        console().print(
            f"\nNext: [bold]cd {plain(shlex.quote(str(directory)))}[/bold], "
            "then [bold]mkdocs serve[/bold] "
            "to see the site, and "
            "[bold]coursekit new lesson getting-started ID --title T --time 1h[/bold] "
            "to add a lesson."
        )


# --------------------------------------------------------------------------- new


@new_app.command("module")
def new_module(
    module_id: str = typer.Argument(..., metavar="ID", help="The module id (a slug)."),
    title: str = typer.Option(..., "--title", "-t", metavar="TITLE", help="The module title."),
    after: str | None = typer.Option(
        None,
        "--after",
        metavar="MODULE",
        help="Place it right after this module (default: last).",
        show_default=False,
    ),
    lesson: str | None = typer.Option(
        None,
        "--lesson",
        metavar="LESSON",
        help="Id of the starter lesson (default: ID-overview).",
        show_default=False,
    ),
    lesson_title: str | None = typer.Option(
        None,
        "--lesson-title",
        metavar="TITLE",
        help="Title of the starter lesson (default: 'Overview: TITLE').",
        show_default=False,
    ),
    time: str = typer.Option(
        "1h", "--time", metavar="TIME", help="Study time of the starter lesson."
    ),
    summary: str = typer.Option(
        "", "--summary", metavar="TEXT", help="One or two sentences for the home page."
    ),
    course: Path | None = CourseFolderOpt,
    dry_run: bool = DryRunOpt,
    json: bool = json_option("the list of files"),
) -> None:
    """Create curriculum/modules/ID.yml, list it in course.yml, and add a starter lesson.

    A module lists at least one lesson, so a draft starter lesson is created
    with it (rename or replace it later with `coursekit new lesson`).

    Examples:

      coursekit new module deployment --title "Deploying Models"

      coursekit new module testing --title Testing --after packaging \\
          --lesson why-test
    """
    from coursekit.authoring.scaffold import plan_module

    changes = plan_module(
        course,
        module_id,
        title,
        after=after,
        lesson_id=lesson,
        lesson_title=lesson_title,
        study_time=time,
        summary=summary,
    )
    apply_and_report(changes, json, dry_run)


@new_app.command("lesson")
def new_lesson(
    module: str = ModuleArg,
    lesson_id: str = typer.Argument(..., metavar="ID", help="The lesson id (a slug)."),
    title: str = typer.Option(..., "--title", "-t", metavar="TITLE", help="The lesson title."),
    time: str = typer.Option(
        ..., "--time", metavar="TIME", help="Study time: 45m, 1.5h, 2-3h, 30-60 min."
    ),
    after: str | None = typer.Option(
        None,
        "--after",
        metavar="LESSON",
        help="Place it right after this lesson (default: last in the module).",
        show_default=False,
    ),
    status: str = typer.Option(
        "draft", "--status", metavar="STATUS", help="ready, draft or planned (no body)."
    ),
    notebook: bool = typer.Option(False, "--notebook", help="Create a Jupyter notebook lesson."),
    objective: list[str] | None = ObjectiveOpt,
    course: Path | None = CourseFolderOpt,
    dry_run: bool = DryRunOpt,
    json: bool = json_option("the list of files"),
) -> None:
    """Create lessons/MODULE/ID.md (or .ipynb) and list it in the module's lessons.

    Examples:

      coursekit new lesson foundations what-is-mlops --title "What is MLOps?" \\
          --time 1-2h

      coursekit new lesson foundations tools --title Tools --time 45m \\
          --after what-is-mlops

      coursekit new lesson setup first-notebook --title "A first notebook" \\
          --time 1h --notebook
    """
    from coursekit.authoring.scaffold import plan_lesson

    changes = plan_lesson(
        course,
        module,
        lesson_id,
        title,
        time,
        after=after,
        status=status,
        notebook=notebook,
        objectives=tuple(objective or ()),
    )
    apply_and_report(changes, json, dry_run)


@new_app.command("flashcard")
def new_flashcard(
    module: str = ModuleArg,
    question: str = typer.Option(..., "--q", metavar="TEXT", help="The question."),
    answer: str = typer.Option(..., "--a", metavar="TEXT", help="The answer (Markdown)."),
    lesson: str | None = PractisesOpt,
    card_id: str | None = typer.Option(
        None,
        "--id",
        metavar="ID",
        help="The card id (default: from the question).",
        show_default=False,
    ),
    course: Path | None = CourseFolderOpt,
    dry_run: bool = DryRunOpt,
    json: bool = json_option("the list of files"),
) -> None:
    """Append a flashcard to exercises/MODULE.yml (created if missing).

    The card's id is written into the file, so rewording the question later
    keeps every learner's review history.

    Examples:

      coursekit new flashcard foundations --q "What is drift?" \\
          --a "A change in the data." --lesson what-is-mlops
    """
    from coursekit.authoring.scaffold import plan_flashcard

    changes = plan_flashcard(course, module, question, answer, lesson=lesson, card_id=card_id)
    apply_and_report(changes, json, dry_run)


@new_app.command("scenario")
def new_scenario(
    module: str = ModuleArg,
    title: str = typer.Option(..., "--title", "-t", metavar="TITLE", help="The scenario title."),
    task: str = typer.Option(..., "--task", metavar="TEXT", help="What the learner must do."),
    answer: str = typer.Option(..., "--answer", metavar="TEXT", help="A model answer (Markdown)."),
    situation: str = typer.Option(
        "", "--situation", metavar="TEXT", help="The situation (optional)."
    ),
    lesson: str | None = PractisesOpt,
    scenario_id: str | None = typer.Option(
        None,
        "--id",
        metavar="ID",
        help="The scenario id (default: from the title).",
        show_default=False,
    ),
    course: Path | None = CourseFolderOpt,
    dry_run: bool = DryRunOpt,
    json: bool = json_option("the list of files"),
) -> None:
    """Append a scenario to exercises/MODULE.yml (created if missing).

    Examples:

      coursekit new scenario foundations --title "The broken startup" \\
          --situation "Model files travel by email." --task "Name three risks." \\
          --answer "No versioning, no tests, no monitoring."
    """
    from coursekit.authoring.scaffold import plan_scenario

    changes = plan_scenario(
        course,
        module,
        title,
        task,
        answer,
        situation=situation,
        lesson=lesson,
        scenario_id=scenario_id,
    )
    apply_and_report(changes, json, dry_run)


@new_app.command("task")
def new_task(
    module: str = ModuleArg,
    title: str = typer.Option(..., "--title", "-t", metavar="TITLE", help="The task title."),
    instructions: str = typer.Option(
        "", "--instructions", metavar="TEXT", help="What to build or do (Markdown)."
    ),
    lesson: str | None = PractisesOpt,
    task_id: str | None = typer.Option(
        None,
        "--id",
        metavar="ID",
        help="The task id (default: from the title).",
        show_default=False,
    ),
    course: Path | None = CourseFolderOpt,
    dry_run: bool = DryRunOpt,
    json: bool = json_option("the list of files"),
) -> None:
    """Append a hands-on task to exercises/MODULE.yml (created if missing).

    Practice notebooks give each task a code cell to work in.

    Examples:

      coursekit new task foundations --title "Run the lifecycle script" \\
          --instructions "Run it twice and compare the metrics." \\
          --lesson ml-system-lifecycle
    """
    from coursekit.authoring.scaffold import plan_task

    changes = plan_task(
        course, module, title, instructions=instructions, lesson=lesson, task_id=task_id
    )
    apply_and_report(changes, json, dry_run)


# --------------------------------------------------------------------------- reporting


def apply_and_report(
    changes: Changes,
    json: bool,
    dry_run: bool,
    *,
    before: list[Problem] | None = None,
    because: str = "this change",
) -> None:
    from coursekit.authoring.changeset import apply_changes

    if not dry_run:
        apply_changes(changes)
    report_changes(changes, json, dry_run, before=before, because=because)


def course_problems(root: Path) -> list[Problem]:
    """What ``coursekit check`` finds in the course now (its warnings; every problem
    when it has errors): a command that writes reads this before it writes, so that
    :func:`report_changes` can tell the warnings it caused from those already there."""
    from coursekit.checks.check import check_course
    from coursekit.errors import CourseError

    try:
        return list(check_course(root).warnings)
    except CourseError as exc:
        return list(exc.problems)


def report_changes(
    changes: Changes,
    json: bool,
    dry_run: bool,
    *,
    before: list[Problem] | None = None,
    because: str = "this change",
) -> None:
    """Say what was written, then check the course: errors exit 1, warnings are shown.

    Warnings in the files written are the change's own. Given ``before`` (the course's
    problems before the write, :func:`course_problems`), a warning elsewhere that was
    not there before also follows from the change (say, a module's study_time that no
    longer matches its lessons' new times): it is shown, said to follow from
    ``because``, and only the warnings that were there before are "other"."""
    from coursekit.checks.check import check_course
    from coursekit.errors import CourseError

    if dry_run:
        show_changes(changes, json)
        return
    try:
        loaded = check_course(changes.root)
        problems, valid = loaded.warnings, True
    except CourseError as exc:
        problems, valid = exc.problems, False
    touched = {f.path for f in changes.files}
    mine = [p for p in problems if p.severity == "error" or p.path in touched]
    rest = [p for p in problems if p not in mine]
    caused: list[Problem] = []
    if before is not None:
        # a warning on the same key of the same file was there before (its figures
        # may have moved); any other is new
        there = {(p.path, p.key) for p in before}
        caused = [p for p in rest if (p.path, p.key) not in there]
        rest = [p for p in rest if p not in caused]
    others = len(rest)
    if json:
        print_json(
            {
                "created": changes.created,
                "changed": changes.changed,
                "valid": valid,
                "problems": [p.as_dict() for p in problems],
            }
        )
    else:
        from coursekit.cli.output import plain

        out = console()
        for change in changes.files:  # paths are the user's text, never markup
            out.print(f"[green]✓[/green] {plain(change.summary)}")
        print_problems(mine)
        if caused:
            files = sorted({p.path for p in caused})
            n = len(caused)
            out.print(
                f"{n} warning{'s' if n != 1 else ''} follow{'s' if n == 1 else ''} from "
                f"{plain(because)}, in {plain(', '.join(files))}:"
            )
            print_problems(caused)
        if others:
            warnings = "warning" if others == 1 else "warnings"
            already = " already there before" if before is not None else ""
            out.print(f"({others} other {warnings} in the course{already}: see `coursekit check`)")
    if not valid:
        if not json:
            console(stderr=True).print(
                "[red]The course has errors (above)[/red]; the files were written as shown."
            )
        raise typer.Exit(1)


def show_changes(changes: Changes, json: bool) -> None:
    import difflib

    if json:
        print_json({"dry_run": True, "created": changes.created, "changed": changes.changed})
        return
    out = console()
    for change in changes.files:
        verb, _, rest = change.summary.partition(" ")
        future = {"created": "would create", "added": "would add"}.get(verb, verb)
        out.print(f"{future} {rest}", markup=False)
        if change.before is not None:
            diff = difflib.unified_diff(
                change.before.splitlines(keepends=True),
                change.text.splitlines(keepends=True),
                f"a/{change.path}",
                f"b/{change.path}",
            )
            out.print("".join(diff), markup=False, highlight=False, end="")
    out.print("(dry run: nothing was written)")


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.add_typer(new_app)
    from coursekit.cli import export  # `coursekit export notebooks`

    export.register(app)
