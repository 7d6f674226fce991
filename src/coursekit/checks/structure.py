"""What a course's own data says is probably a mistake: a module's declared time that
disagrees with its lessons, ready lessons without objectives, planned lessons with a body.
"""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.course.files import key_line
from coursekit.course.loader import Loaded
from coursekit.errors import WARNING, Problem, did_you_mean


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


def unsupported_language(loaded: Loaded) -> Iterator[Problem]:
    """A language coursekit has no catalog for: its own words stay English."""
    from coursekit.i18n import language, unsupported_message

    code = loaded.course.language
    if not code or language(code).supported:
        return
    line = _line(loaded, "curriculum/course.yml", r"^language:")
    source = "curriculum/course.yml"
    if line is None:  # from mkdocs.yml's theme
        source, line = "mkdocs.yml", _line(loaded, "mkdocs.yml", r"^[ \t]+language:")
    yield Problem(source, unsupported_message(code), line, "language", WARNING)


def _line(loaded: Loaded, source: str, pattern: str) -> int | None:
    import re

    try:
        text = (loaded.root / source).read_text(encoding="utf-8-sig")
    except OSError:
        return None
    found = re.search(pattern, text, re.M)
    return text[: found.start()].count("\n") + 1 if found else None


def requires_later_lesson(loaded: Loaded) -> Iterator[Problem]:
    """A prerequisite placed after the lesson that needs it: the site's pages (numbers,
    previous/next, the timeline) keep course order, while a study plan schedules every
    prerequisite first, so the two teach the lessons in different orders."""
    position = {lesson.id: n for n, lesson in enumerate(loaded.course.lessons())}
    for lesson in loaded.course.lessons():
        for index, required in enumerate(lesson.requires):
            if position.get(required, -1) > position[lesson.id]:
                yield Problem(
                    lesson.source,
                    f"'{required}' comes after this lesson in the course order: the site shows "
                    f"the lessons in course order, while study plans schedule '{required}' "
                    "first; move one of them",
                    key_line(loaded.root, lesson.source, ("requires", index)),
                    f"requires[{index}]",
                    WARNING,
                )


def trusted_notebooks(loaded: Loaded) -> Iterator[Problem]:
    """``trusted_notebooks`` ids that are no notebook lesson: a typo leaves the notebook
    meant untrusted (its HTML outputs show as text), and a Markdown lesson has no outputs."""
    lessons = {lesson.id: lesson for lesson in loaded.course.lessons()}
    notebooks = sorted(i for i, lesson in lessons.items() if lesson.source.endswith(".ipynb"))
    for index, lesson_id in enumerate(loaded.trusted_notebooks):
        lesson = lessons.get(lesson_id)
        if lesson is None:
            message = f"no lesson '{lesson_id}' in this course" + did_you_mean(
                lesson_id, notebooks or sorted(lessons)
            )
        elif not lesson.source.endswith(".ipynb"):
            message = (
                f"lesson '{lesson_id}' is not a notebook ({lesson.source}): only a notebook "
                "lesson has outputs to trust" + did_you_mean(lesson_id, notebooks)
            )
        else:
            continue
        yield Problem(
            "curriculum/course.yml",
            message,
            key_line(loaded.root, "curriculum/course.yml", ("trusted_notebooks", index)),
            f"trusted_notebooks[{index}]",
            WARNING,
        )
