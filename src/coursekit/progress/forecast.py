"""When will the learner finish? A window of dates that 8 in 10 learners like them finish in.

The method (every number here is checked by ``benchmarks/bench_forecast.py``, which
simulates learners who study steadily, fade, pause for weeks, study only at weekends,
sprint after a slow start or change level every month, on courses whose hands-on
lessons are underestimated, and measures how often the window holds the day they
really finish):

1. **Work left.** Each lesson not done keeps its estimate (the middle of its range),
   scaled by the learner's calibration; minutes already logged on it are taken off
   (a lesson started but not finished keeps at least a quarter of its estimate).
   With a :class:`ReviewLoad` (``coursekit review``'s FSRS schedule run forward), the
   flashcard reviews due until the likely finish are work too.
2. **Calibration.** Actual / estimated time over finished lessons with a recorded
   time (``--time``, or logged sessions). Trusted from :attr:`Settings.min_lessons`
   lessons on, and pulled toward 1 while the sample is small (``n / (n + 2)`` of the
   way), because a learner's first lessons say little about the rest.
3. **Pace.** Minutes studied per calendar day since the start, each day weighing half
   as much as a day :attr:`Settings.half_life` days more recent, plus the enrolled
   pace counted as :attr:`Settings.prior_days` days of study (so a short record leans
   on the plan and a long one on the learner). A lesson marked done with no time
   recorded counts as its calibrated estimate on the day it was done, and reviews
   count at the course's minutes per card.
4. **Window.** Work left ÷ pace is the time it takes at today's pace. The likely,
   earliest and latest finish are that time multiplied by factors that depend on the
   share of lessons done (:attr:`Settings.likely`, ``early``, ``late``, for less than
   a quarter, a half, three quarters, and the rest): the narrowest factors that kept
   the real finish inside the window for at least 8 in 10 simulated learners of every
   behaviour. The likely date is the one half of them finished by; most learners slow
   down, so it is later than today's pace alone says. Days count from today, or from
   tomorrow once the learner has studied today.
5. **A pause.** After more than :attr:`Settings.pause_days` days without study, the
   pace is the one up to the last study day (the forecast assumes the learner resumes
   now) and the latest date moves later by the days the pause has lasted, since a
   break that long often lasts as long again.
6. **Nothing studied yet**, or a start in the future: the window is the enrolled
   pace's plan for what is left, from the same scheduler as ``coursekit plan``.
7. **Against the target** (or, without one, the latest date of the pace plan from the
   enrollment start): "on track" when the likely date is not after it, else the days
   behind, and the daily time (per study day of the pace) that finishes by it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Protocol

from coursekit.model import Course, Duration, Pace
from coursekit.progress.state import Progress


class ReviewLoad(Protocol):
    """What the forecast needs of the review workload (``coursekit.review.workload``)."""

    def minutes_by_day(self) -> Mapping[date, float]:
        """Minutes of review the learner did, per day."""
        ...

    def minutes(self, days: float, unlock: Mapping[str, float]) -> float:
        """Minutes of review due in the ``days`` days from today, when each lesson of
        ``unlock`` is done that many days from today."""
        ...


@dataclass(frozen=True)
class Settings:
    """The forecast's tuning; the defaults are what the benchmark chose.

    ``likely``, ``early`` and ``late`` hold one factor per band of lessons done
    (below ``bands[1]``, below ``bands[2]``, ...), or one factor for every band.
    """

    half_life: float = 7.0
    prior_days: float = 3.0
    min_lessons: int = 3
    prior_lessons: float = 2.0
    pause_days: int = 14
    bands: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75)
    likely: float | tuple[float, ...] = (1.35, 1.4, 1.43, 1.38)
    early: float | tuple[float, ...] = (0.4, 0.36, 0.24, 0.2)
    late: float | tuple[float, ...] = (5.7, 4.95, 4.7, 5.0)
    confidence: float = 0.8  # the share of learners the window was tuned to hold

    def factors(self, done: float) -> tuple[float, float, float]:
        """(early, likely, late) for a share ``done`` of the lessons."""
        band = max((i for i, edge in enumerate(self.bands) if done >= edge), default=0)
        return tuple(  # type: ignore[return-value]
            f if isinstance(f, (int, float)) else f[min(band, len(f) - 1)]
            for f in (self.early, self.likely, self.late)
        )


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
class Projection:
    """Today's pace applied to the work left: what the window's factors multiply."""

    first_day: date  # the first day of the work left
    work_minutes: float  # lessons (calibrated middle of their estimates) and reviews
    review_minutes: float  # the reviews' part of ``work_minutes``
    per_day: float  # the pace, minutes per calendar day
    done_share: float  # lessons done / lessons
    pause_days: int  # days since the last study day, when that is a pause (else 0)

    @property
    def days(self) -> float:
        """Days the work left takes at the pace."""
        return self.work_minutes / self.per_day if self.per_day > 0 else float(MAX_DAYS)


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
    review_minutes: int = 0  # flashcard review due until the likely finish (in the window)
    pace_per_day: float = 0.0  # the pace the window is projected from, minutes a day
    pause_days: int = 0  # days since the last study day, when that is a pause
    confidence: float = 0.0  # the share of learners like this one that finish in the window
    reviews_counted: bool = False  # flashcard review is part of the work left


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
    activity: Mapping[date, float], start: date, today: date, recent_days: int = 14
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


def weighted_pace(
    activity: Mapping[date, float],
    start: date,
    last: date,
    prior_per_day: float,
    settings: Settings = DEFAULT,
) -> float:
    """Minutes per calendar day from ``start`` to ``last``, recent days weighing more,
    with the enrolled pace (``prior_per_day``) counted as ``settings.prior_days`` days."""
    days = (last - start).days + 1
    if days <= 0:
        return prior_per_day
    keep = 0.5 ** (1 / settings.half_life)  # 1 for an infinite half-life: a plain mean
    weights = (1 - keep**days) / (1 - keep) if keep < 1 else float(days)
    studied = sum(
        minutes * keep ** (last - day).days
        for day, minutes in activity.items()
        if start <= day <= last
    )
    return (studied + settings.prior_days * prior_per_day) / (weights + settings.prior_days)


def plan_per_day(pace: Pace) -> float:
    """The enrolled pace in minutes per calendar day (the middle of its daily hours)."""
    return pace.hours_per_day.mid * len(pace.study_days) / 7


def projection(
    course: Course,
    progress: Progress,
    today: date,
    pace: Pace,
    settings: Settings = DEFAULT,
    review: ReviewLoad | None = None,
    *,
    _work: tuple[Calibration, dict[str, Duration], dict[date, float]] | None = None,
) -> Projection | None:
    """Today's pace applied to the work left (``None`` when nothing was studied yet,
    the start is still to come, or nothing is left)."""
    enrollment = progress.enrollment
    start = enrollment.start if enrollment else (progress.first_activity or today)
    if _work is None:
        cal = calibration(course, progress, settings)
        per_lesson = remaining_work(course, progress, cal.applied)[2]
        activity = activity_by_day(course, progress, cal.applied)
    else:
        cal, per_lesson, activity = _work
    if review is not None:
        activity = dict(activity)
        for day, minutes in review.minutes_by_day().items():
            activity[day] = activity.get(day, 0.0) + minutes
    studied = [d for d, m in activity.items() if m > 0 and start <= d <= today]
    if not per_lesson or not studied:
        return None
    last_studied = max(studied)
    gap = (today - last_studied).days
    paused = gap > settings.pause_days
    per_day = weighted_pace(
        activity, start, last_studied if paused else today, plan_per_day(pace), settings
    )
    first_day = max(start, today + timedelta(days=1 if activity.get(today) else 0))
    lessons = [(lesson_id, (left.low + left.high) / 2) for lesson_id, left in per_lesson.items()]
    work = sum(minutes for _, minutes in lessons)
    done_share = len(progress.completed) / max(1, len(progress.completed) + len(per_lesson))
    reviews = 0.0
    if review is not None and per_day > 0:
        likely = settings.factors(done_share)[1]
        for _ in range(3):  # the reviews due depend on the finish, which they move
            span = (work + reviews) / per_day * likely
            reviews = review.minutes(min(span, MAX_DAYS), _unlock_days(lessons, work, span))
    return Projection(first_day, work + reviews, reviews, per_day, done_share, gap if paused else 0)


def _unlock_days(
    lessons: Sequence[tuple[str, float]], work: float, span: float
) -> dict[str, float]:
    """When each lesson left is done, with the lessons spread over ``span`` days in order
    (each taking its share of the work)."""
    unlock, done = {}, 0.0
    for lesson_id, minutes in lessons:
        done += minutes
        unlock[lesson_id] = span * done / work if work else 0.0
    return unlock


def forecast(
    course: Course,
    progress: Progress,
    today: date,
    pace: Pace | None = None,
    settings: Settings = DEFAULT,
    plans: MutableMapping[str, list[str]] | None = None,
    *,
    review: ReviewLoad | None = None,
) -> Forecast:
    """Project the learner's completion window (see the module docstring).

    ``plans`` memoizes the scheduler's dates (a pure function of the lessons, their
    times, the pace and the start); a caller may keep it between runs, since
    scheduling a 1,000-lesson course takes longer than everything else here.
    ``review``: the learner's flashcard workload, whose reviews then count as work.
    """
    memo: MutableMapping[str, list[str]] = {} if plans is None else plans
    enrollment = progress.enrollment
    cal = calibration(course, progress, settings)
    estimate, left, per_lesson = remaining_work(course, progress, cal.applied)
    start = enrollment.start if enrollment else (progress.first_activity or today)
    activity = activity_by_day(course, progress, cal.applied)
    recent, overall, days = observed_pace(activity, start, today)
    base = Forecast(today, "not enrolled", estimate, left, cal, recent, overall, max(days, 0))
    base = replace(base, reviews_counted=review is not None)
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
    projected = projection(
        course, progress, today, pace, settings, review, _work=(cal, per_lesson, activity)
    )
    scale = 1.0  # how much longer than work / pace the likely finish is
    if projected is not None:
        early, likely, late = settings.factors(projected.done_share)
        scale = likely
        span = projected.days
        first_day = projected.first_day
        result = replace(
            base,
            basis="observed",
            earliest=_after(first_day, span * early),
            latest=_after(first_day, span * late + projected.pause_days),
            likely=_after(first_day, span * likely),
            review_minutes=round(projected.review_minutes),
            pace_per_day=projected.per_day,
            pause_days=projected.pause_days,
            confidence=settings.confidence,
        )
    else:
        first_day = max(start, today + timedelta(days=1 if activity.get(today) else 0))
        lo, hi, mid = _plan_dates(course, pace, first_day, per_lesson, memo)
        result = replace(
            base,
            basis="pace plan",
            earliest=lo,
            latest=hi,
            likely=mid,
            pace_per_day=plan_per_day(pace),
        )
    target, source = enrollment.target, "target date"
    if target is None:
        target, source = pace_plan_latest(course, pace, enrollment.start, memo), "pace plan"
    return _against_target(result, pace, target, source, first_day, scale)


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
    result: Forecast, pace: Pace, target: date, source: str, first_day: date, scale: float = 1.0
) -> Forecast:
    """The status against ``target``, and the time a study day that finishes by it.

    That time follows the rule "on track" follows: the likely finish is the work left
    at the pace times ``scale`` (the likely factor for a window from the learner's own
    pace; 1 for the pace plan's), so the time needed is the work left times ``scale``
    over the study days left. Studying less than it, the likely date stays after the
    target."""
    days_left = _study_days(pace, first_day, target)
    needed = None
    if days_left:
        left, review = result.remaining, result.review_minutes
        needed = Duration(
            math.ceil((left.low + review) * scale / days_left),
            math.ceil((left.high + review) * scale / days_left),
        )
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
