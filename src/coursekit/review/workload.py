"""The flashcard reviews FSRS will ask for: the cards already started, run forward, and
the cards that finishing the remaining lessons will unlock.

One simulation serves ``coursekit plan --review auto`` (the minutes a study day to
keep for review) and the completion forecast (review time in the work left):

- Every card is scheduled by ``fsrs`` itself (the course's review settings, fuzzing
  off, so the same history always gives the same answer).
- A card is reviewed on the day it falls due (a card already overdue, today), and
  answered as the course's desired retention expects: recalled (Good) on most
  reviews and forgotten (Again) on one in ``1 / (1 - retention)`` (one in ten at
  0.9), a card's forgotten reviews placed by its id, so cards do not lapse together.
  Learning and relearning steps are answered Good, and each one counts as a review.
- A card never reviewed is started on the day it unlocks: today when its lesson is
  done (or, for a card without a lesson, its module), else the day the caller says
  that lesson will be done. New cards all follow one of a few schedules (one per
  place of the forgotten review), computed once, which keeps the simulation fast.

Each review takes the course's ``minutes_per_card``.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.fileio import save_cache
from coursekit.model import Course

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

    from coursekit.events.event import Event
    from coursekit.events.store import Store
    from coursekit.review.cards import CardHistory

# fsrs and coursekit.review.cards are imported where a simulation runs: a dashboard whose
# review minutes are in its memo needs neither.

HORIZON_STEP = 120  # days simulated at a time, as far as a caller asks
MAX_HORIZON = 36_500


def lapse_period(desired_retention: float) -> int:
    """One review in this many is forgotten, at the desired retention (at least 2)."""
    return max(2, round(1 / max(1e-6, 1 - desired_retention)))


@dataclass
class _Card:
    """A card already started: its FSRS state, and where it is in its lapse cycle."""

    card: Card
    phase: int
    reviews: int = 0  # reviews simulated so far (in the Review state)


@dataclass
class ReviewWorkload:
    """Reviews due per day from ``start`` (day 0), for cards started or still to unlock."""

    start: date
    minutes_per_card: float
    scheduler: Scheduler | None  # None: read back from to_dict, no further simulation
    zone: tzinfo
    done_by_day: dict[date, int]  # reviews the learner did, per local day
    started: list[_Card]  # cards already reviewed, or unlocked: simulated one by one
    by_lesson: dict[str, list[int]]  # lesson not done -> the lapse phases of its cards
    period: int
    _due: list[int] = field(default_factory=list)  # day offsets of started cards' reviews
    _paths: dict[int, list[int]] = field(default_factory=dict)  # phase -> offsets of a new card
    _horizon: int = 0

    @property
    def cards(self) -> int:
        """Cards simulated: started, unlocked, and to be unlocked by lessons left."""
        return len(self.started) + sum(len(p) for p in self.by_lesson.values())

    def minutes_by_day(self) -> dict[date, float]:
        """Minutes of review the learner did, per day."""
        return {day: n * self.minutes_per_card for day, n in self.done_by_day.items()}

    def covers(self, days: float) -> bool:
        """Whether the reviews of the first ``days`` days can be counted: simulated that
        far already, or able to go further (not read back from :meth:`to_dict`)."""
        return self.scheduler is not None or int(days) <= self._horizon

    def to_dict(self) -> dict[str, Any]:
        """The simulation so far, as JSON-ready data (what :meth:`from_dict` reads)."""
        return {
            "start": self.start.isoformat(),
            "horizon": self._horizon,
            "due": self._due,
            "paths": {str(phase): offsets for phase, offsets in self._paths.items()},
            "by_lesson": self.by_lesson,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], minutes_per_card: float) -> ReviewWorkload:
        """A simulation kept by :meth:`to_dict`; it counts reviews as far as it went."""
        load = cls(
            date.fromisoformat(data["start"]),
            minutes_per_card,
            None,
            UTC,
            {},
            [],
            {str(k): [int(p) for p in v] for k, v in data["by_lesson"].items()},
            1,
        )
        load._due = sorted(int(x) for x in data["due"])
        load._paths = {int(k): [int(x) for x in v] for k, v in data["paths"].items()}
        load._horizon = int(data["horizon"])
        if any(p not in load._paths for phases in load.by_lesson.values() for p in phases):
            raise ValueError("a lesson's card has no schedule")
        return load

    def reviews(self, days: float, unlock: Mapping[str, float] | None = None) -> int:
        """Reviews due in the first ``days`` days (day 0 is ``start``), when each lesson
        of ``unlock`` is done that many days after ``start`` (lessons not in it: never)."""
        limit = max(0, min(MAX_HORIZON, int(days)))
        self._extend(limit)
        count = bisect.bisect_left(self._due, limit)
        for lesson, when in (unlock or {}).items():
            first = int(when)
            if first >= limit:
                continue
            for phase in self.by_lesson.get(lesson, ()):
                count += bisect.bisect_left(self._paths[phase], limit - first)
        return count

    def minutes(self, days: float, unlock: Mapping[str, float] | None = None) -> float:
        """Minutes of review in the first ``days`` days (see :meth:`reviews`)."""
        return self.reviews(days, unlock) * self.minutes_per_card

    def per_day(self, days: int, unlock: Mapping[str, float] | None = None) -> list[int]:
        """Reviews due on each of the first ``days`` days."""
        counts = [0] * max(0, days)
        self._extend(days)
        for offset in self._due:
            if offset >= days:
                break
            counts[offset] += 1
        for lesson, when in (unlock or {}).items():
            for phase in self.by_lesson.get(lesson, ()):
                for offset in self._paths[phase]:
                    if int(when) + offset >= days:
                        break
                    counts[int(when) + offset] += 1
        return counts

    # ---------------------------------------------------------------- simulation

    def _extend(self, days: int) -> None:
        """Simulate every card up to ``days`` after ``start`` (in steps, once)."""
        if days <= self._horizon or self.scheduler is None:
            return
        horizon = min(MAX_HORIZON, -(-days // HORIZON_STEP) * HORIZON_STEP)
        noon = datetime.combine(self.start, time(12), self.zone).astimezone(UTC)
        end = noon + timedelta(days=horizon)
        for item in self.started:
            self._due.extend(self._run(item, noon, end))
        self._due.sort()
        for phase in sorted({p for phases in self.by_lesson.values() for p in phases}):
            self._paths[phase] = self._new_path(phase, noon, horizon)
        self._horizon = horizon

    def _new_path(self, phase: int, noon: datetime, horizon: int) -> list[int]:
        """Review day offsets of a card first reviewed on day 0, in lapse ``phase``."""
        from fsrs import Card

        item = _Card(Card(card_id=phase, due=noon), phase)
        return self._run(item, noon, noon + timedelta(days=horizon))

    def _run(self, item: _Card, noon: datetime, end: datetime) -> list[int]:
        """Review ``item`` at each due time before ``end``; the day offsets of those
        reviews. An overdue card is reviewed at ``noon`` of day 0."""
        from fsrs import Rating, State

        offsets = []
        while True:
            due = max(item.card.due, noon)
            if due >= end:
                return offsets
            rating = Rating.Good
            if item.card.state == State.Review:
                item.reviews += 1
                if (item.reviews + item.phase) % self.period == 0:
                    rating = Rating.Again
            assert self.scheduler is not None
            item.card, _ = self.scheduler.review_card(item.card, rating, review_datetime=due)
            offsets.append((due.astimezone(self.zone).date() - self.start).days)


def review_workload(
    course: Course,
    events: Sequence[Event],
    start: date,
    *,
    history: dict[str, CardHistory] | None = None,
    zone: tzinfo | None = None,
) -> ReviewWorkload:
    """The reviews the learner's cards will ask for from ``start`` (see the module doc).

    ``events``: the learner's log (reviews, completions, undo, reset); ``history``: the
    replayed cards when the caller has them (``history_cache``). ``zone``: the learner's
    time zone (the machine's by default).
    """
    from coursekit.review.cards import (
        completed_lessons,
        fsrs_card_id,
        make_scheduler,
        replay,
        reviews_in_force,
    )

    scheduler = make_scheduler(course.review)
    zone = zone or _zone(start)
    if history is None:
        history = replay(events, scheduler)
    done = completed_lessons(events)
    period = lapse_period(course.review.desired_retention)
    started: list[_Card] = []
    by_lesson: dict[str, list[int]] = {}
    for card in course.flashcards():
        phase = fsrs_card_id(card.id) % period
        past = history.get(card.id)
        if past is not None:
            started.append(_Card(past.card, phase, past.reviews))
            continue
        unlocked_by = _unlocked_by(course, card.module, card.lesson, done)
        if unlocked_by is None:
            from fsrs import Card

            noon = datetime.combine(start, time(12), zone).astimezone(UTC)
            started.append(_Card(Card(card_id=fsrs_card_id(card.id), due=noon), phase))
        elif unlocked_by:
            by_lesson.setdefault(unlocked_by, []).append(phase)
    done_by_day: dict[date, int] = {}
    for review in reviews_in_force(events):
        day = review.at.astimezone(zone).date()
        done_by_day[day] = done_by_day.get(day, 0) + 1
    return ReviewWorkload(
        start,
        course.review.minutes_per_card,
        scheduler,
        zone,
        done_by_day,
        started,
        by_lesson,
        period,
    )


def _unlocked_by(course: Course, module_id: str, lesson: str | None, done: set[str]) -> str | None:
    """``None`` when the card is unlocked already; else the lesson whose completion
    unlocks it (for a card without a lesson, the module's last lesson not done), or
    ``""`` when no lesson of the course does."""
    if lesson is not None:
        if lesson in done:
            return None
        return lesson if lesson in course.lesson_index else ""
    module = course.module_index.get(module_id)
    studied = [x.id for x in module.lessons if x.status != "planned"] if module else []
    left = [x for x in studied if x not in done]
    if studied and not left:
        return None
    return left[-1] if left else ""


#: The event types a workload depends on (reviews; completions unlock cards).
WORKLOAD_EVENTS = ("flashcard_review", "lesson_completed", "undo", "reset")
CACHE_FORMAT = 1


class LearnerReviewLoad:
    """A learner's workload for the dashboard's forecast, kept between runs.

    The reviews done per day and the simulation (the day offsets of the reviews due,
    the schedules of new cards, the cards each lesson left unlocks) are kept in a
    file next to the review history cache, with the log version and the day they were
    worked out for. They stay good while the log only grew by events that move no
    card (a study session, a lesson marked done: its cards then start today, as a
    fresh simulation would have them), on the same day, with the same cards and
    settings; anything else runs the simulation again.
    """

    def __init__(
        self,
        course: Course,
        learner: str,
        store: Store,
        today: date,
        path: Path,
        kept: dict[str, Any],
    ) -> None:
        self.course, self.learner, self.store, self.today = course, learner, store, today
        self.path, self.kept = path, kept
        self.done = {date.fromisoformat(d): int(n) for d, n in kept["days"].items()}
        self._workload: ReviewWorkload | None = None
        self._changed = False
        sim = kept.get("sim")
        if isinstance(sim, dict) and sim.get("key") == kept["sim_key"]:
            try:
                self._workload = ReviewWorkload.from_dict(sim, course.review.minutes_per_card)
            except (KeyError, TypeError, ValueError, AttributeError):
                self._workload = None

    @classmethod
    def of(
        cls, course: Course, learner: str, store: Store, today: date
    ) -> LearnerReviewLoad | None:
        """The learner's load, or ``None`` when the course has no cards or the learner
        has not reviewed any (their forecast then counts no review time)."""
        from coursekit.review.due import no_reviews_since
        from coursekit.review.history_cache import history_cache_path, read_cache

        if not any(m.flashcards for m in course.modules):
            return None
        path = history_cache_path(store.path, course.id, learner).with_suffix(".workload.json")
        log = list(store.log_version(course.id, learner))
        zone = repr(_zone(today))
        kept = read_cache(path) or {}
        usable = (
            kept.get("zone") == zone
            and isinstance(kept.get("days"), dict)
            and isinstance(kept.get("reviews_log"), list)
        )
        if usable and kept.get("log") != log:
            usable = no_reviews_since(kept.get("log"), log, store, course, learner)
        if not usable:
            events = store.events(course.id, learner, ("flashcard_review", "undo", "reset"))
            done = reviews_per_day(events, _zone(today))
            days = {day.isoformat(): n for day, n in done.items()}
            # reviews_log: the log the reviews were read from, which the simulation keeps
            kept = {"format": CACHE_FORMAT, "zone": zone, "days": days, "reviews_log": log}
        if kept.get("log") != log:
            kept["log"] = log
            save_cache(path, kept)
        if not kept["days"]:  # most learners: one small query and one small file
            return None
        kept["sim_key"] = _digest([kept["reviews_log"], _settings_key(course), str(today)])
        return cls(course, learner, store, today, path, kept)

    def minutes_by_day(self) -> dict[date, float]:
        per_card = self.course.review.minutes_per_card
        return {day: n * per_card for day, n in self.done.items()}

    def minutes(self, days: float, unlock: Mapping[str, float]) -> float:
        load = self._workload
        if load is None or not load.covers(days):
            load = self._simulate(days)
        return _counted(load, days, unlock)

    def _simulate(self, days: float) -> ReviewWorkload:
        """Run the simulation (the learner's replayed cards through the history cache)
        and keep it."""
        from coursekit.review.history_cache import learner_history

        events = self.store.events(self.course.id, self.learner, WORKLOAD_EVENTS)
        history = learner_history(self.course, events, self.store.path, self.learner)
        load = review_workload(
            self.course, events, self.today, history=history, zone=_zone(self.today)
        )
        load.reviews(days)  # simulate as far as asked
        self._workload = load
        self.kept["sim"] = {"key": self.kept["sim_key"], **load.to_dict()}
        save_cache(self.path, self.kept)
        return load


class ReplayedReviewLoad:
    """A learner's workload from their events alone (no store, no cache file): what
    :class:`LearnerReviewLoad` gives their dashboard, for a reader of exported files
    (the cohort report). The simulation runs only when a forecast asks for it."""

    def __init__(self, course: Course, events: list[Event], today: date) -> None:
        self.course, self.events, self.today = course, events, today
        self._workload: ReviewWorkload | None = None
        self._done: dict[date, float] | None = None

    @classmethod
    def of(cls, course: Course, kept: list[Event], today: date) -> ReplayedReviewLoad | None:
        """``None`` when the course has no cards or the learner reviewed none (as
        :meth:`LearnerReviewLoad.of`). ``kept``: the events in force, in time order."""
        if not any(m.flashcards for m in course.modules):
            return None
        events = [e for e in kept if e.type in WORKLOAD_EVENTS]
        if not any(e.type == "flashcard_review" for e in events):
            return None
        return cls(course, events, today)

    def minutes_by_day(self) -> dict[date, float]:
        if self._done is None:
            per_card = self.course.review.minutes_per_card
            done = reviews_per_day(self.events, _zone(self.today))
            self._done = {day: n * per_card for day, n in done.items()}
        return self._done

    def minutes(self, days: float, unlock: Mapping[str, float]) -> float:
        if self._workload is None:
            self._workload = review_workload(self.course, self.events, self.today)
        return _counted(self._workload, days, unlock)


def reviews_per_day(events: Sequence[Event], zone: tzinfo) -> dict[date, int]:
    """How many ratings in force each calendar day (in ``zone``) holds."""
    from coursekit.review.cards import reviews_in_force

    done: dict[date, int] = {}
    for review in reviews_in_force(events):
        day = review.at.astimezone(zone).date()
        done[day] = done.get(day, 0) + 1
    return done


def _counted(load: ReviewWorkload, days: float, unlock: Mapping[str, float]) -> float:
    """The review minutes of the next ``days``, as a forecast counts them: the lessons
    marked done since the simulation (none of ``unlock``) have their cards start today."""
    asked = dict(unlock)
    for lesson in load.by_lesson:
        asked.setdefault(lesson, 0.0)
    return load.minutes(days, asked)


def _digest(value: object) -> str:
    text = json.dumps(value, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _zone(day: date) -> tzinfo:
    """The machine's time zone on ``day`` (the learner's calendar days)."""
    return datetime.combine(day, time(12)).astimezone().tzinfo or UTC


def _settings_key(course: Course) -> list[object]:
    """What a workload depends on besides the events: the cards (with their lessons),
    the lessons' order and status, and the review settings."""
    review = course.review
    return [
        [(c.id, c.module, c.lesson) for c in course.flashcards()],
        [(x.id, x.status) for x in course.lessons()],
        [review.desired_retention, review.maximum_interval, review.minutes_per_card],
    ]
