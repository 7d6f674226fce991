"""Choosing a course's pace, or a learner's own: what ``plan``, ``progress start`` and
the forecast share.
"""

from __future__ import annotations

from coursekit.errors import CourseError, did_you_mean
from coursekit.inputs import parse_daily_time, parse_weekdays
from coursekit.model import Course, Pace


def find_pace(course: Course, name: str) -> Pace:
    """The course's pace called ``name``; a did-you-mean error otherwise."""
    if name in course.paces:
        return course.paces[name]
    names = list(course.paces)
    raise CourseError(
        f"no pace '{name}'; this course has {', '.join(names)}" + did_you_mean(name, names),
        "--pace",
    )


def default_pace_name(course: Course) -> str:
    """``moderate`` when the course has it (a pace most learners can keep), else the first."""
    return "moderate" if "moderate" in course.paces else next(iter(course.paces))


def choose_pace(
    course: Course,
    name: str | None = None,
    hours_per_day: str | None = None,
    days: str | None = None,
) -> Pace:
    """The named (or default) pace, with the daily hours and/or study days replaced.

    A pace changed from the command line is called ``custom`` unless it was named.
    """
    base = find_pace(course, name) if name else find_pace(course, default_pace_name(course))
    if hours_per_day is None and days is None:
        return base
    return Pace(
        name=name or "custom",
        hours_per_day=parse_daily_time(hours_per_day)
        if hours_per_day is not None
        else base.hours_per_day,
        study_days=parse_weekdays(days) if days is not None else base.study_days,
    )
