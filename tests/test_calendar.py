"""The .ics export, read back by two independent parsers (tests/calendars.py): one event
per lesson part, UIDs that name the lesson and part, SEQUENCE raised by each export."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from calendars import read_events
from coursekit.course.loader import load_course
from coursekit.errors import CourseError
from coursekit.inputs import parse_clock_time as parse_time
from coursekit.model import DEFAULT_PACES, Course, Duration, Lesson, Module, Pace
from coursekit.plan import scheduler as schedule
from coursekit.plan.ics import event_uid, plan_ics, review_uid, sequence

MONDAY = date(2026, 1, 5)
STAMP = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def course(mini_course) -> Course:
    return load_course(mini_course).course


def events(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def test_round_trip_all_day_events(course):
    made = schedule.plan(course, course.paces["moderate"], MONDAY)
    data = plan_ics(made, stamp=STAMP)
    cal = Calendar.from_ical(data)
    assert str(cal["PRODID"]) == "-//coursekit//Study plan//EN"
    assert str(cal["VERSION"]) == "2.0"
    assert "Finished in 3–8 study days" in str(cal["X-WR-CALDESC"])
    found = read_events(data)
    parts = [(day, item) for day in made.days for item in day.items]
    assert len(found) == len(parts) == 7
    for event, (day, item) in zip(found, parts, strict=True):
        # all-day: plain dates, and DTEND is the (exclusive) next day
        assert type(event["start"]) is date and type(event["end"]) is date
        assert event["start"] == day.date and event["end"] == day.date + timedelta(days=1)
        assert event["uid"] == f"part{item.part}.{item.lesson_id}.mini@coursekit"
        assert event["stamp"] == STAMP and event["sequence"] == sequence(STAMP)
        assert event["transparent"]
        assert event["summary"] == f"mini: {item.label}"
    first = found[0]
    assert first["summary"] == "mini: First steps"
    assert "First steps — 1 h 30 min (Basics)" in first["description"]
    assert "Outcome: You can find your way around." in first["description"]
    assert "Study day 1 of 5" in first["description"]
    summaries = [e["summary"] for e in found]
    at = summaries.index("mini: Second steps (part 2 of 2)")
    assert summaries[at + 1] == "mini: Hands-on (part 1 of 2)"
    assert found[at]["start"] == found[at + 1]["start"]  # two events on one day


def test_reimporting_after_a_change_of_pace_moves_events_and_raises_sequence(course):
    """Same UIDs for the same lesson parts whatever the pace and dates, a higher SEQUENCE
    in the newer file: a calendar updates the events it has instead of adding copies."""
    moderate = schedule.plan(course, course.paces["moderate"], MONDAY)
    before = read_events(plan_ics(moderate, stamp=STAMP))
    later = STAMP + timedelta(days=9, minutes=5)
    intensive = schedule.plan(course, course.paces["intensive"], MONDAY + timedelta(days=7))
    after = read_events(plan_ics(intensive, stamp=later))
    old = {e["uid"]: e for e in before}
    new = {e["uid"]: e for e in after}
    assert len(old) == len(before) and len(new) == len(after)  # unique in each file
    # Every lesson still planned keeps its UIDs: the events move to their new days.
    assert {"part1.first-steps.mini@coursekit", "part1.hands-on.mini@coursekit"} <= set(new)
    moved = set(old) & set(new)
    assert moved and all(new[uid]["start"] != old[uid]["start"] for uid in moved)
    assert all(new[uid]["sequence"] > old[uid]["sequence"] for uid in moved)
    # What the shorter plan no longer has (a second part) is simply absent from it.
    gone = set(old) - set(new)
    assert gone and all(not uid.startswith("part1.") for uid in gone)
    # The same plan and stamp give the same bytes: nothing else varies between exports.
    assert plan_ics(moderate, stamp=STAMP) == plan_ics(moderate, stamp=STAMP)


def test_uids_name_the_lesson_part_and_the_course():
    assert (
        event_uid("mlops-churn", "intro-to-mlops", 2)
        == "part2.intro-to-mlops.mlops-churn@coursekit"
    )
    assert review_uid("mlops-churn", 3) == "review-day3.mlops-churn@coursekit"
    assert sequence(datetime(2000, 1, 1, 0, 1, tzinfo=UTC)) == 1
    assert sequence(datetime(2026, 1, 1, tzinfo=UTC)) < 2**31


def test_timed_events_are_floating_and_follow_each_other(course):
    made = schedule.plan(course, course.paces["moderate"], MONDAY, review_minutes=15)
    found = iter(read_events(plan_ics(made, at=time(19, 0), stamp=STAMP)))
    for day in made.days:
        begin = datetime(day.date.year, day.date.month, day.date.day, 19, 0)
        review = next(found)
        assert review["uid"] == f"review-day{day.number}.mini@coursekit"
        assert (review["start"], review["end"]) == (begin, begin + timedelta(minutes=15))
        at = review["end"]
        for item in day.items:
            event = next(found)
            assert event["start"] == at and event["start"].tzinfo is None  # floating
            at = at + timedelta(minutes=item.minutes)
            assert event["end"] == at and not event["transparent"]
        assert at - begin == timedelta(minutes=day.minutes)
    assert next(found, None) is None


def test_timed_events_with_a_time_zone_carry_tzid_and_vtimezone(course):
    made = schedule.plan(course, course.paces["moderate"], MONDAY)
    data = plan_ics(made, at=time(7, 30), tz="Europe/Berlin", stamp=STAMP)
    assert read_events(data)[0]["start"].utcoffset() == timedelta(hours=1)
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
    first = read_events(plan_ics(made, stamp=STAMP))[0]
    assert first["summary"] == "mlops-churn: Introduction to MLOps (part 1 of 2)"
    assert first["uid"] == "part1.intro-to-mlops.mlops-churn@coursekit"


def test_each_days_review_is_an_event_of_its_own(course):
    made = schedule.plan(course, DEFAULT_PACES["moderate"], MONDAY, review_minutes=15)
    found = read_events(plan_ics(made, stamp=STAMP))
    reviews = [e for e in found if e["uid"].startswith("review-day")]
    assert len(reviews) == len(made.days)
    assert "Flashcard review — 15 min" in reviews[0]["description"]


def test_nothing_left_gives_an_empty_calendar(course):
    made = schedule.plan(course, course.paces["moderate"], MONDAY, lessons=[])
    assert read_events(plan_ics(made, stamp=STAMP)) == []


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
