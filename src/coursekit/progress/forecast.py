"""When will the learner finish? A window of dates from their real pace.

The method (every number here is checked by ``benchmarks/bench_forecast.py``, which
simulates learners and measures how often the window holds the real finish date):

1. **Remaining work.** Each lesson not done keeps its estimate as a range, scaled by
   the learner's calibration; minutes already logged on it are taken off (a lesson
   started but not finished keeps at least a quarter of its estimate's high end).
2. **Calibration.** Actual / estimated time over finished lessons with a recorded
   time (``--time``, or logged sessions). Trusted from :attr:`Settings.min_lessons`
   lessons on, and pulled toward 1 while the sample is small (``n / (n + 2)`` of the
   way), because a learner's first lessons say little about the rest.
3. **Pace.** Minutes studied per calendar day over the last 14 days and since the
   start (rest days count, so a pace already includes them). A lesson marked done
   with no time recorded counts as its calibrated estimate on the day it was done,
   so a learner who never types a time still has a pace.
4. **Window.** With the pace = the mean of those two: earliest = remaining low ÷
   pace × :attr:`Settings.early`, latest = remaining high ÷ pace ×
   :attr:`Settings.late`, likely = the middle of the range ÷ pace. The factors widen
   the window for what the past cannot show (holidays, a busy month): they are the
   narrowest that kept 80% of simulated learners' real finish dates inside the
   window at 25%, 50% and 75% progress. Days count from today, or from tomorrow
   once the learner has studied today.
5. **Too little history** (fewer than 3 study days, or fewer than 7 days since the
   start): the window is the enrolled pace's plan for what is left, from the same
   scheduler as ``coursekit plan``.
6. **Against the target** (or, without one, the latest date of the pace plan from the
   enrollment start): "on track" when the likely date is not after it, else the days
   behind, and the daily time (per study day of the pace) that finishes by it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import MutableMapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from coursekit.model import Course, Duration, Pace
from coursekit.progress.state import Progress


@dataclass(frozen=True)
class Settings:
    """The forecast's tuning; the defaults are what the benchmark chose."""

    min_study_days: int = 3
    min_days: int = 7
    recent_days: int = 14
    min_lessons: int = 3
    prior_lessons: float = 2.0
    early: float = 0.44
    late: float = 1.32


DEFAULT = Settings()


@dataclass(frozen=True)
class Calibration:
    """Actual time against the estimates, over finished lessons with a recorded time."""

    ratio: float  # the raw actual / estimated (mid) ratio; 1.0 without data
    applied: float  # what the forecast uses: 1.0 until trusted, then pulled toward 1
    lessons: int
    actual_minutes: int
    estimated_minutes: int
    trusted: bool


@dataclass(frozen=True)
class Forecast:
    """The projection shown on the dashboard; dates are ``None`` when not computable."""

    today: date
    basis: str  # "observed" | "pace plan" | "finished" | "not enrolled"
    remaining_estimate: Duration  # the course's estimate of what is left
    remaining: Duration  # calibrated, minus time already logged on started lessons
    calibration: Calibration
    recent_per_day: float  # minutes per calendar day, last 14 days
    overall_per_day: float  # minutes per calendar day since the start
    days_since_start: int
    earliest: date | None = None
    latest: date | None = None
    likely: date | None = None
    target: date | None = None
    target_source: str = ""  # "target date" | "pace plan"
    status: str = ""  # "on track" | "behind" | "finished" | "target passed" | ""
    days_behind: int = 0
    study_days_left: int = 0  # study days of the pace from the first work day to the target
    needed_per_study_day: Duration | None = None


def calibration(course: Course, progress: Progress, settings: Settings = DEFAULT) -> Calibration:
    """The learner's actual/estimated time ratio (see the module docstring)."""
    lessons = course.lesson_index
    actual = estimated = count = 0
    for lesson_id in progress.completed:
        spent = progress.spent_on(lesson_id)
        if spent is None or lesson_id not in lessons:
            continue
        actual += spent
        estimated += lessons[lesson_id].study_time.mid or 1
        count += 1
    if count == 0:
        return Calibration(1.0, 1.0, 0, 0, 0, False)
    ratio = actual / estimated
    trusted = count >= settings.min_lessons
    applied = 1.0
    if trusted:
        applied = 1.0 + (ratio - 1.0) * count / (count + settings.prior_lessons)
    return Calibration(ratio, applied, count, actual, estimated, trusted)


def remaining_work(
    course: Course, progress: Progress, factor: float
) -> tuple[Duration, Duration, dict[str, Duration]]:
    """(estimate left, calibrated time left, per-lesson calibrated time left)."""
    est_low = est_high = low = high = 0
    per_lesson: dict[str, Duration] = {}
    for lesson in course.lessons():
        if lesson.id in progress.completed:
            continue
        t = lesson.study_time
        est_low, est_high = est_low + t.low, est_high + t.high
        logged = progress.logged_minutes.get(lesson.id, 0)
        h = max(t.high * factor - logged, t.high * factor * 0.25)
        lo = min(max(t.low * factor - logged, 0.0), h)
        left = Duration(round(lo), round(h))
        per_lesson[lesson.id] = left
        low, high = low + left.low, high + left.high
    return Duration(est_low, est_high), Duration(low, high), per_lesson


def activity_by_day(course: Course, progress: Progress, factor: float) -> dict[date, float]:
    """Minutes of work per day: recorded time, plus, for a lesson marked done without
    any recorded time, its estimate (mid, times ``factor``) on the day it was done."""
    activity: dict[date, float] = {d: float(m) for d, m in progress.minutes_by_day.items()}
    lessons = course.lesson_index
    for lesson_id, day in progress.completed.items():
        if progress.spent_on(lesson_id) is None and lesson_id in lessons:
            activity[day] = activity.get(day, 0.0) + lessons[lesson_id].study_time.mid * factor
    return activity


def observed_pace(
    activity: dict[date, float], start: date, today: date, recent_days: int = 14
) -> tuple[float, float, int]:
    """(minutes/day over the last ``recent_days``, minutes/day since ``start``, days)."""
    days = (today - start).days + 1
    if days <= 0:
        return 0.0, 0.0, max(days, 0)
    first_recent = max(start, today - timedelta(days=recent_days - 1))
    recent_span = (today - first_recent).days + 1
    total = recent = 0.0
    for day, minutes in activity.items():
        if start <= day <= today:
            total += minutes
            if day >= first_recent:
                recent += minutes
    return recent / recent_span, total / days, days


def forecast(
    course: Course,
    progress: Progress,
    today: date,
    pace: Pace | None = None,
    settings: Settings = DEFAULT,
    plans: MutableMapping[str, list[str]] | None = None,
) -> Forecast:
    """Project the learner's completion window (see the module docstring).

    ``plans`` memoizes the scheduler's dates (a pure function of the lessons, their
    times, the pace and the start); a caller may keep it between runs, since
    scheduling a 1,000-lesson course takes longer than everything else here.
    """
    memo: MutableMapping[str, list[str]] = {} if plans is None else plans
    enrollment = progress.enrollment
    cal = calibration(course, progress, settings)
    estimate, left, per_lesson = remaining_work(course, progress, cal.applied)
    start = enrollment.start if enrollment else (progress.first_activity or today)
    activity = activity_by_day(course, progress, cal.applied)
    recent, overall, days = observed_pace(activity, start, today, settings.recent_days)
    base = Forecast(today, "not enrolled", estimate, left, cal, recent, overall, max(days, 0))
    if not per_lesson:
        finished = max(progress.completed.values(), default=today)
        return replace(
            base,
            basis="finished",
            earliest=finished,
            latest=finished,
            likely=finished,
            status="finished",
        )
    if enrollment is None or pace is None:
        return base
    # Work starts today, or tomorrow once the learner has studied today.
    first_day = max(start, today + timedelta(days=1 if activity.get(today) else 0))
    history_days = sum(1 for d, m in activity.items() if m > 0 and start <= d <= today)
    enough = (
        history_days >= settings.min_study_days
        and days >= settings.min_days
        and recent + overall > 0
    )
    if enough:
        mean = (recent + overall) / 2
        earliest = _after(first_day, left.low * settings.early / mean)
        latest = _after(first_day, left.high * settings.late / mean)
        likely = _after(first_day, (left.low + left.high) / 2 / mean)
        result = replace(base, basis="observed", earliest=earliest, latest=latest, likely=likely)
    else:
        lo, hi, mid = _plan_dates(course, pace, first_day, per_lesson, memo)
        result = replace(base, basis="pace plan", earliest=lo, latest=hi, likely=mid)
    target, source = enrollment.target, "target date"
    if target is None:
        target, source = pace_plan_latest(course, pace, enrollment.start, memo), "pace plan"
    return _against_target(result, pace, target, source, first_day)


MAX_DAYS = 36_500  # a pace of a minute a month must not overflow the calendar


def _after(first_day: date, days: float) -> date:
    """The day on which ``days`` of work starting on ``first_day`` ends (at most a century)."""
    return first_day + timedelta(days=min(max(math.ceil(days - 1e-9), 1), MAX_DAYS) - 1)


def _plan_key(course: Course, pace: Pace, start: date, times: dict[str, Duration] | None) -> str:
    """What a schedule depends on, hashed: the lessons in order with their times and
    prerequisites, the pace and the start."""
    parts = [pace.name, repr(pace.hours_per_day), repr(pace.study_days), start.isoformat()]
    for lesson in course.lessons():
        t = lesson.study_time if times is None else times.get(lesson.id)
        if t is not None:
            parts.append(f"{lesson.id} {t.low} {t.high} {' '.join(lesson.requires)}")
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()


def _memoized(memo: MutableMapping[str, list[str]], key: str, compute: Any) -> list[date]:
    found = memo.get(key)
    if found is not None:
        try:
            return [date.fromisoformat(x) for x in found]
        except (TypeError, ValueError):
            pass  # a damaged memo entry is recomputed
    dates: list[date] = compute()
    memo[key] = [d.isoformat() for d in dates]
    return dates


def _plan_dates(
    course: Course,
    pace: Pace,
    first_day: date,
    per_lesson: dict[str, Duration],
    memo: MutableMapping[str, list[str]],
) -> tuple[date, date, date]:
    """The pace plan's (earliest, latest, likely) finish for the lessons left."""

    def compute() -> list[date]:
        from coursekit.plan import scheduler as schedule

        adjusted = _with_times(course, per_lesson)
        ids = list(per_lesson)
        earliest, latest = schedule.window(adjusted, pace, first_day, lessons=ids)
        likely = schedule.finish(adjusted, pace, first_day, budget="mid", lessons=ids)
        return [earliest, latest, likely or latest]

    key = "left " + _plan_key(course, pace, first_day, per_lesson)
    earliest, latest, likely = _memoized(memo, key, compute)
    return earliest, latest, likely


def _with_times(course: Course, times: dict[str, Duration]) -> Course:
    """The course with the given lessons' study times replaced (zero-minute ones dropped)."""
    modules = tuple(
        replace(
            m,
            lessons=tuple(
                replace(x, study_time=_at_least_a_minute(times[x.id])) if x.id in times else x
                for x in m.lessons
            ),
        )
        for m in course.modules
    )
    return replace(course, modules=modules)


def _at_least_a_minute(d: Duration) -> Duration:
    return Duration(max(d.low, 1), max(d.high, 1))


def pace_plan_latest(
    course: Course, pace: Pace, start: date, memo: MutableMapping[str, list[str]] | None = None
) -> date:
    """The latest finish of the whole course at ``pace`` from ``start``."""

    def compute() -> list[date]:
        from coursekit.plan import scheduler as schedule

        return [schedule.window(course, pace, start)[1]]

    key = "whole " + _plan_key(course, pace, start, None)
    return _memoized({} if memo is None else memo, key, compute)[0]


def _against_target(
    result: Forecast, pace: Pace, target: date, source: str, first_day: date
) -> Forecast:
    days_left = _study_days(pace, first_day, target)
    needed = None
    if days_left:
        left = result.remaining
        needed = Duration(math.ceil(left.low / days_left), math.ceil(left.high / days_left))
    assert result.likely is not None
    behind = max(0, (result.likely - target).days)
    if behind == 0:
        status = "on track"
    elif target < result.today:
        status = "target passed"
    else:
        status = "behind"
    return replace(
        result,
        target=target,
        target_source=source,
        status=status,
        days_behind=behind,
        study_days_left=days_left,
        needed_per_study_day=needed,
    )


def _study_days(pace: Pace, first: date, last: date) -> int:
    """How many of the pace's study days fall from ``first`` to ``last`` (inclusive)."""
    if last < first or not pace.study_days:
        return 0
    span = (last - first).days + 1
    weeks, rest = divmod(span, 7)
    count = weeks * len(pace.study_days)
    for offset in range(rest):
        if (first + timedelta(days=weeks * 7 + offset)).weekday() in pace.study_days:
            count += 1
    return count
