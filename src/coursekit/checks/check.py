"""Lint rules beyond the schema: things that are valid but probably not what was meant.

Each rule takes the loaded course and yields warnings. ``check_course`` runs them all
after the loader's own validation: ``coursekit check`` and the authoring commands show
them; site builds report only the loader's problems (advice is not a build failure).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from coursekit.course.files import in_reading_order, key_line
from coursekit.course.loader import Loaded, load_course
from coursekit.errors import WARNING, Problem

Rule = Callable[[Loaded], Iterable[Problem]]
RULES: list[Rule] = []


def rule(func: Rule) -> Rule:
    RULES.append(func)
    return func


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
    loaded.warnings = in_reading_order(loaded.warnings, loaded.root, loaded.files)
    return loaded


# The authoring rules live in their own module; importing it registers them.
from coursekit.checks import links  # noqa: E402, F401
