"""A snapshot of replayed card states, so long review histories replay only what is new.

Replaying through FSRS costs about 30 µs a rating: a year of daily reviews is tens of
thousands of ratings, too slow for ``coursekit progress`` to start fast. The event
log stays the source of truth: the snapshot is used only when the ratings it covers
are still, in the same order, the first ratings in force (a digest of them is
checked) and the scheduler's settings are the same; otherwise everything is replayed
and the snapshot rewritten. Losing or corrupting the file costs one full replay.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.model import Course

if TYPE_CHECKING:
    from fsrs import Scheduler

    from coursekit.events.store import Store
    from coursekit.review.cards import CardHistory, EventLike, Review

# fsrs and coursekit.review.cards are imported where a replay happens: a dashboard whose
# kept due dates are still good needs neither.
SNAPSHOT_FORMAT = 1
#: The event types that can move a due date (review.REVIEW_EVENT, UNDO_EVENT, RESET_EVENT).
MOVING = ("flashcard_review", "undo", "reset")


def snapshot_path(database: Path, course: str, learner: str) -> Path:
    """Where the snapshot for one learner, course and database lives (the user's cache)."""
    from coursekit.course.locate import cache_dir

    key = "\0".join((str(database.resolve()), course, learner))
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return cache_dir() / "reviews" / f"{digest}.json"


def digest(reviews: Sequence[Review]) -> str:
    """What identifies a sequence of ratings: their uids in order (a stored event never
    changes, so its uid stands for its card, rating and time)."""
    h = hashlib.sha256()
    h.update("\n".join(f"{r.uid}\0{r.card}\0{r.rating}" for r in reviews).encode())
    return h.hexdigest()


def cached_history(
    events: Sequence[EventLike], scheduler: Scheduler, path: Path
) -> dict[str, CardHistory]:
    """The same as ``replay(events, scheduler)``, resuming from the snapshot at ``path``."""
    from coursekit.review.cards import replay, reviews_in_force

    reviews = reviews_in_force(events)
    settings = scheduler.to_dict()
    snapshot = _read(path)
    start, history = 0, {}
    if (
        snapshot is not None
        and snapshot.get("settings") == settings
        and isinstance(snapshot.get("count"), int)
        and 0 < snapshot["count"] <= len(reviews)
        and snapshot.get("digest") == digest(reviews[: snapshot["count"]])
    ):
        try:
            history = {k: _history(v) for k, v in snapshot["cards"].items()}
            start = snapshot["count"]
        except (KeyError, TypeError, ValueError, AttributeError):
            start, history = 0, {}
    history = replay((), scheduler, reviews[start:], history)
    if start != len(reviews) and reviews:
        _write(path, settings, len(reviews), digest(reviews), history)
    return history


def _history(data: Any) -> CardHistory:
    from fsrs import Card

    from coursekit.review.cards import CardHistory

    return CardHistory(Card.from_dict(data["card"]), int(data["reviews"]), int(data["lapses"]))


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != SNAPSHOT_FORMAT:
        return None
    return data


def _write(
    path: Path, settings: Any, count: int, key: str, history: dict[str, CardHistory]
) -> None:
    data = {
        "format": SNAPSHOT_FORMAT,
        "settings": settings,
        "count": count,
        "digest": key,
        "cards": {
            card_id: {"card": h.card.to_dict(), "reviews": h.reviews, "lapses": h.lapses}
            for card_id, h in history.items()
        },
    }
    _write_json(path, data)


def _write_json(path: Path, data: Any) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(temp, path)  # readers see the old snapshot or the new one, never half
    except OSError:
        temp.unlink(missing_ok=True)  # a cache that cannot be written is only slower


def learner_history(
    course: Course,
    events: Sequence[EventLike],
    database: Path,
    learner: str,
    scheduler: Scheduler | None = None,
) -> dict[str, CardHistory]:
    """A learner's replayed cards for ``course``, through their snapshot (course settings
    unless a ``scheduler`` is given). For ``review_state`` and ``review_load.due_summary``."""
    from coursekit.review.cards import make_scheduler

    scheduler = scheduler or make_scheduler(course.review)
    return cached_history(events, scheduler, snapshot_path(database, course.id, learner))


# --------------------------------------------------------------------------- dashboard


def cards_due(course: Course, learner: str, store: Store | None, today: date) -> dict[str, int]:
    """The dashboard's flashcard facts: ``cards`` in the course, reviews ``due_today``
    (overdue included) and ``due_next_7_days`` (today and the six days after).

    The cards' due dates are kept next to the snapshot, keyed by the learner's log
    version and the course's cards and review settings, so a dashboard with nothing
    new to replay reads one small file; events that cannot move a due date (a lesson
    marked done) keep them too. Days are the machine's local days.
    """
    from coursekit.review.due import due_counts_on, due_dates

    cards = sum(len(m.flashcards) for m in course.modules)
    if store is None or not cards:
        return {"cards": cards, "due_today": 0, "due_next_7_days": 0}
    path = snapshot_path(store.path, course.id, learner).with_suffix(".due.json")
    log = list(store.log_version(course.id, learner))
    cards_key = _course_key(course)
    kept = _read(path) or {}
    usable = kept.get("cards_key") == cards_key and isinstance(kept.get("dues"), list)
    dues = None
    if usable and (
        kept.get("log") == log or _no_reviews_since(kept.get("log"), log, store, course, learner)
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
        _write_json(path, {"format": SNAPSHOT_FORMAT, **data})
    zone = datetime.combine(today, time(12)).astimezone().tzinfo
    due_today, due_week = due_counts_on(dues, today, zone or UTC)
    return {"cards": cards, "due_today": due_today, "due_next_7_days": due_week}


def _no_reviews_since(
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
