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
from pathlib import Path
from typing import Any

from fsrs import Card, Scheduler

from coursekit.model import Course
from coursekit.review import (
    CardHistory,
    EventLike,
    Review,
    make_scheduler,
    replay,
    reviews_in_force,
)

SNAPSHOT_FORMAT = 1


def snapshot_path(database: Path, course: str, learner: str) -> Path:
    """Where the snapshot for one learner, course and database lives (the user's cache)."""
    from coursekit.courseref import cache_dir

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
    scheduler = scheduler or make_scheduler(course.review)
    return cached_history(events, scheduler, snapshot_path(database, course.id, learner))
