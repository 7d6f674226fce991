"""How every command writes: consoles, problems, JSON and text from courses.

Problems (``error: file:line: key: message``) are formatted here and nowhere else,
whoever reports them: a command's :class:`CourseError`, a usage mistake, a warning
logged by MkDocs during a build.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console

    from coursekit.course.loader import Loaded
    from coursekit.errors import Problem

_COLORS = {"error": "red", "critical": "red", "warning": "yellow"}


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def plain(text: object) -> str:
    """Text from a course, a file or the user, shown as written, never read as markup."""
    from rich.markup import escape

    return escape(str(text))


def problem_line(severity: str, text: str) -> str:
    """``[red]error:[/red] text``: the one format of a problem on the terminal."""
    color = _COLORS.get(severity)
    label = f"{severity}:"
    return f"[{color}]{label}[/{color}] {plain(text)}" if color else f"{label} {plain(text)}"


def print_problem(severity: str, text: str) -> None:
    console(stderr=True).print(problem_line(severity, text))


def print_problems(problems: Iterable[Problem]) -> None:
    """One line per problem on stderr: red for errors, yellow for warnings."""
    err = console(stderr=True)
    for problem in problems:
        err.print(problem_line(problem.severity, str(problem)))


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n")


def say(message: str) -> None:
    """A line of the command's result on stdout (rich markup allowed)."""
    console().print(message)


def load(path: Path | None, warnings: bool = True) -> Loaded:
    """Load the course for an instructor's command; print the loader's warnings unless
    told not to. The authoring advice of the lint rules is `coursekit check`'s job."""
    from coursekit.course.loader import load_course

    loaded = load_course(path)
    if warnings and loaded.warnings:
        print_problems(loaded.warnings)
    return loaded
