"""What a plan is made of: days, items, weeks' numbers, completion windows, pace rows.

Plain frozen data built by :mod:`coursekit.plan.scheduler`; the plan's outputs (tables,
Markdown, CSV, JSON) live in :mod:`coursekit.plan.text`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from coursekit.model import Duration, Pace, format_minutes

# budget -> (which end of hours_per_day, which end of the lesson times)
ASSUMPTIONS: dict[str, tuple[str, str]] = {
    "low": ("low", "low"),
    "mid": ("mid", "mid"),
    "high": ("high", "high"),
    "earliest": ("high", "low"),
    "latest": ("low", "high"),
}
BUDGETS = tuple(ASSUMPTIONS)

# Relative plans (no start date configured) are laid out from a Monday, the day a
# study week naturally begins; any Monday gives the same weeks.
REFERENCE_MONDAY = date(2024, 1, 1)

DateRange = tuple[date, date]

_END_WORDS = {"low": "the low end of", "mid": "the middle of", "high": "the high end of"}


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One lesson, or one part of a lesson, on one study day."""

    lesson_id: str
    title: str
    module_id: str
    module_title: str
    minutes: int
    part: int = 1
    parts: int = 1
    outcome: str = ""
    status: str = "ready"

    @property
    def label(self) -> str:
        """``Title`` or ``Title (part 2 of 3)``."""
        if self.parts == 1:
            return self.title
        return f"{self.title} (part {self.part} of {self.parts})"

    @property
    def is_last_part(self) -> bool:
        return self.part == self.parts


@dataclass(frozen=True, slots=True)
class PlanDay:
    """A study day: its date, its number in the plan, its week and what to study."""

    date: date
    number: int  # 1-based study day of the plan
    week: int  # 1-based; week 1 is the 7 days from the plan's start
    budget: int  # minutes available that day (review included)
    review_minutes: int
    items: tuple[PlanItem, ...]

    @property
    def minutes(self) -> int:
        """Minutes planned that day: review plus lessons (never above ``budget``)."""
        return self.review_minutes + sum(item.minutes for item in self.items)


@dataclass(frozen=True, slots=True)
class Window:
    """When the course (or what is left of it) is finished, as a range."""

    earliest: date
    latest: date
    days: tuple[int, int]  # study days (earliest plan, latest plan)
    weeks: tuple[int, int]  # the week (counted from the start) in which each finishes

    @property
    def days_text(self) -> str:
        return count_range(*self.days, "study day")

    @property
    def weeks_text(self) -> str:
        return count_range(*self.weeks, "week")


@dataclass(frozen=True)
class Plan:
    """A dated, day-by-day plan for one pace under one stated assumption."""

    course_id: str
    course_title: str
    pace: Pace
    start: date
    budget: str  # a key of ASSUMPTIONS
    daily_minutes: int  # the picked end of pace.hours_per_day
    review_minutes: int
    lesson_minutes: int  # total of the picked lesson times
    study_time: Duration  # the planned lessons' range
    days: tuple[PlanDay, ...]
    window: Window
    skip: tuple[DateRange, ...] = ()
    truncated: bool = False  # only the first days are laid out (see scheduler.plan)
    study_days: int | None = None  # study days of the whole plan (``len(days)`` unless truncated)

    @property
    def finish(self) -> date | None:
        """The last study day, or ``None`` when there is nothing to study."""
        if self.truncated:
            return None
        return self.days[-1].date if self.days else None

    @cached_property
    def weeks(self) -> tuple[PlanWeek, ...]:
        """Study days grouped into 7-day weeks from the start, each with its goal."""
        return group_weeks(self.days, self.start)

    @property
    def assumption(self) -> str:
        """The plan's stated assumption, in words, for output headers."""
        return describe_assumption(
            self.budget, self.pace.hours_per_day, self.study_time, self.review_minutes
        )


@dataclass(frozen=True, slots=True)
class PaceRow:
    """One line of the home page's pace table."""

    name: str
    hours_per_day: Duration
    study_days: str  # Pace.describe_days()
    per_week: Duration
    window: Window
    dated: bool  # True when window dates come from course.start

    @property
    def days(self) -> tuple[int, int]:
        return self.window.days

    @property
    def weeks(self) -> tuple[int, int]:
        return self.window.weeks


def count_range(low: int, high: int, noun: str) -> str:
    """``2–4 study days``, ``1 week``."""
    plural = noun if high == 1 else f"{noun}s"
    return f"{low} {plural}" if low == high else f"{low}–{high} {plural}"


# --------------------------------------------------------------------------- weeks


@dataclass(frozen=True, slots=True)
class PlanWeek:
    """Seven days from the start (week 1 starts on the start date) with their study days."""

    number: int
    first: date
    last: date  # the 7th day, or the plan's last study day in its final week
    days: tuple[PlanDay, ...]
    goal: str  # the module(s) in focus, e.g. "Finish Basics; start Practice"
    modules: tuple[str, ...]  # module titles in focus, in order

    @property
    def minutes(self) -> int:
        return sum(day.minutes for day in self.days)


def group_weeks(days: Iterable[PlanDay], start: date) -> tuple[PlanWeek, ...]:
    """Group study days into 7-day weeks counted from ``start``.

    Weeks without a study day (a skipped holiday week) are left out, so numbers may
    jump. A week's goal names each module in focus: "complete" (all of it this
    week), "start", "finish" or "continue".
    """
    days = tuple(days)
    if not days:
        return ()
    by_week: dict[int, list[PlanDay]] = {}
    first_day: dict[str, date] = {}
    last_day: dict[str, date] = {}
    for day in days:
        by_week.setdefault(day.week, []).append(day)
        for item in day.items:
            first_day.setdefault(item.module_id, day.date)
            last_day[item.module_id] = day.date
    weeks = []
    for number, week_days in by_week.items():
        first = start + timedelta(days=7 * (number - 1))
        last = min(first + timedelta(days=6), days[-1].date)
        titles: dict[str, str] = {}
        for day in week_days:
            for item in day.items:
                titles.setdefault(item.module_id, item.module_title)
        goals = []
        for module_id, title in titles.items():
            begins = first <= first_day[module_id]
            ends = last_day[module_id] <= last
            verb = {
                (True, True): "complete",
                (False, True): "finish",
                (True, False): "start",
                (False, False): "continue",
            }[(begins, ends)]
            goals.append(f"{verb} {title}")
        goal = "; ".join(goals) or "review"
        weeks.append(
            PlanWeek(
                number=number,
                first=first,
                last=last,
                days=tuple(week_days),
                goal=goal[:1].upper() + goal[1:],
                modules=tuple(titles.values()),
            )
        )
    return tuple(weeks)


def describe_assumption(
    budget: str, hours_per_day: Duration, study_time: Duration, review_minutes: int = 0
) -> str:
    """The plan's assumption in one sentence, e.g. for a table header."""
    hours_end, lesson_end = ASSUMPTIONS[budget]
    daily = hours_per_day.pick(hours_end)
    where = f" ({_END_WORDS[hours_end]} {hours_per_day})" if hours_per_day.is_range else ""
    review = f", {format_minutes(review_minutes)} of it for review" if review_minutes else ""
    lessons = format_minutes(study_time.pick(lesson_end))
    spread = f", of {study_time}" if study_time.is_range else ""
    ends = "in the middle" if lesson_end == "mid" else f"at the {lesson_end} end"
    return (
        f"Assumes {format_minutes(daily)} of study a day{where}{review}, and lesson "
        f"times {ends} of their ranges ({lessons} in all{spread})."
    )
