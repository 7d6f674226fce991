"""Review load: reviews due per day, the dashboard's due counts, minutes for plans.

Counts come from the cards' FSRS due dates (see ``coursekit.review.cards``), bucketed by
the learner's calendar day. New cards are not counted: they are not due until the
learner starts them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from coursekit.errors import CourseError
from coursekit.model import Course

if TYPE_CHECKING:
    from coursekit.review.cards import CardHistory, EventLike, ReviewState

# coursekit.review.cards (and fsrs) is imported where needed, so that counting kept due
# dates (the progress dashboard) stays cheap to import.

FORECAST_DAYS = 14


@dataclass(frozen=True)
class Forecast:
    """Due reviews per day from ``today``; overdue cards count on the first day."""

    today: date
    overdue: int
    days: tuple[tuple[date, int], ...]
    new_unlocked: int  # cards unlocked but never reviewed (not in the counts)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.days)

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "overdue": self.overdue,
            "new_unlocked": self.new_unlocked,
            "total": self.total,
            "days": [{"date": d.isoformat(), "due": n} for d, n in self.days],
        }


def forecast(
    state: ReviewState,
    now: datetime,
    days: int = FORECAST_DAYS,
    *,
    tz: tzinfo = UTC,
    module: str | None = None,
) -> Forecast:
    """How many reviewed cards fall due on each of the next ``days`` days (today first)."""
    from coursekit.review.cards import day_of

    if days < 1:
        raise CourseError(f"the forecast needs at least 1 day, not {days}", "--days")
    today = day_of(now, tz)
    counts = [0] * days
    overdue = 0
    cards = [c for c in state.cards if module is None or c.flashcard.module == module]
    for card in cards:
        if card.due is None:
            continue
        offset = (day_of(card.due, tz) - today).days
        if offset < 0:
            overdue += 1
        if offset < days:
            counts[max(offset, 0)] += 1
    new_unlocked = sum(1 for c in cards if c.is_new and c.unlocked)
    dated = tuple((today + timedelta(days=i), n) for i, n in enumerate(counts))
    return Forecast(today, overdue, dated, new_unlocked)


def due_summary(
    course: Course,
    events: Sequence[EventLike],
    now: datetime,
    tz: tzinfo = UTC,
    history: dict[str, CardHistory] | None = None,
) -> tuple[int, int]:
    """``(due today, due within the next 7 days)`` for the progress dashboard.

    Both count reviewed cards only; today's count includes overdue cards, and the
    7-day count includes today's (the 7 days are today and the six after it).
    ``history``: the replayed cards, when the caller has them (``review_cache``).
    """
    return due_counts(due_dates(course, events, history), now, tz)


def due_dates(
    course: Course, events: Sequence[EventLike], history: dict[str, CardHistory] | None = None
) -> list[datetime]:
    """When each reviewed card of the course falls due (UTC), soonest first.

    This changes only with the events and the course (its cards and review settings),
    not with the clock, so a caller may keep it and call :func:`due_counts` each day.
    """
    from coursekit.review.cards import review_state

    state = review_state(course, events, history=history)
    return sorted(c.due for c in state.cards if c.due is not None)


def due_counts(dues: Sequence[datetime], now: datetime, tz: tzinfo = UTC) -> tuple[int, int]:
    """``(due today, due within the next 7 days)`` from :func:`due_dates` (see
    :func:`due_summary`)."""
    return due_counts_on(dues, now.astimezone(tz).date(), tz)


def due_counts_on(dues: Sequence[datetime], today: date, tz: tzinfo) -> tuple[int, int]:
    """:func:`due_counts` for the learner's calendar day ``today``."""
    days = [(due.astimezone(tz).date() - today).days for due in dues]
    return sum(1 for d in days if d <= 0), sum(1 for d in days if d < 7)


def daily_review_minutes(ahead: Forecast, minutes_per_card: float) -> int:
    """Minutes a day to reserve for review: the forecast's mean daily load, rounded up.

    Overdue cards are spread over the horizon rather than all charged to today.
    """
    if not ahead.days:
        return 0
    per_day = ahead.total / len(ahead.days)
    return math.ceil(per_day * minutes_per_card - 1e-9)


def planned_review_minutes(
    course: Course,
    events: Sequence[EventLike],
    start: datetime,
    tz: tzinfo = UTC,
    days: int = FORECAST_DAYS,
    history: dict[str, CardHistory] | None = None,
) -> tuple[int, Forecast]:
    """Daily review minutes for a plan from ``start`` (``--review auto``), with the
    forecast they come from: reviews due over ``days`` × the course's minutes per card."""
    from coursekit.review.cards import review_state

    ahead = forecast(review_state(course, events, history=history), start, days, tz=tz)
    return daily_review_minutes(ahead, course.review.minutes_per_card), ahead
