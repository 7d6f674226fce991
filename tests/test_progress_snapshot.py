"""The dashboard's derived-state cache always agrees with a full replay of the log."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coursekit.events.replay import last_undoable
from coursekit.events.store import Event, Store
from coursekit.model import Course, Duration, Lesson, Module
from coursekit.progress.dashboard_cache import (
    DashboardCache,
    dashboard_cache_path,
    derived_progress,
)
from coursekit.progress.state import PROGRESS_TYPES, derive

COURSE = Course(
    "c",
    "Course",
    (
        Module(
            "m",
            "Module",
            tuple(Lesson(f"l{i}", "m", f"Lesson {i}", Duration(30, 60)) for i in range(8)),
        ),
    ),
)


def random_event(rng: random.Random, at: datetime, events: list[Event]) -> Event:
    kind = rng.choices(
        ["study_session", "lesson_completed", "enrolled", "flashcard_review", "undo", "reset"],
        weights=[40, 25, 5, 15, 10, 3],
    )[0]
    lesson = rng.choice([f"l{i}" for i in range(8)] + ["gone"])
    data: dict[str, object] = {}
    if kind == "study_session":
        data = {"lesson": lesson, "minutes": rng.randint(5, 90)}
    elif kind == "lesson_completed":
        data = {"lesson": lesson}
        if rng.random() < 0.6:
            data["minutes"] = rng.randint(10, 200)
    elif kind == "enrolled":
        data = {"pace": rng.choice(["moderate", "relaxed"]), "start": "2025-01-06"}
    elif kind == "flashcard_review":
        data = {"card": "card-1", "rating": rng.randint(1, 4)}
    elif kind == "undo":
        target = last_undoable(events, PROGRESS_TYPES) if rng.random() < 0.8 else None
        data = {"event": target.uid if target else "nothing"}
    return Event(uuid.uuid4().hex, kind, at, "c", "ana", data)


@pytest.mark.slow  # 400 random batches, each replayed in full
def test_cached_and_extended_state_equals_a_full_replay(tmp_path: Path) -> None:
    rng = random.Random(5)
    db = tmp_path / "p.db"
    path = dashboard_cache_path(tmp_path / "cache", db, "c", "ana")
    at = datetime(2025, 1, 6, 8, tzinfo=UTC)
    recorded: list[Event] = []
    with Store.open(db) as store:
        for step in range(400):
            # Mostly forward in time; sometimes a session recorded "--on" an earlier day.
            if rng.random() < 0.15:
                when = at - timedelta(days=rng.randint(0, 5), hours=rng.randint(0, 5))
            else:
                at += timedelta(hours=rng.randint(0, 30))
                when = at
            batch = [random_event(rng, when, recorded) for _ in range(rng.choice([1, 1, 1, 3]))]
            store.append(batch)
            recorded = store.events("c", "ana")
            if rng.random() < 0.2:  # another learner and course in the same file
                store.append(
                    [
                        Event(
                            uuid.uuid4().hex,
                            "study_session",
                            when,
                            "c",
                            "bo",
                            {"lesson": "l1", "minutes": 5},
                        )
                    ]
                )
            snapshot = DashboardCache(path)
            cached = derived_progress(COURSE, "ana", store, snapshot)
            snapshot.save()
            assert cached == derive(COURSE, "ana", recorded), f"step {step}"
            assert derived_progress(COURSE, "ana", store, DashboardCache(path)) == cached


def test_a_changed_course_is_replayed(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    path = dashboard_cache_path(tmp_path / "cache", db, "c", "ana")
    with Store.open(db) as store:
        store.append(
            [
                Event(
                    "e1",
                    "lesson_completed",
                    datetime(2025, 1, 6, 23, 30, tzinfo=UTC),
                    "c",
                    "ana",
                    {"lesson": "l7"},
                )
            ]
        )
        snapshot = DashboardCache(path)
        assert derived_progress(COURSE, "ana", store, snapshot).completed == {
            "l7": derive(COURSE, "ana", store.events("c", "ana")).completed["l7"]
        }
        snapshot.save()
        smaller = Course("c", "Course", (Module("m", "M", COURSE.modules[0].lessons[:3]),))
        progress = derived_progress(smaller, "ana", store, DashboardCache(path))
        assert progress.completed == {} and progress.not_in_course == {"l7": 1}
