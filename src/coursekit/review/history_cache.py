"""A cache of replayed card states, so long review histories replay only what is new.

Replaying through FSRS costs about 30 µs a rating: a year of daily reviews is tens of
thousands of ratings, too slow for ``coursekit progress`` to start fast. The event
log stays the source of truth: the cache is used only when the ratings it covers
are still, in the same order, the first ratings in force (a digest of them is
checked) and the scheduler's settings are the same; otherwise everything is replayed
and the cache rewritten. Losing or corrupting the file costs one full replay.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.fileio import save_cache
from coursekit.model import Course
from coursekit.paths import cache_dir

if TYPE_CHECKING:
    from fsrs import Scheduler

    from coursekit.events.event import Event
    from coursekit.review.cards import CardHistory, Review

# fsrs and coursekit.review.cards are imported where a replay happens: a dashboard whose
# kept due dates are still good needs neither.
CACHE_FORMAT = 1
#: The event types that can move a due date (review.REVIEW_EVENT, UNDO_EVENT, RESET_EVENT).
MOVING = ("flashcard_review", "undo", "reset")


def history_cache_path(database: Path, course: str, learner: str) -> Path:
    """Where the cache for one learner, course and database lives (the user's cache)."""
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
    events: Sequence[Event], scheduler: Scheduler, path: Path
) -> dict[str, CardHistory]:
    """The same as ``replay(events, scheduler)``, resuming from the cache at ``path``."""
    from coursekit.review.cards import replay, reviews_in_force

    reviews = reviews_in_force(events)
    settings = scheduler.to_dict()
    cache = read_cache(path)
    start, history = 0, {}
    if (
        cache is not None
        and cache.get("settings") == settings
        and isinstance(cache.get("count"), int)
        and 0 < cache["count"] <= len(reviews)
        and cache.get("digest") == digest(reviews[: cache["count"]])
    ):
        try:
            history = {k: _history(v) for k, v in cache["cards"].items()}
            start = cache["count"]
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


def read_cache(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return None
    return data


def _write(
    path: Path, settings: Any, count: int, key: str, history: dict[str, CardHistory]
) -> None:
    data = {
        "format": CACHE_FORMAT,
        "settings": settings,
        "count": count,
        "digest": key,
        "cards": {
            card_id: {"card": h.card.to_dict(), "reviews": h.reviews, "lapses": h.lapses}
            for card_id, h in history.items()
        },
    }
    save_cache(path, data)


def learner_history(
    course: Course,
    events: Sequence[Event],
    database: Path,
    learner: str,
    scheduler: Scheduler | None = None,
) -> dict[str, CardHistory]:
    """A learner's replayed cards for ``course``, through their cache (course settings
    unless a ``scheduler`` is given). For ``review_state`` and ``review_load.due_summary``."""
    from coursekit.review.cards import make_scheduler

    scheduler = scheduler or make_scheduler(course.review)
    return cached_history(events, scheduler, history_cache_path(database, course.id, learner))
