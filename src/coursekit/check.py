"""Lint rules beyond the schema: things that are valid but probably not what was meant.

Each rule takes the loaded course and yields warnings. ``check_course`` runs them all
after the loader's own validation, so ``coursekit check`` and the MkDocs build report
the same problems.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from coursekit.errors import WARNING, CourseError, Problem
from coursekit.loader import Loaded, load_course, split_front_matter
from coursekit.yamlsource import line_of, load_yaml

Rule = Callable[[Loaded], Iterable[Problem]]
RULES: list[Rule] = []


def rule(func: Rule) -> Rule:
    RULES.append(func)
    return func


def key_line(root: Path, source: str, loc: tuple[Any, ...]) -> int | None:
    """The line of ``loc`` in a YAML file or a Markdown file's front matter."""
    path = root / source
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".md":
            front, _, offset = split_front_matter(text)
            return line_of(load_yaml(front or "", source, offset), loc)
        if path.suffix == ".ipynb":
            from coursekit.notebook import json_line

            return json_line(text, str(loc[0]), json_line(text, "coursekit") or 0)
        return line_of(load_yaml(text, source), loc)
    except (OSError, CourseError):
        return None


@rule
def declared_module_time(loaded: Loaded) -> Iterator[Problem]:
    for module in loaded.course.modules:
        declared, summed = module.declared_study_time, module.study_time
        if declared is not None and declared != summed:
            source = f"curriculum/modules/{module.id}.yml"
            yield Problem(
                source,
                f"declared {declared} but the lessons add up to {summed}; "
                "update study_time or the lessons' times",
                key_line(loaded.root, source, ("study_time",)),
                "study_time",
                WARNING,
            )


@rule
def ready_without_objectives(loaded: Loaded) -> Iterator[Problem]:
    for lesson in loaded.course.lessons():
        if lesson.status == "ready" and not lesson.objectives:
            yield Problem(
                lesson.source,
                "a ready lesson has no objectives; list what the learner will be able to do",
                key_line(loaded.root, lesson.source, ("title",)),
                "objectives",
                WARNING,
            )


@rule
def planned_with_body(loaded: Loaded) -> Iterator[Problem]:
    for lesson in loaded.course.lessons():
        if lesson.status == "planned" and lesson.body.strip():
            yield Problem(
                lesson.source,
                "a planned lesson has a body; set status to draft or ready to publish it",
                key_line(loaded.root, lesson.source, ("status",)),
                "status",
                WARNING,
            )


def check_course(start: Path | str | None = None) -> Loaded:
    """Load the course and run every lint rule; warnings are added to the result.

    Raises :class:`CourseError` (errors and warnings together) when the course is invalid.
    """
    loaded = load_course(start)
    for each in RULES:
        loaded.warnings.extend(each(loaded))
    return loaded


# The authoring rules live in their own module; importing it registers them.
from coursekit import lint  # noqa: E402, F401
