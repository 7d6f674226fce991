"""The learner's plan options as text (``--start``, ``--skip``, ``--days``, ...) to values.

Each parser raises :class:`CourseError` naming the option, so a typo ends in one
clear line such as ``--skip: '2027-01-01..2026-12-24' ends before it begins``.
"""

from __future__ import annotations

import re
from datetime import date

from coursekit.errors import CourseError, did_you_mean
from coursekit.model import WEEKDAYS, Course, Duration, Pace
from coursekit.plan.scheduler import DateRange

_RANGE = re.compile(r"^\s*(\S+?)\s*(?:\.\.|\s+to\s+)\s*(\S+)\s*$")
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_date(text: str, option: str = "--start") -> date:
    """A ``YYYY-MM-DD`` date; :class:`CourseError` naming the option otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CourseError(
            f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-01-05", option
        ) from None


def parse_skip(text: str) -> DateRange:
    """``2026-12-24`` or ``2026-12-24..2027-01-01`` (inclusive) as a range."""
    match = _RANGE.match(text)
    if not match:
        day = parse_date(text, "--skip")
        return day, day
    first, last = parse_date(match[1], "--skip"), parse_date(match[2], "--skip")
    if last < first:
        raise CourseError(f"'{text}' ends before it begins; write FIRST..LAST", "--skip")
    return first, last


def parse_days(text: str) -> tuple[int, ...]:
    """``mon,wed,sat`` (or ``mon-fri``, ``weekdays``, ``every day``) as weekdays, Monday = 0."""
    raw = text.strip().lower()
    if raw in {"every day", "everyday", "daily", "all"}:
        return tuple(range(7))
    if raw in {"weekdays", "workdays"}:
        return tuple(range(5))
    if raw in {"weekend", "weekends"}:
        return (5, 6)
    days: set[int] = set()
    for word in filter(None, (w.strip() for w in raw.replace(" ", ",").split(","))):
        if "-" in word:
            first, _, last = word.partition("-")
            a, b = _weekday(first, text), _weekday(last, text)
            # "fri-mon" wraps around the weekend
            days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
        else:
            days.add(_weekday(word, text))
    if not days:
        raise CourseError(f"'{text}' names no study days; write them like mon,wed,sat", "--days")
    return tuple(sorted(days))


def _weekday(word: str, text: str) -> int:
    # "mon", "mond" and "monday" all name Monday; fewer than three letters is ambiguous.
    for number, name in enumerate(_DAY_NAMES):
        if len(word) >= 3 and name.startswith(word):
            return number
    where = "" if word == text.strip().lower() else f" in '{text}'"
    raise CourseError(
        f"'{word}'{where} is not a weekday; use mon, tue, wed, thu, fri, sat, sun, "
        "a range like mon-fri, weekdays, weekends or 'every day'" + did_you_mean(word, WEEKDAYS),
        "--days",
    )


def parse_hours(text: str) -> Duration:
    """``1.5h`` or ``1-2h`` as the daily study time of a pace."""
    try:
        return Duration.parse(text)
    except ValueError as exc:
        raise CourseError(str(exc), "--hours-per-day") from None


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
        hours_per_day=parse_hours(hours_per_day)
        if hours_per_day is not None
        else base.hours_per_day,
        study_days=parse_days(days) if days is not None else base.study_days,
    )
