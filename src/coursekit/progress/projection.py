"""Where the learner stands, projected the one way every command shows it.

``coursekit progress start``, the dashboard, ``progress --json`` and ``coursekit plan
--remaining`` all get the completion window of the lessons left from
:func:`projected_window` (which is :func:`coursekit.progress.forecast.forecast`), so
the dates they print for the same log and the same day are the same dates. The plan
of the lessons left (:func:`remaining_plan`) schedules them with the times the
forecast gives them (the estimate scaled by the learner's calibration, minus what
is already logged), from the forecast's first day of work.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from coursekit.model import Course, Duration, Pace
from coursekit.progress.forecast import (
    Forecast,
    ReviewLoad,
    _study_days,
    _with_times,
    activity_by_day,
    calibration,
    forecast,
    remaining_work,
)
from coursekit.progress.state import Progress

if TYPE_CHECKING:
    from coursekit.events.store import Store
    from coursekit.plan.model import DateRange, Plan, Window


def review_load(
    course: Course, learner: str, store: Store | None, today: date
) -> ReviewLoad | None:
    """The learner's flashcard workload, the one every projection counts as work left
    (``None``: nothing stored, no cards, or no review yet). ``store`` must stay open
    while the projection runs: the workload reads the log when it simulates."""
    if store is None:
        return None
    from coursekit.review.workload import LearnerReviewLoad

    return LearnerReviewLoad.of(course, learner, store, today)


def projected_window(
    course: Course,
    progress: Progress,
    today: date,
    pace: Pace | None,
    plans: MutableMapping[str, list[str]] | None = None,
    *,
    review: ReviewLoad | None = None,
) -> Forecast:
    """The learner's projected completion window (and status against their target);
    ``review``: their flashcard workload, counted as work left."""
    return forecast(course, progress, today, pace, plans=plans, review=review)


def enrolled_pace(course: Course, progress: Progress) -> Pace | None:
    """The course's pace the learner enrolled with (``None``: not enrolled, or a pace the
    course no longer has)."""
    if progress.enrollment is None:
        return None
    return course.paces.get(progress.enrollment.pace)


def first_work_day(course: Course, progress: Progress, today: date) -> date:
    """The day the lessons left start: today, or tomorrow once the learner has studied
    today, and never before the enrollment's start (the forecast counts the same way)."""
    cal = calibration(course, progress)
    activity = activity_by_day(course, progress, cal.applied)
    first = today + timedelta(days=1 if activity.get(today) else 0)
    if progress.enrollment is not None:
        first = max(first, progress.enrollment.start)
    return first


def lessons_left(course: Course, progress: Progress) -> dict[str, Duration]:
    """The lessons not done, in course order, with the time each still needs (calibrated,
    minus the sessions already logged on it), as the forecast counts them."""
    cal = calibration(course, progress)
    return remaining_work(course, progress, cal.applied)[2]


@dataclass(frozen=True)
class Remaining:
    """The plan of the lessons left, and the projection it goes with."""

    plan: Plan
    projection: Forecast
    done: int  # lessons done
    total: int  # lessons in the course


def remaining_plan(
    course: Course,
    progress: Progress,
    today: date,
    pace: Pace,
    *,
    budget: str = "mid",
    skip: Iterable[date | DateRange] = (),
    review_minutes: int = 0,
    review: ReviewLoad | None,
) -> Remaining:
    """Plan the lessons not done from the first day of work, at ``pace``.

    Its window is the projected one: the same dates as the dashboard's when ``pace``
    is the enrolled pace (for a learner with enough history the window comes from their
    own pace, not the plan's) and ``review`` is :func:`review_load`'s.
    """
    from coursekit.plan import scheduler

    times = lessons_left(course, progress)
    ids = list(times)
    first = first_work_day(course, progress, today)
    # The forecast's own schedule of what is left (the same times, at least a minute).
    adjusted = _with_times(course, times)
    made = scheduler.plan(
        adjusted,
        pace,
        first,
        budget=budget,
        skip=skip,
        lessons=ids,
        review_minutes=review_minutes,
    )
    projection = projected_window(course, progress, today, pace, review=review)
    if projection.earliest is not None and projection.latest is not None and ids:
        made = replace(
            made, window=window_of(made.window, pace, first, projection.earliest, projection.latest)
        )
    total = sum(1 for _ in course.lessons())
    return Remaining(made, projection, total - len(ids), total)


def window_of(planned: Window, pace: Pace, first: date, earliest: date, latest: date) -> Window:
    """A plan's window moved to the projected dates, with its study days and weeks counted
    from ``first`` as the plan counts them."""
    from coursekit.plan.model import Window

    if (planned.earliest, planned.latest) == (earliest, latest):
        return planned
    days = (_study_days(pace, first, earliest), _study_days(pace, first, latest))
    weeks = ((earliest - first).days // 7 + 1, (latest - first).days // 7 + 1)
    return Window(earliest, latest, days, weeks)


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class TargetCheck:
    """Whether the enrolled pace finishes by the target, and which pace would."""

    met: bool
    projection: Forecast
    #: the slowest of the course's paces that would finish by the target, with its projection
    suggestion: tuple[Pace, Forecast] | None = None


def check_target(
    course: Course, progress: Progress, today: date, *, review: ReviewLoad | None
) -> TargetCheck | None:
    """For a learner with a target: is it met at their pace (likely finish not after it),
    and else the least demanding pace of the course that meets it (``None``: no target).
    ``review``: :func:`review_load`'s, so the verdict is the dashboard's."""
    enrollment = progress.enrollment
    pace = enrolled_pace(course, progress)
    if enrollment is None or enrollment.target is None or pace is None:
        return None
    projection = projected_window(course, progress, today, pace, review=review)
    if projection.status in ("on track", "finished"):
        return TargetCheck(True, projection)
    by_demand = sorted(course.paces.values(), key=lambda p: (_weekly(p), p.name))
    for other in by_demand:
        if other.name == pace.name:
            continue
        trial = replace(progress, enrollment=replace(enrollment, pace=other.name))
        result = projected_window(course, trial, today, other, review=review)
        if result.status == "on track":
            return TargetCheck(False, projection, (other, result))
    return TargetCheck(False, projection)


def _weekly(pace: Pace) -> float:
    return pace.per_week.low + pace.per_week.high


def needed_text(projection: Forecast) -> str | None:
    """``2 h – 2 h 30 min`` a study day, or ``None``."""
    needed = projection.needed_per_study_day
    if needed is None:
        return None
    return str(Duration(math.ceil(needed.low), math.ceil(needed.high)))
