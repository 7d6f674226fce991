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

from coursekit.dates import format_date, format_span
from coursekit.model import Course, format_minutes
from coursekit.plan.model import REFERENCE_MONDAY, Plan
from coursekit.plan.scheduler import MIN_PART, plan
from coursekit.plan.text import weekly_rows, window_sentence


def calendar_path(pace: str) -> str:
    """Where the site publishes a pace's calendar (``calendars/moderate.ics``)."""
    return f"calendars/{pace}.ics"


def build_time() -> datetime:
    """When the site is built: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)


def calendar_start(course: Course, built: date) -> date:
    """The first day of the site's calendars: the course's start, or, for a course learners
    start when they like, the first Monday on or after the day the site was built (a
    calendar needs real dates; the page says which, and how to get one's own)."""
    if course.start is not None:
        return course.start
    return built + timedelta(days=-built.weekday() % 7)


def page_context(course: Course, plans: Mapping[str, Plan] | None = None) -> dict[str, Any]:
    """For each pace: its numbers, assumption, completion window and weeks of rows.

    Dated from ``course.start`` when it is set; otherwise relative ("Week 1 · Day 1")
    and laid out from a Monday, like :func:`~coursekit.plan.scheduler.pace_rows`. ``plans``
    holds plans already made that way, by pace name.
    """
    dated = course.start is not None
    start = course.start or REFERENCE_MONDAY
    plans = plans or {}
    paces = []
    for pace in course.paces.values():
        made = plans.get(pace.name) or plan(course, pace, start)
        win = made.window
        paces.append(
            {
                "name": pace.name,
                "title": pace.name.replace("-", " ").capitalize(),
                "hours_per_day": str(pace.hours_per_day),
                "study_days": pace.describe_days(),
                "per_week": str(pace.per_week),
                "assumption": made.assumption,
                "calendar": calendar_path(pace.name),
                "window": {
                    "days": list(win.days),
                    "weeks": list(win.weeks),
                    "days_text": win.days_text,
                    "weeks_text": win.weeks_text,
                    "sentence": window_sentence(made, dated),
                    # the daily hours behind each end, e.g. "5 h" and "3 h"
                    "earliest_daily": format_minutes(pace.hours_per_day.high),
                    "latest_daily": format_minutes(pace.hours_per_day.low),
                    "earliest": format_date(win.earliest) if dated else None,
                    "latest": format_date(win.latest) if dated else None,
                },
                "weeks": [
                    {
                        "number": week.number,
                        "title": f"Week {week.number}"
                        + (f" · {format_span(week.first, week.last)}" if dated else ""),
                        "goal": week.goal,
                        "time": format_minutes(week.minutes),
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
                    for week, rows in weekly_rows(made, dated)
                ],
            }
        )
    return {
        "course_title": course.title,
        "dated": dated,
        "start": format_date(course.start) if course.start else None,
        "calendar_start": format_date(calendar_start(course, build_time().date())),
        "study_time": str(course.study_time),
        "min_part": MIN_PART,
        "paces": paces,
    }
