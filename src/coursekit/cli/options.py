"""The options and arguments that several commands share, defined once.

One style throughout: metavars in capitals (``DATE``, ``FILE``), a short option
means the same everywhere (``-c`` the course, ``-o`` the output, ``-t`` a title,
``-m`` a module, ``-p`` a pace, ``-l`` the learner, ``-n`` a dry run), and ``--json``
says what it replaces.
"""

from __future__ import annotations

from typing import Any

import typer

from coursekit.inputs import date_words

COURSE_FOLDER_HELP = "The course folder (default: the nearest folder with curriculum/course.yml)."

PathArg = typer.Argument(None, metavar="[PATH]", help=COURSE_FOLDER_HELP, show_default=False)

CourseFolderOpt = typer.Option(
    None, "--course", "-c", metavar="DIR", help=COURSE_FOLDER_HELP, show_default=False
)

CourseOpt = typer.Option(
    None,
    "--course",
    "-c",
    metavar="PATH|URL",
    help="The course: its folder, a saved course.json, or its published site's URL "
    "(default: the course folder here or above, or $COURSEKIT_COURSE).",
    show_default=False,
)
DbOpt = typer.Option(
    None,
    "--db",
    metavar="FILE",
    help="The progress database (default: $COURSEKIT_DB, else progress.db in your data folder).",
    show_default=False,
)
LearnerOpt = typer.Option(
    None,
    "--learner",
    "-l",
    metavar="NAME",
    help="Whose progress (default: $COURSEKIT_LEARNER, else your user name).",
    show_default=False,
)
TodayOpt = typer.Option(
    None, "--today", metavar="DATE", hidden=True, help="Pretend today is this date."
)
OnOpt = typer.Option(
    None,
    "--on",
    metavar="DATE",
    help=f"The day it happened (default: today): {date_words('past')}.",
    show_default=False,
)
OutOpt = typer.Option(
    None,
    "--out",
    "-o",
    metavar="FILE",
    help="Write to this file (default: print it).",
    show_default=False,
)


def json_option(replaces: str) -> Any:
    """``--json``, saying what it prints instead of."""
    return typer.Option(False, "--json", help=f"Print JSON for scripts instead of {replaces}.")


def _complete_lesson(ctx: typer.Context, incomplete: str) -> list[str]:
    from coursekit.course.locate import ids_for_completion

    lessons, _ = ids_for_completion(ctx.params.get("course"))
    return [i for i in lessons if i.startswith(incomplete)]


def _complete_module(ctx: typer.Context, incomplete: str) -> list[str]:
    from coursekit.course.locate import ids_for_completion

    _, modules = ids_for_completion(ctx.params.get("course"))
    return [i for i in modules if i.startswith(incomplete)]


LessonArg = typer.Argument(
    ...,
    metavar="LESSON",
    help="The lesson's id: its file name without .md or .ipynb (Tab completes it).",
    autocompletion=_complete_lesson,
    show_default=False,
)


OptionalLessonArg = typer.Argument(
    None,
    metavar="[LESSON]",
    help="A lesson's id (Tab completes it).",
    autocompletion=_complete_lesson,
    show_default=False,
)


def module_option(help: str) -> Any:
    """``--module/-m MODULE``, with Tab completion of the course's module ids."""
    return typer.Option(
        None,
        "--module",
        "-m",
        metavar="MODULE",
        help=help,
        autocompletion=_complete_module,
        show_default=False,
    )
