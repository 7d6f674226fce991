"""Derived state and the completion forecast, with a fixed clock and dates checked by hand."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from coursekit.events.replay import effective_events, last_undoable
from coursekit.events.store import Event
from coursekit.model import DEFAULT_PACES, Course, Duration, Lesson, Module
from coursekit.plan import scheduler as schedule
from coursekit.progress.forecast import Settings, calibration, forecast
from coursekit.progress.state import PROGRESS_TYPES, derive

MODERATE = DEFAULT_PACES["moderate"]  # 1-2 h a day, Monday to Friday
START = date(2025, 1, 6)  # a Monday
_seq = itertools.count(1)


def course_of(n: int = 10, low: int = 60, high: int = 60) -> Course:
    lessons = tuple(
        Lesson(f"l{i}", "m", f"Lesson {i}", Duration(low, high)) for i in range(1, n + 1)
    )
    return Course("c", "Course", (Module("m", "Module", lessons),))


def ev(kind: str, day: date, **data: object) -> Event:
    at = datetime(day.year, day.month, day.day, 12).astimezone().astimezone(UTC)
    seq = next(_seq)
    return Event(f"e{seq}", kind, at, "c", "ana", dict(data), seq)


def enrolled(target: date | None = None, start: date = START) -> Event:
    data: dict[str, object] = {"pace": "moderate", "start": start.isoformat()}
    if target:
        data["target"] = target.isoformat()
    return ev("enrolled", start, **data)


def day(n: int) -> date:
    return START + timedelta(days=n)


# --------------------------------------------------------------------------- state


def test_undo_cancels_its_target_and_undoing_an_undo_restores_it() -> None:
    done = ev("lesson_completed", day(0), lesson="l1")
    undo = ev("undo", day(1), event=done.uid)
    assert effective_events([done, undo]) == []
    redo = ev("undo", day(2), event=undo.uid)
    assert effective_events([done, undo, redo]) == [done]


def test_reset_hides_what_was_recorded_before_it_even_if_backdated_after() -> None:
    old = ev("lesson_completed", day(3), lesson="l1")
    reset = ev("reset", day(4))
    backdated = ev("lesson_completed", day(1), lesson="l2")  # recorded after the reset
    progress = derive(course_of(), "ana", [old, reset, backdated])
    assert progress.completed == {"l2": day(1)}


def test_last_undoable_walks_back_past_undone_events() -> None:
    a = ev("lesson_completed", day(0), lesson="l1")
    b = ev("study_session", day(1), lesson="l2", minutes=30)
    review = ev("flashcard_review", day(2), card="x", rating=3)
    # reviews belong to `coursekit review`
    assert last_undoable([a, b, review], PROGRESS_TYPES) == b
    undo_b = ev("undo", day(3), event=b.uid)
    assert last_undoable([a, b, review, undo_b], PROGRESS_TYPES) == a
    assert last_undoable([a, ev("undo", day(3), event=a.uid)], PROGRESS_TYPES) is None


def test_reported_time_counts_once_with_sessions() -> None:
    events = [
        ev("study_session", day(0), lesson="l1", minutes=40),
        ev("study_session", day(1), lesson="l1", minutes=30),
        ev("lesson_completed", day(2), lesson="l1", minutes=100),  # 100 in total, 30 new
        ev("lesson_completed", day(2), lesson="l2"),
        ev("study_session", day(2), lesson="l3", minutes=20),
    ]
    p = derive(course_of(), "ana", events)
    assert p.minutes_by_day == {day(0): 40, day(1): 30, day(2): 50}
    assert p.studied_minutes == 120
    assert p.spent_on("l1") == 100 and p.spent_on("l2") is None and p.spent_on("l3") == 20
    assert p.completed == {"l1": day(2), "l2": day(2)}


def test_lessons_the_course_no_longer_has_are_kept_and_listed() -> None:
    events = [
        ev("lesson_completed", day(0), lesson="gone"),
        ev("study_session", day(0), lesson="gone", minutes=10),
        ev("lesson_completed", day(0), lesson="l1"),
    ]
    p = derive(course_of(), "ana", events)
    assert p.not_in_course == {"gone": 2}
    assert list(p.completed) == ["l1"]


# --------------------------------------------------------------------------- calibration


def test_calibration_needs_three_lessons_then_leans_toward_one() -> None:
    crs = course_of()
    two = [ev("lesson_completed", day(i), lesson=f"l{i + 1}", minutes=90) for i in range(2)]
    cal = calibration(crs, derive(crs, "ana", two))
    assert (cal.lessons, cal.ratio, cal.trusted, cal.applied) == (2, 1.5, False, 1.0)
    three = two + [ev("lesson_completed", day(2), lesson="l3", minutes=90)]
    cal = calibration(crs, derive(crs, "ana", three))
    assert cal.trusted and cal.ratio == 1.5
    assert cal.applied == pytest.approx(1 + 0.5 * 3 / 5)  # n / (n + 2) of the way


# --------------------------------------------------------------------------- forecast

# A plain mean (no recency weighting), no pull toward the plan and round factors, so
# the dates are easy to check by hand.
PLAIN = Settings(half_life=math.inf, prior_days=0, early=0.5, likely=1.0, late=1.5)


def three_lessons_in_a_week(target: date | None = None, minutes: int = 60) -> list[Event]:
    return [
        enrolled(target),
        ev("lesson_completed", day(0), lesson="l1", minutes=minutes),
        ev("lesson_completed", day(2), lesson="l2", minutes=minutes),
        ev("lesson_completed", day(4), lesson="l3", minutes=minutes),
    ]


def test_window_from_the_observed_pace() -> None:
    crs = course_of()
    today = day(7)  # Monday 13 January: 8 days since the start, 180 min studied
    result = forecast(crs, derive(crs, "ana", three_lessons_in_a_week()), today, MODERATE, PLAIN)
    assert result.basis == "observed"
    assert result.overall_per_day == pytest.approx(180 / 8)
    assert result.recent_per_day == pytest.approx(180 / 8)
    assert result.pace_per_day == pytest.approx(180 / 8)
    assert result.remaining == Duration(420, 420)
    # 420 min at 22.5 min/day is 18.7 days; nothing studied today, so today is day 1.
    assert result.earliest == today + timedelta(days=10 - 1)  # ceil(18.7 * 0.5) = 10
    assert result.latest == today + timedelta(days=28 - 1)  # ceil(18.7 * 1.5) = 28
    assert result.likely == today + timedelta(days=19 - 1) == date(2025, 1, 31)
    assert result.confidence == 0.8 and result.pause_days == 0


def test_the_enrolled_pace_counts_as_days_of_study() -> None:
    crs = course_of()
    progress = derive(crs, "ana", three_lessons_in_a_week())
    result = forecast(crs, progress, day(7), MODERATE, replace(PLAIN, prior_days=8))
    # Moderate: 1 h 30 min a weekday is 64.3 min a calendar day, counted as 8 more days:
    # (180 + 8 x 64.3) / 16 = 43.4 min a day, so 420 min take 9.7 days.
    assert result.pace_per_day == pytest.approx((180 + 8 * 90 * 5 / 7) / 16)
    assert result.likely == day(7) + timedelta(days=10 - 1)


def test_recent_days_weigh_more() -> None:
    crs = course_of()
    early = [enrolled()] + [ev("study_session", day(d), lesson="l1", minutes=60) for d in (0, 1)]
    late = [enrolled()] + [ev("study_session", day(d), lesson="l1", minutes=60) for d in (6, 7)]
    settings = replace(PLAIN, half_life=7)
    a = forecast(crs, derive(crs, "ana", early), day(7), MODERATE, settings)
    b = forecast(crs, derive(crs, "ana", late), day(7), MODERATE, settings)
    # Day 7 weighs 1, day 0 weighs a half: the same 120 minutes make a faster pace lately.
    assert b.pace_per_day > a.pace_per_day
    ratio = (1 + 0.5 ** (1 / 7)) / (0.5 + 0.5 ** (6 / 7))
    assert b.pace_per_day / a.pace_per_day == pytest.approx(ratio)


def test_a_fading_learner_finishes_later_than_a_steady_one_with_the_same_total() -> None:
    crs = course_of(n=20)
    steady = [enrolled()] + [
        ev("lesson_completed", day(d), lesson=f"l{i + 1}", minutes=60)
        for i, d in enumerate(range(0, 42, 7))  # a lesson every Monday for six weeks
    ]
    fading = [enrolled()] + [
        ev("lesson_completed", day(d), lesson=f"l{i + 1}", minutes=60)
        for i, d in enumerate((0, 1, 2, 3, 14, 35))  # four in the first week, then fewer
    ]
    today = day(41)
    a = forecast(crs, derive(crs, "ana", steady), today, MODERATE)
    b = forecast(crs, derive(crs, "ana", fading), today, MODERATE)
    assert derive(crs, "ana", steady).studied_minutes == derive(crs, "ana", fading).studied_minutes
    assert a.remaining == b.remaining
    assert b.pace_per_day < a.pace_per_day
    assert a.likely and b.likely and a.latest and b.latest and a.earliest and b.earliest
    assert b.likely > a.likely and b.latest > a.latest and b.earliest >= a.earliest


def test_after_a_pause_the_window_assumes_a_restart_and_leaves_room_for_it() -> None:
    crs = course_of(n=20)
    events = [enrolled()] + [
        ev("lesson_completed", day(d), lesson=f"l{i + 1}", minutes=60)
        for i, d in enumerate(range(0, 28, 3))  # ten lessons in four weeks
    ]
    progress = derive(crs, "ana", events)
    going = forecast(crs, progress, day(28), MODERATE)
    stopped = forecast(crs, progress, day(28 + 30), MODERATE)  # thirty more days, nothing
    assert going.pause_days == 0 and stopped.pause_days == 31  # since day 27
    # The pace up to the last study day is kept: the work takes as long, from later.
    assert stopped.pace_per_day == pytest.approx(
        forecast(crs, progress, day(27), MODERATE).pace_per_day
    )
    assert going.earliest and going.latest and stopped.earliest and stopped.latest
    assert stopped.earliest > going.earliest and stopped.latest > going.latest
    width = (stopped.latest - stopped.earliest).days
    assert width > (going.latest - going.earliest).days
    # Two weeks without study is not a pause yet.
    assert forecast(crs, progress, day(27 + 14), MODERATE).pause_days == 0


def test_the_factors_follow_the_share_of_lessons_done() -> None:
    settings = Settings(early=(0.1, 0.2, 0.3, 0.4), likely=1.0, late=(5.0, 4.0, 3.0, 2.0))
    assert settings.factors(0.0) == (0.1, 1.0, 5.0)
    assert settings.factors(0.249) == (0.1, 1.0, 5.0)
    assert settings.factors(0.25) == (0.2, 1.0, 4.0)
    assert settings.factors(0.6) == (0.3, 1.0, 3.0)
    assert settings.factors(1.0) == (0.4, 1.0, 2.0)


def test_on_track_and_behind_a_target() -> None:
    crs = course_of()
    today = day(7)
    on_time = derive(crs, "ana", three_lessons_in_a_week(target=date(2025, 1, 31)))
    result = forecast(crs, on_time, today, MODERATE, PLAIN)
    assert (result.status, result.days_behind, result.target_source) == (
        "on track",
        0,
        "target date",
    )
    late = derive(crs, "ana", three_lessons_in_a_week(target=date(2025, 1, 28)))
    result = forecast(crs, late, today, MODERATE, PLAIN)
    assert (result.status, result.days_behind) == ("behind", 3)
    # Monday 13 to Tuesday 28 January holds 12 weekdays: 420 min / 12 = 35 min a day.
    assert result.study_days_left == 12
    assert result.needed_per_study_day == Duration(35, 35)


def test_a_passed_target_is_said_so() -> None:
    crs = course_of()
    progress = derive(crs, "ana", three_lessons_in_a_week(target=date(2025, 1, 10)))
    result = forecast(crs, progress, day(7), MODERATE, PLAIN)
    assert result.status == "target passed"
    assert result.days_behind == (date(2025, 1, 31) - date(2025, 1, 10)).days
    assert result.needed_per_study_day is None


def test_without_a_target_the_pace_plan_is_the_yardstick() -> None:
    crs = course_of()
    result = forecast(crs, derive(crs, "ana", three_lessons_in_a_week()), day(7), MODERATE, PLAIN)
    assert result.target_source == "pace plan"
    # Ten lessons of 1 h at 1 h a day, Monday to Friday, from Monday 6 January.
    assert result.target == schedule.window(crs, MODERATE, START)[1] == date(2025, 1, 17)
    assert result.status == "behind" and result.days_behind == 14


def test_calibration_scales_what_is_left() -> None:
    crs = course_of()
    progress = derive(crs, "ana", three_lessons_in_a_week(minutes=90))
    result = forecast(crs, progress, day(7), MODERATE, PLAIN)
    assert result.calibration.applied == pytest.approx(1.3)
    assert result.remaining == Duration(546, 546)  # 7 lessons x 60 min x 1.3


def test_time_logged_on_an_unfinished_lesson_is_taken_off() -> None:
    crs = course_of(n=4, low=60, high=120)
    events = [enrolled(), ev("study_session", day(0), lesson="l1", minutes=45)]
    result = forecast(crs, derive(crs, "ana", events), day(1), MODERATE, PLAIN)
    assert result.remaining_estimate == Duration(240, 480)
    assert result.remaining == Duration(15 + 180, 75 + 360)
    events.append(ev("study_session", day(1), lesson="l1", minutes=200))  # past the estimate
    result = forecast(crs, derive(crs, "ana", events), day(1), MODERATE, PLAIN)
    assert result.remaining == Duration(0 + 180, 30 + 360)  # a quarter of 120 stays


def test_one_study_day_is_enough_for_a_window_of_ones_own() -> None:
    crs = course_of()
    events = [enrolled(), ev("lesson_completed", day(0), lesson="l1", minutes=60)]
    settings = Settings(half_life=7, prior_days=7)
    result = forecast(crs, derive(crs, "ana", events), day(2), MODERATE, settings)
    assert result.basis == "observed"
    # 60 min two days ago (weighing 0.5 ** (2/7)) over three days weighing 1 + q + q^2,
    # plus the plan's 64.3 min a day counted as 7 days.
    q = 0.5 ** (1 / 7)
    expected = (60 * q**2 + 7 * 90 * 5 / 7) / (1 + q + q**2 + 7)
    assert result.pace_per_day == pytest.approx(expected)


def test_nothing_studied_yet_gives_the_pace_plan() -> None:
    crs = course_of()
    result = forecast(crs, derive(crs, "ana", [enrolled()]), day(2), MODERATE)
    assert result.basis == "pace plan"
    assert (result.earliest, result.latest) == schedule.window(crs, MODERATE, day(2))
    assert result.latest == date(2025, 1, 21)  # ten 1 h lessons at 1 h a weekday


def test_a_future_start_plans_from_the_start() -> None:
    crs = course_of()
    start = date(2025, 3, 3)
    result = forecast(crs, derive(crs, "ana", [enrolled(start=start)]), day(0), MODERATE, PLAIN)
    assert result.basis == "pace plan"
    assert (result.earliest, result.latest) == schedule.window(crs, MODERATE, start)
    assert result.status == "on track"


def test_lessons_done_without_a_time_still_give_a_pace() -> None:
    crs = course_of()
    events = [enrolled()] + [
        ev("lesson_completed", day(d), lesson=f"l{i + 1}") for i, d in enumerate((0, 2, 4))
    ]
    result = forecast(crs, derive(crs, "ana", events), day(7), MODERATE, PLAIN)
    assert result.basis == "observed"
    assert result.overall_per_day == pytest.approx(180 / 8)  # each counts as its 60 min
    assert result.pace_per_day == pytest.approx(180 / 8)


def test_finished_and_not_enrolled() -> None:
    crs = course_of(n=2)
    done = [ev("lesson_completed", day(i), lesson=f"l{i + 1}") for i in range(2)]
    result = forecast(crs, derive(crs, "ana", done), day(5), MODERATE)
    assert (result.basis, result.status, result.latest) == ("finished", "finished", day(1))
    result = forecast(crs, derive(crs, "ana", done[:1]), day(5), None)
    assert result.basis == "not enrolled" and result.earliest is None


def test_a_tiny_pace_gives_far_dates_not_an_error() -> None:
    crs = course_of(n=10, low=6000, high=6000)
    events = [enrolled()] + [ev("study_session", day(d), lesson="l1", minutes=1) for d in (0, 3, 6)]
    result = forecast(crs, derive(crs, "ana", events), day(400), MODERATE, PLAIN)
    assert result.basis == "observed"
    assert result.latest is not None and result.latest.year < 2130
    assert result.status == "behind"
