"""What a plan is made of: days, items, weeks' numbers, completion windows, pace rows.

Plain frozen data built by :mod:`coursekit.plan.scheduler`; the plan's outputs (tables,
Markdown, CSV, JSON) live in :mod:`coursekit.plan.text`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from coursekit.i18n import Messages, messages
from coursekit.model import Duration, Pace

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


def reference_start(t: Messages | None = None) -> date:
    """Where relative plans are laid out from: a Monday, or a Sunday in a locale whose
    weeks start on Sunday (Brazil's Portuguese, for one)."""
    return REFERENCE_MONDAY + timedelta(days=6) if t and t.first_week_day == 6 else REFERENCE_MONDAY


DateRange = tuple[date, date]

ENGLISH = messages()


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
        return self.label_in(ENGLISH)

    def label_in(self, t: Messages) -> str:
        if self.parts == 1:
            return self.title
        return t._(
            "%(title)s (part %(part)s of %(parts)s)",
            title=self.title,
            part=t.number(self.part),
            parts=t.number(self.parts),
        )

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
        return study_days_text(*self.days)

    @property
    def weeks_text(self) -> str:
        return weeks_text(*self.weeks)


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
        return self.assumption_in(ENGLISH)

    def assumption_in(self, t: Messages) -> str:
        return describe_assumption(
            self.budget, self.pace.hours_per_day, self.study_time, self.review_minutes, t
        )


@dataclass(frozen=True, slots=True)
class PaceRow:
    """One line of the home page's pace table."""

    name: str
    hours_per_day: Duration
    study_days: str  # describe_days(), in the rows' language
    per_week: Duration
    window: Window
    dated: bool  # True when window dates come from course.start
    title: str = ""  # the pace's name for a heading, in the rows' language
    weeks_text: str = ""  # "5–10 weeks", in the rows' language
    days_text: str = ""  # "21–46 study days", in the rows' language

    @property
    def days(self) -> tuple[int, int]:
        return self.window.days

    @property
    def weeks(self) -> tuple[int, int]:
        return self.window.weeks


def count_range(low: int, high: int, noun: str) -> str:
    """``2–4 study days``, ``1 week`` (English; :func:`study_days_text` in any language)."""
    plural = noun if high == 1 else f"{noun}s"
    return f"{low} {plural}" if low == high else f"{low}–{high} {plural}"


def _shown(t: Messages, low: int, high: int) -> str:
    return t.number(low) if low == high else f"{t.number(low)}–{t.number(high)}"


def study_days_text(low: int, high: int, t: Messages = ENGLISH) -> str:
    """``2–4 study days``, ``1 study day``; ``2–4 jours d'étude``."""
    return t.ngettext("%(n)s study day", "%(n)s study days", high, n=_shown(t, low, high))


def weeks_text(low: int, high: int, t: Messages = ENGLISH) -> str:
    """``1–2 weeks``, ``1 week``; ``1–2 semaines``."""
    return t.ngettext("%(n)s week", "%(n)s weeks", high, n=_shown(t, low, high))


def pace_title(name: str, t: Messages = ENGLISH) -> str:
    """A pace's name for a heading: ``Moderate``; the default paces' names translated."""
    words = pace_name(name, t)
    return words[:1].upper() + words[1:]


def pace_name(name: str, t: Messages = ENGLISH) -> str:
    """A pace's name in a sentence: ``moderate``, ``modéré``; a course's own paces as named."""
    default = {
        "intensive": t._("intensive"),
        "moderate": t._("moderate"),
        "relaxed": t._("relaxed"),
    }
    return default.get(name, name.replace("-", " "))


def describe_days(study_days: tuple[int, ...], t: Messages = ENGLISH) -> str:
    """``Monday to Friday``, ``every day``, ``Mon, Wed, Sat``, in the locale's week order."""
    if len(study_days) == 7:
        return t._("every day")
    if study_days == (0, 1, 2, 3, 4):
        return t._("Monday to Friday")
    first = t.first_week_day
    names = t.weekday_abbreviations()
    ordered = sorted(study_days, key=lambda d: (d - first) % 7)
    return ", ".join(names[d] for d in ordered)


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
    focus: tuple[tuple[str, str], ...] = ()  # (complete|start|finish|continue, title)

    def goal_in(self, t: Messages) -> str:
        """The goal in a language: ``Terminer Bases ; commencer Pratique``."""
        return week_goal(self.focus, t)

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
        focus = []
        for module_id, title in titles.items():
            begins = first <= first_day[module_id]
            ends = last_day[module_id] <= last
            verb = {
                (True, True): "complete",
                (False, True): "finish",
                (True, False): "start",
                (False, False): "continue",
            }[(begins, ends)]
            focus.append((verb, title))
        weeks.append(
            PlanWeek(
                number=number,
                first=first,
                last=last,
                days=tuple(week_days),
                goal=week_goal(tuple(focus), ENGLISH),
                modules=tuple(titles.values()),
                focus=tuple(focus),
            )
        )
    return tuple(weeks)


def week_goal(focus: Iterable[tuple[str, str]], t: Messages = ENGLISH) -> str:
    """``Complete Basics; start Practice``: each module in focus with what the week does."""
    verbs = {
        "complete": lambda title: t._("complete %(module)s", module=title),
        "start": lambda title: t._("start %(module)s", module=title),
        "finish": lambda title: t._("finish %(module)s", module=title),
        "continue": lambda title: t._("continue %(module)s", module=title),
    }
    goal = t._("; ").join(verbs[verb](title) for verb, title in focus) or t._("review")
    return goal[:1].upper() + goal[1:]


def describe_assumption(
    budget: str,
    hours_per_day: Duration,
    study_time: Duration,
    review_minutes: int = 0,
    t: Messages = ENGLISH,
) -> str:
    """The plan's assumption in one sentence, e.g. for a table header."""
    hours_end, lesson_end = ASSUMPTIONS[budget]
    daily = hours_per_day.pick(hours_end)
    where = ""
    if hours_per_day.is_range:
        span = t.duration(hours_per_day)
        where = {
            "low": lambda: t._(" (the low end of %(range)s)", range=span),
            "mid": lambda: t._(" (the middle of %(range)s)", range=span),
            "high": lambda: t._(" (the high end of %(range)s)", range=span),
        }[hours_end]()
    review = (
        t._(", %(time)s of it for review", time=t.minutes(review_minutes)) if review_minutes else ""
    )
    lessons = t.minutes(study_time.pick(lesson_end))
    spread = t._(", of %(range)s", range=t.duration(study_time)) if study_time.is_range else ""
    ends = {
        "low": lambda: t._("at the low end"),
        "mid": lambda: t._("in the middle"),
        "high": lambda: t._("at the high end"),
    }[lesson_end]()
    return t._(
        "Assumes %(daily)s of study a day%(where)s%(review)s, and lesson times %(ends)s "
        "of their ranges (%(lessons)s in all%(spread)s).",
        daily=t.minutes(daily),
        where=where,
        review=review,
        ends=ends,
        lessons=lessons,
        spread=spread,
    )
