"""The review workload: FSRS run forward for the cards started and those lessons unlock."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler

from coursekit.events.event import Event
from coursekit.events.store import Store
from coursekit.model import DEFAULT_PACES, Course, Duration, Flashcard, Lesson, Module
from coursekit.progress.forecast import Settings, forecast
from coursekit.progress.state import derive
from coursekit.review.cards import fsrs_card_id
from coursekit.review.workload import LearnerReviewLoad, lapse_period, review_workload
from fsrs_path import review_days

START = date(2025, 3, 3)  # a Monday
_seq = itertools.count(1)


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12).astimezone().astimezone(UTC)


def midnight(day: date) -> datetime:
    """The start of ``day``, local time (the end of a count of whole days)."""
    return datetime(day.year, day.month, day.day).astimezone().astimezone(UTC)


def course_with(cards: int = 4, lessons: int = 4, module_cards: int = 0) -> Course:
    items = tuple(Lesson(f"l{i}", "m", f"Lesson {i}", Duration(60, 60)) for i in range(lessons))
    flashcards = tuple(
        Flashcard(f"c{i}", "m", f"Q{i}?", f"A{i}.", lesson=f"l{i % lessons}") for i in range(cards)
    ) + tuple(Flashcard(f"m{i}", "m", "Q?", "A.") for i in range(module_cards))
    return Course("c", "Course", (Module("m", "Module", items, flashcards=flashcards),))


def ev(kind: str, at: datetime, **data: object) -> Event:
    seq = next(_seq)
    return Event(f"e{seq}", kind, at, "c", "ana", dict(data), seq)


def fsrs_days(card: Card, card_id: str, count: int, first: datetime, end: datetime) -> list[int]:
    """Day offsets from START of the reviews fsrs schedules (``fsrs_path.review_days``)."""
    return [(day - START).days for day in review_days(card, card_id, count, first, end)]


def test_one_forgotten_review_in_ten_at_the_usual_retention() -> None:
    assert lapse_period(0.9) == 10 and lapse_period(0.8) == 5 and lapse_period(0.97) == 33
    assert lapse_period(0.5) == 2


def test_an_unlocked_new_card_starts_today_on_fsrs_own_schedule() -> None:
    crs = course_with(cards=1, lessons=1)
    done = [ev("lesson_completed", noon(START - timedelta(days=1)), lesson="l0")]
    load = review_workload(crs, done, START)
    first, end = noon(START), midnight(START + timedelta(days=365))
    expected = fsrs_days(Card(due=first), "c0", 0, first, end)
    assert load.per_day(365) == [expected.count(d) for d in range(365)]
    assert load.reviews(365) == len(expected) and load.reviews(1) == 2  # two learning steps
    assert load.minutes(365) == len(expected) * crs.review.minutes_per_card
    assert load.cards == 1


def test_a_reviewed_card_continues_from_its_state() -> None:
    crs = course_with(cards=1, lessons=1)
    at = noon(START - timedelta(days=10))
    events = [ev("lesson_completed", at, lesson="l0")]
    card = Card(card_id=fsrs_card_id("c0"), due=at)
    scheduler = Scheduler(enable_fuzzing=False)
    for step, rating in enumerate((3, 3, 3)):
        when = at + timedelta(minutes=10 * step)
        card, _ = scheduler.review_card(card, Rating(rating), review_datetime=when)
        events.append(ev("flashcard_review", when, card="c0", rating=rating))
    load = review_workload(crs, events, START)
    end = midnight(START + timedelta(days=200))
    expected = fsrs_days(card, "c0", 3, noon(START), end)
    assert load.per_day(200) == [expected.count(d) for d in range(200)]
    # An overdue card is reviewed today, not on its past due day.
    assert expected[0] == 0 and card.due < noon(START)
    assert load.done_by_day == {(START - timedelta(days=10)): 3}


def test_locked_cards_count_from_the_day_their_lesson_is_done() -> None:
    crs = course_with(cards=4, lessons=4, module_cards=1)
    load = review_workload(crs, [], START)
    assert load.cards == 5 and load.reviews(400) == 0  # nothing unlocks without a lesson
    soon = {f"l{i}": 10.0 * i for i in range(4)}
    later = {f"l{i}": 30 + 10.0 * i for i in range(4)}
    assert load.reviews(60, soon) > load.reviews(60, later) > 0
    # The module's own card unlocks with its last lesson: l3 unlocks c3 and m0.
    first, end = noon(START + timedelta(days=5)), midnight(START + timedelta(days=200))
    expected = [fsrs_days(Card(due=first), card, 0, first, end) for card in ("c3", "m0")]
    assert load.reviews(200, {"l3": 5.0}) == sum(len(days) for days in expected)
    assert load.reviews(6, {"l3": 5.0}) == 4  # two cards, two learning steps each, on day 5


def test_the_same_history_gives_the_same_workload() -> None:
    crs = course_with(cards=12, lessons=4)
    done = [ev("lesson_completed", noon(START), lesson=f"l{i}") for i in range(2)]
    a = review_workload(crs, done, START).per_day(300, {"l2": 20, "l3": 40})
    b = review_workload(crs, done, START).per_day(300, {"l3": 40, "l2": 20})
    assert a == b and sum(a) > 0


def test_undone_reviews_are_not_counted() -> None:
    crs = course_with(cards=1, lessons=1)
    review = ev("flashcard_review", noon(START - timedelta(days=2)), card="c0", rating=3)
    undo = ev("undo", noon(START - timedelta(days=1)), event=review.uid)
    load = review_workload(crs, [review, undo], START)
    assert load.done_by_day == {}
    assert load.minutes_by_day() == {}


@pytest.fixture
def store_with_reviews(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COURSEKIT_CACHE_DIR", str(tmp_path / "cache"))
    db = tmp_path / "progress.db"
    events = [
        ev(
            "enrolled",
            noon(START - timedelta(days=28)),
            pace="moderate",
            start=(START - timedelta(days=28)).isoformat(),
        )
    ]
    for week in range(4):
        day = START - timedelta(days=28 - 7 * week)
        events.append(ev("lesson_completed", noon(day), lesson=f"l{week}", minutes=60))
        for i in range(week, 40, 8):
            events.append(
                ev("flashcard_review", noon(day) + timedelta(minutes=i), card=f"c{i}", rating=3)
            )
    with Store.open(db) as store:
        store.append(events)
    return db


def test_the_forecast_counts_the_reviews_as_work(store_with_reviews: Path) -> None:
    crs = course_with(cards=40, lessons=8)
    pace = DEFAULT_PACES["moderate"]
    settings = Settings(prior_days=0, early=0.5, likely=1.0, late=2.0)
    with Store.open(store_with_reviews, create=False) as store:
        load = LearnerReviewLoad.of(crs, "ana", store, START)
        progress = derive(crs, "ana", store.events("c", "ana"))
        assert load is not None
        without = forecast(crs, progress, START, pace, settings)
        counted = forecast(crs, progress, START, pace, settings, review=load)
    assert counted.reviews_counted and not without.reviews_counted
    assert counted.review_minutes > 0
    # Twenty cards reviewed once at a minute a card: 20 more minutes of past study.
    assert counted.pace_per_day > without.pace_per_day
    assert counted.likely and without.likely and counted.likely >= without.likely
    # What was worked out is kept: the next run reads the simulation back, runs none.
    with Store.open(store_with_reviews, create=False) as store:
        again = LearnerReviewLoad.of(crs, "ana", store, START)
        assert again is not None and again._workload is not None
        assert again._workload.scheduler is None  # read back, not simulated
        repeat = forecast(crs, progress, START, pace, settings, review=again)
    assert repeat == counted
    # A lesson marked done since moves no card: the simulation is kept, and that
    # lesson's cards start today, as a new simulation would have them.
    done = ev("lesson_completed", noon(START), lesson="l4", minutes=60)
    with Store.open(store_with_reviews) as store:
        store.append([done])
        kept = LearnerReviewLoad.of(crs, "ana", store, START)
        progress = derive(crs, "ana", store.events("c", "ana"))
        assert kept is not None and kept._workload is not None
        assert kept._workload.scheduler is None
        reused = forecast(crs, progress, START, pace, settings, review=kept)
        fresh = review_workload(crs, store.events("c", "ana"), START)
        rebuilt = forecast(crs, progress, START, pace, settings, review=fresh)
    assert reused.review_minutes == rebuilt.review_minutes
    assert reused.likely == rebuilt.likely


def test_no_reviews_no_review_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSEKIT_CACHE_DIR", str(tmp_path / "cache"))
    crs = course_with(cards=4)
    with Store.open(tmp_path / "p.db") as store:
        store.append([ev("lesson_completed", noon(START), lesson="l0")])
        assert LearnerReviewLoad.of(crs, "ana", store, START) is None
        assert LearnerReviewLoad.of(course_with(cards=0), "ana", store, START) is None
