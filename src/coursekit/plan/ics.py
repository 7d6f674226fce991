"""A plan as an iCalendar (.ics) file: one event per study day.

* All-day events by default: ``DTSTART;VALUE=DATE`` and the exclusive ``DTEND`` on
  the next day (RFC 5545), marked transparent so they do not block the day as busy.
* Timed events with ``at`` (e.g. 19:00): they last the day's planned minutes. Without
  ``tz`` the time is floating (19:00 wherever the learner is, the usual meaning of a
  study habit); with ``tz`` (an IANA name such as ``Europe/Berlin``) the events carry
  a ``TZID`` and the file its ``VTIMEZONE``.
* ``UID`` is ``<yyyymmdd>-<pace>-<course>@coursekit``: the same day of the same pace of
  the same course keeps its UID across re-exports, so importing a newer plan updates
  events instead of duplicating them.
* ``DTSTAMP`` is the export time unless ``stamp`` is given (tests and reproducible
  builds pass a fixed one), so the same plan and stamp give byte-identical files.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from coursekit.dates import format_date
from coursekit.errors import CourseError
from coursekit.model import format_minutes
from coursekit.plan.text import REVIEW_TITLE, window_sentence

if TYPE_CHECKING:
    from coursekit.plan.model import Plan, PlanDay

PRODID = "-//coursekit//Study plan//EN"


def event_uid(day: date, pace: str, course: str) -> str:
    """``20260105-moderate-mini@coursekit``: stable for a day of a pace of a course."""
    return f"{day:%Y%m%d}-{pace}-{course}@coursekit"


def plan_ics(
    plan: Plan,
    at: time | None = None,
    tz: str | None = None,
    stamp: datetime | None = None,
) -> bytes:
    """The plan as an .ics file (see the module docstring for its conventions)."""
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
    cal.add("x-wr-calname", f"{plan.course_title} ({plan.pace.name} pace)")
    cal.add("x-wr-caldesc", f"{window_sentence(plan)} {plan.assumption}")
    for day in plan.days:
        event = Event()
        event.add("uid", event_uid(day.date, plan.pace.name, plan.course_id))
        event.add("dtstamp", stamp)
        if at is None:
            event.add("dtstart", day.date)
            event.add("dtend", day.date + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        else:
            begin = datetime.combine(day.date, at, tzinfo=zone)
            event.add("dtstart", begin)
            event.add("dtend", begin + timedelta(minutes=day.minutes))
            event.add("transp", "OPAQUE")
        event.add("summary", summary(plan, day))
        event.add("description", description(plan, day))
        cal.add_component(event)
    if zone is not None and plan.days:
        # Only the plan's own span: a VTIMEZONE covering decades bloats the file.
        cal.add_missing_timezones(
            first_date=plan.days[0].date, last_date=plan.days[-1].date + timedelta(days=1)
        )
    return cal.to_ical()


def summary(plan: Plan, day: PlanDay) -> str:
    """``mlops-churn: Introduction to MLOps (part 1 of 2)``; several lessons joined by ``+``."""
    labels = [item.label for item in day.items] or [REVIEW_TITLE]
    return f"{plan.course_id}: {' + '.join(labels)}"


def description(plan: Plan, day: PlanDay) -> str:
    """The day's lessons with their times and outcomes, then where the day sits in the plan."""
    lines = []
    if day.review_minutes:
        lines.append(f"- {REVIEW_TITLE} — {format_minutes(day.review_minutes)}")
    for item in day.items:
        lines.append(f"- {item.label} — {format_minutes(item.minutes)} ({item.module_title})")
        if item.is_last_part and item.outcome:
            lines.append(f"  Outcome: {item.outcome}")
    lines += [
        "",
        f"Study day {day.number} of {len(plan.days)}, week {day.week}, "
        f"{format_minutes(day.minutes)} in all.",
        f"{plan.course_title}, {plan.pace.name} pace from {format_date(plan.start)}.",
        plan.assumption,
    ]
    return "\n".join(lines)


def _zone(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CourseError(
            f"unknown time zone '{name}'; use an IANA name such as Europe/Berlin", "--tz"
        ) from None
