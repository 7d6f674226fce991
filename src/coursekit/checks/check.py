"""``coursekit check``: the loader's validation, then every rule's authoring advice.

Each rule takes the loaded course and yields warnings: things that are valid but
probably not what was meant. :data:`RULES` lists them all, in the order their
advice is worth reading. ``coursekit check`` and the authoring commands show them;
site builds report only the loader's problems (advice is not a build failure).
``check`` also fails where the build would although the data is valid (a template
that fails, ``mkdocs.yml`` that cannot be read: :mod:`coursekit.checks.site`). The
rules are tuned to stay quiet on a good course: an instructor who sees a warning
should find something worth fixing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from coursekit.checks import estimate, exercises, links, markup, site, structure, unused_files
from coursekit.course.files import in_reading_order
from coursekit.course.loader import Loaded, load_course
from coursekit.errors import CourseError, Problem

Rule = Callable[[Loaded], Iterable[Problem]]

RULES: tuple[Rule, ...] = (
    structure.unsupported_language,
    structure.declared_module_time,
    structure.ready_without_objectives,
    structure.requires_later_lesson,
    structure.trusted_notebooks,
    structure.planned_with_body,
    links.broken_links,
    markup.refused_markup,
    exercises.duplicate_flashcards,
    exercises.objectives_without_exercises,
    estimate.study_time_estimate,
    unused_files.unused_files,
    site.unused_templates,
)


def check_course(start: Path | str | None = None) -> Loaded:
    """Load the course and run every rule; warnings are added to the result.

    Raises :class:`CourseError` (errors and warnings together) when the course is invalid
    or its site could not be built: ``mkdocs.yml`` that cannot be read, a template
    that fails (see :mod:`coursekit.checks.site`).
    """
    try:
        loaded = load_course(start)
    except CourseError as exc:
        root = _course_root(start)
        if root is not None:
            exc.problems[:0] = site.config_errors(root)
        raise
    for each in RULES:
        loaded.warnings.extend(each(loaded))
    loaded.warnings = in_reading_order(loaded.warnings, loaded.root, loaded.files)
    errors = site.site_errors(loaded)
    if errors:
        raise CourseError(errors + loaded.warnings)
    return loaded


def _course_root(start: Path | str | None) -> Path | None:
    from coursekit.course.files import find_course_root

    try:
        return find_course_root(start)
    except CourseError:
        return None
