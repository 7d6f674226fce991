"""How every command writes: consoles, problems, JSON and text from courses.

Problems (``error: file:line: key: message``) are formatted here and nowhere else,
whoever reports them: a command's :class:`CourseError`, a usage mistake, a warning
logged by MkDocs during a build.

Text from a course, a ``course.json``, an exchange file or the user reaches the
terminal only through :func:`plain`: never read as rich markup, and stripped of
control characters, so a title holding ``ESC ] 0 ; ... BEL`` or colour and cursor
codes shows as inert text instead of retitling or repainting the terminal.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console

    from coursekit.course.loader import Loaded
    from coursekit.errors import Problem

_COLORS = {"error": "red", "critical": "red", "warning": "yellow"}
# C0 controls but tab and newline, DEL, C1 controls (U+0080-U+009F, 8-bit CSI among
# them), and the bidirectional overrides that reorder what a line shows.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def inert(text: object, line_ends: bool = False) -> str:
    """``text`` without control characters (see the module docstring); ``line_ends``
    keeps carriage returns (CSV and calendar files end their lines with ``\\r\\n``)."""
    if line_ends:
        return _CONTROL.sub(lambda m: m[0] if m[0] == "\r" else "", str(text))
    return _CONTROL.sub("", str(text))


def inert_json(text: str) -> str:
    """JSON text with DEL and the C1 controls escaped (JSON escapes the C0 ones)."""
    return re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m[0]):04x}", text)


def plain(text: object) -> str:
    """Text from a course, a file or the user, shown as written, never read as markup,
    and without control characters."""
    from rich.markup import escape

    return escape(inert(text))


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
    """``data`` as JSON on stdout. JSON escapes C0 controls itself; DEL and C1 controls
    (which it may leave raw) are escaped too, so the output is as inert as the rest."""
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False)
    sys.stdout.write(inert_json(text) + "\n")


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
