"""The replay snapshot gives exactly what a full replay gives, whatever happened since."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coursekit.model import ReviewSettings
from coursekit.review import cards as review
from coursekit.review.history_cache import cached_history

T0 = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)


@dataclass
class Ev:
    uid: str
    type: str
    at: datetime
    data: dict[str, Any] = field(default_factory=dict)
    seq: int = 0  # not stored: the list's order is the recording order


def ratings(n: int, seed: int = 7, start: datetime = T0, prefix: str = "r") -> list[Ev]:
    rng = random.Random(seed)
    return [
        Ev(
            f"{prefix}{i}",
            review.REVIEW_EVENT,
            start + timedelta(hours=7 * i),
            {"card": f"card-{rng.randrange(6)}", "rating": rng.randint(1, 4)},
        )
        for i in range(n)
    ]


def as_plain(history: dict[str, review.CardHistory]) -> dict[str, Any]:
    return {k: (h.card.to_dict(), h.reviews, h.lapses) for k, h in sorted(history.items())}


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "reviews" / "snapshot.json"


def check(events: list[Ev], snapshot: Path, settings: ReviewSettings | None = None) -> None:
    scheduler = review.make_scheduler(settings or ReviewSettings())
    assert as_plain(cached_history(events, scheduler, snapshot)) == as_plain(
        review.replay(events, scheduler)
    )


def test_the_snapshot_is_written_then_resumed_from(snapshot: Path) -> None:
    events = ratings(40)
    check(events, snapshot)
    saved = json.loads(snapshot.read_text())
    assert saved["count"] == 40 and set(saved["cards"]) <= {f"card-{i}" for i in range(6)}
    # Prove the snapshot is really used: mark a card in it, keep the digest.
    card = next(iter(saved["cards"]))
    saved["cards"][card]["reviews"] = 999
    snapshot.write_text(json.dumps(saved))
    scheduler = review.make_scheduler(ReviewSettings())
    assert cached_history(events, scheduler, snapshot)[card].reviews == 999
    later = events + ratings(5, seed=8, start=T0 + timedelta(days=30), prefix="s")
    resumed = cached_history(later, scheduler, snapshot)
    assert resumed[card].reviews >= 999  # continued from the snapshot, not replayed
    assert json.loads(snapshot.read_text())["count"] == 45


def test_changes_to_the_past_force_a_full_replay(snapshot: Path) -> None:
    events = ratings(30)
    check(events, snapshot)
    undo = Ev("u1", review.UNDO_EVENT, T0 + timedelta(days=20), {"event": "r3"})
    check([*events, undo], snapshot)
    # A rating imported later but dated earlier changes the order of the past.
    early = Ev(
        "site-1",
        review.REVIEW_EVENT,
        T0 + timedelta(hours=1),
        {"card": "card-1", "grade": "got_it"},
    )
    check([*events, undo, early], snapshot)
    reset = Ev("x1", review.RESET_EVENT, T0 + timedelta(days=40))
    check(
        [*events, undo, early, reset, *ratings(3, start=T0 + timedelta(days=41), prefix="t")],
        snapshot,
    )


def test_other_settings_or_a_broken_file_are_not_trusted(snapshot: Path) -> None:
    events = ratings(25)
    check(events, snapshot)
    check(events, snapshot, ReviewSettings(desired_retention=0.8, maximum_interval=30))
    snapshot.write_text("{not json")
    check(events, snapshot)
    saved = json.loads(snapshot.read_text())
    saved["cards"] = {"card-1": {"card": "nonsense"}}
    snapshot.write_text(json.dumps(saved))
    check(events, snapshot)


def test_the_dashboards_due_counts_follow_the_log_and_the_course(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini_course: Path
) -> None:
    import dataclasses
    import time as pytime
    import uuid

    from coursekit.course.loader import load_course
    from coursekit.events.store import Event, Store
    from coursekit.review.due import cards_due, due_summary

    monkeypatch.setenv("TZ", "UTC")
    pytime.tzset()
    monkeypatch.setenv("COURSEKIT_CACHE_DIR", str(tmp_path / "cache"))
    course = load_course(mini_course).course  # two flashcards in basics
    card = course.modules[0].flashcards[0].id
    today = datetime(2025, 1, 20, tzinfo=UTC).date()
    assert cards_due(course, "ana", None, today) == {
        "cards": 2,
        "due_today": 0,
        "due_next_7_days": 0,
    }

    def review_on(day: int, rating: int) -> Event:
        at = datetime(2025, 1, day, 12, tzinfo=UTC)
        data = {"card": card, "rating": rating}
        return Event(uuid.uuid4().hex, "flashcard_review", at, "mini", "ana", data)

    with Store.open(tmp_path / "p.db") as store:
        store.append([review_on(10, 3), review_on(10, 3)])  # graduates: due in a few days
        events = store.events("mini", "ana")
        now = datetime(2025, 1, 20, 12, tzinfo=UTC)
        first = cards_due(course, "ana", store, today)
        assert (first["due_today"], first["due_next_7_days"]) == due_summary(course, events, now)
        assert first["due_today"] == 1  # due a few days after the 10th: overdue now
        assert cards_due(course, "ana", store, today) == first  # from the kept due dates
        store.append([review_on(20, 4)])  # reviewed today: no longer due today
        events = store.events("mini", "ana")
        again = cards_due(course, "ana", store, today)
        assert (again["due_today"], again["due_next_7_days"]) == due_summary(course, events, now)
        assert again["due_today"] == 0
        # A lesson marked done cannot move a due date: the kept dates stay in use.
        path = next((tmp_path / "cache" / "reviews").glob("*.due.json"))
        kept = json.loads(path.read_text())
        kept["dues"] = ["2025-01-01T00:00:00+00:00"]  # a marker: long overdue
        path.write_text(json.dumps(kept))
        done = Event(uuid.uuid4().hex, "lesson_completed", now, "mini", "ana", {"lesson": "x"})
        store.append([done])
        assert cards_due(course, "ana", store, today)["due_today"] == 1  # the marker
        kept = json.loads(path.read_text())
        kept["dues"] = ["not a time"]
        path.write_text(json.dumps(kept))
        assert cards_due(course, "ana", store, today) == again  # damaged: worked out again
        strict = dataclasses.replace(
            course, review=dataclasses.replace(course.review, maximum_interval=1)
        )
        capped = cards_due(strict, "ana", store, today)
        assert capped["due_next_7_days"] == 1  # due tomorrow with a one-day cap
    monkeypatch.undo()
    pytime.tzset()


def test_the_event_types_that_move_due_dates_are_reviews_undos_and_resets() -> None:
    from coursekit.review.history_cache import MOVING

    assert MOVING == (review.REVIEW_EVENT, review.UNDO_EVENT, review.RESET_EVENT)
