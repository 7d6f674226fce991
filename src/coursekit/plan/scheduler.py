"""Paces, dated day-by-day study plans and completion windows.

One scheduler serves every consumer (the terminal, the site's "Study plans" page,
the home page's pace table, the calendar export and progress forecasts), so a figure
shown in one place is never recomputed differently somewhere else.

How a plan is made:

* Days: from ``start`` onward, only the pace's study days, minus skipped dates.
* Order: course order, except that a lesson never comes before a lesson it
  ``requires`` (a stable topological order: when course order already satisfies
  every ``requires``, it is kept as is).
* Budget: each study day has ``hours_per_day`` minutes (one end of the pace's
  range, picked by ``budget``), minus ``review_minutes`` reserved for flashcard
  review before any lesson. Lesson times are picked from their ranges the same way.
* Splitting: a lesson longer than what is left of the day continues on the next
  study day ("part 2 of 3"). No day ever exceeds its budget.
* No crumbs: a lesson part is at least :data:`MIN_PART` minutes unless it is the
  whole (remaining) lesson. If less than that is left of a day that already has
  study in it, the rest of the day stays free; if a split would leave a final part
  shorter than that, the part before it is shortened instead. A day that starts
  empty always takes as much as fits, so a plan always advances. Tidiness never
  costs a day: when it would need more study days than packing every day full, the
  days are packed full instead, so the finish is always the hand-computed one
  (total minutes / daily minutes, rounded up, in study days).
* Window: the earliest finish uses the high daily hours with the low lesson
  times, the latest finish the low daily hours with the high lesson times.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta

from coursekit.errors import CourseError, Problem, did_you_mean
from coursekit.i18n import Messages
from coursekit.model import Course, Duration, Lesson, Pace, format_minutes
from coursekit.plan.model import (
    ASSUMPTIONS,
    BUDGETS,
    ENGLISH,
    DateRange,
    PaceRow,
    Plan,
    PlanDay,
    PlanItem,
    Window,
    describe_days,
    pace_title,
    reference_start,
    study_days_text,
    weeks_text,
)

MIN_PART = 15
"""Shortest lesson part, in minutes, that the scheduler splits off (see the module doc)."""

# --------------------------------------------------------------------------- the scheduler


def plan(
    course: Course,
    pace: Pace,
    start: date,
    budget: str = "mid",
    skip: Iterable[date | DateRange] = (),
    lessons: Iterable[str | Lesson] | None = None,
    review_minutes: int = 0,
) -> Plan:
    """Schedule the course (or only ``lessons``) at ``pace`` from ``start``.

    ``budget`` is ``low``, ``mid`` or ``high`` (that end of both the daily hours and the
    lesson times), or ``earliest``/``latest`` (the two ends of the completion window).
    ``skip`` holds dates or inclusive ``(first, last)`` ranges with no study.
    ``lessons`` restricts the plan (e.g. to the lessons a learner has left); lessons it
    requires that are not in the plan count as done. ``review_minutes`` are reserved
    on every study day before lessons. Raises :class:`CourseError` for a pace that
    cannot be scheduled.
    """
    if budget not in ASSUMPTIONS:
        raise CourseError(
            f"unknown budget '{budget}'; use one of {', '.join(BUDGETS)}"
            + did_you_mean(budget, BUDGETS),
            "--budget",
        )
    chosen = _ordered(course, lessons)
    ranges = normalize_skip(skip)
    hours_end, lesson_end = ASSUMPTIONS[budget]
    daily = pace.hours_per_day.pick(hours_end)
    days = _schedule(chosen, pace, start, daily, lesson_end, ranges, review_minutes, course)
    return Plan(
        course_id=course.id,
        course_title=course.title,
        pace=pace,
        start=start,
        budget=budget,
        daily_minutes=daily,
        review_minutes=review_minutes,
        lesson_minutes=sum(lesson.study_time.pick(lesson_end) for lesson in chosen),
        study_time=Duration(
            sum(x.study_time.low for x in chosen), sum(x.study_time.high for x in chosen)
        ),
        days=days,
        window=_window(chosen, pace, start, ranges, review_minutes, course),
        skip=ranges,
    )


def window(
    course: Course,
    pace: Pace,
    start: date,
    lessons: Iterable[str | Lesson] | None = None,
    skip: Iterable[date | DateRange] = (),
    review_minutes: int = 0,
) -> tuple[date, date]:
    """The earliest and latest finish dates (both ``start`` when nothing is left)."""
    found = completion_window(course, pace, start, lessons, skip, review_minutes)
    return found.earliest, found.latest


def completion_window(
    course: Course,
    pace: Pace,
    start: date,
    lessons: Iterable[str | Lesson] | None = None,
    skip: Iterable[date | DateRange] = (),
    review_minutes: int = 0,
) -> Window:
    """The completion window with study-day and week counts (see :func:`window`)."""
    chosen = _ordered(course, lessons)
    return _window(chosen, pace, start, normalize_skip(skip), review_minutes, course)


def pace_rows(
    course: Course, windows: Mapping[str, Window] | None = None, t: Messages | None = None
) -> list[PaceRow]:
    """For each of the course's paces, in order: the numbers of the home page's table.

    Windows are computed by the same scheduler as the plans, from ``course.start``
    when it is set, else from the first day of the locale's week (:func:`reference_start`).
    ``windows`` holds windows already computed that way (e.g. each pace's ``plan``'s),
    by pace name. The rows' words are in ``t``'s language (English by default).
    """
    t = t or ENGLISH
    windows = windows or {}
    start = course.start or reference_start(t)
    rows = []
    for pace in course.paces.values():
        window = windows.get(pace.name) or completion_window(course, pace, start)
        rows.append(
            PaceRow(
                name=pace.name,
                hours_per_day=pace.hours_per_day,
                study_days=describe_days(pace.study_days, t),
                per_week=pace.per_week,
                window=window,
                dated=course.start is not None,
                title=pace_title(pace.name, t),
                weeks_text=weeks_text(*window.weeks, t),
                days_text=study_days_text(*window.days, t),
            )
        )
    return rows


def _window(
    chosen: list[Lesson],
    pace: Pace,
    start: date,
    skip: tuple[DateRange, ...],
    review_minutes: int,
    course: Course,
) -> Window:
    # Only the last day of each end matters: the days are not dressed as PlanDays.
    hi_hours, lo_hours = pace.hours_per_day.high, pace.hours_per_day.low
    fast = _study_days(chosen, pace, start, hi_hours, "low", skip, review_minutes)
    slow = _study_days(chosen, pace, start, lo_hours, "high", skip, review_minutes)
    if not fast or not slow:
        return Window(start, start, (0, 0), (0, 0))
    earliest, latest = fast[-1][0], slow[-1][0]
    return Window(
        earliest=earliest,
        latest=latest,
        days=(len(fast), len(slow)),
        weeks=((earliest - start).days // 7 + 1, (latest - start).days // 7 + 1),
    )


def _ordered(course: Course, lessons: Iterable[str | Lesson] | None) -> list[Lesson]:
    """The lessons to plan, in course order adjusted so ``requires`` come first."""
    index = course.lesson_index
    if lessons is None:
        wanted = list(course.lessons())
    else:
        ids = set()
        for item in lessons:
            lesson_id = item.id if isinstance(item, Lesson) else item
            if lesson_id not in index:
                raise CourseError(
                    f"no lesson '{lesson_id}' in the course" + did_you_mean(lesson_id, index),
                    course.id,
                )
            ids.add(lesson_id)
        wanted = [lesson for lesson in course.lessons() if lesson.id in ids]
    planned = {lesson.id for lesson in wanted}
    placed: set[str] = set()
    pending, ordered = list(wanted), []
    while pending:
        # The first lesson (in course order) whose planned prerequisites are all placed.
        pick = next(
            (
                i
                for i, lesson in enumerate(pending)
                if all(r in placed or r not in planned for r in lesson.requires)
            ),
            0,  # a cycle (the loader rejects them): fall back to course order
        )
        lesson = pending.pop(pick)
        placed.add(lesson.id)
        ordered.append(lesson)
    return ordered


def _part_size(remaining: int, free: int, day_is_empty: bool, tidy: bool = True) -> int:
    """Minutes of a lesson to place in what is left of a day (0: leave the day)."""
    if remaining <= free or not tidy:
        return min(remaining, free)
    take = free
    if remaining - take < MIN_PART:  # never leave a crumb for the next day
        take = remaining - MIN_PART
    if take >= MIN_PART:
        return take
    # Only a crumb would fit. A fresh day takes it anyway (a tiny daily budget),
    # otherwise the rest of the day stays free.
    return free if day_is_empty else 0


def _schedule(
    lessons: list[Lesson],
    pace: Pace,
    start: date,
    daily: int,
    lesson_end: str,
    skip: tuple[DateRange, ...],
    review_minutes: int,
    course: Course,
) -> tuple[PlanDay, ...]:
    raw = _study_days(lessons, pace, start, daily, lesson_end, skip, review_minutes)
    modules = course.module_index
    parts: dict[str, int] = {}
    for _, chunks in raw:
        for lesson, _minutes in chunks:
            parts[lesson.id] = parts.get(lesson.id, 0) + 1
    seen: dict[str, int] = {}
    days = []
    for number, (day, chunks) in enumerate(raw, start=1):
        items = []
        for lesson, minutes in chunks:
            seen[lesson.id] = seen.get(lesson.id, 0) + 1
            module = modules.get(lesson.module)
            items.append(
                PlanItem(
                    lesson_id=lesson.id,
                    title=lesson.title,
                    module_id=lesson.module,
                    module_title=module.title if module else lesson.module,
                    minutes=minutes,
                    part=seen[lesson.id],
                    parts=parts[lesson.id],
                    outcome=lesson.outcome,
                    status=lesson.status,
                )
            )
        days.append(
            PlanDay(
                date=day,
                number=number,
                week=(day - start).days // 7 + 1,
                budget=daily,
                review_minutes=review_minutes,
                items=tuple(items),
            )
        )
    return tuple(days)


def _study_days(
    lessons: list[Lesson],
    pace: Pace,
    start: date,
    daily: int,
    lesson_end: str,
    skip: tuple[DateRange, ...],
    review_minutes: int,
) -> list[tuple[date, list[tuple[Lesson, int]]]]:
    """Each study day's date and lesson parts: the plan before it is dressed as PlanDays."""
    _check_pace(pace, daily, review_minutes)
    capacity = daily - review_minutes
    picked = [lesson.study_time.pick(lesson_end) for lesson in lessons]
    raw = _fill(lessons, picked, capacity, study_dates(pace, start, skip), tidy=True)
    if len(raw) > -(-sum(picked) // capacity):
        # the tidy split cost a study day: pack every day full instead
        raw = _fill(lessons, picked, capacity, study_dates(pace, start, skip), tidy=False)
    return raw


def _fill(
    lessons: list[Lesson], minutes: list[int], capacity: int, dates: Iterator[date], tidy: bool
) -> list[tuple[date, list[tuple[Lesson, int]]]]:
    """Lesson parts per study day, in order (see the module doc for ``tidy``)."""
    queue = [[lesson, time] for lesson, time in zip(lessons, minutes, strict=True)]
    raw: list[tuple[date, list[tuple[Lesson, int]]]] = []
    position = 0
    while position < len(queue):
        day = next(dates)
        free, chunks = capacity, []
        while position < len(queue):
            lesson, remaining = queue[position]
            take = _part_size(remaining, free, not chunks, tidy)
            if take == 0 and remaining > 0:
                break
            chunks.append((lesson, take))
            free -= take
            queue[position][1] = remaining - take
            if remaining - take == 0:
                position += 1
        raw.append((day, chunks))
    return raw


def _check_pace(pace: Pace, daily: int, review_minutes: int) -> None:
    where = f"pace '{pace.name}'"
    if not pace.study_days:
        raise CourseError(Problem(where, "has no study days; give at least one, e.g. mon,wed,fri"))
    if daily <= 0:
        raise CourseError(Problem(where, "has no study time per day; give e.g. 1.5h or 1-2h"))
    if review_minutes < 0:
        raise CourseError(Problem(where, f"review time {review_minutes} min is negative"))
    if review_minutes >= daily:
        raise CourseError(
            Problem(
                where,
                f"{review_minutes} min of review a day leaves no time for lessons in "
                f"{format_minutes(daily)}; study longer each day or review less",
            )
        )


def study_dates(pace: Pace, start: date, skip: Iterable[DateRange] = ()) -> Iterator[date]:
    """The pace's study days from ``start`` onward, skipping the given ranges."""
    ranges = sorted(skip)
    day = start
    try:
        while True:
            if day.weekday() in pace.study_days and not any(a <= day <= b for a, b in ranges):
                yield day
            day += timedelta(days=1)
    except OverflowError:
        raise CourseError(
            Problem(f"pace '{pace.name}'", "the plan runs past the year 9999")
        ) from None


def normalize_skip(skip: Iterable[date | DateRange]) -> tuple[DateRange, ...]:
    """Dates and ``(first, last)`` ranges as sorted inclusive ranges."""
    ranges = []
    for item in skip:
        first, last = (item, item) if isinstance(item, date) else item
        if last < first:
            raise CourseError(
                f"{first.isoformat()}..{last.isoformat()} ends before it begins", "--skip"
            )
        ranges.append((first, last))
    return tuple(sorted(ranges))
