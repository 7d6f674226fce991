"""The review core: FSRS states replayed from events, unlocking, sessions, forecasts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from fsrs import Card, Rating, Scheduler

from coursekit.course.loader import load_course
from coursekit.errors import CourseError
from coursekit.model import Course, ReviewSettings
from coursekit.review import cards as review
from coursekit.review import due as review_load

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)

PRACTICE = """\
flashcards:
  - id: tool
    q: What do you build?
    a: A tool.
    lesson: hands-on
  - id: summary
    q: What closes the course?
    a: A summary.
"""


@dataclass
class Ev:
    """An event as the store gives it back (only what review reads)."""

    uid: str
    type: str
    at: datetime
    data: dict[str, Any] = field(default_factory=dict)
    seq: int = 0  # not stored: the list's order is the recording order


def reviewed(uid: str, card: str, rating: int, at: datetime) -> Ev:
    return Ev(uid, review.REVIEW_EVENT, at, review.review_data(card, rating))


def done(uid: str, lesson: str, at: datetime = T0) -> Ev:
    return Ev(uid, review.LESSON_EVENT, at, {"lesson": lesson})


@pytest.fixture
def course(mini_cards: Path) -> Course:
    """The mini course with three basics cards and two practice cards."""
    (mini_cards / "exercises" / "practice.yml").write_text(PRACTICE, encoding="utf-8")
    return load_course(mini_cards).course


def fsrs_schedule(ratings: list[tuple[int, datetime]], retention: float = 0.9) -> Card:
    """What fsrs itself gives for a sequence of ratings (the reference)."""
    scheduler = Scheduler(desired_retention=retention, enable_fuzzing=False)
    card = Card(card_id=1)
    for rating, at in ratings:
        card, _ = scheduler.review_card(card, Rating(rating), review_datetime=at)
    return card


def same_schedule(ours: Card, reference: Card) -> None:
    assert ours.state == reference.state
    assert ours.step == reference.step
    assert ours.due == reference.due
    assert ours.last_review == reference.last_review
    assert ours.stability == pytest.approx(reference.stability)
    assert ours.difficulty == pytest.approx(reference.difficulty)


def test_card_id_comes_from_the_flashcard_id_not_its_position() -> None:
    assert review.fsrs_card_id("what-is-a-lesson") == review.fsrs_card_id("what-is-a-lesson")
    assert review.fsrs_card_id("what-is-a-lesson") != review.fsrs_card_id("what-is-a-note")
    assert 0 < review.fsrs_card_id("x") < 2**53


def test_replay_equals_fsrs_for_the_same_ratings_at_the_same_times() -> None:
    a = [
        (3, T0),
        (3, T0 + timedelta(minutes=12)),
        (1, T0 + timedelta(days=3)),
        (3, T0 + timedelta(days=3, minutes=15)),
        (4, T0 + timedelta(days=9, hours=5)),
    ]
    b = [
        (1, T0 + timedelta(hours=1)),
        (2, T0 + timedelta(hours=1, minutes=2)),
        (4, T0 + timedelta(days=2)),
    ]
    events = [reviewed(f"a{i}", "card-a", r, at) for i, (r, at) in enumerate(a)]
    events += [reviewed(f"b{i}", "card-b", r, at) for i, (r, at) in enumerate(b)]
    # The store returns events in time order; replay must not depend on it.
    events.reverse()
    history = review.replay(events, review.make_scheduler(ReviewSettings()))
    same_schedule(history["card-a"].card, fsrs_schedule(a))
    same_schedule(history["card-b"].card, fsrs_schedule(b))
    assert history["card-a"].reviews == 5 and history["card-a"].lapses == 1
    assert history["card-a"].card.card_id == review.fsrs_card_id("card-a")


def test_desired_retention_and_maximum_interval_come_from_the_course() -> None:
    ratings = [(3, T0), (3, T0 + timedelta(minutes=10)), (4, T0 + timedelta(days=5))]
    events = [reviewed(f"e{i}", "c", r, at) for i, (r, at) in enumerate(ratings)]
    strict = review.make_scheduler(ReviewSettings(desired_retention=0.97))
    card = review.replay(events, strict)["c"].card
    same_schedule(card, fsrs_schedule(ratings, retention=0.97))
    assert card.due < fsrs_schedule(ratings).due  # higher retention, shorter interval
    capped = review.make_scheduler(ReviewSettings(maximum_interval=2))
    assert review.replay(events, capped)["c"].card.due == ratings[-1][1] + timedelta(days=2)
    with pytest.raises(CourseError, match="retention") as info:
        review.make_scheduler(ReviewSettings(), desired_retention=1.2)
    assert str(info.value.problems[0]).startswith("--retention: desired retention must be")


def test_undone_reviews_are_skipped_and_an_undone_undo_restores() -> None:
    events = [
        reviewed("r1", "c", 3, T0),
        reviewed("r2", "c", 1, T0 + timedelta(days=1)),
        Ev("u1", review.UNDO_EVENT, T0 + timedelta(days=1, minutes=1), {"event": "r2"}),
    ]
    scheduler = review.make_scheduler(ReviewSettings())
    same_schedule(review.replay(events, scheduler)["c"].card, fsrs_schedule([(3, T0)]))
    redo = Ev("u2", review.UNDO_EVENT, T0 + timedelta(days=1, minutes=2), {"event": "u1"})
    both = fsrs_schedule([(3, T0), (1, T0 + timedelta(days=1))])
    same_schedule(review.replay([*events, redo], scheduler)["c"].card, both)


def test_site_grades_map_to_ratings() -> None:
    assert review.rating_of({"card": "c", "grade": "got_it"}) == 3
    assert review.rating_of({"card": "c", "grade": "not_yet"}) == 1
    assert review.rating_of({"card": "c", "rating": 2, "grade": "got_it"}) == 2
    site = [
        Ev("g1", review.REVIEW_EVENT, T0, {"card": "c", "grade": "not_yet"}),
        Ev("g2", review.REVIEW_EVENT, T0 + timedelta(days=1), {"card": "c", "grade": "got_it"}),
    ]
    card = review.replay(site, review.make_scheduler(ReviewSettings()))["c"].card
    same_schedule(card, fsrs_schedule([(1, T0), (3, T0 + timedelta(days=1))]))
    # What an importer refuses (the exchange file's reader is the one importer).
    assert import_problem({"card": "c", "grade": "maybe"}) is not None
    assert import_problem({"card": "c", "rating": 5}) is not None
    assert import_problem({"card": "c", "rating": True}) is not None
    assert import_problem({"rating": 3}) is not None
    assert import_problem({"card": "c", "grade": "got_it"}) is None


def import_problem(fields: dict[str, object]) -> str | None:
    """Why an imported flashcard review with these fields is refused, or None."""
    from datetime import UTC, datetime

    from coursekit.errors import CourseError
    from coursekit.events.exchange import parse_document

    event = {"type": "flashcard_review", "at": "2025-01-06T12:00:00Z", **fields}
    document = {"format": "coursekit-progress", "version": 1, "course": "c", "events": [event]}
    try:
        parse_document(document, "f.json", "c", "ana", set(), datetime(2026, 1, 1, tzinfo=UTC))
    except CourseError as exc:
        return str(exc)
    return None


def test_cards_unlock_with_their_lesson_or_their_whole_module(course: Course) -> None:
    unlinked = next(c.id for c in course.flashcards() if c.lesson is None and c.module == "basics")
    assert review.unlocked_cards(course, set()) == set()
    assert review.unlocked_cards(course, {"first-steps"}) == {"what-is-a-lesson"}
    both = review.unlocked_cards(course, {"first-steps", "second-steps"})
    assert both == {"what-is-a-lesson", "what-is-a-note", unlinked}
    # practice: hands-on (draft) counts, wrap-up (planned) does not.
    assert review.unlocked_cards(course, {"hands-on"}) == {"tool", "summary"}


def test_a_lesson_completion_that_was_undone_does_not_unlock(course: Course) -> None:
    events = [done("d1", "first-steps"), Ev("u1", "undo", T0 + timedelta(1), {"event": "d1"})]
    state = review.review_state(course, events)
    assert not any(c.unlocked for c in state.cards)


def test_a_session_has_due_cards_most_overdue_first_then_new_ones(course: Course) -> None:
    events = [
        done("d1", "first-steps"),
        done("d2", "second-steps"),
        done("d3", "hands-on"),
        reviewed("r1", "what-is-a-note", 3, T0),  # Learning: due 10 minutes later
        reviewed("r2", "tool", 4, T0 - timedelta(days=30)),  # long overdue
        reviewed("r3", "summary", 4, T0 + timedelta(days=1)),  # not due today
    ]
    state = review.review_state(course, events)
    now = T0 + timedelta(hours=2)
    ids = [c.flashcard.id for c in review.session_cards(state, now)]
    unlinked = next(c.id for c in course.flashcards() if c.lesson is None and c.module == "basics")
    assert ids == ["tool", "what-is-a-note", "what-is-a-lesson", unlinked]
    # At most `new` a day: the note, started today, counts.
    assert [c.flashcard.id for c in review.session_cards(state, now, new=2)] == ids[:3]
    assert [c.flashcard.id for c in review.session_cards(state, now, new=1)] == ids[:2]
    # A learning card is due once its step has passed, not before.
    early = T0 + timedelta(minutes=9)
    assert "what-is-a-note" not in [c.flashcard.id for c in review.session_cards(state, early)]
    assert [c.flashcard.id for c in review.session_cards(state, now, limit=1)] == ["tool"]
    by_module = review.session_cards(state, now, module="basics", new=0)
    assert [c.flashcard.id for c in by_module] == ["what-is-a-note"]


def test_locked_new_cards_wait_unless_all_is_asked(course: Course) -> None:
    state = review.review_state(course, [done("d1", "first-steps")])
    assert [c.flashcard.id for c in review.session_cards(state, T0)] == ["what-is-a-lesson"]
    everything = review.session_cards(state, T0, include_locked=True)
    assert len(everything) == 5


def test_due_today_follows_the_learners_calendar_day(course: Course) -> None:
    late = datetime(2025, 3, 1, 23, 30, tzinfo=UTC)
    state = review.review_state(course, [reviewed("r1", "tool", 4, late)])
    due = state.cards[3].due
    assert due is not None and due.time().hour == 23  # late evening, UTC, some days on
    noon = datetime.combine(due.date(), datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)
    # In UTC the card is due later today, so it is in today's session already.
    assert [c.flashcard.id for c in review.session_cards(state, noon)] == ["tool"]
    # At UTC+2 it falls due at 01:30 tomorrow: not today's.
    plus2 = timezone(timedelta(hours=2))
    assert review.session_cards(state, noon, tz=plus2) == []
    assert review.session_cards(state, noon - timedelta(days=1)) == []


def test_forecast_counts_due_cards_per_day_for_a_fixed_clock(course: Course) -> None:
    scheduler = review.make_scheduler(course.review)
    # Graduate three cards with Easy at known times; fsrs gives their intervals.
    times = {"tool": T0 - timedelta(days=20), "summary": T0, "what-is-a-note": T0}
    events = [reviewed(f"r{i}", c, 4, at) for i, (c, at) in enumerate(times.items())]
    state = review.review_state(course, events, scheduler)
    dues = {c.flashcard.id: c.due for c in state.cards if c.due}
    easy = fsrs_schedule([(4, T0)])
    assert dues["summary"] == easy.due
    first = (easy.due.date() - T0.date()).days  # days until summary and the note are due
    assert dues["tool"] < T0  # overdue

    ahead = review_load.forecast(state, T0, days=14)
    assert ahead.today == date(2025, 3, 3)
    assert ahead.overdue == 1
    counts = dict(ahead.days)
    assert counts[date(2025, 3, 3)] == 1  # the overdue card lands today
    assert counts[T0.date() + timedelta(days=first)] == 2
    assert ahead.total == 3 and len(ahead.days) == 14
    assert ahead.new_unlocked == 0
    short = review_load.forecast(state, T0, days=first)
    assert short.total == 1
    assert review_load.due_summary(course, events, T0) == (1, 1 + (2 if first < 7 else 0))
    with pytest.raises(CourseError):
        review_load.forecast(state, T0, days=0)


def test_an_unknown_module_is_refused_with_the_closest_ids(course: Course) -> None:
    with pytest.raises(CourseError, match=r"no module 'basic' \(did you mean 'basics'\?\)"):
        review.check_module(course, "basic")
    review.check_module(course, "basics")
    review.check_module(course, None)


def test_reviews_of_cards_the_course_dropped_are_kept_apart(course: Course) -> None:
    state = review.review_state(course, [reviewed("r1", "gone", 3, T0)])
    assert set(state.orphans) == {"gone"}
    assert state.scheduled() == []


def test_due_counts_from_kept_due_dates_match_the_summary(course: Course) -> None:
    events = [
        reviewed("r1", "tool", 4, T0 - timedelta(days=20)),
        reviewed("r2", "summary", 4, T0),
        reviewed("r3", "what-is-a-note", 1, T0),
    ]
    dues = review_load.due_dates(course, events)
    assert dues == sorted(dues) and len(dues) == 3
    for days in (0, 1, 5, 9, 30):
        now = T0 + timedelta(days=days)
        expected = review_load.due_summary(course, events, now)
        assert review_load.due_counts(dues, now) == expected
    assert review_load.due_counts(dues, T0) == (2, 2 + (dues[-1] < T0 + timedelta(days=7)))


def test_the_fsrs_reference_vector() -> None:
    """py-fsrs's own reference: Good x6, Again x2, Good x5 from 2022-11-29 12:30 UTC without
    fuzzing, each review when the card falls due. A version of fsrs that schedules
    differently fails here, loudly, before it reschedules every learner's cards."""
    scheduler = review.make_scheduler(ReviewSettings())
    card = Card()
    at = datetime(2022, 11, 29, 12, 30, tzinfo=UTC)
    intervals = []
    for rating in [3] * 6 + [1] * 2 + [3] * 5:
        card, _ = scheduler.review_card(card, Rating(rating), review_datetime=at)
        intervals.append((card.due - card.last_review).days)
        at = card.due
    assert intervals == [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]
    # The same ratings through coursekit's replay of stored events give the same card.
    first = datetime(2022, 11, 29, 12, 30, tzinfo=UTC)
    history = review.apply_review(None, "c", 3, first, scheduler)
    assert history.card.due - history.card.last_review == timedelta(minutes=10)


# --------------------------------------------------------------------------- course settings


def test_course_review_settings_set_the_steps_and_new_cards(mini_course: Path) -> None:
    course_yml = mini_course / "curriculum" / "course.yml"
    course_yml.write_text(
        course_yml.read_text()
        + "review:\n  learning_steps: [1m, 15m, 1h]\n  relearning_steps: 30m\n  new_cards: 5\n"
    )
    settings = load_course(mini_course).course.review
    assert settings.learning_steps == (1, 15, 60)
    assert settings.relearning_steps == (30,)
    assert settings.new_cards == 5
    scheduler = review.make_scheduler(settings)
    assert scheduler.to_dict()["learning_steps"] == [60, 900, 3600]
    assert scheduler.to_dict()["relearning_steps"] == [1800]
    # a new card rated Good moves to the second step: 15 minutes
    after = review.apply_review(None, "x", 3, T0, scheduler)
    assert after.card.due - T0 == timedelta(minutes=15)


def test_course_review_settings_refuse_ranges_zero_and_bare_numbers(mini_course: Path) -> None:
    course_yml = mini_course / "curriculum" / "course.yml"
    course_yml.write_text(
        course_yml.read_text()
        + "review:\n  learning_steps: [1m, 1-2h, 0m, '2', 25h]\n  new_cards: -1\n"
    )
    with pytest.raises(CourseError) as caught:
        load_course(mini_course)
    lines = [str(p) for p in caught.value.problems]
    assert any("review.learning_steps[1]: '1-2h' is a range" in x for x in lines), lines
    assert any("review.learning_steps[2]: '0m' is zero" in x for x in lines), lines
    assert any("review.learning_steps[3]: '2' has no unit" in x for x in lines), lines
    step = "review.learning_steps[4]: '25h': a step is from 1 minute to 24 hours"
    assert any(step in x for x in lines), lines
    assert any("review.new_cards:" in x for x in lines), lines
    assert all(x.startswith("curriculum/course.yml:") for x in lines), lines


def test_no_steps_means_straight_to_days(mini_course: Path) -> None:
    course_yml = mini_course / "curriculum" / "course.yml"
    course_yml.write_text(
        course_yml.read_text() + "review:\n  learning_steps: []\n  relearning_steps: []\n"
    )
    scheduler = review.make_scheduler(load_course(mini_course).course.review)
    after = review.apply_review(None, "x", 1, T0, scheduler)
    assert after.card.due - T0 == timedelta(days=1)


def test_a_planned_lessons_cards_stay_locked_even_after_an_imported_completion(
    course: Course,
) -> None:
    """A completion of a lesson that is coming soon (say, from an older course's export)
    unlocks nothing: the lesson cannot be studied yet."""
    from dataclasses import replace

    from coursekit.model import Flashcard

    practice = next(m for m in course.modules if m.id == "practice")
    card = Flashcard("soon", "practice", "What comes next?", "The wrap-up.", lesson="wrap-up")
    extended = replace(practice, flashcards=(*practice.flashcards, card))
    modules = tuple(extended if m is practice else m for m in course.modules)
    course = replace(course, modules=modules)
    assert course.lesson("wrap-up").status == "planned"
    assert "soon" not in review.unlocked_cards(course, {"hands-on", "wrap-up"})
    assert "soon" in review.unlocked_cards(replace_status(course, "wrap-up", "ready"), {"wrap-up"})


def replace_status(course: Course, lesson_id: str, status: str) -> Course:
    from dataclasses import replace

    modules = tuple(
        replace(m, lessons=tuple(replace(x, status=status) if x.id == lesson_id else x
                                 for x in m.lessons))
        for m in course.modules
    )  # fmt: skip
    return replace(course, modules=modules)
