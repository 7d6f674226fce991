"""The site's "Study plans" page: each pace's completion window and week-by-week table.

Rendered by ``templates/study-plans.md.j2``; the home page's pace table comes from
:func:`coursekit.schedule.pace_rows`, the same computation.
"""

from __future__ import annotations

from typing import Any

from coursekit.model import Course, format_minutes
from coursekit.plan_format import Row, cell, format_date, format_span, week_rows, window_sentence
from coursekit.schedule import MIN_PART, REFERENCE_MONDAY, pace_rows, plan


def page_context(course: Course) -> dict[str, Any]:
    """The "Study plans" page: for each pace its window and week-by-week table.

    Dated from ``course.start`` when it is set; otherwise relative ("Week 1 · Day 1")
    and laid out from a Monday. Every table cell is already Markdown-safe.
    """
    dated = course.start is not None
    start = course.start or REFERENCE_MONDAY
    rows_by_pace = {row.name: row for row in pace_rows(course)}
    paces = []
    for pace in course.paces.values():
        made = plan(course, pace, start)
        row = rows_by_pace[pace.name]
        paces.append(
            {
                "name": pace.name,
                "title": pace.name.replace("-", " ").capitalize(),
                "hours_per_day": str(pace.hours_per_day),
                "study_days": pace.describe_days(),
                "per_week": str(pace.per_week),
                "assumption": made.assumption,
                "window": {
                    "days": list(row.days),
                    "weeks": list(row.weeks),
                    "days_text": row.window.days_text,
                    "weeks_text": row.window.weeks_text,
                    "sentence": window_sentence(made, dated),
                    # the two assumptions behind the window, e.g. "5 h a day"
                    "earliest_daily": format_minutes(pace.hours_per_day.high),
                    "latest_daily": format_minutes(pace.hours_per_day.low),
                    "earliest": format_date(row.window.earliest) if dated else None,
                    "latest": format_date(row.window.latest) if dated else None,
                },
                "weeks": [
                    {
                        "number": week.number,
                        "title": f"Week {week.number}"
                        + (f" · {format_span(week.first, week.last)}" if dated else ""),
                        "goal": cell(week.goal),
                        "time": format_minutes(week.minutes),
                        "rows": [
                            {k: cell(v) for k, v in _row_dict(r).items()}
                            for r in week_rows(made, week, dated)
                        ],
                    }
                    for week in made.weeks
                ],
            }
        )
    return {
        "course": {"id": course.id, "title": course.title},
        "dated": dated,
        "start": format_date(course.start) if course.start else None,
        "study_time": str(course.study_time),
        "min_part": MIN_PART,
        "paces": paces,
    }


def _row_dict(row: Row) -> dict[str, str]:
    return {"day": row.day, "focus": row.focus, "time": row.time, "outcome": row.outcome}
