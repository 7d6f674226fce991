"""What a learner does in review, as rules over their event log: rate a card, take a
rating back, and reserve review time in a study plan (``plan --review auto``).

Each rating is appended the moment it is given, so quitting a session loses nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from coursekit.errors import CourseError
from coursekit.events.event import Event
from coursekit.events.learner import Learner
from coursekit.review.cards import (
    REVIEW_EVENT,
    CardHistory,
    apply_review,
    review_data,
)

if TYPE_CHECKING:
    from fsrs import Scheduler

    from coursekit.review.cards import ReviewState


def rate(
    learner: Learner,
    card_id: str,
    rating: int,
    at: datetime,
    scheduler: Scheduler,
    past: CardHistory | None,
) -> CardHistory:
    """Store a rating of ``card_id`` now; return the card's state after it.

    ``past`` is the card's state before (``None`` for a new card).
    """
    learner.append(learner.event(REVIEW_EVENT, at, **review_data(card_id, rating)))
    return apply_review(past, card_id, rating, at, scheduler)


def undo_last_rating(learner: Learner, at: datetime) -> Event:
    """Reverse the learner's last rating still in force (an ``undo`` event); returns it."""
    try:
        return learner.undo_last((REVIEW_EVENT,), at)
    except CourseError:
        raise CourseError(
            f"no rating to undo for {learner.name} in {learner.course.title}", str(learner.db)
        ) from None


def learner_review_state(learner: Learner, scheduler: Scheduler) -> ReviewState:
    """Every flashcard of the course with the learner's replayed history (through the
    history cache), and their reviews of cards the course no longer has."""
    from coursekit.review.cards import review_state
    from coursekit.review.history_cache import learner_history

    events = learner.events()
    history = learner_history(learner.course, events, learner.db, learner.name, scheduler)
    return review_state(learner.course, events, scheduler, history)


@dataclass(frozen=True)
class ReservedReview:
    """Minutes a study day a plan keeps for review, and the simulation they come from."""

    minutes: int
    reviews: int  # reviews due from the start to the plan's last day
    cards: int  # flashcards simulated (started, or unlocked by the plan's lessons)
    days: int  # calendar days from the start to the plan's last day
    study_days: int
    finish: date | None


#: ``schedule(review_minutes)``: the plan's lessons with the day each is finished, and
#: its study days in order.
Schedule = Callable[[int], tuple[Mapping[str, date], Sequence[date]]]


def planned_review(learner: Learner, start: date, schedule: Schedule) -> ReservedReview:
    """``plan --review auto``: the review minutes a study day that the learner's cards
    will ask for over the plan, those already started and those its lessons unlock
    (``coursekit.review.workload``, FSRS run forward).

    The plan with that time reserved is longer, and longer plans see more reviews, so
    the reservation is worked out again on the longer plan until it is enough.
    """
    from coursekit.review.history_cache import learner_history
    from coursekit.review.workload import review_workload

    events = learner.events()
    history = learner_history(learner.course, events, learner.db, learner.name) if events else None
    load = review_workload(learner.course, events, start, history=history)
    seen: dict[int, tuple[int, int, int, int, date | None]] = {}

    def needed(minutes: int) -> int:
        """The minutes a study day that the reviews over the plan with ``minutes`` ask for."""
        if minutes not in seen:
            finished, plan_days = schedule(minutes)
            if not plan_days:
                seen[minutes] = (0, 0, 0, 0, None)
            else:
                finish = plan_days[-1]
                days = (finish - start).days + 1
                unlock = {lesson: (day - start).days for lesson, day in finished.items()}
                reviews = load.reviews(days, unlock)
                per_day = math.ceil(reviews * load.minutes_per_card / len(plan_days) - 1e-9)
                seen[minutes] = (per_day, reviews, days, len(plan_days), finish)
        return seen[minutes][0]

    # The least reservation that is enough for the plan it makes: climb until enough,
    # then halve the gap down to the least (longer plans ask a little less a day).
    low, high = 0, needed(0)
    for _ in range(16):
        if high == 0 or needed(high) <= high:
            break
        low, high = high, needed(high)
    while high - low > 1:
        middle = (low + high) // 2
        if needed(middle) <= middle:
            high = middle
        else:
            low = middle
    needed(high)
    _, reviews, days, study_days, finish = seen[high]
    minutes = high
    return ReservedReview(minutes, reviews, load.cards, days, study_days, finish)
