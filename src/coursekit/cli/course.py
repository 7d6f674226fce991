"""`coursekit check` and `coursekit info`: is the course valid, and what is in it."""

from __future__ import annotations

from pathlib import Path

import typer

from coursekit.cli.options import PathArg, json_option
from coursekit.cli.output import console, load, print_json, print_problems
from coursekit.model import Module


def check(path: Path | None = PathArg, json: bool = json_option("the problem lines")) -> None:
    """Validate the course: every problem as [bold]file:line: key: message[/bold].

    Also reads mkdocs.yml and renders the pages in memory with the course's own
    templates/, so a template or settings error that would stop `coursekit build`
    fails here too. Exits 0 when the course is valid (warnings allowed), 1 when it
    has errors.

    Examples:

      coursekit check                  # the course in this folder or above

      coursekit check path/to/course --json
    """
    from coursekit.checks.check import check_course
    from coursekit.cli.output import plain
    from coursekit.errors import CourseError

    try:
        loaded = check_course(path)
    except CourseError as exc:
        if json:
            print_json({"valid": False, "problems": [p.as_dict() for p in exc.problems]})
            raise typer.Exit(1) from None
        raise
    course = loaded.course
    if json:
        print_json(
            {"valid": True, "course": course.id, "problems": [p.as_dict() for p in loaded.warnings]}
        )
        return
    print_problems(loaded.warnings)
    lessons = sum(len(m.lessons) for m in course.modules)
    warn = f", {_count(len(loaded.warnings), 'warning')}" if loaded.warnings else ""
    console().print(
        f"[green]✓[/green] {plain(course.title)}: {_count(len(course.modules), 'module')}, "
        f"{_count(lessons, 'lesson')}, {course.study_time} of study{warn}"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def info(path: Path | None = PathArg, json: bool = json_option("the table")) -> None:
    """Show the modules with their lesson counts and study-time ranges, and the total.

    Examples:

      coursekit info

      coursekit info --json | jq '.modules[].study_time'
    """
    loaded = load(path, warnings=not json)
    course = loaded.course
    if json:
        print_json(
            {
                "id": course.id,
                "title": course.title,
                "study_time": course.study_time.as_list(),
                "study_time_text": str(course.study_time),
                "lessons": sum(len(m.lessons) for m in course.modules),
                "modules": [
                    {
                        "id": m.id,
                        "title": m.title,
                        "lessons": len(m.lessons),
                        # what a learner can study now (ready and draft), as the site counts
                        "ready": len(m.available_lessons),
                        "flashcards": len(m.flashcards),
                        "scenarios": len(m.scenarios),
                        "tasks": len(m.tasks),
                        "study_time": m.study_time.as_list(),
                        "study_time_text": str(m.study_time),
                    }
                    for m in course.modules
                ],
            }
        )
        return
    from rich.table import Table

    from coursekit.cli.output import plain

    out = console()

    def span(time: object) -> str:
        # A narrow terminal gets each end of a long range on its own line, never a
        # range broken inside "137 h 45 min".
        text = str(time)
        return text.replace(" – ", " –\n") if out.width < 100 else text

    # Titles are the instructor's text, never markup: "[draft]" must show as written.
    table = Table(title=plain(course.title), title_justify="left", show_footer=True)
    table.add_column("#", justify="right", footer="")
    # The titles are what the reader came for: they keep room in a narrow terminal.
    table.add_column("Module", footer="Total", min_width=24, ratio=1)
    table.add_column(
        "Lessons", justify="right", footer=str(sum(len(m.lessons) for m in course.modules))
    )

    # "Ready" as the site's pages count it: the lessons a learner can study now (ready
    # and draft, docs/format.md); "Exercises": flashcards, scenarios and tasks alike.
    def exercises(m: Module) -> int:
        return len(m.flashcards) + len(m.scenarios) + len(m.tasks)

    table.add_column(
        "Ready",
        justify="right",
        footer=str(sum(len(m.available_lessons) for m in course.modules)),
    )
    table.add_column(
        "Exercises", justify="right", footer=str(sum(exercises(m) for m in course.modules))
    )
    table.add_column("Study time", justify="right", footer=span(course.study_time))
    for number, m in enumerate(course.modules, start=1):
        table.add_row(
            str(number),
            plain(m.title),
            str(len(m.lessons)),
            str(len(m.available_lessons)),
            str(exercises(m)),
            span(m.study_time),
        )
    out.print(table)


def register(app: typer.Typer) -> None:
    app.command()(check)
    app.command()(info)
