"""fsrs driven directly, as the review workload answers cards: the tests' oracle for
``coursekit.review.workload`` (written against fsrs, not against the workload)."""

from __future__ import annotations

from datetime import date, datetime

from fsrs import Card, Rating, Scheduler, State

from coursekit.review.cards import fsrs_card_id


def review_days(
    card: Card,
    card_id: str,
    count: int,
    first: datetime,
    end: datetime,
    retention: float = 0.9,
) -> list[date]:
    """The local days of the reviews fsrs schedules for ``card`` from ``first`` until
    ``end``: each at its due time (an overdue one at ``first``), answered Good except the
    Review-state review that makes the count (started at ``count``) plus the card's place
    (its id's hash modulo one in ``1 / (1 - retention)``) a multiple of that, Again."""
    scheduler = Scheduler(desired_retention=retention, enable_fuzzing=False)
    period = max(2, round(1 / (1 - retention)))
    phase, days = fsrs_card_id(card_id) % period, []
    while (at := max(card.due, first)) < end:
        rating = Rating.Good
        if card.state == State.Review:
            count += 1
            rating = Rating.Again if (count + phase) % period == 0 else Rating.Good
        card, _ = scheduler.review_card(card, rating, review_datetime=at)
        days.append(at.astimezone().date())
    return days
