"""What a learner does in review, as rules over their event log: rate a card, take a
rating back, and reserve review time in a study plan (``plan --review auto``).

Each rating is appended the moment it is given, so quitting a session loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
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
    from coursekit.review.due import DueForecast


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
    """Minutes a day a plan keeps for review, and the forecast they come from."""

    minutes: int
    forecast: DueForecast


def planned_review(learner: Learner, start: date) -> ReservedReview:
    """``plan --review auto``: the reviews the learner's cards will ask for in the two
    weeks from ``start``, as minutes a day (the course's minutes per card)."""
    from coursekit.review.due import planned_review_minutes
    from coursekit.review.history_cache import learner_history

    events = learner.events()
    history = learner_history(learner.course, events, learner.db, learner.name) if events else None
    noon = datetime.combine(start, time(12)).astimezone()
    minutes, ahead = planned_review_minutes(
        learner.course, events, noon.astimezone(UTC), noon.tzinfo or UTC, history=history
    )
    return ReservedReview(minutes, ahead)
