"""The .ics export, read back with icalendar: one event per study day, stable UIDs."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from coursekit.course.loader import load_course
from coursekit.errors import CourseError
from coursekit.inputs import parse_clock_time as parse_time
from coursekit.model import DEFAULT_PACES, Course, Duration, Lesson, Module, Pace
from coursekit.plan import scheduler as schedule
from coursekit.plan.ics import event_uid, plan_ics

MONDAY = date(2026, 1, 5)
STAMP = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def course(mini_course) -> Course:
    return load_course(mini_course).course


def events(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def test_round_trip_all_day_events(course):
    made = schedule.plan(course, course.paces["moderate"], MONDAY)
    cal = Calendar.from_ical(plan_ics(made, stamp=STAMP))
    assert str(cal["PRODID"]) == "-//coursekit//Study plan//EN"
    assert str(cal["VERSION"]) == "2.0"
    assert "Finished in 3–8 study days" in str(cal["X-WR-CALDESC"])
    found = cal.walk("VEVENT")
    assert len(found) == len(made.days) == 5
    for event, day in zip(found, made.days, strict=True):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        # all-day: plain dates, and DTEND is the (exclusive) next day
        assert type(start) is date and type(end) is date
        assert start == day.date and end == day.date + timedelta(days=1)
        assert str(event["UID"]) == f"{day.date:%Y%m%d}-moderate-mini@coursekit"
        assert event.decoded("DTSTAMP") == STAMP
        assert str(event["TRANSP"]) == "TRANSPARENT"
    first = found[0]
    assert str(first["SUMMARY"]) == "mini: First steps"
    description = str(first["DESCRIPTION"])
    assert "First steps — 1 h 30 min (Basics)" in description
    assert "Outcome: You can find your way around." in description
    assert "Study day 1 of 5" in description
    assert str(found[2]["SUMMARY"]) == "mini: Second steps (part 2 of 2) + Hands-on (part 1 of 2)"


def test_uids_are_unique_and_stable_across_exports(course):
    pace = course.paces["relaxed"]
    first = plan_ics(schedule.plan(course, pace, MONDAY), stamp=STAMP)
    later = datetime(2026, 2, 1, tzinfo=UTC)
    second = plan_ics(schedule.plan(course, pace, MONDAY), stamp=later)
    uids = [str(e["UID"]) for e in events(first)]
    assert len(uids) == len(set(uids))
    assert uids == [str(e["UID"]) for e in events(second)]
    # same stamp, same bytes: nothing else varies between exports
    assert first == plan_ics(schedule.plan(course, pace, MONDAY), stamp=STAMP)
    # a re-planned pace keeps the UID of every date it still uses
    slower = schedule.plan(course, pace, MONDAY, budget="latest")
    again = {str(e["UID"]) for e in events(plan_ics(slower, stamp=STAMP))}
    assert set(uids) <= again


def test_uid_names_day_pace_and_course():
    assert (
        event_uid(MONDAY, "intensive", "mlops-churn") == "20260105-intensive-mlops-churn@coursekit"
    )


def test_timed_events_are_floating_and_last_the_days_minutes(course):
    made = schedule.plan(course, course.paces["moderate"], MONDAY)
    found = events(plan_ics(made, at=time(19, 0), stamp=STAMP))
    for event, day in zip(found, made.days, strict=True):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start == datetime(day.date.year, day.date.month, day.date.day, 19, 0)
        assert start.tzinfo is None  # floating: 19:00 wherever the learner is
        assert end - start == timedelta(minutes=day.minutes)
        assert str(event["TRANSP"]) == "OPAQUE"


def test_timed_events_with_a_time_zone_carry_tzid_and_vtimezone(course):
    made = schedule.plan(course, course.paces["moderate"], MONDAY)
    data = plan_ics(made, at=time(7, 30), tz="Europe/Berlin", stamp=STAMP)
    cal = Calendar.from_ical(data)
    assert [tz.tz_name for tz in cal.timezones] == ["Europe/Berlin"]
    assert cal.get_missing_tzids() == set()
    start = cal.walk("VEVENT")[0].decoded("DTSTART")
    assert start.utcoffset() == timedelta(hours=1)  # CET in January
    assert start.astimezone(UTC) == datetime(2026, 1, 5, 6, 30, tzinfo=UTC)
    assert b"DTSTART;TZID=Europe/Berlin:20260105T073000" in data


def test_seed_summary_names_the_lesson_part():
    lessons = (
        Lesson("intro-to-mlops", "foundations", "Introduction to MLOps", Duration(120, 180)),
        Lesson("mlops-vs-devops", "foundations", "MLOps vs DevOps", Duration(120, 180)),
    )
    seed = Course("mlops-churn", "MLOps", (Module("foundations", "Foundations", lessons),))
    made = schedule.plan(seed, Pace("evenings", Duration(90, 90), (0, 1, 2, 3, 4)), MONDAY)
    first = events(plan_ics(made, stamp=STAMP))[0]
    assert str(first["SUMMARY"]) == "mlops-churn: Introduction to MLOps (part 1 of 2)"


def test_review_minutes_are_in_the_description(course):
    made = schedule.plan(course, DEFAULT_PACES["moderate"], MONDAY, review_minutes=15)
    first = events(plan_ics(made, stamp=STAMP))[0]
    assert "Flashcard review — 15 min" in str(first["DESCRIPTION"])


def test_nothing_left_gives_an_empty_calendar(course):
    made = schedule.plan(course, course.paces["moderate"], MONDAY, lessons=[])
    cal = Calendar.from_ical(plan_ics(made, stamp=STAMP))
    assert cal.walk("VEVENT") == []


@pytest.mark.parametrize("text", ["7pm", "25:00", "19:60", "19", ""])
def test_bad_times_are_course_errors(text):
    with pytest.raises(CourseError, match="is not a time of day"):
        parse_time(text)


def test_time_zone_needs_a_time_and_a_real_name(course):
    made = schedule.plan(course, course.paces["moderate"], MONDAY)
    with pytest.raises(CourseError, match="add --at"):
        plan_ics(made, tz="Europe/Berlin")
    with pytest.raises(CourseError, match="unknown time zone"):
        plan_ics(made, at=time(19, 0), tz="Nowhere/Special")
