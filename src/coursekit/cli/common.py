"""What every command shares: consoles, the course argument, problem printing, JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from coursekit.errors import Problem
    from coursekit.course.loader import Loaded

PATH_HELP = "The course folder (default: the nearest folder with curriculum/course.yml)."
PathArg = typer.Argument(None, help=PATH_HELP, show_default=False)
JsonOpt = typer.Option(False, "--json", help="Print machine-readable JSON instead of a table.")


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def print_problems(problems: Iterable[Problem]) -> None:
    """One line per problem on stderr: red for errors, yellow for warnings."""
    from rich.markup import escape

    err = console(stderr=True)
    for problem in problems:
        color = "red" if problem.severity == "error" else "yellow"
        label = "error" if problem.severity == "error" else "warning"
        err.print(f"[{color}]{label}:[/{color}] {escape(str(problem))}")


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n")


def load(path: Path | None, warnings: bool = True) -> Loaded:
    """Load the course; print the loader's warnings unless told not to.

    The authoring advice of the lint rules is `coursekit check`'s job alone.
    """
    from coursekit.course.loader import load_course

    loaded = load_course(path)
    if warnings and loaded.warnings:
        print_problems(loaded.warnings)
    return loaded
