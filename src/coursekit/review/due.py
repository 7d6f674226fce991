"""Review load: reviews due per day and the dashboard's due counts (the minutes a plan
keeps for review come from ``coursekit.review.workload``).

Counts come from the cards' FSRS due dates (see ``coursekit.review.cards``), bucketed by
the learner's calendar day. New cards are not counted: they are not due until the
learner starts them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from coursekit.errors import CourseError
from coursekit.fileio import save_cache
from coursekit.model import Course
from coursekit.review.history_cache import (
    CACHE_FORMAT,
    MOVING,
    history_cache_path,
    learner_history,
    read_cache,
)

if TYPE_CHECKING:
    from coursekit.events.event import Event
    from coursekit.events.store import Store
    from coursekit.review.cards import CardHistory, ReviewState

# coursekit.review.cards (and fsrs) is imported where needed, so that counting kept due
# dates (the progress dashboard) stays cheap to import.

FORECAST_DAYS = 14


@dataclass(frozen=True)
class DueForecast:
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
) -> DueForecast:
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
    return DueForecast(today, overdue, dated, new_unlocked)


def due_summary(
    course: Course,
    events: Sequence[Event],
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
    course: Course, events: Sequence[Event], history: dict[str, CardHistory] | None = None
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


# --------------------------------------------------------------------------- dashboard


def cards_due(course: Course, learner: str, store: Store | None, today: date) -> dict[str, int]:
    """The dashboard's flashcard facts: ``cards`` in the course, reviews ``due_today``
    (overdue included) and ``due_next_7_days`` (today and the six days after).

    The cards' due dates are kept next to the history cache, keyed by the learner's log
    version and the course's cards and review settings, so a dashboard with nothing
    new to replay reads one small file; events that cannot move a due date (a lesson
    marked done) keep them too. Days are the machine's local days.
    """
    cards = sum(len(m.flashcards) for m in course.modules)
    if store is None or not cards:
        return {"cards": cards, "due_today": 0, "due_next_7_days": 0}
    path = history_cache_path(store.path, course.id, learner).with_suffix(".due.json")
    log = list(store.log_version(course.id, learner))
    cards_key = _course_key(course)
    kept = read_cache(path) or {}
    usable = kept.get("cards_key") == cards_key and isinstance(kept.get("dues"), list)
    dues = None
    if usable and (
        kept.get("log") == log or no_reviews_since(kept.get("log"), log, store, course, learner)
    ):
        try:
            dues = [datetime.fromisoformat(text).astimezone(UTC) for text in kept["dues"]]
        except (TypeError, ValueError):
            dues = None  # a damaged file: work it out again
    if dues is None:
        events = store.events(course.id, learner, MOVING)
        history = learner_history(course, events, store.path, learner)
        dues = due_dates(course, events, history)
    if kept.get("log") != log or kept.get("cards_key") != cards_key:
        data = {"cards_key": cards_key, "log": log, "dues": [d.isoformat() for d in dues]}
        save_cache(path, {"format": CACHE_FORMAT, **data})
    zone = datetime.combine(today, time(12)).astimezone().tzinfo
    due_today, due_week = due_counts_on(dues, today, zone or UTC)
    return {"cards": cards, "due_today": due_today, "due_next_7_days": due_week}


def no_reviews_since(
    before: Any, now: list[Any], store: Store, course: Course, learner: str
) -> bool:
    """Whether the log only grew since ``before`` (a log version), and by events that
    cannot move a due date (no rating, undo or reset): a lesson marked done, say."""
    if not (
        isinstance(before, list) and len(before) == 3 and all(type(x) is int for x in before[:2])
    ):
        return False
    count, seq, uid = before
    if not (now[0] > count and now[1] > seq) or store.uid_at(seq) != uid:
        return False
    new = store.events(course.id, learner, after_seq=seq)
    return len(new) == now[0] - count and not any(e.type in MOVING for e in new)


def _course_key(course: Course) -> str:
    """What due dates depend on besides the events: the cards and the review settings."""
    review = course.review
    text = json.dumps(
        [
            sorted(c.id for c in course.flashcards()),
            review.desired_retention,
            review.maximum_interval,
        ]
    )
    return hashlib.sha256(text.encode()).hexdigest()
