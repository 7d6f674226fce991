"""`coursekit export notebooks`: one practice notebook per module, for offline work."""

from __future__ import annotations

from pathlib import Path

import typer

from coursekit.cli.options import json_option
from coursekit.cli.output import console, print_json

ExportPathArg = typer.Argument(
    None,
    help="The course folder (default: the nearest folder with curriculum/course.yml).",
    show_default=False,
)
OutOpt = typer.Option(
    ..., "--out", "-o", metavar="DIR", help="The folder to write the notebooks to."
)
ModulesOpt = typer.Option(
    None,
    "--module",
    "-m",
    metavar="MODULE",
    help="Only this module (repeatable; default: all).",
    show_default=False,
)

export_app = typer.Typer(
    name="export",
    help="Export the course for use outside the site.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


@export_app.command("notebooks")
def export_notebooks(
    path: Path | None = ExportPathArg,
    out: Path = OutOpt,
    module: list[str] | None = ModulesOpt,
    force: bool = typer.Option(
        False, "--force", help="Replace notebooks that were edited since they were exported."
    ),
    json: bool = json_option("the list of notebooks"),
) -> None:
    """Write one practice notebook per module, for learners to work in Jupyter.

    Each holds the module's objectives, its flashcards (answers in collapsed
    cells), scenarios, a code cell per hands-on task and the reflection
    questions.

    Re-exporting replaces notebooks nobody has edited; an edited one (a
    learner's answers) is only replaced with --force.

    Examples:

      coursekit export notebooks --out practice/

      coursekit export notebooks path/to/course --module foundations \\
          --out practice/
    """
    from coursekit.authoring.notebooks import write_notebooks
    from coursekit.checks.check import check_course

    loaded = check_course(path)
    written = write_notebooks(loaded.course, out, module or None, force=force)
    if json:
        print_json(
            {
                "notebooks": [
                    {"module": w.module, "path": str(w.path), "cells": w.cells} for w in written
                ]
            }
        )
        return
    from rich.markup import escape

    for item in written:  # the folder is the user's text, never markup
        cells = f"{item.cells} cell{'' if item.cells == 1 else 's'}"
        console().print(f"[green]✓[/green] {escape(str(item.path))} ({cells})")


def register(app: typer.Typer) -> None:
    app.add_typer(export_app)
