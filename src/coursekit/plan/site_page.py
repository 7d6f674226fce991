"""The site's "Study plans" page: each pace's completion window and week-by-week table.

Rendered by ``templates/study-plans.md.j2`` in the site's sandboxed Jinja environment;
the context holds plain text, and the template escapes it with the ``cell``/``inline``
filters. The home page's pace table comes from :func:`coursekit.plan.scheduler.pace_rows`,
the same scheduler with the same start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from coursekit.i18n import Messages
from coursekit.model import Course
from coursekit.plan.model import (
    ENGLISH,
    Plan,
    describe_days,
    pace_title,
    reference_start,
    study_days_text,
    weeks_text,
)
from coursekit.plan.scheduler import MIN_PART, SITE_PLAN_DAYS, plan
from coursekit.plan.text import week_title, weekly_rows, window_sentence


def calendar_path(pace: str) -> str:
    """Where the site publishes a pace's calendar (``calendars/moderate.ics``)."""
    return f"calendars/{pace}.ics"


def build_time() -> datetime:
    """When the site is built: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return datetime.now(UTC)
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError, OSError):
        from coursekit.errors import CourseError

        raise CourseError(
            f"{epoch[:20]} is not a time coursekit can date a build by; "
            "give seconds since 1970 (date +%s)",
            "SOURCE_DATE_EPOCH",
        ) from None


def calendar_start(course: Course, built: date) -> date:
    """The first day of the site's calendars: the course's start, or, for a course learners
    start when they like, the first Monday on or after the day the site was built (a
    calendar needs real dates; the page says which, and how to get one's own)."""
    if course.start is not None:
        return course.start
    return built + timedelta(days=-built.weekday() % 7)


def page_context(
    course: Course, plans: Mapping[str, Plan] | None = None, t: Messages = ENGLISH
) -> dict[str, Any]:
    """For each pace: its numbers, assumption, completion window and weeks of rows.

    Dated from ``course.start`` when it is set; otherwise relative ("Week 1 · Day 1")
    and laid out from the locale's first weekday, like
    :func:`~coursekit.plan.scheduler.pace_rows`. ``plans`` holds plans already made
    that way, by pace name. Every text is in ``t``'s language.
    """
    dated = course.start is not None
    start = course.start or reference_start(t)
    plans = plans or {}
    paces = []
    for pace in course.paces.values():
        made = plans.get(pace.name) or plan(course, pace, start, max_days=SITE_PLAN_DAYS)
        win = made.window
        paces.append(
            {
                "name": pace.name,
                "title": pace_title(pace.name, t),
                "hours_per_day": t.duration(pace.hours_per_day),
                "study_days": describe_days(pace.study_days, t),
                "per_week": t.duration(pace.per_week),
                "assumption": made.assumption_in(t)
                + (
                    " "
                    + t._(
                        "The first %(shown)s of its %(days)s study days are shown here; "
                        "%(command)s lists them all.",
                        shown=t.number(len(made.days)),
                        days=t.number(made.study_days),
                        command="coursekit plan --pace " + pace.name,
                    )
                    if made.truncated
                    else ""
                ),
                "calendar": calendar_path(pace.name),
                "window": {
                    "days": list(win.days),
                    "weeks": list(win.weeks),
                    "days_text": study_days_text(*win.days, t),
                    "weeks_text": weeks_text(*win.weeks, t),
                    "sentence": window_sentence(made, dated, t),
                    # the daily hours behind each end, e.g. "5 h" and "3 h"
                    "earliest_daily": t.minutes(pace.hours_per_day.high),
                    "latest_daily": t.minutes(pace.hours_per_day.low),
                    "earliest": t.date(win.earliest) if dated else None,
                    "latest": t.date(win.latest) if dated else None,
                },
                "weeks": [
                    {
                        "number": week.number,
                        "title": week_title(week, dated, t),
                        "goal": week.goal_in(t),
                        "time": t.minutes(week.minutes),
                        "rows": [
                            {
                                "day": row.day,
                                "focus": row.focus,
                                "lesson": row.lesson_id,
                                "time": row.time,
                                "outcome": row.outcome,
                            }
                            for row in rows
                        ],
                    }
                    for week, rows in weekly_rows(made, dated, t)
                ],
            }
        )
    return {
        "course_title": course.title,
        "dated": dated,
        "start": t.date(course.start) if course.start else None,
        "calendar_start": t.date(calendar_start(course, build_time().date())),
        "study_time": t.duration(course.study_time),
        "sunday_weeks": t.first_week_day == 6,
        "min_part": MIN_PART,
        "paces": paces,
    }
