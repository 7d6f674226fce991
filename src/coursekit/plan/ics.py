"""A plan as an iCalendar (.ics) file: one event per lesson part, and one per day's review.

* All-day events by default: ``DTSTART;VALUE=DATE`` and the exclusive ``DTEND`` on
  the next day (RFC 5545), marked transparent so they do not block the day as busy.
* Timed events with ``at`` (e.g. 19:00): the day's review, then its lesson parts, back
  to back, each lasting its planned minutes. Without ``tz`` the time is floating
  (19:00 wherever the learner is, the usual meaning of a study habit); with ``tz`` (an
  IANA name such as ``Europe/Berlin``) the events carry a ``TZID`` and the file its
  ``VTIMEZONE``.
* ``UID`` names what the event is, never its date or pace:
  ``part1.intro-to-mlops.mlops-churn@coursekit`` (part 1 of lesson intro-to-mlops of
  the course), ``review-day3.mlops-churn@coursekit`` (the review of the plan's third
  study day). Re-importing a plan made after a change of pace or dates moves each
  event to its new day instead of adding a copy.
* ``SEQUENCE`` grows with the export time (minutes since 2000), so every newer export
  of an event supersedes the older one in a calendar that compares them.
* ``DTSTAMP`` is the export time unless ``stamp`` is given (tests and reproducible
  builds pass a fixed one), so the same plan and stamp give byte-identical files.

Events a newer, shorter plan no longer has (a lesson now done in one part instead of
two, the review of a study day past the new end) are not in the new file: a calendar
subscribed to the file drops them on its next refresh; a calendar the file was
imported into keeps them, and they are deleted by hand or by removing the old import.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from coursekit.errors import CourseError
from coursekit.i18n import Messages
from coursekit.plan.model import ENGLISH, pace_name
from coursekit.plan.text import review_title, window_sentence

if TYPE_CHECKING:
    from coursekit.plan.model import Plan, PlanDay, PlanItem

PRODID = "-//coursekit//Study plan//EN"


EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def event_uid(course: str, lesson: str, part: int) -> str:
    """``part1.intro-to-mlops.mini@coursekit``: a lesson's part, whatever its day or pace.

    Ids are slugs (no dots), so the dots keep course, lesson and part apart."""
    return f"part{part}.{lesson}.{course}@coursekit"


def review_uid(course: str, study_day: int) -> str:
    """``review-day3.mini@coursekit``: the review of the plan's third study day."""
    return f"review-day{study_day}.{course}@coursekit"


def sequence(stamp: datetime) -> int:
    """The ``SEQUENCE`` of an export made at ``stamp``: whole minutes since 2000, so a newer
    export always has a higher one (and it stays a 32-bit integer for 4,000 years)."""
    return max(0, int((stamp - EPOCH).total_seconds() // 60))


def plan_ics(
    plan: Plan,
    at: time | None = None,
    tz: str | None = None,
    stamp: datetime | None = None,
    t: Messages = ENGLISH,
) -> bytes:
    """The plan as an .ics file (see the module docstring for its conventions).

    Its summaries and descriptions are in ``t``'s language (the course's, for
    ``coursekit plan``); the calendar's ``LANGUAGE`` parameters say which."""
    from icalendar import Calendar, Event

    zone = _zone(tz) if tz else None
    if zone is not None and at is None:
        raise CourseError("a time zone only applies to timed events; add --at HH:MM", "--tz")
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    pace = pace_name(plan.pace.name, t)
    cal.add("x-wr-calname", t._("%(course)s (%(pace)s pace)", course=plan.course_title, pace=pace))
    cal.add("x-wr-caldesc", f"{window_sentence(plan, True, t)} {plan.assumption_in(t)}")
    revision = sequence(stamp)
    # RFC 5545's LANGUAGE parameter, on the texts a learner reads (English needs none)
    language = None if t.english else {"LANGUAGE": t.language.tag}
    for day in plan.days:
        begin = datetime.combine(day.date, at, tzinfo=zone) if at is not None else None
        parts: list[tuple[str, str, str, int]] = []
        if day.review_minutes:
            text = review_description(plan, day, t)
            parts.append(
                (review_uid(plan.course_id, day.number), review_title(t), text, day.review_minutes)
            )
        for item in day.items:
            uid = event_uid(plan.course_id, item.lesson_id, item.part)
            described = item_description(plan, day, item, t)
            parts.append((uid, item.label_in(t), described, item.minutes))
        for uid, title, text, minutes in parts:
            event = Event()
            event.add("uid", uid)
            event.add("dtstamp", stamp)
            event.add("sequence", revision)
            if begin is None:
                event.add("dtstart", day.date)
                event.add("dtend", day.date + timedelta(days=1))
                event.add("transp", "TRANSPARENT")
            else:
                event.add("dtstart", begin)
                begin += timedelta(minutes=minutes)
                event.add("dtend", begin)
                event.add("transp", "OPAQUE")
            event.add("summary", f"{plan.course_id}: {title}", parameters=language)
            event.add("description", text, parameters=language)
            cal.add_component(event)
    if zone is not None and plan.days:
        # Only the plan's own span: a VTIMEZONE covering decades bloats the file.
        cal.add_missing_timezones(
            first_date=plan.days[0].date, last_date=plan.days[-1].date + timedelta(days=1)
        )
    return cal.to_ical()


def item_description(plan: Plan, day: PlanDay, item: PlanItem, t: Messages = ENGLISH) -> str:
    """A lesson part's time, module and outcome, then where its day sits in the plan."""
    lines = [
        t._(
            "%(lesson)s — %(time)s (%(module)s)",
            lesson=item.label_in(t),
            time=t.minutes(item.minutes),
            module=item.module_title,
        )
    ]
    if item.is_last_part and item.outcome:
        lines.append(t._("Outcome: %(outcome)s", outcome=item.outcome))
    return "\n".join([*lines, "", *_day_lines(plan, day, t)])


def review_description(plan: Plan, day: PlanDay, t: Messages = ENGLISH) -> str:
    """The day's flashcard review, before its lessons."""
    lines = [
        t._(
            "%(review)s — %(time)s, before the day's lessons",
            review=review_title(t),
            time=t.minutes(day.review_minutes),
        )
    ]
    return "\n".join([*lines, "", *_day_lines(plan, day, t)])


def _day_lines(plan: Plan, day: PlanDay, t: Messages) -> list[str]:
    return [
        t._(
            "Study day %(day)s of %(days)s, week %(week)s, %(time)s in all.",
            day=t.number(day.number),
            days=t.number(len(plan.days)),
            week=t.number(day.week),
            time=t.minutes(day.minutes),
        ),
        t._(
            "%(course)s, %(pace)s pace from %(date)s.",
            course=plan.course_title,
            pace=pace_name(plan.pace.name, t),
            date=t.date(plan.start),
        ),
        plan.assumption_in(t),
    ]


def _zone(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CourseError(
            f"unknown time zone '{name}'; use an IANA name such as Europe/Berlin", "--tz"
        ) from None
