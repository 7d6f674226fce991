"""The user's mistakes, as data: a problem names a file, a line, a key and what to do.

Every adapter (CLI, MkDocs plugin) turns a :class:`CourseError` into output in exactly
one place; nothing else in coursekit prints an error.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the user's input.

    ``path`` is relative to the course folder (or as the user typed it), ``line`` is
    1-based or ``None`` when unknown, ``key`` is a dotted path such as
    ``modules[2]`` or ``paces.intensive.hours_per_day``.
    """

    path: str
    message: str
    line: int | None = None
    key: str = ""
    severity: str = ERROR

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        key = f" {self.key}:" if self.key else ""
        if not where:  # about no file or option: the message alone
            return f"{key.strip()} {self.message}".strip()
        return f"{where}:{key} {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "key": self.key,
            "message": self.message,
        }


class CourseError(Exception):
    """Raised with every problem found, so the user can fix them all in one go."""

    def __init__(self, problems: Iterable[Problem] | Problem | str, path: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem(path, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]


def did_you_mean(word: str, choices: Iterable[str], n: int = 3) -> str:
    """Return `` (did you mean 'x'?)`` for near misses, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=n, cutoff=0.6)
    if not close:
        return ""
    quoted = " or ".join(f"'{c}'" for c in close)
    return f" (did you mean {quoted}?)"
