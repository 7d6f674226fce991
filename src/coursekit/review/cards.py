"""Flashcard review with FSRS: card states rebuilt from the learner's event log.

The event log is the source of truth. A card's FSRS state is never stored: it is
rebuilt by replaying the learner's ``flashcard_review`` events, in time order, through
``fsrs.Scheduler.review_card`` with each event's own (UTC) time. Reversed events
(``undo``) and those before a ``reset`` are skipped. Changing the course's review
settings therefore reschedules every card as if the new settings had always applied.

The ``flashcard_review`` event (written by ``coursekit review``, imported from the
site's exchange file)::

    {"type": "flashcard_review", "at": "<UTC ISO-8601>",
     "data": {"card": "<stable flashcard id>", "rating": 1 | 2 | 3 | 4}}

``rating`` is FSRS's: 1 Again, 2 Hard, 3 Good, 4 Easy. The site's self-grades may
arrive as ``"grade": "got_it" | "not_yet"`` instead; :func:`rating_of` maps them
(Got it → Good, Not yet → Again), so both spellings replay the same way.

Fuzzing is off: FSRS's fuzz draws from the global ``random`` module, so a replay
would give a different due date on every run. Without it the schedule is a pure
function of the events, and equals what ``fsrs`` itself gives for the same ratings.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from coursekit.errors import CourseError, did_you_mean
from coursekit.events.event import SITE_GRADES, Event
from coursekit.events.replay import effective_events
from coursekit.model import Course, Flashcard, ReviewSettings

REVIEW_EVENT = "flashcard_review"
LESSON_EVENT = "lesson_completed"
UNDO_EVENT = "undo"
RESET_EVENT = "reset"  # both applied by coursekit.events.replay

RATINGS: dict[int, str] = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
STATE_NAMES: dict[State, str] = {
    State.Learning: "learning",
    State.Review: "review",
    State.Relearning: "relearning",
}
DEFAULT_NEW = 10
#: How early a learning card may come back when nothing else is left in a running
#: session (Anki's "learn ahead limit"). A session never starts with a card early.
LEARN_AHEAD = timedelta(minutes=20)
#: The cards that come back within a session: still in a step of minutes after a rating
#: of Again or Hard. Good and Easy move a card on; it waits for the next session.
AGAIN_RATINGS = (1, 2)


# --------------------------------------------------------------------------- events


def fsrs_card_id(flashcard_id: str) -> int:
    """The FSRS ``card_id`` of a flashcard: a hash of its stable id, not its position.

    48 bits, so the number also survives JSON in a browser.
    """
    return int.from_bytes(hashlib.sha256(flashcard_id.encode()).digest()[:6], "big")


def review_data(flashcard_id: str, rating: int) -> dict[str, Any]:
    """The ``data`` of a ``flashcard_review`` event."""
    if rating not in RATINGS:
        raise ValueError(f"rating must be 1, 2, 3 or 4, not {rating!r}")
    return {"card": flashcard_id, "rating": rating}


def rating_of(data: Mapping[str, Any]) -> int | None:
    """The FSRS rating (1-4) a review event carries, or ``None`` when it carries none.

    ``rating`` wins; otherwise a site self-grade (``got_it``/``not_yet``) is mapped.
    """
    rating = data.get("rating")
    if isinstance(rating, int) and not isinstance(rating, bool) and rating in RATINGS:
        return rating
    grade = data.get("grade")
    if isinstance(grade, str):
        return SITE_GRADES.get(grade.strip().lower().replace("-", "_").replace(" ", "_"))
    return None


def as_utc(moment: datetime) -> datetime:
    """An aware datetime in ``timezone.utc`` (fsrs refuses any other tzinfo, even UTC zones)."""
    if moment.tzinfo is UTC:  # the store's times already are: skip the conversion
        return moment
    if moment.tzinfo is None:
        raise ValueError("review times must be timezone-aware")
    return moment.astimezone(UTC)


def completed_lessons(events: Iterable[Event]) -> set[str]:
    """Ids of the lessons the learner has completed (undone completions excluded)."""
    return {
        str(e.data.get("lesson"))
        for e in effective_events(events)
        if e.type == LESSON_EVENT and e.data.get("lesson")
    }


# --------------------------------------------------------------------------- scheduling


def make_scheduler(
    settings: ReviewSettings,
    desired_retention: float | None = None,
    maximum_interval: int | None = None,
) -> Scheduler:
    """The FSRS scheduler for a course's review settings (options override them):
    desired retention, learning and relearning steps, maximum interval.

    Fuzzing is off so that replaying the same events always gives the same schedule.
    The site schedules with the same settings (``Scheduler.to_dict()`` is published in
    its course.json), so both give every card the same due date.
    """
    retention = settings.desired_retention if desired_retention is None else desired_retention
    interval = settings.maximum_interval if maximum_interval is None else maximum_interval
    if not 0.5 < retention < 1.0:
        where = "--retention" if desired_retention is not None else "review.desired_retention"
        raise CourseError(
            f"desired retention must be above 0.5 and below 1, e.g. 0.9 (got {retention})", where
        )
    if interval < 1:
        where = "maximum_interval" if maximum_interval is not None else "review.maximum_interval"
        raise CourseError(f"the maximum interval must be at least 1 day, not {interval}", where)
    return Scheduler(
        desired_retention=retention,
        learning_steps=tuple(timedelta(minutes=m) for m in settings.learning_steps),
        relearning_steps=tuple(timedelta(minutes=m) for m in settings.relearning_steps),
        maximum_interval=interval,
        enable_fuzzing=False,
    )


@dataclass(frozen=True)
class CardHistory:
    """A card's FSRS state after replaying its reviews."""

    card: Card
    reviews: int
    lapses: int  # Again while in the Review state: the card was forgotten


@dataclass(frozen=True)
class Review:
    """One rating in force: what replay feeds to FSRS."""

    uid: str
    card: str
    rating: int
    at: datetime


def reviews_in_force(events: Iterable[Event]) -> list[Review]:
    """The learner's valid ``flashcard_review`` events still in force, in time order."""
    reviews = []
    for event in effective_events(events):
        if event.type != REVIEW_EVENT:
            continue
        card_id, rating = event.data.get("card"), rating_of(event.data)
        if isinstance(card_id, str) and rating is not None:
            reviews.append(Review(event.uid, card_id, rating, as_utc(event.at)))
        # else: the importer refuses these; an old or foreign row is simply skipped
    return reviews


def replay(
    events: Iterable[Event],
    scheduler: Scheduler,
    reviews: Sequence[Review] | None = None,
    history: dict[str, CardHistory] | None = None,
) -> dict[str, CardHistory]:
    """Every reviewed card's FSRS state, keyed by flashcard id (also ids no longer in the course).

    Each review in force is replayed in time order at its own time. Given ``reviews``
    (instead of events) and the ``history`` they follow, it continues from there.
    """
    result = dict(history or {})
    for review in reviews_in_force(events) if reviews is None else reviews:
        past = result.get(review.card)
        result[review.card] = apply_review(past, review.card, review.rating, review.at, scheduler)
    return result


def apply_review(
    past: CardHistory | None,
    flashcard_id: str,
    rating: int,
    at: datetime,
    scheduler: Scheduler,
) -> CardHistory:
    """A card's history after one more review (``past`` is ``None`` for a new card)."""
    at = as_utc(at)
    card = past.card if past else Card(card_id=fsrs_card_id(flashcard_id), due=at)
    lapse = card.state == State.Review and rating == Rating.Again
    card, _ = scheduler.review_card(card, Rating(rating), review_datetime=at)
    return CardHistory(
        card,
        (past.reviews if past else 0) + 1,
        (past.lapses if past else 0) + int(lapse),
    )


# --------------------------------------------------------------------------- unlocking


def unlocked_cards(course: Course, done: set[str]) -> set[str]:
    """Ids of the flashcards the learner may start: their lesson is completed, or,
    for cards without a lesson, every lesson of their module that is not planned.
    A planned lesson's cards stay locked even if a completion of it was imported:
    it cannot be studied yet, so nothing done about it counts."""
    unlocked: set[str] = set()
    for module in course.modules:
        studied = [lesson.id for lesson in module.lessons if lesson.status != "planned"]
        module_done = bool(studied) and all(lesson in done for lesson in studied)
        done_here = done.intersection(studied)
        for card in module.flashcards:
            if (card.lesson in done_here) if card.lesson else module_done:
                unlocked.add(card.id)
    return unlocked


# --------------------------------------------------------------------------- state


@dataclass(frozen=True)
class CardStatus:
    """One flashcard of the course with its review history (``None`` when never reviewed)."""

    flashcard: Flashcard
    history: CardHistory | None
    unlocked: bool

    @property
    def is_new(self) -> bool:
        return self.history is None

    @property
    def due(self) -> datetime | None:
        return self.history.card.due if self.history else None

    @property
    def state(self) -> str:
        return STATE_NAMES[self.history.card.state] if self.history else "new"


@dataclass(frozen=True)
class ReviewState:
    """All of a learner's flashcards, in course order, and reviews of cards the course dropped.

    ``started`` holds when each card was first reviewed (the daily limit of new cards
    counts the cards started today).
    """

    cards: tuple[CardStatus, ...]
    orphans: dict[str, CardHistory]
    started: dict[str, datetime] = field(default_factory=dict)

    def scheduled(self) -> list[CardStatus]:
        return [c for c in self.cards if c.history is not None]


def review_state(
    course: Course,
    events: Sequence[Event],
    scheduler: Scheduler | None = None,
    history: dict[str, CardHistory] | None = None,
) -> ReviewState:
    """Replay the learner's events into a state per flashcard of the course.

    ``history`` is the replay's result when the caller has it already (from a cache).
    """
    if history is None:
        history = replay(events, scheduler or make_scheduler(course.review))
    unlocked = unlocked_cards(course, completed_lessons(events))
    cards = tuple(CardStatus(c, history.get(c.id), c.id in unlocked) for c in course.flashcards())
    known = {c.id for c in course.flashcards()}
    started: dict[str, datetime] = {}
    for review in reviews_in_force(events):
        started.setdefault(review.card, review.at)
    return ReviewState(cards, {k: v for k, v in history.items() if k not in known}, started)


def with_history(state: ReviewState, after: Mapping[str, CardHistory], at: datetime) -> ReviewState:
    """``state`` with the cards of ``after`` in their new state (rated at ``at``)."""
    cards = tuple(
        replace(c, history=after[c.flashcard.id]) if c.flashcard.id in after else c
        for c in state.cards
    )
    started = dict(state.started)
    for card_id in after:
        started.setdefault(card_id, at)
    return ReviewState(cards, state.orphans, started)


def day_of(moment: datetime, tz: tzinfo = UTC) -> date:
    """The learner's calendar day of an instant."""
    return moment.astimezone(tz).date()


def end_of_day(day: date, tz: tzinfo = UTC) -> datetime:
    """The first instant after ``day`` in the learner's time zone, in UTC."""
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=tz).astimezone(UTC)


def check_module(course: Course, module: str | None) -> None:
    """Refuse a module id the course does not have, suggesting the closest."""
    if module is not None and module not in course.module_index:
        ids = list(course.module_index)
        hint = did_you_mean(module, ids) or f"; the modules are {', '.join(ids)}"
        raise CourseError(f"no module '{module}'{hint}", "--module")


def is_due(status: CardStatus, now: datetime, tz: tzinfo = UTC) -> bool:
    """Whether a reviewed card is due at ``now``.

    A card in review (intervals of days) is due all of its due day, on the learner's
    calendar; a card in a learning or relearning step (minutes) only once the step
    has passed, as in Anki.
    """
    history = status.history
    if history is None:
        return False
    card = history.card
    if card.state == State.Review:
        return card.due < end_of_day(day_of(now, tz), tz)
    return card.due <= now


def new_today(state: ReviewState, now: datetime, tz: tzinfo = UTC) -> int:
    """How many cards the learner started (first reviewed) on their current day."""
    today = day_of(now, tz)
    return sum(1 for at in state.started.values() if day_of(at, tz) == today)


def session_cards(
    state: ReviewState,
    now: datetime,
    *,
    tz: tzinfo = UTC,
    module: str | None = None,
    new: int = DEFAULT_NEW,
    limit: int | None = None,
    include_locked: bool = False,
) -> list[CardStatus]:
    """The cards of a session: those due (most overdue first), then new cards.

    Due is :func:`is_due`: review cards on their due day, learning cards once their
    step has passed. New cards come in course order, at most ``new`` a day (the cards
    started today count), and only once unlocked (``include_locked`` lifts that).
    Cards already reviewed stay reviewable even if their lesson was later undone.
    """
    pool = [c for c in state.cards if module is None or c.flashcard.module == module]
    due = sorted(
        (c for c in pool if is_due(c, now, tz)),
        key=lambda c: (c.due, c.flashcard.id),
    )
    allowed = max(new - new_today(state, now, tz), 0)
    fresh = [c for c in pool if c.is_new and (c.unlocked or include_locked)][:allowed]
    queue = due + fresh
    return queue if limit is None else queue[: max(limit, 0)]


def next_due(state: ReviewState, now: datetime, module: str | None = None) -> datetime | None:
    """When the first reviewed card not due at ``now`` falls due (``None``: no such card)."""
    later = [
        c.due
        for c in state.cards
        if c.due is not None and c.due > now and (module is None or c.flashcard.module == module)
    ]
    return min(later, default=None)


def next_intervals(
    history: CardHistory | None, flashcard_id: str, now: datetime, scheduler: Scheduler
) -> dict[int, timedelta]:
    """For each rating, how long until the card would be due again if rated so ``now``."""
    now = as_utc(now)
    card = history.card if history else Card(card_id=fsrs_card_id(flashcard_id), due=now)
    result = {}
    for rating in RATINGS:
        after, _ = scheduler.review_card(card, Rating(rating), review_datetime=now)
        result[rating] = after.due - now
    return result


def interval_text(span: timedelta) -> str:
    """An interval as review apps print it: ``1 min``, ``5 h``, ``8 d``, ``2.1 mo``, ``1.5 y``."""
    minutes = max(span.total_seconds() / 60, 0)
    if minutes < 60:
        return f"{max(math.ceil(minutes - 1e-9), 1)} min"
    if minutes < 24 * 60:
        return f"{round(minutes / 60)} h"
    days = minutes / (24 * 60)
    if days < 30:
        return f"{round(days)} d"
    if days < 365:
        return f"{days / 30:.1f} mo"
    return f"{days / 365:.1f} y"
