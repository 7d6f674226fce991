"""The learner's actions as core functions, on real SQLite files (no CLI in between)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coursekit.course.loader import load_course
from coursekit.errors import CourseError
from coursekit.events.learner import Learner
from coursekit.plan import scheduler
from coursekit.progress import actions
from coursekit.progress.state import derive
from coursekit.review import actions as review_actions
from coursekit.review.cards import make_scheduler

T0 = datetime(2027, 1, 4, 12, tzinfo=UTC)
TODAY = T0.date()


@pytest.fixture
def ana(mini_cards: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, utc: None) -> Learner:
    monkeypatch.setenv("COURSEKIT_CACHE_DIR", str(tmp_path / "cache"))
    return Learner(load_course(mini_cards).course, "ana", tmp_path / "progress.db")


def progress(learner: Learner):  # noqa: ANN201
    return derive(learner.course, learner.name, learner.events())


def test_enrol_defaults_and_keeps_what_is_not_changed(ana: Learner) -> None:
    first = actions.enrol(ana, pace=None, start=None, target=None, today=TODAY, at=T0)
    assert (first.enrollment.pace, first.enrollment.start, first.enrollment.target) == (
        "moderate",
        TODAY,
        None,
    )
    assert first.previous is None
    later = T0 + timedelta(days=1)
    second = actions.enrol(
        ana, pace="relaxed", start=None, target=date(2027, 3, 1), today=TODAY, at=later
    )
    assert second.previous == first.enrollment
    assert (second.enrollment.pace, second.enrollment.start) == ("relaxed", TODAY)
    third = actions.enrol(ana, pace=None, start=None, target="none", today=TODAY, at=later)
    assert (third.enrollment.pace, third.enrollment.target) == ("relaxed", None)
    assert progress(ana).enrollment.target is None  # type: ignore[union-attr]


def test_a_refused_enrolment_creates_no_database(ana: Learner) -> None:
    with pytest.raises(CourseError, match="is not after the start"):
        actions.enrol(ana, pace=None, start=TODAY, target=TODAY, today=TODAY, at=T0)
    with pytest.raises(CourseError, match="no pace 'fast'"):
        actions.enrol(ana, pace="fast", start=None, target=None, today=TODAY, at=T0)
    assert not ana.db.exists()


def test_complete_refuses_a_second_completion_without_a_time(ana: Learner) -> None:
    done = actions.complete(ana, "first-steps", None, T0)
    assert (done.done, done.enrolled, done.minutes) == (1, False, None)
    with pytest.raises(CourseError, match="already done"):
        actions.complete(ana, "first-steps", None, T0 + timedelta(days=1))
    again = actions.complete(ana, "first-steps", 50, T0 + timedelta(days=1))
    assert again.done == 1
    assert progress(ana).reported_minutes == {"first-steps": 50}
    with pytest.raises(CourseError, match="no lesson 'first-step'"):
        actions.complete(ana, "first-step", None, T0)


def test_log_undo_and_reset(ana: Learner) -> None:
    actions.log_session(ana, "second-steps", 45, T0)
    actions.complete(ana, "first-steps", 30, T0 + timedelta(hours=1))
    assert progress(ana).logged_minutes == {"second-steps": 45}
    undone = actions.undo_last(ana, T0 + timedelta(hours=2))
    assert undone.type == "lesson_completed"
    assert progress(ana).completed == {}
    actions.reset(ana, T0 + timedelta(hours=3))
    assert progress(ana).logged_minutes == {}
    actions.undo_last(ana, T0 + timedelta(hours=4))  # undoing the reset brings it back
    assert progress(ana).logged_minutes == {"second-steps": 45}


def test_nothing_to_undo_names_the_database_and_creates_none(ana: Learner) -> None:
    with pytest.raises(CourseError, match="nothing to undo for ana") as raised:
        actions.undo_last(ana, T0)
    assert raised.value.problems[0].path == str(ana.db)
    assert not ana.db.exists()


def test_export_then_import_elsewhere_is_idempotent(ana: Learner, tmp_path: Path) -> None:
    actions.complete(ana, "first-steps", 30, T0)
    actions.log_session(ana, "second-steps", 20, T0)
    text, count = actions.export_text(ana)
    assert count == 2
    other = Learner(ana.course, "ana", tmp_path / "other.db")
    now = T0 + timedelta(days=1)
    first = actions.import_document(other, json.loads(text), "me.json", now)
    assert (first.added, first.already_present, first.learner_in_file) == (2, 0, "ana")
    second = actions.import_document(other, json.loads(text), "me.json", now)
    assert (second.added, second.already_present) == (0, 2)
    assert progress(other).completed == progress(ana).completed
    bob = Learner(ana.course, "bob", tmp_path / "other.db")
    third = actions.import_document(bob, json.loads(text), "me.json", now)
    assert third.stored_for_others == [("mini", "ana")]


def test_a_refused_import_writes_nothing(ana: Learner) -> None:
    document = {"format": "coursekit-progress", "version": 1, "course": "mini", "events": [{}]}
    with pytest.raises(CourseError):
        actions.import_document(ana, document, "bad.json", T0)
    assert not ana.db.exists()


def test_rate_stores_at_once_and_undo_takes_it_back(ana: Learner) -> None:
    scheduler = make_scheduler(ana.course.review)
    after = review_actions.rate(ana, "what-is-a-lesson", 3, T0, scheduler, None)
    assert after.reviews == 1 and after.card.due > T0
    state = review_actions.learner_review_state(ana, scheduler)
    card = next(c for c in state.cards if c.flashcard.id == "what-is-a-lesson")
    assert card.due == after.card.due
    undone = review_actions.undo_last_rating(ana, T0 + timedelta(minutes=1))
    assert undone.data == {"card": "what-is-a-lesson", "rating": 3}
    state = review_actions.learner_review_state(ana, scheduler)
    assert all(c.history is None for c in state.cards)
    with pytest.raises(CourseError, match="no rating to undo for ana"):
        review_actions.undo_last_rating(ana, T0 + timedelta(minutes=2))


def test_planned_review_for_nobody_yet_creates_no_database(ana: Learner) -> None:
    pace = ana.course.paces["moderate"]

    def schedule(minutes: int) -> tuple[dict[str, date], list[date]]:
        days = scheduler.plan(ana.course, pace, TODAY, review_minutes=minutes).days
        ends = {i.lesson_id: d.date for d in days for i in d.items if i.is_last_part}
        return ends, [d.date for d in days]

    reserved = review_actions.planned_review(ana, TODAY, schedule)
    # Three cards, unlocked as the plan finishes their lessons (one card per lesson of
    # the first module, one for the module as a whole).
    assert reserved.cards == 3 and reserved.reviews > 0 and reserved.minutes > 0
    assert reserved.finish == schedule(reserved.minutes)[1][-1]
    assert not ana.db.exists()
